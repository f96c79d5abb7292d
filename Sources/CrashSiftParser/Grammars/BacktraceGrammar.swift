import CrashSiftModel
import CrashSiftText

/// The output of `bt` with any flags (`-a -f -F -FF -l -s -x -d -e -E -t -T -c -p -o -O -v -r`),
/// and the per-task body of `foreach … bt`: task headers, frames, stack switches, register
/// dumps, `-f` stack words, `-l` source lines, `-t` text symbols, and crash's own messages.
///
/// Reading happens in two steps. ``classify(_:_:)`` looks at one line alone and says what it
/// is (it never changes anything, so the splitter can use it to find where bare output ends);
/// ``Assembler`` then places the item into the task being built: a register row goes into the
/// open exception frame, a separator labels the frames above it with their stack, and so on.
enum BacktraceGrammar: BareOutputGrammar {
    static let inferredCommandName = "bt"

    /// A frame line, or a header with at least `PID:` and `TASK:` (crash's `set`/`task`
    /// displays and the session banner print a lone `PID: 150` line that is not a `bt` header).
    static func startsBareOutput(_ line: Line, _ context: ParseContext) -> Bool {
        switch classify(line, context) {
        case .header(let header): header.taskAddress != nil
        case .frame: true
        default: false
        }
    }

    static func continuation(of line: Line, _ context: ParseContext) -> BareContinuation {
        PastedText.isElision(line, in: context.base) || classify(line, context) != nil ? .strong : .no
    }

    static func parse(_ output: LineSpan, command: Int, context: inout ParseContext) {
        parse(output, command: command, defaultState: nil, context: &context)
    }

    /// Reads `output`; tasks whose header does not print a state get `defaultState`
    /// (the state filter of `foreach RU bt`).
    static func parse(_ output: LineSpan, command: Int, defaultState: TaskState?, context: inout ParseContext) {
        guard !output.isEmpty else { return }
        var assembler = Assembler(command: command, defaultState: defaultState)
        for number in output.first...output.last {
            // The splitter or the paste repair already settled this line (an over-long line,
            // an annotation, a doubled copy); only crash's own blank lines end a register dump.
            if context.transcript.lineRoles[number - 1] != .blank { continue }
            let line = context.line(number)
            if line.isBlank {
                assembler.blankLine()
                continue
            }
            // Frame lines and register rows are most of any trace: try their one-pass readers first.
            let first = context.base[line.range.lowerBound]
            if first == ASCII.hash {
                if assembler.fastFrame(line, &context) { continue }
            } else if ASCII.isUpper(first) {
                if assembler.fastRegisterRow(line, &context) { continue }
            }
            if PastedText.isElision(line, in: context.base) {
                assembler.elision(line, &context)
            } else if let item = classify(line, context) {
                assembler.apply(item, line, &context)
            } else {
                assembler.unknown(line, &context)
            }
        }
        assembler.finish(&context)
    }

    // MARK: - Line shapes

    /// What one line of `bt` output is, with its fields as byte ranges.
    enum Item {
        case header(TaskHeaderGrammar.Header)
        case frame(index: Int, sp: HexNumber?, site: CallSiteGrammar.CallSite?, spText: Range<Int>)
        case stackSwitch(name: Range<Int>)
        case status(Diagnostic.Severity)
        /// `[exception RIP: generic_exec_single+0xfa]` (`EIP` on i386).
        case exceptionLocation(symbol: Range<Int>)
        case registers([RegisterLineGrammar.Field])
        case registerSymbol(name: Range<Int>, symbol: Range<Int>)
        case valueContinuation(Range<Int>)
        case lowcoreEntry(name: Range<Int>, value: Range<Int>)
        case textSymbol(sp: HexNumber?, site: CallSiteGrammar.CallSite, isStart: Bool)
        case heading(Heading)
        case message(CrashMessageGrammar.Kind, text: Range<Int>)
        case stackData(address: HexNumber?, words: Range<Int>, gluedMessage: Range<Int>?)
        case sourceLine(file: Range<Int>, line: Int)
        case arguments(Range<Int>)
    }

    /// Lines that introduce a register dump or a stretch of stack without being one.
    enum Heading: Equatable {
        /// `KERNEL-MODE EXCEPTION FRAME AT: ADDR` (x86_64, arm64), `… AT ADDR:` (i386, ppc64),
        /// s390x `USER-MODE INTERRUPT FRAME at ADDR` / `KERNEL-MODE INTERRUPT FRAME; pt_regs at ADDR:`,
        /// ppc64 `Hardware Interrupt [500] exception frame:`, s390x `LOWCORE INFO:`.
        case exceptionFrame(mode: ExceptionFrame.Mode, address: HexNumber?, followsFrame: Bool)
        /// s390x ` pt_regs at ADDR:`, the second line of a `bt -e` heading.
        case ptRegs(address: HexNumber?)
        /// `bt -E`: `CPU 3 IRQ STACK:`, `CPU 0 NMI EXCEPTION STACK: [OFFLINE]`.
        case perCPUStack(StackKind)
    }

    /// What `line` is, judged from the line alone; nil when it is not `bt` output.
    static func classify(_ line: Line, _ context: ParseContext) -> Item? {
        let base = context.base
        let first = base[line.range.lowerBound]
        var c = context.cursor(line)

        switch first {
        case ASCII.hash:
            if let frame = parseFrame(&c) { return frame }
        case UInt8(ascii: "P"):
            if let header = TaskHeaderGrammar.parse(&c) { return .header(header) }
        case ASCII.minus:
            if let name = c.lexStackSwitch() {
                // ppc64's `---<Nested NMI>---` looks like a separator but says the walk stopped;
                // the status table below reads it.
                if !isNestedNMI(name, base) { return .stackSwitch(name: name) }
            }
            c = context.cursor(line)
            if let (name, value) = RegisterLineGrammar.parseLowcoreEntry(&c) { return .lowcoreEntry(name: name, value: value) }
        case ASCII.openBracket:
            if let item = classifyBracketLine(line, context) { return item }
        default:
            break
        }

        c = context.cursor(line)
        if let severity = CrashMessageGrammar.parseStatus(&c) { return .status(severity) }
        c = context.cursor(line)
        if let message = CrashMessageGrammar.parse(&c) { return .message(message.kind, text: message.text) }
        if ASCII.isUpper(first) {
            if let heading = parseHeading(line, context) { return .heading(heading) }
            c = context.cursor(line)
            if c.consume("START:"), c.consumeBlanks(), let site = CallSiteGrammar.parse(c.rest, in: base) {
                return .textSymbol(sp: nil, site: site, isStart: true)
            }
            c = context.cursor(line)
            if let fields = RegisterLineGrammar.parseRow(&c) { return .registers(fields) }
            // ppc64 continues a heading on a second line: ` pt_regs at ADDR:` is lower case.
        }
        if first == UInt8(ascii: "p") {
            c = context.cursor(line)
            if c.consume("pt_regs at "), let address = c.lexHex(), c.consume(ASCII.colon), c.isAtEnd {
                return .heading(.ptRegs(address: address))
            }
        }
        if ASCII.isHexDigit(first) {
            c = context.cursor(line)
            if let data = parseStackData(&c) { return data }
            c = context.cursor(line)
            if let continuation = RegisterLineGrammar.parseValueContinuation(&c) { return .valueContinuation(continuation) }
        }
        if first == ASCII.openParen, base[line.range.upperBound - 1] == ASCII.closeParen {
            return .arguments(line.range)
        }
        if let source = parseSourceLine(line, base) { return source }
        return nil
    }

    /// `#N [sp] call-site`; the sp may be a word (`[user space]`).
    private static func parseFrame(_ c: inout Lexer.Cursor) -> Item? {
        var probe = c
        guard probe.consume(ASCII.hash), let index = probe.lexDecimal(), probe.consumeBlanks(),
              let spText = probe.lexBracketed()
        else { return nil }
        var spCursor = Lexer.Cursor(probe.base, spText)
        var sp = spCursor.lexHex()
        if !spCursor.isAtEnd { sp = nil }
        probe.skipBlanks()
        let site = CallSiteGrammar.parse(probe.rest, in: probe.base)
        c.position = c.end
        return .frame(index: index, sp: sp, site: site, spText: spText)
    }

    /// Lines that start with `[`: exception locations, ppc64 symbol lines, text symbols,
    /// i386 `-f` summaries, crash's error-trace continuation, the recursion status.
    private static func classifyBracketLine(_ line: Line, _ context: ParseContext) -> Item? {
        let base = context.base
        var c = context.cursor(line)
        guard let inner = c.lexBracketed() else { return nil }
        var i = Lexer.Cursor(base, inner)
        if c.isAtEnd {
            // `[exception RIP: …]`, `[exception EIP: …]`
            if i.consume("exception "), i.lexLabel() != nil {
                i.skipBlanks()
                return .exceptionLocation(symbol: i.rest)
            }
            i = Lexer.Cursor(base, inner)
            // i386 `bt -f`: `[RA: c0153088  SP: c0ceded4  FP: c0cedf04  SIZE: 52]`
            if RegisterLineGrammar.parseRow(&i) != nil {
                return .stackData(address: nil, words: inner, gluedMessage: nil)
            }
            c = context.cursor(line)
            if let (name, symbol) = RegisterLineGrammar.parseSymbolLine(&c) {
                return .registerSymbol(name: name, symbol: symbol)
            }
            return nil
        }
        // `[ffffc90000164c38] machine_kexec at ffffffff81079c4f`
        if let sp = i.lexHex(), i.isAtEnd, c.consumeBlanks(), let site = CallSiteGrammar.parse(c.rest, in: base),
           site.address != nil
        {
            return .textSymbol(sp: sp, site: site, isStart: false)
        }
        return nil
    }

    private static func isNestedNMI(_ name: Range<Int>, _ base: UnsafeBufferPointer<UInt8>) -> Bool {
        base[name].elementsEqual("Nested NMI".utf8)
    }

    /// Headings of exception frames (`bt -e`, ppc64, s390x) and of `bt -E` per-CPU stacks.
    private static func parseHeading(_ line: Line, _ context: ParseContext) -> Heading? {
        let base = context.base
        var c = context.cursor(line)
        var mode: ExceptionFrame.Mode?
        if c.consume("KERNEL-MODE ") { mode = .kernel }
        else if c.consume("USER-MODE ") { mode = .user }
        else if c.consume("UNKNOWN-MODE ") { mode = .unknown }
        if let mode {
            guard c.consume("EXCEPTION FRAME") || c.consume("INTERRUPT FRAME") else { return nil }
            return .exceptionFrame(mode: mode, address: lastHexNumber(in: c.rest, base), followsFrame: false)
        }
        if c.consume("LOWCORE INFO:"), c.isAtEnd {
            return .exceptionFrame(mode: .unknown, address: nil, followsFrame: false)
        }
        // ppc64: `Hardware Interrupt [500] exception frame:` (the description varies).
        if endsWith(line, "exception frame:", base) {
            return .exceptionFrame(mode: .unknown, address: nil, followsFrame: true)
        }
        // bt -E: `CPU 3 IRQ STACK:`, `CPU 0 NMI EXCEPTION STACK: [OFFLINE]`
        c = context.cursor(line)
        if c.consume("CPU "), c.lexDecimal() != nil, c.consumeBlanks(), let colon = c.lex(upTo: ASCII.colon) {
            let name = String(decoding: UnsafeBufferPointer(rebasing: base[colon]), as: UTF8.self)
            guard name.hasSuffix("STACK") else { return nil }
            let words = name.split(separator: " ").dropLast().map { $0.lowercased() }
            let kind: StackKind = switch words.joined(separator: " ") {
            case "irq", "hard irq": .irq
            case "soft irq": .softirq
            default: StackSwitchTable.fallbackKind(for: words.joined(separator: " "))
            }
            return .perCPUStack(kind)
        }
        return nil
    }

    /// The last hex number on the line (`AT: ffff…`, `AT c0b3bf44:`, `at 38000003e98`).
    private static func lastHexNumber(in range: Range<Int>, _ base: UnsafeBufferPointer<UInt8>) -> HexNumber? {
        var end = range.upperBound
        if end > range.lowerBound, base[end - 1] == ASCII.colon { end -= 1 }
        var start = end
        while start > range.lowerBound, ASCII.isHexDigit(base[start - 1]) { start -= 1 }
        guard start < end, start == range.lowerBound || !ASCII.isAlphanumeric(base[start - 1]) else { return nil }
        var c = Lexer.Cursor(base, start..<end)
        return c.lexHex()
    }

    private static func endsWith(_ line: Line, _ literal: StaticString, _ base: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard line.range.count >= count else { return false }
        let tail = UnsafeBufferPointer(rebasing: base[(line.range.upperBound - count)..<line.range.upperBound])
        return tail.elementsEqual(UnsafeBufferPointer(start: literal.utf8Start, count: count))
    }

    /// `bt -f` words: `ffffc90000164c40: 0000000000000000 0000000000000000`, possibly with a
    /// crash message glued to the end (s390x).
    private static func parseStackData(_ c: inout Lexer.Cursor) -> Item? {
        var probe = c
        guard let address = probe.lexHex(), probe.consume(ASCII.colon), probe.isAtEnd || probe.consumeBlanks() else {
            return nil
        }
        var words = probe.rest
        var glued: Range<Int>?
        if let messageStart = CrashMessageGrammar.gluedMessageStart(in: words, of: probe.base) {
            glued = messageStart..<words.upperBound
            words = words.lowerBound..<messageStart
        }
        c.position = c.end
        return .stackData(address: address, words: words, gluedMessage: glued)
    }

    /// `bt -l`: `    kernel/panic.c: 250` or an absolute path; the path has a `/` or a `.`.
    private static func parseSourceLine(_ line: Line, _ base: UnsafeBufferPointer<UInt8>) -> Item? {
        // Find ": <digits>" at the end.
        var digits = line.range.upperBound
        while digits > line.range.lowerBound, ASCII.isDigit(base[digits - 1]) { digits -= 1 }
        guard digits < line.range.upperBound, digits - line.range.lowerBound >= 3,
              base[digits - 1] == ASCII.space, base[digits - 2] == ASCII.colon
        else { return nil }
        let file = line.range.lowerBound..<(digits - 2)
        var sawPathByte = false
        for at in file {
            let byte = base[at]
            if ASCII.isBlank(byte) { return nil }
            if byte == ASCII.slash || byte == ASCII.dot { sawPathByte = true }
        }
        guard sawPathByte else { return nil }
        var c = Lexer.Cursor(base, digits..<line.range.upperBound)
        guard let number = c.lexDecimal() else { return nil }
        return .sourceLine(file: file, line: number)
    }
}
