/// The tree blocks for what `p`/`px`/`pd` and `list` printed, under the command that printed them.
extension TreeDump {
    /// The per-cpu tables, values and list walks that command `command` printed.
    static func printAndListNodes(_ transcript: Transcript, command: Int) -> [Node] {
        var nodes: [Node] = []
        for table in transcript.perCPU where table.commandIndex == command { nodes.append(tableNode(table)) }
        for result in transcript.printed where result.commandIndex == command { nodes.append(resultNode(result)) }
        for walk in transcript.lists where walk.commandIndex == command { nodes.append(walkNode(walk)) }
        return nodes
    }

    private static func tableNode(_ table: PerCPUTable) -> Node {
        var text = "per-cpu \(table.symbol)"
        if let type = table.typeText { text += ": \(type)" }
        text += ", \(table.addresses.count) CPUs"
        if !table.offlineCPUs.isEmpty { text += " (\(table.offlineCPUs.count) offline)" }
        text += " (lines \(table.lines))"
        var node = Node(text)
        node.children = table.addresses.map { Node("CPU \($0.cpu) \($0.address) (line \($0.line))") }
        node.children += table.offlineCPUs.map { Node("CPU \($0.cpu) offline (line \($0.line))") }
        return node
    }

    private static func resultNode(_ result: PrintResult) -> Node {
        var text = result.expression.map { "\($0) = " } ?? ""
        text += "$\(result.historyNumber)"
        var children: [Node] = []
        if let fields = result.value.fields {
            text += " = {…}"
            children = fields.map(fieldNode)
        } else {
            text += " = " + shortened(result.value.description)
        }
        if result.isPartial { text += " partial" }
        text += " (line\(result.lines.count == 1 ? "" : "s") \(result.lines))"
        var node = Node(text)
        node.children = children
        return node
    }

    private static func walkNode(_ walk: ListWalk) -> Node {
        var text = "list"
        switch walk.headMode {
        case .start: text += " from"
        case .headStructure: text += " -h"
        case .listHead: text += " -H"
        }
        text += " \(walk.start?.description ?? "?")"
        if let perCPU = walk.perCPU { text += " = \(perCPU)" }
        if walk.isEmpty {
            text += ": empty"
        } else {
            text += ": \(walk.entries.count) entr\(walk.entries.count == 1 ? "y" : "ies")"
            if walk.head != nil { text += " after the head" }
        }
        if !walk.elisions.isEmpty { text += ", elided at line " + walk.elisions.map(String.init).joined(separator: ", ") }
        var node = Node(text)
        if let head = walk.head { node.children.append(entryNode(head, label: "head ")) }
        node.children += walk.entries.map { entryNode($0, label: "") }
        node.children += walk.problems.map { problem in
            Node("problem \(problem.kind.rawValue)\(problem.address.map { " at \($0)" } ?? ""): \(problem.message) (line \(problem.line))")
        }
        return node
    }

    private static func entryNode(_ entry: ListEntry, label: String) -> Node {
        var node = Node("\(label)\(entry.address)\(entry.typeName.map { " \($0)" } ?? "") (line \(entry.line))")
        node.children = entry.fields.map(fieldNode)
        return node
    }

    /// `name = value` on one line, or `name = {…}` with the members (or array elements that
    /// are themselves structures) below it.
    private static func fieldNode(_ field: PrintedField) -> Node {
        let name = field.name.map { "\($0) = " } ?? ""
        switch field.value {
        case .structure(let fields):
            var node = Node("\(name){…}")
            node.children = fields.map(fieldNode)
            return node
        case .array(let elements) where elements.contains(where: { $0.value.fields != nil || $0.value.elements != nil }):
            var node = Node("\(name){…} (\(field.value.expandedCount ?? 0) elements)")
            var index = 0
            for element in elements {
                let label = element.count == 1 ? "[\(index)]" : "[\(index)-\(index + element.count - 1)]"
                node.children.append(fieldNode(PrintedField(name: label, value: element.value, line: field.line)))
                index += element.count
            }
            return node
        default:
            return Node(name + shortened(field.value.description))
        }
    }

    private static func shortened(_ text: String) -> String {
        text.count > 100 ? String(text.prefix(97)) + "..." : text
    }
}
