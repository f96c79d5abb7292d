import CrashSiftModel
import CrashSiftText

extension BacktraceGrammar {
    /// Places classified lines into tasks: it knows which task and which register dump are
    /// open, which frame a dump belongs to, and which frames a separator closes.
    struct Assembler {
        let command: Int
        let defaultState: TaskState?
        /// The task whose header was read last (nil before the first header).
        private var task: KernelTask?
        /// The trace being built: the open task's, or a fragment's when frames came without a header.
        private var builder: BacktraceBuilder?
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
            builder?.closeException()
        }

        mutating func elision(_ line: Line, _ context: inout ParseContext) {
            let elision = context.recordElision(line)
            if builder != nil {
                builder!.backtrace.elisions.append(elision)
                builder!.extend(to: line.number)
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
                builder!.addFrame(frame)

            case .stackSwitch(let name):
                ensureBacktrace(line, &context)
                let spelling = context.string(name)
                if let entry = StackSwitchTable.entry(named: name, in: context.base) {
                    builder!.switchStack(to: entry.kind, name: spelling, line: line.number, closesAbove: entry.closesAbove)
                } else {
                    report(context.diagnostic(.note, .unknownStackSwitch(spelling), line: line.number, offset: name.lowerBound), &context)
                    builder!.switchStack(to: StackSwitchTable.fallbackKind(for: spelling), name: spelling, line: line.number, closesAbove: true)
                }

            case .status(let severity):
                builder?.closeException()
                let text = context.string(line.range)
                report(Diagnostic(severity, .crashStatus(text), at: SourceLocation(line: line.number, column: context.column(of: line.range.lowerBound, onLine: line.number))), &context)
                builder?.extend(to: line.number)

            case .exceptionLocation(let symbol):
                ensureBacktrace(line, &context)
                let (function, offset) = CallSiteGrammar.splitOffset(symbol, in: context.base)
                let text = context.string(symbol)
                let isSymbol = !text.contains(" ")
                builder!.beginOrFillException(line: line.number) { exception in
                    exception.symbol = text
                    exception.function = isSymbol ? context.intern(function) : nil
                    exception.offset = isSymbol ? offset : nil
                }

            case .registers(let fields):
                ensureBacktrace(line, &context)
                let registers = fields.map { field in
                    Register(
                        name: context.intern(field.name),
                        value: field.number.map { .hex($0) } ?? .text(context.string(field.valueText)),
                        symbol: field.symbol.map { context.string($0) }
                    )
                }
                builder!.addRegisters(registers, line: line.number)

            case .registerSymbol(let name, let symbol):
                // ppc64 `[NIP  : sym+off]` after the register rows; when the rows were cut
                // out of a paste, the symbol still names the interrupted function.
                ensureBacktrace(line, &context)
                let registerName = context.intern(name)
                let symbolText = context.string(symbol)
                let (function, offset) = CallSiteGrammar.splitOffset(symbol, in: context.base)
                let functionName = context.intern(function)
                builder!.addRegisterSymbol(name: registerName, symbol: symbolText, line: line.number) { exception in
                    if registerName == "NIP", exception.function == nil {
                        exception.symbol = symbolText
                        exception.function = functionName
                        exception.offset = offset
                    }
                }

            case .valueContinuation(let values):
                let text = context.string(values)
                claimed = builder?.updateOpenException(line: line.number) { exception in
                    guard let last = exception.registers.registers.indices.last,
                          case .text(let previous) = exception.registers.registers[last].value
                    else { return false }
                    exception.registers.registers[last].value = .text(previous.isEmpty ? text : previous + " " + text)
                    exception.registers.lines = exception.registers.lines.lowerBound...line.number
                    return true
                } ?? false

            case .lowcoreEntry(let name, let value):
                let register = Register(name: context.string(name), value: .text(context.string(value)))
                claimed = builder?.updateOpenException(line: line.number) { exception in
                    guard exception.heading == "LOWCORE INFO:" else { return false }
                    if exception.registers.registers.isEmpty {
                        exception.registers.lines = line.number...line.number
                    } else {
                        exception.registers.lines = exception.registers.lines.lowerBound...line.number
                    }
                    exception.registers.registers.append(register)
                    return true
                } ?? false

            case .textSymbol(let sp, let site, let isStart):
                ensureBacktrace(line, &context)
                builder!.addTextSymbol(TextSymbol(
                    sp: sp, function: context.intern(site.function), offset: site.offset, address: site.address,
                    module: site.module.map { context.intern($0) }, isStart: isStart, line: line.number
                ))

            case .heading(let heading):
                if case .perCPUStack = heading {} else { ensureBacktrace(line, &context) }
                let text = context.string(line.range)
                switch heading {
                case .exceptionFrame(let mode, let address, let followsFrame):
                    builder!.beginHeadedException(heading: text, mode: mode, address: address, followsFrame: followsFrame, line: line.number)
                case .ptRegs(let address):
                    claimed = builder!.updateOpenException(line: line.number) { exception in
                        guard let heading = exception.heading, exception.registers.registers.isEmpty else { return false }
                        exception.heading = heading + " " + text
                        if exception.address == nil { exception.address = address }
                        return true
                    }
                case .perCPUStack(let kind):
                    // `bt -E` walks per-CPU stacks, not tasks: its output has no task header.
                    if builder == nil { builder = BacktraceBuilder() }
                    builder!.switchStack(to: kind, name: text, line: line.number, closesAbove: false)
                }

            case .message(let kind, let textRange):
                let text = context.string(textRange)
                let location = SourceLocation(line: line.number, column: context.column(of: textRange.lowerBound, onLine: line.number))
                switch kind {
                case .continuation:
                    break
                case .warning:
                    if text.hasSuffix("possibly bogus exception frame") { builder?.markLastExceptionBogus() }
                    report(Diagnostic(.warning, .crashWarning(text), at: location), &context)
                case .note:
                    report(Diagnostic(.note, .crashNote(text), at: location), &context)
                case .error:
                    report(Diagnostic(.warning, .crashError(text), at: location), &context)
                }
                builder?.closeException()
                builder?.extend(to: line.number)
                afterMessage = true

            case .stackData(let address, let words, let glued):
                let wordList = context.string(words).split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
                claimed = builder?.addStackData(StackWords(address: address, words: wordList, line: line.number)) ?? false
                if claimed, let glued {
                    let text = context.string(glued)
                    report(Diagnostic(.warning, .crashError(text), at: SourceLocation(line: line.number, column: context.column(of: glued.lowerBound, onLine: line.number))), &context)
                    afterMessage = true
                }

            case .sourceLine(let file, let number):
                let reference = SourceReference(file: context.string(file), line: number, inputLine: line.number)
                claimed = builder?.addSourceLine(reference) ?? false

            case .arguments(let range):
                let text = context.string(range)
                claimed = builder?.addArguments(text, line: line.number) ?? false
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
            task = KernelTask(
                pid: header.pid, taskAddress: header.taskAddress, cpu: header.cpu,
                command: header.command.map { context.string($0) }, state: defaultState, line: line.number,
                commandIndex: command
            )
            builder = BacktraceBuilder()
            if !header.isComplete {
                report(context.diagnostic(.warning, .truncatedTaskHeader, line: line.number, offset: line.range.lowerBound), &context)
            }
        }

        /// Makes sure there is a trace to add to; frames without a header start a fragment.
        private mutating func ensureBacktrace(_ line: Line, _ context: inout ParseContext) {
            guard builder == nil else { return }
            builder = BacktraceBuilder()
            builder!.backtrace.elisions = pendingElisions
            pendingElisions.removeAll()
            let afterElision = !builder!.backtrace.elisions.isEmpty
            report(context.diagnostic(
                afterElision ? .note : .warning, .frameWithoutTaskHeader(afterElision: afterElision),
                line: line.number, offset: line.range.lowerBound
            ), &context)
        }

        private mutating func finishTrace(_ context: inout ParseContext) {
            guard var builder else { return }
            builder.finalize()
            if var task {
                task.backtrace = builder.backtrace
                context.transcript.tasks.append(task)
            } else {
                context.transcript.fragments.append(builder.backtrace)
            }
            self.builder = nil
            self.task = nil
        }

        /// Records a diagnostic on the open task (if any) and on the transcript.
        private mutating func report(_ diagnostic: Diagnostic, _ context: inout ParseContext) {
            task?.diagnostics.append(diagnostic)
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
