/// The `crashsift parse` JSON document (`"schema": "crashsift.parse/1"`) for a transcript.
///
/// Keys are the model's names in camelCase; addresses are lower-case hex strings without
/// `0x` as crash printed them; `line` is always the 1-based input line. A key whose value
/// crash did not print is left out rather than set to null. README.md documents every key.
public enum ParseDocument {
    /// The schema id written into every document.
    public static let schema = "crashsift.parse/1"

    /// The document for `transcript`, which was parsed from `source` (log records keep byte
    /// ranges of the input; their text is read from `source` here, or from the repaired text
    /// when the paste was repaired).
    public static func json(for transcript: Transcript, source: SourceFile) -> JSONValue {
        let source = transcript.text(of: source)
        var root = JSONObject()
        root.set("schema", .string(schema))
        root.set("source", .string(transcript.source))
        root.set("lineCount", .int(transcript.lineCount))
        root.set("commands", .array(transcript.commands.map(json(for:))))
        root.set("tasks", .array(transcript.tasks.map(json(for:))))
        root.set("fragments", .array(transcript.fragments.map { json(for: $0, into: JSONObject()).value }))
        root.set("taskIndex", .array(transcript.taskIndex.entries.map(json(for:))))
        root.set("log", json(for: transcript.log, source: source))
        root.set("processes", .array(transcript.processes.map(json(for:))))
        addSystemsAndRunQueues(of: transcript, to: &root)
        addPrintAndListKeys(of: transcript, to: &root)
        root.set("elisions", .array(transcript.elisions.map(json(for:))))
        root.set("annotations", .array(transcript.annotations.map { annotation in
            var object = JSONObject()
            object.set("line", .int(annotation.line))
            object.set("text", .string(annotation.text))
            return object.value
        }))
        root.set("prose", .array(transcript.prose.map(json(for:))))
        root.set("diagnostics", .array(transcript.diagnostics.map(json(for:))))
        root.set("unrecognized", .array(transcript.unrecognized.map { .int($0) }))
        return root.value
    }

    static func json(for log: KernelLog, source: SourceFile) -> JSONValue {
        var object = JSONObject()
        object.set("records", .array(log.records.map { json(for: $0, source: source) }))
        object.set("reports", .array(log.reports.map(json(for:))))
        return object.value
    }

    static func json(for record: LogRecord, source: SourceFile) -> JSONValue {
        var object = JSONObject()
        object.set("line", .int(record.line))
        if record.lastLine != record.line { object.set("lastLine", .int(record.lastLine)) }
        object.set("format", .string(record.format.rawValue))
        object.set("time", record.time.map { JSONValue.double($0) })
        object.set("date", LogText.date(of: record, in: source))
        object.set("level", record.level)
        object.set("facility", record.facility)
        object.set("caller", record.caller?.description)
        object.set("sequence", record.sequence)
        object.set("text", .string(LogText.text(of: record, in: source)))
        return object.value
    }

    static func json(for report: KernelReport) -> JSONValue {
        var object = JSONObject()
        object.set("kind", .string(report.kind.rawValue))
        object.set("title", .string(report.title))
        if !report.altTitles.isEmpty { object.set("altTitles", .array(report.altTitles.map { .string($0) })) }
        if !report.crashType.isEmpty { object.set("type", .string(report.crashType)) }
        if report.isInformational { object.set("informational", .bool(true)) }
        if !report.isSyzkallerCrash { object.set("syzkallerCrash", .bool(false)) }
        object.set("line", .int(report.line))
        object.set("endLine", .int(report.endLine))
        object.set("cpu", report.cpu)
        object.set("pid", report.pid)
        object.set("command", report.command)
        object.set("kernel", report.kernel)
        object.set("tainted", report.tainted)
        object.set("hardware", report.hardware)
        object.set("architecture", report.architecture?.rawValue)
        object.set("instructionPointer", report.instructionPointer)
        object.set("code", report.code)
        if let registers = report.registers {
            object.set("registers", .object(registers.registers.map { ($0.name, .string($0.value.description)) }))
        }
        if !report.modules.isEmpty { object.set("modules", .array(report.modules.map { .string($0) })) }
        object.set("guiltyFrame", report.guiltyFrame)
        object.set("corrupted", .bool(report.corrupted))
        object.set("corruptedReason", report.corruptedReason)
        if report.isPartial { object.set("partial", .bool(true)) }
        object.set("callTraces", .array(report.callTraces.map { trace in
            var object = JSONObject()
            object.set("line", .int(trace.line))
            object.set("lastLine", .int(trace.lastLine))
            object.set("frames", .array(trace.frames.map(json(for:))))
            return object.value
        }))
        return object.value
    }

    static func json(for command: CommandInvocation) -> JSONValue {
        var object = JSONObject()
        object.set("command", .string(command.name))
        object.set("arguments", .string(command.arguments))
        object.set("line", .int(command.line))
        object.set("prompt", command.prompt)
        object.set("inferred", .bool(command.isInferred))
        object.set("output", json(for: command.output))
        return object.value
    }

    static func json(for task: KernelTask) -> JSONValue {
        var object = JSONObject()
        object.set("pid", .int(task.pid))
        object.set("task", task.taskAddress?.description)
        object.set("cpu", task.cpu)
        object.set("command", task.command)
        object.set("state", task.state?.rawValue)
        object.set("architecture", task.architecture?.rawValue)
        object.set("line", .int(task.line))
        object.set("printedBy", task.commandIndex)
        object = json(for: task.backtrace, into: object)
        object.set("diagnostics", .array(task.diagnostics.map(json(for:))))
        return object.value
    }

    /// One merged task: the first value of each fact, then every fact with its source.
    static func json(for entry: TaskIndexEntry) -> JSONValue {
        var object = JSONObject()
        object.set("pid", .int(entry.pid))
        object.set("task", entry.taskAddress?.description)
        object.set("command", entry.command)
        object.set("cpu", entry.cpu)
        object.set("state", entry.state?.rawValue)
        if let panic = entry.panic { object.set("panicLine", .int(panic.line)) }
        object.set("parentPID", entry.parentPIDs.first?.value)
        if !entry.runQueuePlaces.isEmpty {
            object.set("runQueue", .array(entry.runQueuePlaces.map { fact in
                var place = JSONObject()
                place.set("cpu", .int(fact.value.cpu))
                place.set("role", .string(fact.value.role.rawValue))
                place.set("priority", fact.value.priority)
                place.set("line", .int(fact.source.line))
                return place.value
            }))
        }
        object.set("backtraces", .array(entry.backtraces.map { .int($0) }))
        var facts = JSONObject()
        func add<Value>(_ key: String, _ list: [TaskFact<Value>], _ value: (Value) -> JSONValue) {
            guard !list.isEmpty else { return }
            facts.set(key, .array(list.map { fact in
                var item = JSONObject()
                item.set("value", value(fact.value))
                item.set("from", .string(fact.source.kind.rawValue))
                item.set("line", .int(fact.source.line))
                return item.value
            }))
        }
        add("pid", entry.pids) { .int($0) }
        add("command", entry.commands) { .string($0) }
        add("cpu", entry.cpus) { .int($0) }
        add("state", entry.states) { .string($0.rawValue) }
        add("parentPID", entry.parentPIDs) { .int($0) }
        object.set("facts", facts.value)
        return object.value
    }

    /// The backtrace's keys, added to `object` (a task, or a fragment on its own).
    static func json(for backtrace: Backtrace, into object: JSONObject) -> JSONObject {
        var object = object
        if let lines = backtrace.lines { object.set("lines", json(for: LineSpan(first: lines.lowerBound, last: lines.upperBound))) }
        object.set("partial", .bool(backtrace.isPartial))
        object.set("frames", .array(backtrace.frames.map(json(for:))))
        object.set("segments", .array(backtrace.segments.map { segment in
            var object = JSONObject()
            object.set("stack", .string(segment.kind.rawValue))
            object.set("name", segment.name)
            object.set("separatorLine", segment.separatorLine)
            object.set("frames", .array(segment.frames.map { .int(backtrace.frames[$0].index) }))
            return object.value
        }))
        if !backtrace.exceptionFrames.isEmpty {
            object.set("exceptionFrames", .array(backtrace.exceptionFrames.map(json(for:))))
        }
        if !backtrace.textSymbols.isEmpty {
            object.set("textSymbols", .array(backtrace.textSymbols.map(json(for:))))
        }
        if !backtrace.stackData.isEmpty {
            object.set("stackData", .array(backtrace.stackData.map(json(for:))))
        }
        if !backtrace.elisions.isEmpty {
            object.set("elisions", .array(backtrace.elisions.map(json(for:))))
        }
        return object
    }

    static func json(for frame: Frame) -> JSONValue {
        var object = JSONObject()
        object.set("index", .int(frame.index))
        object.set("sp", frame.sp?.description)
        object.set("function", .string(frame.function))
        object.set("offset", frame.offset)
        object.set("address", frame.address?.description)
        object.set("module", frame.module)
        object.set("via", frame.via)
        if frame.frameSizeUnknown { object.set("frameSizeUnknown", .bool(true)) }
        object.set("reliable", .bool(frame.reliable))
        object.set("line", .int(frame.line))
        object.set("stack", .string(frame.stack.rawValue))
        object.set("exception", frame.exception.map(json(for:)))
        object.set("sourceLine", frame.sourceLine.map(json(for:)))
        if !frame.stackData.isEmpty {
            object.set("stackData", .array(frame.stackData.map(json(for:))))
        }
        object.set("arguments", frame.arguments)
        object.set("symbolSize", frame.symbolSize)
        object.set("buildID", frame.buildID)
        return object.value
    }

    static func json(for exception: ExceptionFrame) -> JSONValue {
        var object = JSONObject()
        object.set("line", .int(exception.line))
        object.set("mode", .string(exception.mode.rawValue))
        object.set("symbol", exception.symbol)
        object.set("function", exception.function)
        object.set("offset", exception.offset)
        object.set("heading", exception.heading)
        object.set("address", exception.address?.description)
        object.set("registers", .object(exception.registers.registers.map { ($0.name, .string($0.value.description)) }))
        let symbols = exception.registers.registers.compactMap { register in register.symbol.map { (register.name, JSONValue.string($0)) } }
        if !symbols.isEmpty { object.set("registerSymbols", .object(symbols)) }
        object.set("registerLines", json(for: LineSpan(first: exception.registers.lines.lowerBound, last: exception.registers.lines.upperBound)))
        object.set("sourceLine", exception.sourceLine.map(json(for:)))
        if exception.possiblyBogus { object.set("possiblyBogus", .bool(true)) }
        object.set("stack", .string(exception.stack.rawValue))
        return object.value
    }

    static func json(for symbol: TextSymbol) -> JSONValue {
        var object = JSONObject()
        object.set("sp", symbol.sp?.description)
        object.set("function", .string(symbol.function))
        object.set("offset", symbol.offset)
        object.set("address", symbol.address?.description)
        object.set("module", symbol.module)
        if symbol.isStart { object.set("start", .bool(true)) }
        object.set("line", .int(symbol.line))
        object.set("stack", .string(symbol.stack.rawValue))
        return object.value
    }

    static func json(for words: StackWords) -> JSONValue {
        var object = JSONObject()
        object.set("address", words.address?.description)
        object.set("words", .array(words.words.map { .string($0) }))
        object.set("line", .int(words.line))
        return object.value
    }

    static func json(for reference: SourceReference) -> JSONValue {
        var object = JSONObject()
        object.set("file", .string(reference.file))
        object.set("line", .int(reference.line))
        object.set("inputLine", .int(reference.inputLine))
        return object.value
    }

    static func json(for elision: Elision) -> JSONValue {
        var object = JSONObject()
        object.set("line", .int(elision.line))
        object.set("text", .string(elision.text))
        return object.value
    }

    static func json(for span: LineSpan) -> JSONValue {
        var object = JSONObject()
        object.set("first", .int(span.first))
        object.set("last", .int(span.last))
        return object.value
    }

    static func json(for diagnostic: Diagnostic) -> JSONValue {
        var object = JSONObject()
        object.set("line", .int(diagnostic.location.line))
        object.set("column", .int(diagnostic.location.column))
        object.set("severity", .string(diagnostic.severity.rawValue))
        object.set("id", .string(diagnostic.id))
        object.set("message", .string(diagnostic.message))
        return object.value
    }
}
