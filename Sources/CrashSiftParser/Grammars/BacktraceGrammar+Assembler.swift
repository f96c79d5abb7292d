import CrashSiftModel
import CrashSiftText

extension BacktraceGrammar {
    /// Places classified lines into tasks: it knows which task and which register dump are
    /// open, which frame a dump belongs to, and which frames a separator closes.
    struct Assembler {
        let command: Int
        let defaultState: TaskState?
        /// The header of the task being read (nil before the first header, and for a fragment).
        /// The task itself is made once, when its trace is complete, directly in the transcript.
        private var header: (pid: Int, taskAddress: HexNumber?, cpu: Int?, command: String?, line: Int)?
        /// What crash said about the task being read, and what the parser noticed.
        private var taskDiagnostics: [Diagnostic] = []
        /// The trace being built: the open task's, or a fragment's when frames came without a
        /// header. Kept as a plain value with a flag rather than an optional, so that adding a
        /// frame mutates it in place.
        private var builder = BacktraceBuilder()
        /// Whether ``builder`` holds a trace (false before the first header or frame).
        private var hasTrace = false
        /// Elisions seen outside any trace; they go with a fragment that starts right after them.
        private var pendingElisions: [Elision] = []
        /// True right after a crash message, whose indented continuation lines follow.
        private var afterMessage = false
        /// True right after an unrecognized line, so a run of them gets one diagnostic.
        private var afterUnrecognized = false

        init(command: Int, defaultState: TaskState?) {
            self.command = command
            self.defaultState = defaultState
        }

        mutating func blankLine() {
            if hasTrace { builder.closeException() }
        }

        mutating func elision(_ line: Line, _ context: inout ParseContext) {
            let elision = context.recordElision(line)
            if hasTrace {
                builder.addElision(elision)
            } else {
                pendingElisions.append(elision)
            }
            afterUnrecognized = false
        }

        mutating func unknown(_ line: Line, _ context: inout ParseContext) {
            if afterMessage, line.indentation > 0 {
                // `    FILE: memory.c  LINE: 4007  FUNCTION: vm_area_dump()`, `    (valid range: …)`
                context.setRole(.parsed, line.number)
                return
            }
            context.markUnrecognized(line)
            if !afterUnrecognized {
                report(context.diagnostic(.warning, .unrecognizedLine, line: line.number, offset: line.range.lowerBound), &context)
            }
            afterUnrecognized = true
            afterMessage = false
        }

        // MARK: - Fast paths

        /// `#N [sp] function at address[ [module]]`, the shape of nearly every frame line, read
        /// in one pass without building an ``Item``. Returns false, having changed nothing, for
        /// any other shape (the general path then reads the line).
        @inline(__always)
        mutating func fastFrame(_ line: Line, _ context: inout ParseContext) -> Bool {
            guard hasTrace else { return false }
            let base = context.base
            let end = line.range.upperBound
            var at = line.range.lowerBound + 1  // after '#'
            let digits = at
            var index = 0
            while at < end, ASCII.isDigit(base[at]) {
                index = index &* 10 &+ Int(base[at] &- 0x30)
                at += 1
            }
            guard at > digits, at - digits <= 9, at < end, base[at] == ASCII.space else { return false }
            while at < end, base[at] == ASCII.space { at += 1 }
            guard at < end, base[at] == ASCII.openBracket else { return false }
            at += 1
            guard let sp = Self.hexNumber(base, &at, end), at < end, base[at] == ASCII.closeBracket else { return false }
            at += 1
            guard at < end, base[at] == ASCII.space else { return false }
            while at < end, base[at] == ASCII.space { at += 1 }
            let functionStart = at
            let (functionEnd, sawPlus) = ByteScan.firstSpace(base, from: at, to: end)
            at = functionEnd
            guard functionEnd > functionStart, end - at > 4, base[at + 1] == UInt8(ascii: "a"), base[at + 2] == UInt8(ascii: "t"),
                  base[at + 3] == ASCII.space
            else { return false }
            at += 4
            guard let address = Self.hexNumber(base, &at, end) else { return false }
            var module: Range<Int>?
            if at < end {
                // Only ` [module]` may follow here; `(via X)`, ` *` and `(unreliable)` take the general path.
                guard end - at > 3, base[at] == ASCII.space, base[at + 1] == ASCII.openBracket, base[end - 1] == ASCII.closeBracket else {
                    return false
                }
                for i in (at + 2)..<(end - 1) where base[i] == ASCII.space || base[i] == ASCII.closeBracket { return false }
                module = (at + 2)..<(end - 1)
            }
            var function = functionStart..<functionEnd
            var offset: Int?
            if sawPlus { (function, offset) = CallSiteGrammar.splitOffset(function, in: base) }
            builder.addFrame(
                index: index, sp: sp, function: context.intern(function), offset: offset, address: address,
                module: module.map { context.intern($0) }, line: line.number
            )
            context.setRole(.parsed, line.number)
            afterMessage = false
            afterUnrecognized = false
            return true
        }

        /// A row of `NAME: hexvalue` pairs, the shape of x86_64, i386, arm64 and ppc64 register
        /// rows, read without building an ``Item``. The row is read completely into a small
        /// stack buffer first, so a line that turns out to be something else changes nothing
        /// and returns false.
        @inline(__always)
        mutating func fastRegisterRow(_ line: Line, _ context: inout ParseContext) -> Bool {
            guard hasTrace else { return false }
            let base = context.base
            let end = line.range.upperBound
            let start = line.range.lowerBound
            // A header's `PID: 1  TASK: …  CPU: 0` starts like a row of registers.
            if end - start > 4, base[start] == UInt8(ascii: "P"), base[start + 1] == UInt8(ascii: "I"), base[start + 2] == UInt8(ascii: "D") {
                return false
            }
            // Read the whole row into fixed buffers on the stack before changing anything; eight
            // is more than any architecture prints on one row (arm64 compat tasks print four).
            var names = InlineArray<8, Range<Int>>(repeating: 0..<0)
            var values = InlineArray<8, HexNumber>(repeating: HexNumber(0, digits: 1))
            var count = 0
            var at = start
            while at < end {
                guard count < 8, ASCII.isUpper(base[at]) else { return false }
                let nameStart = at
                at += 1
                while at < end, ASCII.isUpper(base[at]) || ASCII.isDigit(base[at]) || base[at] == ASCII.underscore { at += 1 }
                let nameEnd = at
                guard end - at > 2, base[at] == ASCII.colon, base[at + 1] == ASCII.space else { return false }
                at += 2
                while at < end, base[at] == ASCII.space { at += 1 }
                guard let value = HexNumber.read(base, at: &at, end: end), at == end || base[at] == ASCII.space else { return false }
                while at < end, base[at] == ASCII.space { at += 1 }
                names[count] = nameStart..<nameEnd
                values[count] = value
                count += 1
            }
            guard count > 0 else { return false }
            builder.withRegisterDump(line: line.number) { registers in
                for i in 0..<count {
                    registers.append(Register(name: context.intern(names[i]), value: .hex(values[i])))
                }
            }
            context.setRole(.parsed, line.number)
            afterMessage = false
            afterUnrecognized = false
            return true
        }

        /// Reads 1 to 16 hex digits at `at`; nil (with `at` unchanged) otherwise.
        @inline(__always)
        static func hexNumber(_ base: UnsafeBufferPointer<UInt8>, _ at: inout Int, _ end: Int) -> HexNumber? {
            HexNumber.read(base, at: &at, end: end)
        }

        // MARK: - The general path

        mutating func apply(_ item: Item, _ line: Line, _ context: inout ParseContext) {
            var claimed = true
            let wasAfterMessage = afterMessage
            afterMessage = false
            switch item {
            case .header(let header):
                startTask(header, line, &context)

            case .frame(let index, let sp, let site, let spText):
                ensureBacktrace(line, &context)
                var frame: Frame
                if let site {
                    frame = Frame(
                        index: index, sp: sp, function: context.intern(site.function), offset: site.offset,
                        address: site.address, module: site.module.map { context.intern($0) },
                        via: site.via.map { context.intern($0) }, frameSizeUnknown: site.frameSizeUnknown,
                        reliable: !site.unreliable, line: line.number
                    )
                } else {
                    frame = Frame(index: index, sp: sp, function: "", address: nil, line: line.number)
                }
                if site?.address == nil {
                    let what = site == nil ? "nothing after the stack address" : "no ` at <address>`"
                    report(context.diagnostic(.warning, .frameWithoutAddress(what), line: line.number, offset: line.range.lowerBound), &context)
                    if site == nil, sp == nil { frame.function = context.string(spText) }
                }
                builder.addFrame(frame)

            case .stackSwitch(let name):
                ensureBacktrace(line, &context)
                let spelling = context.string(name)
                if let entry = StackSwitchTable.entry(named: name, in: context.base) {
                    builder.switchStack(to: entry.kind, name: spelling, line: line.number, closesAbove: entry.closesAbove)
                } else {
                    report(context.diagnostic(.note, .unknownStackSwitch(spelling), line: line.number, offset: name.lowerBound), &context)
                    builder.switchStack(to: StackSwitchTable.fallbackKind(for: spelling), name: spelling, line: line.number, closesAbove: true)
                }

            case .status(let severity):
                if hasTrace { builder.closeException() }
                let text = context.string(line.range)
                report(Diagnostic(severity, .crashStatus(text), at: SourceLocation(line: line.number, column: context.column(of: line.range.lowerBound, onLine: line.number))), &context)
                if hasTrace { builder.extend(to: line.number) }

            case .exceptionLocation(let symbol):
                ensureBacktrace(line, &context)
                let (function, offset) = CallSiteGrammar.splitOffset(symbol, in: context.base)
                let text = context.string(symbol)
                // `unknown or invalid address`, `user space`: text, not a symbol.
                let isSymbol = !context.base[symbol].contains(ASCII.space)
                builder.beginOrFillException(line: line.number) { exception in
                    exception.symbol = text
                    exception.function = isSymbol ? context.intern(function) : nil
                    exception.offset = isSymbol ? offset : nil
                }

            case .registers(let fields):
                ensureBacktrace(line, &context)
                builder.withRegisterDump(line: line.number) { registers in
                    for field in fields {
                        registers.append(Register(
                            name: context.intern(field.name),
                            value: field.number.map { .hex($0) } ?? .text(context.string(field.valueText)),
                            symbol: field.symbol.map { context.string($0) }
                        ))
                    }
                }

            case .registerSymbol(let name, let symbol):
                // ppc64 `[NIP  : sym+off]` after the register rows; when the rows were cut
                // out of a paste, the symbol still names the interrupted function.
                ensureBacktrace(line, &context)
                let registerName = context.intern(name)
                let symbolText = context.string(symbol)
                let (function, offset) = CallSiteGrammar.splitOffset(symbol, in: context.base)
                let functionName = context.intern(function)
                builder.addRegisterSymbol(name: registerName, symbol: symbolText, line: line.number) { exception in
                    if registerName == "NIP", exception.function == nil {
                        exception.symbol = symbolText
                        exception.function = functionName
                        exception.offset = offset
                    }
                }

            case .valueContinuation(let values):
                let text = context.string(values)
                claimed = hasTrace && builder.updateOpenException(line: line.number) { exception in
                    guard let last = exception.registers.registers.indices.last,
                          case .text(let previous) = exception.registers.registers[last].value
                    else { return false }
                    exception.registers.registers[last].value = .text(previous.isEmpty ? text : previous + " " + text)
                    exception.registers.lines = exception.registers.lines.lowerBound...line.number
                    return true
                }

            case .lowcoreEntry(let name, let value):
                let register = Register(name: context.string(name), value: .text(context.string(value)))
                claimed = hasTrace && builder.updateOpenException(line: line.number) { exception in
                    guard exception.heading == "LOWCORE INFO:" else { return false }
                    if exception.registers.registers.isEmpty {
                        exception.registers.lines = line.number...line.number
                    } else {
                        exception.registers.lines = exception.registers.lines.lowerBound...line.number
                    }
                    exception.registers.registers.append(register)
                    return true
                }

            case .textSymbol(let sp, let site, let isStart):
                ensureBacktrace(line, &context)
                builder.addTextSymbol(TextSymbol(
                    sp: sp, function: context.intern(site.function), offset: site.offset, address: site.address,
                    module: site.module.map { context.intern($0) }, isStart: isStart, line: line.number
                ))

            case .heading(let heading):
                if case .perCPUStack = heading {} else { ensureBacktrace(line, &context) }
                let text = context.string(line.range)
                switch heading {
                case .exceptionFrame(let mode, let address, let followsFrame):
                    builder.beginHeadedException(heading: text, mode: mode, address: address, followsFrame: followsFrame, line: line.number)
                case .ptRegs(let address):
                    claimed = builder.updateOpenException(line: line.number) { exception in
                        guard let heading = exception.heading, exception.registers.registers.isEmpty else { return false }
                        exception.heading = heading + " " + text
                        if exception.address == nil { exception.address = address }
                        return true
                    }
                case .perCPUStack(let kind):
                    // `bt -E` walks per-CPU stacks, not tasks: its output has no task header.
                    if !hasTrace { startTrace() }
                    builder.switchStack(to: kind, name: text, line: line.number, closesAbove: false)
                }

            case .message(let kind, let textRange):
                let text = context.string(textRange)
                let location = SourceLocation(line: line.number, column: context.column(of: textRange.lowerBound, onLine: line.number))
                switch kind {
                case .continuation:
                    break
                case .warning:
                    if text.hasSuffix("possibly bogus exception frame"), hasTrace { builder.markLastExceptionBogus() }
                    report(Diagnostic(.warning, .crashWarning(text), at: location), &context)
                case .note:
                    report(Diagnostic(.note, .crashNote(text), at: location), &context)
                case .error:
                    report(Diagnostic(.warning, .crashError(text), at: location), &context)
                }
                if hasTrace { builder.closeException() }
                if hasTrace { builder.extend(to: line.number) }
                afterMessage = true

            case .stackData(let address, let words, let glued):
                let wordList = context.string(words).split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
                claimed = hasTrace && builder.addStackData(StackWords(address: address, words: wordList, line: line.number))
                if claimed, let glued {
                    let text = context.string(glued)
                    report(Diagnostic(.warning, .crashError(text), at: SourceLocation(line: line.number, column: context.column(of: glued.lowerBound, onLine: line.number))), &context)
                    afterMessage = true
                }

            case .sourceLine(let file, let number):
                let reference = SourceReference(file: context.string(file), line: number, inputLine: line.number)
                claimed = hasTrace && builder.addSourceLine(reference)

            case .arguments(let range):
                let text = context.string(range)
                claimed = hasTrace && builder.addArguments(text, line: line.number)
                if !claimed, wasAfterMessage {
                    // `    (valid range: ffff… - ffff…)` continues a crash message.
                    context.setRole(.parsed, line.number)
                    afterMessage = true
                    return
                }
            }
            if claimed {
                context.setRole(.parsed, line.number)
                afterUnrecognized = false
            } else {
                afterMessage = wasAfterMessage
                unknown(line, &context)
            }
        }

        mutating func finish(_ context: inout ParseContext) {
            finishTrace(&context)
        }

        // MARK: - Tasks and fragments

        private mutating func startTask(_ header: TaskHeaderGrammar.Header, _ line: Line, _ context: inout ParseContext) {
            finishTrace(&context)
            pendingElisions.removeAll()
            self.header = (header.pid, header.taskAddress, header.cpu, header.command.map { context.string($0) }, line.number)
            startTrace()
            if !header.isComplete {
                report(context.diagnostic(.warning, .truncatedTaskHeader, line: line.number, offset: line.range.lowerBound), &context)
            }
        }

        private mutating func startTrace() {
            builder.reset()
            hasTrace = true
        }

        /// Makes sure there is a trace to add to; frames without a header start a fragment.
        private mutating func ensureBacktrace(_ line: Line, _ context: inout ParseContext) {
            guard !hasTrace else { return }
            startTrace()
            let afterElision = !pendingElisions.isEmpty
            builder.setLeadingElisions(pendingElisions)
            pendingElisions.removeAll()
            report(context.diagnostic(
                afterElision ? .note : .warning, .frameWithoutTaskHeader(afterElision: afterElision),
                line: line.number, offset: line.range.lowerBound
            ), &context)
        }

        private mutating func finishTrace(_ context: inout ParseContext) {
            // Taken out, not copied: a copy left behind would make every append copy the arrays.
            guard hasTrace else { return }
            hasTrace = false
            guard let header = header.take() else {
                context.transcript.fragments.append(builder.finish())
                return
            }
            context.transcript.tasks.append(KernelTask(
                pid: header.pid, taskAddress: header.taskAddress, cpu: header.cpu, command: header.command,
                state: defaultState, line: header.line, commandIndex: command, backtrace: builder.finish(),
                diagnostics: taskDiagnostics
            ))
            taskDiagnostics.removeAll()
        }

        /// Records a diagnostic on the open task (if any) and on the transcript.
        private mutating func report(_ diagnostic: Diagnostic, _ context: inout ParseContext) {
            if header != nil { taskDiagnostics.append(diagnostic) }
            context.transcript.diagnostics.append(diagnostic)
        }
    }
}

extension Diagnostic.Message {
    fileprivate static var unrecognizedLine: Self {
        .init("not understood as `bt` output; the line is kept as unrecognized")
    }
    fileprivate static func frameWithoutAddress(_ what: String) -> Self {
        .init("frame line with \(what); the line may be cut or edited")
    }
    fileprivate static func unknownStackSwitch(_ name: String) -> Self {
        .init("stack separator `<\(name)>` is not one crash prints; frames above it are labelled from its name")
    }
    fileprivate static var truncatedTaskHeader: Self {
        .init("task header is incomplete (expected `PID: … TASK: … CPU: … COMMAND: \"…\"`); the line may be cut")
    }
    fileprivate static func frameWithoutTaskHeader(afterElision: Bool) -> Self {
        afterElision
            ? .init("frames follow an elision without a task header; they are kept as a fragment")
            : .init("frames without a task header (`PID: … TASK: …`); they are kept as a fragment")
    }
}
