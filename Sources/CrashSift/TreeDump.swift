/// A readable tree of a transcript, for people checking a parse by eye and for golden files.
///
/// ```
/// Transcript seed.txt (171 lines)
/// ├─ command bt (no prompt) line 12, output 12-26
/// │  └─ task PID 425416 TASK ffff8b257ca8d3c0 CPU 40 COMMAND XXXXXXXXXXXXXXXXX (line 12)
/// │     ├─ stack nmi, ended by "NMI exception stack" (line 29)
/// │     │  ├─ #0 crash_nmi_callback at ffffffff83245e57 [sp ffff8b1d9df09e40] (line 13)
/// ```
public enum TreeDump {
    /// The tree for `transcript`; with `source`, unrecognized lines are shown with their text.
    public static func render(_ transcript: Transcript, source: SourceFile? = nil) -> String {
        var root = Node("Transcript \(transcript.source) (\(transcript.lineCount) lines)")
        for (index, command) in transcript.commands.enumerated() {
            var node = Node(describe(command))
            for task in transcript.tasks where task.commandIndex == index {
                node.children.append(taskNode(task))
            }
            root.children.append(node)
        }
        for fragment in transcript.fragments {
            var node = Node("fragment without a task header\(fragment.lines.map { " (lines \($0.lowerBound)-\($0.upperBound))" } ?? "")")
            node.children = backtraceNodes(fragment)
            root.children.append(node)
        }
        if !transcript.elisions.isEmpty {
            root.children.append(Node("elisions: " + transcript.elisions.map { "\($0.line) \"\($0.text)\"" }.joined(separator: ", ")))
        }
        if !transcript.annotations.isEmpty {
            var node = Node("annotations")
            node.children = transcript.annotations.map { Node("line \($0.line): \($0.text)") }
            root.children.append(node)
        }
        if !transcript.prose.isEmpty {
            root.children.append(Node("prose: lines " + transcript.prose.map(\.description).joined(separator: ", ")))
        }
        if !transcript.unrecognized.isEmpty {
            var node = Node("unrecognized (\(transcript.unrecognized.count) lines)")
            node.children = transcript.unrecognized.map { line in
                Node("line \(line)" + (source.map { ": " + truncated($0.text(ofLine: line)) } ?? ""))
            }
            root.children.append(node)
        }
        if !transcript.diagnostics.isEmpty {
            var node = Node("diagnostics")
            node.children = transcript.diagnostics.map { Node("\($0.location) \($0.severity.rawValue) [\($0.id)] \($0.message)") }
            root.children.append(node)
        }
        var output = ""
        root.render(into: &output, prefix: "", childPrefix: "")
        return output
    }

    private static func describe(_ command: CommandInvocation) -> String {
        let how = command.isInferred ? " (no prompt)" : ""
        return "command \(command.commandLine)\(how) line \(command.line), output \(command.output)"
    }

    private static func taskNode(_ task: KernelTask) -> Node {
        var text = "task PID \(task.pid)"
        text += " TASK \(task.taskAddress?.description ?? "?")"
        text += " CPU \(task.cpu.map(String.init) ?? "?")"
        text += " COMMAND \(task.command.map { "\"\($0)\"" } ?? "?")"
        if let state = task.state { text += " STATE \(state)" }
        text += " (line \(task.line))"
        if task.backtrace.isPartial { text += " partial" }
        var node = Node(text)
        node.children = backtraceNodes(task.backtrace)
        node.children += task.diagnostics.map { Node("diagnostic \($0.location) \($0.severity.rawValue) [\($0.id)] \($0.message)") }
        return node
    }

    private static func backtraceNodes(_ backtrace: Backtrace) -> [Node] {
        var nodes: [Node] = []
        // A segment that holds only a register dump (`bt -e`) is shown by the dump itself.
        for segment in backtrace.segments where !segment.frames.isEmpty {
            var text = "stack \(segment.kind)"
            if let name = segment.name, let line = segment.separatorLine { text += ", separator \"\(name)\" (line \(line))" }
            var node = Node(text)
            node.children = segment.frames.map { frameNode(backtrace.frames[$0]) }
            nodes.append(node)
        }
        for exception in backtrace.exceptionFrames {
            nodes.append(exceptionNode(exception, label: "exception frame without a frame line, on \(exception.stack),"))
        }
        if !backtrace.textSymbols.isEmpty {
            var node = Node("text symbols")
            node.children = backtrace.textSymbols.map { symbol in
                var text = symbol.isStart ? "START: " : "[\(symbol.sp?.description ?? "?")] "
                text += symbol.function
                if let offset = symbol.offset { text += "+\(offset)" }
                text += " at \(symbol.address?.description ?? "?")"
                if let module = symbol.module { text += " [\(module)]" }
                text += " on \(symbol.stack) (line \(symbol.line))"
                return Node(text)
            }
            nodes.append(node)
        }
        if !backtrace.stackData.isEmpty {
            let lines = backtrace.stackData.map(\.line)
            nodes.append(Node("stack data before any frame: \(backtrace.stackData.count) lines, \(lines.first!)-\(lines.last!)"))
        }
        if !backtrace.elisions.isEmpty {
            nodes.append(Node("elided at line " + backtrace.elisions.map { String($0.line) }.joined(separator: ", ")))
        }
        return nodes
    }

    private static func frameNode(_ frame: Frame) -> Node {
        var text = "#\(frame.index) \(frame.function)"
        if let offset = frame.offset { text += "+\(offset)" }
        text += " at \(frame.address?.description ?? "?")"
        if let module = frame.module { text += " [\(module)]" }
        if let via = frame.via { text += " (via \(via))" }
        if frame.frameSizeUnknown { text += " *" }
        if !frame.reliable { text += " (unreliable)" }
        text += " sp \(frame.sp?.description ?? "?") (line \(frame.line))"
        var node = Node(text)
        if let source = frame.sourceLine { node.children.append(Node("source \(source) (line \(source.inputLine))")) }
        if let arguments = frame.arguments { node.children.append(Node("arguments \(arguments)")) }
        if !frame.stackData.isEmpty {
            let lines = frame.stackData.map(\.line)
            let words = frame.stackData.reduce(0) { $0 + $1.words.count }
            node.children.append(Node("stack data: \(words) words on lines \(lines.first!)-\(lines.last!)"))
        }
        if let exception = frame.exception { node.children.append(exceptionNode(exception, label: "exception")) }
        return node
    }

    private static func exceptionNode(_ exception: ExceptionFrame, label: String) -> Node {
        var text = "\(label) \(exception.mode)"
        if let symbol = exception.symbol { text += " \(symbol)" }
        if let heading = exception.heading { text += " \"\(heading)\"" }
        if exception.possiblyBogus { text += " possibly bogus" }
        text += " (line \(exception.line))"
        var node = Node(text)
        let registers = exception.registers.registers
        if !registers.isEmpty {
            // Three to a line, as crash prints most of them.
            var registerNode = Node("registers (\(registers.count)), lines \(exception.registers.lines.lowerBound)-\(exception.registers.lines.upperBound)")
            var row: [String] = []
            for register in registers {
                var item = "\(register.name)=\(register.value)"
                if let symbol = register.symbol { item += " [\(symbol)]" }
                row.append(item)
                if row.count == 3 {
                    registerNode.children.append(Node(row.joined(separator: " ")))
                    row.removeAll()
                }
            }
            if !row.isEmpty { registerNode.children.append(Node(row.joined(separator: " "))) }
            node.children.append(registerNode)
        }
        if let source = exception.sourceLine { node.children.append(Node("source \(source) (line \(source.inputLine))")) }
        return node
    }

    private static func truncated(_ text: String) -> String {
        text.count > 120 ? String(text.prefix(117)) + "..." : text
    }

    private struct Node {
        var text: String
        var children: [Node] = []

        init(_ text: String) { self.text = text }

        func render(into output: inout String, prefix: String, childPrefix: String) {
            output += prefix + text + "\n"
            for (index, child) in children.enumerated() {
                let isLast = index == children.count - 1
                child.render(
                    into: &output,
                    prefix: childPrefix + (isLast ? "└─ " : "├─ "),
                    childPrefix: childPrefix + (isLast ? "   " : "│  ")
                )
            }
        }
    }
}
