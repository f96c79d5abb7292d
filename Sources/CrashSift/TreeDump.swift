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
    /// A repaired paste is shown as the grammars read it.
    public static func render(_ transcript: Transcript, source: SourceFile? = nil) -> String {
        let source = source.map(transcript.text(of:))
        var root = Node("Transcript \(transcript.source) (\(transcript.lineCount) lines)")
        for (index, command) in transcript.commands.enumerated() {
            var node = Node(describe(command))
            for task in transcript.tasks where task.commandIndex == index {
                node.children.append(taskNode(task))
            }
            node.children += processNodes(transcript.processes, command: index)
            if !command.output.isEmpty {
                node.children += logNodes(transcript.log, in: command.output, source: source)
            }
            node.children += systemAndRunQueueNodes(transcript, command: index)
            node.children += printAndListNodes(transcript, command: index)
            root.children.append(node)
        }
        for fragment in transcript.fragments {
            var node = Node("fragment without a task header\(fragment.lines.map { " (lines \($0.lowerBound)-\($0.upperBound))" } ?? "")")
            node.children = backtraceNodes(fragment)
            root.children.append(node)
        }
        if let node = taskIndexNode(transcript.taskIndex) { root.children.append(node) }
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

    /// The merged tasks that more than one kind of output printed (a task only `bt` printed is
    /// already shown under its header); nil when there is none.
    private static func taskIndexNode(_ index: TaskIndex) -> Node? {
        var node = Node("task index: \(index.entries.count) tasks; those printed by more than one kind of output:")
        for entry in index.entries {
            var kinds: [TaskFactSource.Kind] = []
            func note(_ source: TaskFactSource) { if !kinds.contains(source.kind) { kinds.append(source.kind) } }
            entry.commands.forEach { note($0.source) }
            entry.cpus.forEach { note($0.source) }
            entry.states.forEach { note($0.source) }
            entry.parentPIDs.forEach { note($0.source) }
            entry.runQueuePlaces.forEach { note($0.source) }
            if let panic = entry.panic { note(panic) }
            guard kinds.count > 1 else { continue }
            var text = "PID \(entry.pid)"
            if let address = entry.taskAddress { text += " TASK \(address)" }
            if let command = entry.command { text += " \"\(command)\"" }
            if let cpu = entry.cpu { text += " CPU \(cpu)" }
            if let state = entry.state { text += " \(state)" }
            if entry.panic != nil { text += " PANIC" }
            for place in entry.runQueuePlaces {
                text += " runq CPU \(place.value.cpu) \(place.value.role.rawValue)" + (place.value.priority.map { " [\($0)]" } ?? "")
            }
            text += " from " + kinds.map(\.rawValue).joined(separator: ", ")
            if !entry.backtraces.isEmpty { text += "; \(entry.backtraces.count) backtrace\(entry.backtraces.count == 1 ? "" : "s")" }
            node.children.append(Node(text))
        }
        return node.children.isEmpty ? nil : node
    }

    /// The log records and reports printed inside `span`: a count of the records, then each report.
    private static func logNodes(_ log: KernelLog, in span: LineSpan, source: SourceFile?) -> [Node] {
        let records = log.records.filter { $0.line >= span.first && $0.line <= span.last }
        guard let first = records.first, let last = records.last else { return [] }
        let formats = Set(records.map(\.format.rawValue)).sorted().joined(separator: ", ")
        var nodes = [Node("log: \(records.count) records (\(formats)), lines \(first.line)-\(last.lastLine)")]
        for report in log.reports where report.line >= span.first && report.line <= span.last {
            nodes.append(reportNode(report, source: source))
        }
        return nodes
    }

    private static func reportNode(_ report: KernelReport, source: SourceFile?) -> Node {
        var text = "report \(report.kind) \"\(report.title)\" lines \(report.line)-\(report.endLine)"
        if report.isInformational { text += " (informational)" }
        if report.corrupted { text += " corrupted (\(report.corruptedReason ?? "no reason given"))" }
        if report.isPartial { text += " partial" }
        var node = Node(text)
        if let source { node.children.append(Node("header: " + truncated(source.text(ofLine: report.line).trimmingLeadingBlanks))) }
        var who: [String] = []
        if let cpu = report.cpu { who.append("CPU \(cpu)") }
        if let pid = report.pid { who.append("PID \(pid)") }
        if let command = report.command { who.append("COMMAND \"\(command)\"") }
        if let kernel = report.kernel { who.append("kernel \(kernel)") }
        if let tainted = report.tainted { who.append("tainted \(tainted)") }
        if let architecture = report.architecture { who.append("arch \(architecture)") }
        if !who.isEmpty { node.children.append(Node(who.joined(separator: " "))) }
        if let guilty = report.guiltyFrame { node.children.append(Node("guilty frame \(guilty)")) }
        if let hardware = report.hardware { node.children.append(Node("hardware \(hardware)")) }
        if let ip = report.instructionPointer { node.children.append(Node("instruction pointer \(ip)")) }
        if let registers = report.registers { node.children.append(registerNode(registers)) }
        if let code = report.code { node.children.append(Node("code " + truncated(code))) }
        if !report.modules.isEmpty { node.children.append(Node("modules: " + report.modules.joined(separator: " "))) }
        for trace in report.callTraces {
            var traceNode = Node("call trace, lines \(trace.line)-\(trace.lastLine)")
            traceNode.children = trace.frames.map { frame in
                var text = "#\(frame.index) \(frame.reliable ? "" : "? ")\(frame.function)"
                if let offset = frame.offset { text += "+0x" + String(offset, radix: 16) }
                if let size = frame.symbolSize { text += "/0x" + String(size, radix: 16) }
                if let module = frame.module { text += " [\(module)]" }
                if let address = frame.address { text += " at \(address)" }
                text += " on \(frame.stack) (line \(frame.line))"
                var frameNode = Node(text)
                if let exception = frame.exception { frameNode.children.append(exceptionNode(exception, label: "exception")) }
                return frameNode
            }
            node.children.append(traceNode)
        }
        return node
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
        if let architecture = task.architecture { text += " arch \(architecture)" }
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
        if !exception.registers.registers.isEmpty { node.children.append(registerNode(exception.registers)) }
        if let source = exception.sourceLine { node.children.append(Node("source \(source) (line \(source.inputLine))")) }
        return node
    }

    /// The registers, three to a line as crash prints most of them.
    private static func registerNode(_ set: RegisterSet) -> Node {
        var node = Node("registers (\(set.count)), lines \(set.lines.lowerBound)-\(set.lines.upperBound)")
        var row: [String] = []
        for register in set.registers {
            var item = "\(register.name)=\(register.value)"
            if let symbol = register.symbol { item += " [\(symbol)]" }
            row.append(item)
            if row.count == 3 {
                node.children.append(Node(row.joined(separator: " ")))
                row.removeAll()
            }
        }
        if !row.isEmpty { node.children.append(Node(row.joined(separator: " "))) }
        return node
    }

    private static func truncated(_ text: Substring) -> String { truncated(String(text)) }

    private static func truncated(_ text: String) -> String {
        text.count > 120 ? String(text.prefix(117)) + "..." : text
    }

    /// One line of the tree and the lines under it (internal: the per-command extensions build them too).
    struct Node {
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

extension String {
    fileprivate var trimmingLeadingBlanks: Substring { drop(while: { $0 == " " || $0 == "\t" }) }
}
