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
    /// The line before was an aside heading (s390x `Last Breaking-Event-Address:`).
    private var afterAsideHeading = false
    /// Rows of instruction words after `Instruction dump:` / `Krnl Code:` belong to the report.
    private var inCode = false

    /// A reader that fills `report`.
    init(report: KernelReport) {
        self.report = report
    }

    /// A register of a block being read, and whether a location line printed it (`lr :`, `PC is at`).
    @dynamicMemberLookup
    private struct BlockRegister {
        var register: Register
        var isSymbolic = false

        subscript<T>(dynamicMember path: WritableKeyPath<Register, T>) -> T {
            get { register[keyPath: path] }
            set { register[keyPath: path] = newValue }
        }
    }

    /// A register block being read.
    private struct RegisterBlock {
        var line: Int
        var location: ReportLineGrammar.Location?
        var registers: [BlockRegister] = []
        var registerLines: ClosedRange<Int>?
        var code: Range<Int>?
        /// The register run rows of bare values continue (s390x `Krnl GPRS:`), and the next number.
        var run: (run: ArchitectureFormat.RegisterRun, next: Int)?

        mutating func add(_ register: Register, line: Int) {
            add(BlockRegister(register: register), line: line)
        }

        mutating func add(_ register: BlockRegister, line: Int) {
            registers.append(register)
            registerLines = (registerLines?.lowerBound ?? line)...line
        }

        /// Gives the register `name` its symbol when the block has it with the same value
        /// (ppc64 prints `LR:` in a row and `LR [c000…] sym` later); else appends it.
        mutating func merge(_ register: Register, line: Int) {
            let register = BlockRegister(register: register, isSymbolic: true)
            guard let at = registers.lastIndex(where: { $0.name == register.name }) else { return add(register, line: line) }
            switch (registers[at].value, register.value) {
            case (.text(let text), .hex):
                // `PC is at func+0x1/0x2`, then `pc : [<address>]`: the address, with the location as symbol.
                registers[at].value = register.value
                registers[at].symbol = registers[at].symbol ?? register.symbol ?? text
            case (.hex, .text(let text)):
                registers[at].symbol = registers[at].symbol ?? register.symbol ?? text
            case (.hex, .hex) where registers[at].value != register.value:
                return add(register, line: line)
            default:
                // The same value again, or the outer functions of an inlined `pc :` chain.
                registers[at].symbol = registers[at].symbol ?? register.symbol
            }
            registerLines = (registerLines?.lowerBound ?? line)...line
        }
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
            // s390x `Last Breaking-Event-Address:` and its one frame: not the trace's.
            if afterAsideHeading, line.frame != nil {
                afterAsideHeading = false
                return true
            }
            traces.add(line, number: number, context: &context)
            return true
        }
        afterAsideHeading = false
        var probe = Lexer.Cursor(base, message)
        probe.skipBlanks()
        if ArchitectureFormat.frameAsideHeadings.contains(where: { probe.startsWith($0) }) {
            closeBlock(context)
            traces.end()
            afterAsideHeading = true
            return true
        }
        if let row = ReportLineGrammar.partialRegisterRow(message, base) {
            addRow(row, number: number, &context)
            return true
        }
        if let heading = ArchitectureFormat.codeHeadings.first(where: { probe.startsWith($0) }) {
            if block == nil { block = RegisterBlock(line: number) }
            if block!.code == nil {
                probe.position += heading.utf8CodeUnitCount
                probe.skipBlanks()
                block!.code = probe.rest
            }
            inCode = true
            return true
        }
        if inCode, ReportLineGrammar.isInstructionRow(message, base) { return true }
        inCode = false
        var c = Lexer.Cursor(base, message)
        let indented = c.skipBlanks() > 0
        if let location = ReportLineGrammar.location(&c) {
            // ppc64 prints `NIP [c000…] func+0x1/0x2` after its rows, arm64 `pstate:` before
            // `pc :`: the location then belongs to the block already open.
            let symbolic = ReportLineGrammar.symbolicRegister(message, base)
            if block != nil, block!.location == nil, !block!.registers.isEmpty {
                block!.location = location
            } else if let symbolic, let open = block, open.location != nil,
                      open.registers.allSatisfy(\.isSymbolic) || open.registers.last?.name == symbolic.name {
                // Old arm64 prints `PC is at`/`LR is at`, then `pc : [<…>] lr : [<…>] pstate: …`;
                // a symbolized log prints one `pc :` per inlined function: one block.
            } else {
                closeBlock(context)
                block = RegisterBlock(line: number, location: location)
            }
            readSymbolicRegisters(message, number: number, context)
            return true
        }
        if ReportLineGrammar.symbolicRegister(message, base) != nil {
            if block == nil { block = RegisterBlock(line: number) }
            readSymbolicRegisters(message, number: number, context)
            return true
        }
        if let row = ReportLineGrammar.registerRunRow(message, base) {
            if block == nil { block = RegisterBlock(line: number) }
            addRun(row.run, first: row.first, values: row.values, line: number, context)
            return true
        }
        if let run = block?.run, let values = ReportLineGrammar.bareValueRow(message, base) {
            addRun(run.run, first: run.next, values: values, line: number, context)
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
            addRow(row, number: number, &context)
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
        if ArchitectureFormat.faultDetails.contains(where: { c.startsWith($0) }) || isPageTableWalk(c) { return true }
        return indented || c.startsWith("---[") || c.startsWith("------------[")
    }

    /// `[0000000000000008] pgd=0800000106a37003, p4d=…`: the bracketed address, then a page-table walk marker.
    private func isPageTableWalk(_ cursor: Lexer.Cursor) -> Bool {
        var c = cursor
        guard c.consume(UInt8(ascii: "[")) else { return false }
        while let byte = c.peek(), ASCII.isHexDigit(byte) { c.position += 1 }
        return ArchitectureFormat.pageTableWalks.contains { c.startsWith($0) }
    }

    /// A row of `NAME: value` pairs (`RAX: …`, ppc64 `REGS: … TRAP: …`), added to the open
    /// register block (opened here when there is none).
    private mutating func addRow(_ row: [(Range<Int>, ReportLineGrammar.Value)], number: Int, _ context: inout ParseContext) {
        if block == nil { block = RegisterBlock(line: number) }
        block!.run = nil
        for (name, value) in row {
            block!.add(Register(
                name: context.intern(name), value: value.number.map { .hex($0) } ?? .text(context.string(value.text))
            ), line: number)
        }
    }

    /// The register of a symbolic-register line (`lr : func+0x1/0x2`): its address, else the location as text.
    private func register(_ symbolic: ReportLineGrammar.SymbolicRegister, _ context: ParseContext) -> Register {
        let symbol = symbolic.symbol.map { context.string($0) }
        let value: Register.Value = symbolic.address.map { .hex($0) } ?? .text(symbol ?? "")
        return Register(name: symbolic.name, value: value, symbol: symbolic.address == nil ? nil : symbol)
    }

    /// Adds the registers of `lr : func+0x1/0x2` (or `pc : [<…>] lr : [<…>] pstate: …`) to the open block.
    private mutating func readSymbolicRegisters(_ message: Range<Int>, number: Int, _ context: ParseContext) {
        var text = message
        while let symbolic = ReportLineGrammar.symbolicRegister(text, context.base) {
            block!.merge(register(symbolic, context), line: number)
            guard let rest = symbolic.rest else { return }
            text = rest
        }
        for (name, value) in ReportLineGrammar.registerRow(text, context.base) ?? [] {
            block!.add(Register(
                name: context.string(name), value: value.number.map { .hex($0) } ?? .text(context.string(value.text))
            ), line: number)
        }
    }

    /// Adds the registers of a run row (`GPR08: v v v v` → GPR08…GPR11; s390x rows → R4…R7).
    private mutating func addRun(
        _ run: ArchitectureFormat.RegisterRun, first: Int, values: [(HexNumber, Range<Int>)], line: Int, _ context: ParseContext
    ) {
        for (offset, (value, _)) in values.enumerated() {
            let number = String(first + offset)
            let padded = String(repeating: "0", count: max(0, run.nameDigits - number.count)) + number
            block!.add(Register(name: run.namePrefix + padded, value: .hex(value)), line: line)
        }
        block!.run = run.continues ? (run, first + values.count) : nil
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
        let registers = RegisterSet(registers: finished.registers.map(\.register), lines: finished.registerLines ?? finished.line...finished.line)
        // arm64 prints `Code:` after its call trace: it is the report's, not a frame's.
        if finished.registers.isEmpty, finished.location == nil, let code = finished.code {
            if report.code == nil { report.code = context.string(code) }
            return
        }
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
        guard report.instructionPointer == nil else { return }
        // The dump with the instruction pointer is the report's, rather than register-shaped
        // rows before it (s390x prints the fault's `AS:… R3:… S:… P:…` table entries first).
        guard report.registers == nil || finished.location != nil else { return }
        if !finished.registers.isEmpty || finished.location != nil { report.registers = finished.registers.isEmpty ? nil : registers }
        if let location = finished.location {
            report.instructionPointer = context.string(location.text)
            report.instructionPointerFunction = location.function.map { context.string($0) }
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
        if let source = frame.source { made.sourceLine = SourceReference(file: context.string(source.file), line: source.line, inputLine: number) }
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
