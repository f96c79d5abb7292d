import CrashSiftModel
import CrashSiftText

/// Builds one ``Backtrace``: adds frames and register dumps in print order and gives every
/// frame its stack once a separator (or the end of the trace) says which stack it was on.
///
/// The register dump being filled is kept here, outside the backtrace, and stored into its
/// frame (or the loose list) when it closes: register rows are the most common lines after
/// frames, and this way each row is one append to a local array.
struct BacktraceBuilder {
    private(set) var backtrace = Backtrace()

    /// Where a dump goes when it closes: onto a frame, or at the end of the loose list.
    private enum Destination {
        case frame(Int)
        case loose
    }

    /// Where a closed dump is, so crash's "possibly bogus" warning can find it.
    private enum Place {
        case frame(Int)
        case loose(Int)
    }

    /// The register dump that register rows are added to, when ``isOpen``. A value and a flag
    /// rather than an optional, so that each row appends in place.
    private var open = Self.closedPlaceholder
    private var isOpen = false
    /// What ``open`` holds while no dump is open (made once: a trace starts per task).
    private static let closedPlaceholder = ExceptionFrame(line: 0, registers: RegisterSet(lines: 0...0))
    private var openDestination: Destination = .loose
    private var lastException: Place?
    /// Positions of the frames that carry a dump (their dumps' stack follows the frame's).
    private var framesWithException: [Int] = []
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

    private var firstLine = Int.max
    private var lastLine = 0

    /// Records that input line `line` belongs to the trace.
    @inline(__always)
    mutating func extend(to line: Int) {
        if line < firstLine { firstLine = line }
        if line > lastLine { lastLine = line }
    }

    /// Whether any frame has been added.
    var hasFrames: Bool { !backtrace.frames.isEmpty }

    /// Adds an elision marker found inside the trace.
    mutating func addElision(_ elision: Elision) {
        backtrace.elisions.append(elision)
        extend(to: elision.line)
    }

    /// Elisions seen before the trace started (a fragment that follows `...`).
    mutating func setLeadingElisions(_ elisions: [Elision]) {
        backtrace.elisions = elisions
    }

    // MARK: - Frames and stacks

    mutating func addFrame(_ frame: Frame) {
        if isOpen { closeException() }
        if frame.index == 0 { noteNumberingRestart() }
        extend(to: frame.line)
        backtrace.frames.append(frame)
        attachableFrame = backtrace.frames.count - 1
    }

    /// Adds the frame of an ordinary frame line, made directly in the array (the fast path).
    @inline(__always)
    mutating func addFrame(index: Int, sp: HexNumber?, function: String, offset: Int?, address: HexNumber?, module: String?, line: Int) {
        if isOpen { closeException() }
        if index == 0 { noteNumberingRestart() }
        extend(to: line)
        backtrace.frames.append(Frame(index: index, sp: sp, function: function, offset: offset, address: address, module: module, line: line))
        attachableFrame = backtrace.frames.count - 1
    }

    /// s390x numbers each stack it walks from #0, with no separator between them (crash's
    /// s390x.c `show_trace()`: the restart, panic and async stacks of a task running on a CPU,
    /// then the task's own stack; and again after a kernel-mode interrupt frame). A frame
    /// numbered 0 after others therefore closes the frames above as a segment. When the task
    /// showed its `LOWCORE INFO:` it was on a CPU, and those frames were on one of the CPU's
    /// interrupt stacks — crash does not say which: `exception`; else on its own stack.
    private mutating func noteNumberingRestart() {
        guard segmentStart < backtrace.frames.count else { return }
        let onCPU = backtrace.exceptionFrames.contains { $0.heading == "LOWCORE INFO:" }
        settlePending(as: onCPU ? .exception : .process, name: nil, separatorLine: nil)
        attachableFrame = nil
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
        // Frames and their dumps are created on the process stack; only other stacks need writing.
        if kind != .process {
            for i in frames { backtrace.frames[i].stack = kind }
            for i in framesWithException where frames.contains(i) { backtrace.frames[i].exception!.stack = kind }
        }
        for i in textSymbolStart..<backtrace.textSymbols.count { backtrace.textSymbols[i].stack = kind }
        for i in looseStart..<backtrace.exceptionFrames.count { backtrace.exceptionFrames[i].stack = kind }
        let segment = StackSegment(kind: kind, name: name, separatorLine: separatorLine, frames: frames)
        if backtrace.segments.isEmpty {
            backtrace.segments = [segment]  // most traces have one segment: allocate it directly
        } else {
            backtrace.segments.append(segment)
        }
        segmentStart = backtrace.frames.count
        textSymbolStart = backtrace.textSymbols.count
        looseStart = backtrace.exceptionFrames.count
    }

    // MARK: - Register dumps

    /// `[exception RIP: …]`: fills a dump whose heading was just printed (`bt -e`), or opens a new one.
    mutating func beginOrFillException(line: Int, _ fill: (inout ExceptionFrame) -> Void) {
        if isOpen, open.symbol == nil, open.registers.registers.isEmpty {
            fill(&open)
        } else {
            var exception = ExceptionFrame(line: line, registers: RegisterSet(lines: line...line))
            fill(&exception)
            begin(exception, attach: true)
        }
        extend(to: line)
    }

    /// A heading such as `KERNEL-MODE EXCEPTION FRAME AT: …`: always a new dump.
    mutating func beginHeadedException(heading: String, mode: ExceptionFrame.Mode, address: HexNumber?, followsFrame: Bool, line: Int) {
        let exception = ExceptionFrame(
            line: line, mode: mode, heading: heading, address: address, registers: RegisterSet(lines: line...line)
        )
        begin(exception, attach: followsFrame)
        extend(to: line)
    }

    /// Gives `body` the dump that a register row on `line` belongs to, opening one first when
    /// none is open; the row's line is added to the dump's register lines.
    @inline(__always)
    mutating func withRegisterDump(line: Int, _ body: (inout [Register]) -> Void) {
        if !isOpen {
            var exception = ExceptionFrame(line: line, registers: RegisterSet(lines: line...line))
            exception.registers.registers.reserveCapacity(24)  // x86_64 prints 21
            begin(exception, attach: true)
        } else if open.registers.registers.isEmpty {
            open.registers.lines = line...line
        } else {
            open.registers.lines = open.registers.lines.lowerBound...line
        }
        body(&open.registers.registers)
        extend(to: line)
    }

    /// A row of registers: added to the open dump, or the start of a new one.
    mutating func addRegisters(_ registers: [Register], line: Int) {
        withRegisterDump(line: line) { $0.append(contentsOf: registers) }
    }

    /// A symbol line for register `name` (ppc64 `[NIP  : sym+off]`): set on the register of
    /// the open dump, or on a new register with no printed value when the rows were cut.
    mutating func addRegisterSymbol(name: String, symbol: String, line: Int, _ also: (inout ExceptionFrame) -> Void) {
        withRegisterDump(line: line) { registers in
            if let index = registers.firstIndex(where: { $0.name == name }) {
                registers[index].symbol = symbol
            } else {
                registers.append(Register(name: name, value: .text(""), symbol: symbol))
            }
        }
        also(&open)
    }

    /// Changes the open dump; false (and nothing changes) when none is open or `body` declines.
    mutating func updateOpenException(line: Int, _ body: (inout ExceptionFrame) -> Bool) -> Bool {
        guard isOpen else { return false }
        let accepted = body(&open)
        if accepted { extend(to: line) }
        return accepted
    }

    /// Crash warned that the dump just printed is probably not a real exception frame.
    mutating func markLastExceptionBogus() {
        if isOpen {
            open.possiblyBogus = true
            return
        }
        switch lastException {
        case .frame(let i): backtrace.frames[i].exception?.possiblyBogus = true
        case .loose(let i): backtrace.exceptionFrames[i].possiblyBogus = true
        case nil: break
        }
    }

    /// Ends the open dump (stores it on its frame or in the loose list): later register rows start a new one.
    mutating func closeException() {
        guard isOpen else { return }
        isOpen = false
        // Moved out of `open` (swapped with the placeholder), not copied.
        var exception = Self.closedPlaceholder
        swap(&exception, &open)
        exception.mode = Self.inferMode(of: exception)
        switch openDestination {
        case .frame(let i):
            exception.stack = backtrace.frames[i].stack
            backtrace.frames[i].exception = exception
            framesWithException.append(i)
            lastException = .frame(i)
        case .loose:
            backtrace.exceptionFrames.append(exception)
            lastException = .loose(backtrace.exceptionFrames.count - 1)
        }
    }

    private mutating func begin(_ exception: ExceptionFrame, attach: Bool) {
        closeException()
        if attach, let frame = attachableFrame, framesWithException.last != frame {
            openDestination = .frame(frame)
        } else {
            openDestination = .loose
        }
        open = exception
        isOpen = true
        attachableFrame = nil
    }

    /// Kernel or user mode, from what the dump shows: the heading, the `[exception RIP:]` line,
    /// or the privilege level in CS (x86), PSTATE (arm64), MSR (ppc64) or the PSW (s390x).
    static func inferMode(of exception: ExceptionFrame) -> ExceptionFrame.Mode {
        if exception.mode != .unknown { return exception.mode }
        if let symbol = exception.symbol { return symbol == "user space" ? .user : .kernel }
        let registers = exception.registers
        if let cs = registers["CS"]?.value.number { return cs.value & 3 == 3 ? .user : .kernel }
        if let pstate = registers["PSTATE"]?.value.number, registers["X0"] != nil {
            // EL0t in PSTATE.M means user space, and so does a 32-bit (compat) task's USR
            // mode (M = 0x10, which prints X12…X0 only); any other level is the kernel.
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
        if isOpen, !open.registers.registers.isEmpty, open.sourceLine == nil {
            open.sourceLine = reference
            closeException()
            extend(to: reference.inputLine)
            return true
        }
        guard let last = backtrace.frames.indices.last, backtrace.frames[last].sourceLine == nil, !isOpen else {
            return false
        }
        backtrace.frames[last].sourceLine = reference
        extend(to: reference.inputLine)
        return true
    }

    /// Old i386 `foreach bt` prints guessed arguments under a frame: `(void)`.
    mutating func addArguments(_ text: String, line: Int) -> Bool {
        guard let last = backtrace.frames.indices.last, backtrace.frames[last].arguments == nil, !isOpen else {
            return false
        }
        backtrace.frames[last].arguments = text
        extend(to: line)
        return true
    }

    // MARK: - The end

    /// Makes the builder ready for the next trace without reallocating it (``finish()`` has
    /// already moved the last trace out).
    mutating func reset() {
        if !backtrace.frames.isEmpty || !backtrace.segments.isEmpty || !backtrace.elisions.isEmpty { backtrace = Backtrace() }
        if isOpen { open = Self.closedPlaceholder }
        isOpen = false
        openDestination = .loose
        lastException = nil
        framesWithException.removeAll(keepingCapacity: true)
        attachableFrame = nil
        segmentStart = 0
        textSymbolStart = 0
        looseStart = 0
        openKind = .process
        openingSeparator = nil
        firstLine = Int.max
        lastLine = 0
    }

    /// Closes the open dump, gives the frames after the last separator their stack, and
    /// returns the finished trace.
    mutating func finish() -> Backtrace {
        closeException()
        settlePending(as: openKind, name: openingSeparator?.name, separatorLine: openingSeparator?.line, onlyIfPending: true)
        if lastLine > 0 { backtrace.lines = firstLine...lastLine }
        // Moved out rather than copied: the builder is reset for the next trace anyway.
        var finished = Backtrace()
        swap(&finished, &backtrace)
        return finished
    }
}
