import CrashSiftModel
import CrashSiftText

/// Builds one ``Backtrace``: adds frames and register dumps in print order and gives every
/// frame its stack once a separator (or the end of the trace) says which stack it was on.
struct BacktraceBuilder {
    var backtrace = Backtrace()

    /// Where an open register dump lives: on a frame, or loose in ``Backtrace/exceptionFrames``.
    private enum ExceptionSlot {
        case frame(Int)
        case loose(Int)
    }

    /// The register dump that register rows are added to, if one is open.
    private var openException: ExceptionSlot?
    /// The dump most recently closed or opened (crash's "possibly bogus" warning follows it).
    private var lastException: ExceptionSlot?
    /// The frame a register dump printed next would belong to (the last frame, unless a
    /// separator, a loose dump or a text symbol came after it, or it already has a dump).
    private var attachableFrame: Int?

    /// First frame, text symbol and loose dump whose stack is not known yet.
    private var segmentStart = 0
    private var textSymbolStart = 0
    private var looseStart = 0
    /// The stack the pending items are on when the trace ends (or the next separator opens a new one).
    private var openKind: StackKind = .process
    /// A separator that opened the pending segment (ppc64 emergency stacks, `bt -E` headings).
    private var openingSeparator: (name: String, line: Int)?

    /// Records that input line `line` belongs to the trace.
    mutating func extend(to line: Int) {
        if let lines = backtrace.lines {
            backtrace.lines = min(lines.lowerBound, line)...max(lines.upperBound, line)
        } else {
            backtrace.lines = line...line
        }
    }

    // MARK: - Frames and stacks

    mutating func addFrame(_ frame: Frame) {
        closeException()
        backtrace.frames.append(frame)
        attachableFrame = backtrace.frames.count - 1
        extend(to: frame.line)
    }

    mutating func addTextSymbol(_ symbol: TextSymbol) {
        closeException()
        backtrace.textSymbols.append(symbol)
        attachableFrame = nil
        extend(to: symbol.line)
    }

    /// A separator: closes the pending items on `kind` (x86_64 style) or opens a new stack (ppc64 style).
    mutating func switchStack(to kind: StackKind, name: String, line: Int, closesAbove: Bool) {
        closeException()
        if closesAbove {
            settlePending(as: kind, name: name, separatorLine: line)
        } else {
            settlePending(as: openKind, name: openingSeparator?.name, separatorLine: openingSeparator?.line, onlyIfPending: true)
            openKind = kind
            openingSeparator = (name, line)
        }
        attachableFrame = nil
        extend(to: line)
    }

    /// Gives every pending frame, text symbol and loose dump the stack `kind` and records the segment.
    private mutating func settlePending(as kind: StackKind, name: String?, separatorLine: Int?, onlyIfPending: Bool = false) {
        let frames = segmentStart..<backtrace.frames.count
        let hasPending = !frames.isEmpty || textSymbolStart < backtrace.textSymbols.count || looseStart < backtrace.exceptionFrames.count
        if onlyIfPending && !hasPending { return }
        for i in frames {
            backtrace.frames[i].stack = kind
            backtrace.frames[i].exception?.stack = kind
        }
        for i in textSymbolStart..<backtrace.textSymbols.count { backtrace.textSymbols[i].stack = kind }
        for i in looseStart..<backtrace.exceptionFrames.count { backtrace.exceptionFrames[i].stack = kind }
        backtrace.segments.append(StackSegment(kind: kind, name: name, separatorLine: separatorLine, frames: frames))
        segmentStart = backtrace.frames.count
        textSymbolStart = backtrace.textSymbols.count
        looseStart = backtrace.exceptionFrames.count
    }

    // MARK: - Register dumps

    /// `[exception RIP: …]`: fills a dump whose heading was just printed (`bt -e`), or opens a new one.
    mutating func beginOrFillException(line: Int, _ fill: (inout ExceptionFrame) -> Void) {
        if let slot = openException, let exception = self[slot], exception.symbol == nil, exception.registers.registers.isEmpty {
            modify(slot) { fill(&$0) }
            extend(to: line)
            return
        }
        var exception = ExceptionFrame(line: line, registers: RegisterSet(lines: line...line))
        fill(&exception)
        open(exception, attach: true)
        extend(to: line)
    }

    /// A heading such as `KERNEL-MODE EXCEPTION FRAME AT: …`: always a new dump.
    mutating func beginHeadedException(heading: String, mode: ExceptionFrame.Mode, address: HexNumber?, followsFrame: Bool, line: Int) {
        let exception = ExceptionFrame(
            line: line, mode: mode, heading: heading, address: address, registers: RegisterSet(lines: line...line)
        )
        open(exception, attach: followsFrame)
        extend(to: line)
    }

    /// A row of registers: added to the open dump, or the start of a new one.
    mutating func addRegisters(_ registers: [Register], line: Int) {
        if openException == nil {
            open(ExceptionFrame(line: line, registers: RegisterSet(lines: line...line)), attach: true)
        }
        modify(openException!) { exception in
            if exception.registers.registers.isEmpty {
                exception.registers.lines = line...line
            } else {
                exception.registers.lines = exception.registers.lines.lowerBound...line
            }
            exception.registers.registers.append(contentsOf: registers)
        }
        extend(to: line)
    }

    /// A symbol line for register `name` (ppc64 `[NIP  : sym+off]`): set on the register of
    /// the open dump, or on a new register with no printed value when the rows were cut.
    mutating func addRegisterSymbol(name: String, symbol: String, line: Int, _ also: (inout ExceptionFrame) -> Void) {
        if openException == nil {
            open(ExceptionFrame(line: line, registers: RegisterSet(lines: line...line)), attach: true)
        }
        modify(openException!) { exception in
            if let index = exception.registers.registers.firstIndex(where: { $0.name == name }) {
                exception.registers.registers[index].symbol = symbol
            } else {
                exception.registers.registers.append(Register(name: name, value: .text(""), symbol: symbol))
            }
            exception.registers.lines = exception.registers.lines.lowerBound...line
            also(&exception)
        }
        extend(to: line)
    }

    /// Changes the open dump; false (and nothing changes) when none is open or `body` declines.
    mutating func updateOpenException(line: Int, _ body: (inout ExceptionFrame) -> Bool) -> Bool {
        guard let slot = openException else { return false }
        var accepted = false
        modify(slot) { accepted = body(&$0) }
        if accepted { extend(to: line) }
        return accepted
    }

    /// Crash warned that the dump just printed is probably not a real exception frame.
    mutating func markLastExceptionBogus() {
        guard let slot = openException ?? lastException else { return }
        modify(slot) { $0.possiblyBogus = true }
    }

    /// Ends the open dump: later register rows start a new one.
    mutating func closeException() {
        guard let slot = openException else { return }
        modify(slot) { $0.mode = Self.inferMode(of: $0) }
        lastException = slot
        openException = nil
    }

    private mutating func open(_ exception: ExceptionFrame, attach: Bool) {
        closeException()
        if attach, let frame = attachableFrame, backtrace.frames[frame].exception == nil {
            var exception = exception
            exception.stack = backtrace.frames[frame].stack
            backtrace.frames[frame].exception = exception
            openException = .frame(frame)
        } else {
            backtrace.exceptionFrames.append(exception)
            openException = .loose(backtrace.exceptionFrames.count - 1)
        }
        attachableFrame = nil
    }

    private subscript(slot: ExceptionSlot) -> ExceptionFrame? {
        switch slot {
        case .frame(let i): backtrace.frames[i].exception
        case .loose(let i): backtrace.exceptionFrames[i]
        }
    }

    private mutating func modify(_ slot: ExceptionSlot, _ body: (inout ExceptionFrame) -> Void) {
        switch slot {
        case .frame(let i):
            guard backtrace.frames[i].exception != nil else { return }
            body(&backtrace.frames[i].exception!)
        case .loose(let i):
            body(&backtrace.exceptionFrames[i])
        }
    }

    /// Kernel or user mode, from what the dump shows: the heading, the `[exception RIP:]` line,
    /// or the privilege level in CS (x86), PSTATE (arm64), MSR (ppc64) or the PSW (s390x).
    static func inferMode(of exception: ExceptionFrame) -> ExceptionFrame.Mode {
        if exception.mode != .unknown { return exception.mode }
        if let symbol = exception.symbol { return symbol == "user space" ? .user : .kernel }
        let registers = exception.registers
        if let cs = registers["CS"]?.value.number { return cs.value & 3 == 3 ? .user : .kernel }
        if let pstate = registers["PSTATE"]?.value.number, registers["X29"] != nil {
            // EL0t in PSTATE.M means user space; any other exception level is the kernel.
            return pstate.value & 0xF == 0 ? .user : .kernel
        }
        if let pc = registers["PC"], pc.symbol != nil { return .kernel }
        if let msr = registers["MSR"]?.value.number { return msr.value & 0x4000 != 0 ? .user : .kernel }
        if let psw = registers["PSW"] {
            if psw.symbol == "user space" { return .user }
            if psw.symbol != nil { return .kernel }
        }
        return .unknown
    }

    // MARK: - Lines printed under a frame

    /// `bt -f` words go under the last frame (on i386 they follow its register dump); words
    /// with no frame before them (the frame line was cut out of a paste) are kept apart.
    mutating func addStackData(_ words: StackWords) -> Bool {
        closeException()
        if backtrace.frames.isEmpty {
            backtrace.stackData.append(words)
        } else {
            backtrace.frames[backtrace.frames.count - 1].stackData.append(words)
        }
        extend(to: words.line)
        return true
    }

    /// `bt -l` goes under the register dump it follows, or else under the last frame.
    mutating func addSourceLine(_ reference: SourceReference) -> Bool {
        if let slot = openException, let exception = self[slot], !exception.registers.registers.isEmpty,
           exception.sourceLine == nil
        {
            modify(slot) { $0.sourceLine = reference }
            closeException()
            extend(to: reference.inputLine)
            return true
        }
        guard let last = backtrace.frames.indices.last, backtrace.frames[last].sourceLine == nil, openException == nil else {
            return false
        }
        backtrace.frames[last].sourceLine = reference
        extend(to: reference.inputLine)
        return true
    }

    /// Old i386 `foreach bt` prints guessed arguments under a frame: `(void)`.
    mutating func addArguments(_ text: String, line: Int) -> Bool {
        guard let last = backtrace.frames.indices.last, backtrace.frames[last].arguments == nil, openException == nil else {
            return false
        }
        backtrace.frames[last].arguments = text
        extend(to: line)
        return true
    }

    // MARK: - The end

    /// Closes the open dump and gives the frames after the last separator their stack.
    mutating func finalize() {
        closeException()
        settlePending(as: openKind, name: openingSeparator?.name, separatorLine: openingSeparator?.line, onlyIfPending: true)
    }
}
