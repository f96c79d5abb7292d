import CrashSiftModel
import CrashSiftText

/// Reads the lines of one kernel report, in order, into its ``KernelReport``: the
/// `CPU: N PID: N Comm: …` line (or a hung task's `Tainted:` and `task:` lines),
/// `Hardware name:`, `Modules linked in:`, register blocks and call traces.
///
/// A register block is an instruction-pointer line (`RIP: 0010:func+0x25/0x30`) and the
/// register rows after it (`Code:` may sit between them). The first block printed outside a
/// call trace is the report's own (``KernelReport/registers``, ``KernelReport/instructionPointer``);
/// a block printed inside a trace is the exception frame of the frame above it, as in `bt`
/// (`asm_sysvec_apic_timer_interrupt` carries the interrupted kernel's registers,
/// `entry_SYSCALL_64_after_hwframe` the user registers).
struct ReportReader {
    private var report: KernelReport
    /// The report's own instruction pointer, taken apart.
    private(set) var instructionLocation: ReportLineGrammar.Location?
    private var traces = TraceAssembler()
    private var block: RegisterBlock?
    /// The line before was `Task dump for CPU N:`: an old-style task line may follow.
    private var afterTaskDump = false

    /// A reader that fills `report`.
    init(report: KernelReport) {
        self.report = report
    }

    /// A register block being read.
    private struct RegisterBlock {
        var line: Int
        var location: ReportLineGrammar.Location?
        var registers: [Register] = []
        var registerLines: ClosedRange<Int>?
        var code: Range<Int>?
    }

    /// Reads one line (`message` is its text after the log prefix); true when the line has a
    /// report's shape (trace, registers, fact, indented continuation, `---[ … ]---`), which
    /// the builder uses to tell where a report stops.
    mutating func read(_ message: Range<Int>, number: Int, context: inout ParseContext) -> Bool {
        let base = context.base
        let followsTaskDump = afterTaskDump
        afterTaskDump = false
        if number == report.line, report.pid == nil, let task = ReportLineGrammar.hungTaskHeader(message, base) {
            report.pid = task.pid
            report.taskLine = number
            report.command = context.string(task.command)
        }
        if let line = CallTraceGrammar.parse(message, base) {
            closeBlock(context)
            traces.add(line, number: number, context: &context)
            return true
        }
        var c = Lexer.Cursor(base, message)
        let indented = c.skipBlanks() > 0
        if let location = ReportLineGrammar.location(&c) {
            closeBlock(context)
            block = RegisterBlock(line: number, location: location)
            return true
        }
        if c.startsWith("Code:") {
            if block == nil { block = RegisterBlock(line: number) }
            if block!.code == nil {
                c.position += 5
                c.skipBlanks()
                block!.code = c.rest
            }
            return true
        }
        if let row = ReportLineGrammar.registerRow(message, base) {
            if block == nil { block = RegisterBlock(line: number) }
            for (name, value) in row {
                block!.registers.append(Register(
                    name: context.intern(name), value: value.number.map { .hex($0) } ?? .text(context.string(value.text))
                ))
            }
            block!.registerLines = (block!.registerLines?.lowerBound ?? number)...number
            return true
        }
        closeBlock(context)
        if ReportLineGrammar.traceHeadings.contains(where: { c.startsWith($0) }) {
            traces.begin(number: number)
            return true
        }
        traces.end()
        if readFact(&c, number: number, context: context) { return true }
        if followsTaskDump, let task = ReportLineGrammar.oldTaskLine(&c) {
            if report.pid == nil {
                report.pid = task.pid
                report.taskLine = number
                report.command = context.string(task.command)
            }
            return true
        }
        if c.startsWith("Task dump for CPU ") {
            afterTaskDump = true
            return true
        }
        return indented || c.startsWith("---[") || c.startsWith("------------[")
    }

    /// The report, once every line has been read.
    mutating func finish(_ context: ParseContext) -> KernelReport {
        closeBlock(context)
        report.callTraces = traces.finish()
        return report
    }

    /// Reads the fact lines; true when the line was one of them.
    private mutating func readFact(_ c: inout Lexer.Cursor, number: Int, context: ParseContext) -> Bool {
        if let cpuLine = ReportLineGrammar.cpuLine(&c) {
            if report.pid == nil {
                report.cpu = cpuLine.cpu
                report.pid = cpuLine.pid
                report.taskLine = number
                report.command = cpuLine.command.map { context.string($0) }
                report.tainted = cpuLine.tainted.map { context.string($0) }
                report.kernel = cpuLine.release.map { context.string($0) }
            }
            return true
        }
        if let task = ReportLineGrammar.taskLine(&c) {
            if report.pid == nil {
                report.pid = task.pid
                report.taskLine = number
                report.command = context.string(task.command)
            }
            return true
        }
        if let taint = ReportLineGrammar.taintLine(&c) {
            if report.kernel == nil {
                report.kernel = taint.release.map { context.string($0) }
                report.tainted = taint.tainted.map { context.string($0) }
            }
            return true
        }
        for field in ReportLineGrammar.textFields where c.consume(field.prefix) {
            c.skipBlanks()
            switch field.key {
            case .hardware:
                if report.hardware == nil { report.hardware = context.string(c.rest) }
            case .modules:
                if report.modules.isEmpty { report.modules = ReportLineGrammar.moduleNames(c.rest, context.base).map { context.string($0) } }
            }
            return true
        }
        return false
    }

    /// Ends the register block being read: the exception frame of the trace's last frame when
    /// a trace is open, else the report's own registers (the first such block only).
    private mutating func closeBlock(_ context: ParseContext) {
        guard let finished = block else { return }
        block = nil
        let registers = RegisterSet(registers: finished.registers, lines: finished.registerLines ?? finished.line...finished.line)
        if traces.hasFrames {
            let location = finished.location
            let exception = ExceptionFrame(
                line: finished.line, mode: location?.mode ?? .unknown, symbol: location.map { context.string($0.symbol) },
                function: location?.function.map { context.string($0) }, offset: location?.offset, registers: registers,
                stack: traces.stack
            )
            traces.attach(exception)
            return
        }
        guard report.registers == nil, report.instructionPointer == nil else { return }
        if !finished.registers.isEmpty { report.registers = registers }
        if let location = finished.location {
            report.instructionPointer = context.string(location.text)
            instructionLocation = location
        }
        if let code = finished.code { report.code = context.string(code) }
    }
}

/// Groups call-trace lines into ``CallTrace``s and gives each frame its stack from the markers.
private struct TraceAssembler {
    private var traces: [CallTrace] = []
    private var current: CallTrace?
    /// The stack the next frame is on.
    private(set) var stack: StackKind = .process

    /// Whether a trace is open and has a frame (an exception frame can be attached).
    var hasFrames: Bool { current?.frames.isEmpty == false }

    /// A `Call Trace:` line: a new trace starts.
    mutating func begin(number: Int) {
        end()
        current = CallTrace(line: number, lastLine: number)
    }

    /// A frame or marker line.
    mutating func add(_ line: CallTraceGrammar.Line, number: Int, context: inout ParseContext) {
        if current == nil {
            // A closing marker after the trace ended (registers in between) still belongs to it.
            if line.onlyCloses, let previous = traces.popLast() {
                current = previous
            } else {
                current = CallTrace(line: number, lastLine: number)
            }
        }
        for kind in line.stacks { stack = kind }
        current!.lastLine = number
        guard let frame = line.frame else { return }
        var made = Frame(
            index: current!.frames.count, sp: frame.sp, function: context.intern(frame.function), offset: frame.offset,
            address: frame.address, module: frame.module.map { context.intern($0) }, reliable: frame.reliable,
            line: number, stack: stack
        )
        made.symbolSize = frame.size
        if let buildID = frame.buildID { made.buildID = context.string(buildID) }
        current!.frames.append(made)
    }

    /// Gives the open trace's last frame the exception frame printed after it.
    mutating func attach(_ exception: ExceptionFrame) {
        guard let last = current?.frames.indices.last else { return }
        current!.frames[last].exception = exception
        current!.lastLine = max(current!.lastLine, exception.lastLine)
    }

    /// Any other line: the trace (if one is open) is over.
    mutating func end() {
        if let trace = current { traces.append(trace) }
        current = nil
        stack = .process
    }

    mutating func finish() -> [CallTrace] {
        end()
        return traces
    }
}
