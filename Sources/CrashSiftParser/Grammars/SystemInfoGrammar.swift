import CrashSiftModel
import CrashSiftText

/// The output of `sys` (kernel.c `display_sys_stats()`) and its modes: `sys -t` (taint mask),
/// `sys -i` (DMI strings), `sys -c` (the system-call table) and `sys config` (the kernel's
/// `.config`).
///
/// The summary and the DMI strings are `KEY: value` lines whose keys crash right-aligns so the
/// colons line up; they are read by keyword, never by column. A value can continue on lines
/// indented deeper than its key (a split dump lists one file per line under `DUMPFILES:`).
/// Which mode printed the output is read from the command's arguments, as crash chooses it.
///
/// Without a prompt, the summary is recognised by its `KERNEL:` line: crash prints it (and
/// the context task, `PID:` … `STATE: TASK_RUNNING (PANIC)`) in its start-up banner.
enum SystemInfoGrammar: BareOutputGrammar {
    static let inferredCommandName = "sys"

    static func startsBareOutput(_ line: Line, _ context: ParseContext) -> Bool {
        var c = Lexer.Cursor(context.base, line.range)
        c.skipBlanks()
        return c.startsWith("KERNEL: ")
    }

    /// `KEY: value` lines (the banner's keys are upper-case words) continue it; anything else ends it.
    static func continuation(of line: Line, _ context: ParseContext) -> BareContinuation {
        var c = Lexer.Cursor(context.base, line.range)
        c.skipBlanks()
        guard let first = c.peek(), ASCII.isUpper(first) else { return .no }
        while let byte = c.peek(), ASCII.isUpper(byte) || ASCII.isDigit(byte) || byte == ASCII.underscore || byte == ASCII.space {
            c.position += 1
        }
        return c.consume(ASCII.colon) && (c.isAtEnd || c.peek() == ASCII.space) ? .strong : .no
    }

    static func parse(_ output: LineSpan, command: Int, context: inout ParseContext) {
        let kind = kind(forArguments: context.transcript.commands[command].arguments)
        var reader = Reader(info: SystemInfo(kind: kind, commandIndex: command, lines: output))
        if !output.isEmpty {
            for number in output.first...output.last {
                // The splitter or the paste repair already settled this line (an over-long line,
                // an annotation, a doubled copy).
                if context.transcript.lineRoles[number - 1] != .blank { continue }
                let line = context.line(number)
                if line.isBlank {
                    reader.openField = nil
                    continue
                }
                reader.read(line, &context)
            }
        }
        context.transcript.systems.append(reader.info)
    }

    /// The mode crash runs for `arguments`, following `cmd_sys()`: `-t` and `-i` print and
    /// return at once, `-c` (before any of them) selects the system-call table, `config` the
    /// kernel configuration. A pipe or redirection ends the arguments.
    static func kind(forArguments arguments: String) -> SystemInfo.Kind {
        let command = arguments.prefix { $0 != "|" && $0 != ">" }
        var sawSystemCallFlag = false
        for word in command.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
            if word.hasPrefix("-") {
                flags: for flag in word.dropFirst() {
                    switch flag {
                    case "t": return .taint
                    case "i": return .dmi
                    case "c": sawSystemCallFlag = true
                    // `-panic`: the rest of the word is the argument of `-p`.
                    case "p": break flags
                    default: break
                    }
                }
            } else if sawSystemCallFlag {
                return .systemCalls
            } else if word == "config" {
                return .config
            }
        }
        return sawSystemCallFlag ? .systemCalls : .summary
    }

    // MARK: - Reading lines

    private struct Reader {
        var info: SystemInfo
        /// The field whose value the next deeper-indented line continues, and its key's indentation.
        var openField: (index: Int, indentation: Int)?
        var unclaimed = UnclaimedLines(unrecognizedMessage: .unrecognizedSystemLine)

        mutating func read(_ line: Line, _ context: inout ParseContext) {
            if PastedText.isElision(line, in: context.base) {
                _ = context.recordElision(line)
                unclaimed.lineWasRead()
                openField = nil
                return
            }
            if unclaimed.readMessage(line, &context) {
                openField = nil
                return
            }
            if readModeLine(line, &context) || readField(line, &context) || continueField(line, &context) {
                context.setRole(.parsed, line.number)
                unclaimed.lineWasRead()
                return
            }
            unclaimed.readUnclaimed(line, &context)
            openField = nil
        }

        /// The lines only one mode prints: `sys -c` rows and `sys config` options.
        private mutating func readModeLine(_ line: Line, _ context: inout ParseContext) -> Bool {
            switch info.kind {
            case .systemCalls:
                var c = context.cursor(line)
                if c.consume("NUM"), c.consumeBlanks(), c.startsWith("SYSTEM CALL") { return true }
                // Rows are read without the heading too: a paste may start below it.
                guard let call = SystemInfoGrammar.systemCall(line, &context) else { return false }
                info.systemCalls.append(call)
                return true
            case .config:
                switch SystemInfoGrammar.configLine(line, context) {
                case .option(let name, let value):
                    info.configOptions.append(KernelConfigOption(
                        name: context.string(name), value: value.map { context.string($0) }, line: line.number
                    ))
                    return true
                case .comment:
                    return true
                case nil:
                    return false
                }
            case .summary, .taint, .dmi:
                return false
            }
        }

        /// A `KEY: value` line, with its typed value read.
        private mutating func readField(_ line: Line, _ context: inout ParseContext) -> Bool {
            guard info.kind != .config, let (key, value) = SystemInfoGrammar.keyValue(line, context.base) else { return false }
            let keyText = context.string(key)
            info.fields.append(SystemInfo.Field(key: keyText, value: context.string(value), line: line.number))
            openField = (info.fields.count - 1, line.indentation)
            SystemInfoGrammar.readValue(of: keyText, value, into: &info, context)
            return true
        }

        /// A line indented deeper than the key of the field above it continues its value.
        private mutating func continueField(_ line: Line, _ context: inout ParseContext) -> Bool {
            guard let open = openField, line.indentation > open.indentation else { return false }
            info.fields[open.index].value += "\n" + context.string(line.range)
            info.fields[open.index].lastLine = line.number
            let key = info.fields[open.index].key
            if key == "DUMPFILE" || key == "DUMPFILES" {
                SystemInfoGrammar.readDumpFiles(line.range, into: &info, context)
            }
            return true
        }
    }

    // MARK: - Line shapes

    /// `      KERNEL: vmlinux  [TAINTED]`, `LOAD AVERAGE: …`, `DMI_BIOS_VENDOR: LENOVO`,
    /// `dmi_ident[12]: …`: the key (upper-case words of letters, digits and `_`, single blanks
    /// between them; or crash's lower-case `dmi_ident[N]`) and the value after `: ` (may be empty).
    static func keyValue(_ line: Line, _ base: UnsafeBufferPointer<UInt8>) -> (key: Range<Int>, value: Range<Int>)? {
        let start = line.range.lowerBound
        let end = line.range.upperBound
        var at = start
        guard at < end else { return nil }
        if ASCII.isUpper(base[at]) {
            while at < end {
                let byte = base[at]
                if ASCII.isUpper(byte) || ASCII.isDigit(byte) || byte == ASCII.underscore {
                    at += 1
                } else if byte == ASCII.space, at + 1 < end, ASCII.isUpper(base[at + 1]) {
                    at += 1
                } else {
                    break
                }
            }
        } else if ASCII.isLower(base[at]) {
            // `dmi_ident[3]`: crash's name for a DMI string it has no name for.
            while at < end, ASCII.isLower(base[at]) || base[at] == ASCII.underscore { at += 1 }
            var c = Lexer.Cursor(base, at..<end)
            guard let index = c.lexBracketed(), !index.isEmpty, index.allSatisfy({ ASCII.isDigit(base[$0]) }) else { return nil }
            at = c.position
        } else {
            return nil
        }
        let key = start..<at
        guard key.count <= 40, at < end, base[at] == ASCII.colon else { return nil }
        at += 1
        guard at == end || ASCII.isBlank(base[at]) else { return nil }
        while at < end, ASCII.isBlank(base[at]) { at += 1 }
        return (key, at..<end)
    }

    /// Reads the typed property behind `key` from `value`.
    static func readValue(of key: String, _ value: Range<Int>, into info: inout SystemInfo, _ context: ParseContext) {
        let base = context.base
        var c = Lexer.Cursor(base, value)
        switch key {
        case "KERNEL":
            let (path, markers) = textAndMarkers(value, base)
            if !path.isEmpty { info.kernel = context.string(path) }
            info.kernelMarkers += markers.map { context.string($0) }
        case "SYSTEM MAP":
            // The kernel itself is named on the `DEBUG KERNEL:` line that follows.
            info.kernelMarkers += textAndMarkers(value, base).markers.map { context.string($0) }
        case "DEBUG KERNEL":
            if info.kernel == nil, let path = c.lexWord() { info.kernel = context.string(path) }
        case "DUMPFILE", "DUMPFILES":
            readDumpFiles(value, into: &info, context)
        case "CPUS":
            guard let count = c.lexDecimal() else { return }
            info.cpuCount = count
            info.offlineCPUCount = 0
            c.skipBlanks()
            if c.consume("[OFFLINE:") {
                c.skipBlanks()
                if let offline = c.lexDecimal(), c.consume(ASCII.closeBracket) { info.offlineCPUCount = offline }
            }
        case "UPTIME":
            info.uptimeSeconds = uptimeSeconds(&c)
        case "LOAD AVERAGE":
            // `1.86, 0.41, 0.13`
            var averages: [Double] = []
            while let average = decimalFraction(&c) {
                averages.append(average)
                guard c.consume(UInt8(ascii: ",")) else { break }
                c.skipBlanks()
            }
            if c.isAtEnd { info.loadAverage = averages }
        case "TASKS":
            if let count = c.lexDecimal(), c.isAtEnd { info.taskCount = count }
        case "RELEASE":
            if !value.isEmpty { info.release = release(value, context) }
        case "MACHINE":
            // `x86_64  (2596 Mhz)`; crash before 5.0 printed `(500 MHz)`.
            guard let open = c.find("(") else { return }
            c.position = open + 1
            if let mhz = c.lexDecimal(), c.consume(" Mhz)") || c.consume(" MHz)") { info.processorMHz = mhz }
        case "PANIC":
            readPanic(&c, into: &info, context)
        case "TAINTED_MASK", "TAINTED":
            guard let mask = c.lexHex() else { return }
            info.taintMask = mask
            c.skipBlanks()
            if !c.isAtEnd { info.taintFlags = context.string(c.rest) }
        default:
            break
        }
    }

    /// `"Kernel panic - not syncing: RCU Stall"`, `"Oops: 0002 [#1] SMP" (check log for details)`,
    /// `(HARDWARE RESET)`, `""`.
    private static func readPanic(_ c: inout Lexer.Cursor, into info: inout SystemInfo, _ context: ParseContext) {
        if c.peek() == ASCII.quote {
            // The message is not escaped: it runs to the last quote of the line.
            guard let message = c.lexQuotedToLastQuote() else {
                // An opening quote with no closing one: the line was cut.
                info.panicMessage = context.string((c.position + 1)..<c.end)
                return
            }
            info.panicMessage = context.string(message)
            c.skipBlanks()
        }
        if let remark = c.lexParenthesized() { info.panicRemark = context.string(remark) }
    }

    /// The files of a `DUMPFILE(S):` value or continuation line and the markers after them.
    static func readDumpFiles(_ range: Range<Int>, into info: inout SystemInfo, _ context: ParseContext) {
        let (files, markers) = textAndMarkers(range, context.base)
        if !files.isEmpty { info.dumpFiles.append(context.string(files)) }
        for marker in markers.map({ context.string($0) }) where !info.dumpMarkers.contains(marker) {
            info.dumpMarkers.append(marker)
        }
    }

    /// Splits `vmlinux-6.1.0  [TAINTED]`, `dump.2026  [PARTIAL DUMP]`, `vmcore [temporary ELF
    /// header]`, `vmlinux  (temporary)` into the text and the bracketed or parenthesised markers
    /// crash appends (each after a blank).
    static func textAndMarkers(_ range: Range<Int>, _ base: UnsafeBufferPointer<UInt8>) -> (text: Range<Int>, markers: [Range<Int>]) {
        var textEnd = range.upperBound
        var at = range.lowerBound
        while at < range.upperBound {
            if ASCII.isBlank(base[at]), at + 1 < range.upperBound {
                var next = at
                while next < range.upperBound, ASCII.isBlank(base[next]) { next += 1 }
                if next < range.upperBound, base[next] == ASCII.openBracket || base[next] == ASCII.openParen {
                    textEnd = at
                    break
                }
                at = next
                continue
            }
            at += 1
        }
        var markers: [Range<Int>] = []
        var c = Lexer.Cursor(base, textEnd..<range.upperBound)
        while true {
            c.skipBlanks()
            guard let marker = c.peek() == ASCII.openBracket ? c.lexBracketed() : c.lexParenthesized() else { break }
            markers.append(marker)
        }
        // Text that is not a marker after the first one (a remote dump's `(remote dumpfile)` is one,
        // anything else is not): keep the whole value as the text.
        if !c.isAtEnd { return (range, []) }
        return (range.lowerBound..<textEnd, markers)
    }

    /// `00:00:18`, `10 days, 14:14:39` in seconds; nil for `(cannot calculate: unknown HZ value)`.
    private static func uptimeSeconds(_ c: inout Lexer.Cursor) -> Int? {
        var days = 0
        var probe = c
        if let count = probe.lexDecimal(), probe.consume(" day") {
            _ = probe.consume(UInt8(ascii: "s"))
            guard probe.consume(UInt8(ascii: ",")) else { return nil }
            probe.skipBlanks()
            days = count
            c = probe
        }
        guard let hours = c.lexDecimal(), c.consume(ASCII.colon), let minutes = c.lexDecimal(), c.consume(ASCII.colon),
              let seconds = c.lexDecimal(), c.isAtEnd
        else { return nil }
        return ((days * 24 + hours) * 60 + minutes) * 60 + seconds
    }

    /// `1.86` (digits, optionally a dot and more digits) as a `Double`: one division of two
    /// exact integers, so the result is the double nearest the printed number.
    static func decimalFraction(_ c: inout Lexer.Cursor) -> Double? {
        var probe = c
        let start = probe.position
        guard var digits = probe.lexDecimal() else { return nil }
        var scale = 1
        if probe.consume(ASCII.dot) {
            while let byte = probe.peek(), ASCII.isDigit(byte) {
                guard probe.position - start < 15 else { return nil }
                digits = digits * 10 + Int(byte - 0x30)
                scale *= 10
                probe.position += 1
            }
        }
        guard probe.position - start <= 16 else { return nil }
        c = probe
        return Double(digits) / Double(scale)
    }

    /// `6.1.0-56-rt-amd64` → numbers [6, 1, 0], suffix `-56-rt-amd64`.
    static func release(_ range: Range<Int>, _ context: ParseContext) -> KernelRelease {
        var c = Lexer.Cursor(context.base, range)
        var numbers: [Int] = []
        while let number = c.lexDecimal() {
            numbers.append(number)
            var dot = c
            guard dot.consume(ASCII.dot), dot.peek().map(ASCII.isDigit) == true else { break }
            c = dot
        }
        return KernelRelease(text: context.string(range), numbers: numbers, suffix: context.string(c.rest))
    }

    /// A `sys -c` row: `  1  sys_exit                   ../kernel/exit.c: 404`, a row without a
    /// source line (no debuginfo), or `  7  invalid sys_call_table entry: ADDR (symbol)`.
    static func systemCall(_ line: Line, _ context: inout ParseContext) -> SystemCall? {
        var c = context.cursor(line)
        guard let number = c.lexDecimal(), c.consumeBlanks() else { return nil }
        if c.consume("invalid sys_call_table entry:") {
            c.skipBlanks()
            guard let entry = c.lexHex() else { return nil }
            c.skipBlanks()
            let symbol = c.lexParenthesized().map { context.string($0) } ?? ""
            guard c.isAtEnd else { return nil }
            return SystemCall(number: number, name: symbol, invalidEntry: entry, line: line.number)
        }
        guard let name = c.lexWord() else { return nil }
        var call = SystemCall(number: number, name: context.intern(name), line: line.number)
        c.skipBlanks()
        if !c.isAtEnd {
            // `../fs/read_write.c: 117`: the file, `: `, the line.
            guard let file = c.lexWord(), context.base[file.upperBound - 1] == ASCII.colon, c.consumeBlanks(),
                  let sourceLine = c.lexDecimal(), c.isAtEnd
            else { return nil }
            call.file = context.string(file.lowerBound..<(file.upperBound - 1))
            call.sourceLine = sourceLine
        }
        return call
    }

    enum ConfigLine {
        /// `CONFIG_X=value`, or `# CONFIG_X is not set` (no value).
        case option(name: Range<Int>, value: Range<Int>?)
        /// Any other `#` line, as the kernel writes them into `.config`.
        case comment
    }

    /// A line of `sys config`.
    static func configLine(_ line: Line, _ context: ParseContext) -> ConfigLine? {
        var c = context.cursor(line)
        if c.consume(ASCII.hash) {
            c.skipBlanks()
            let nameStart = c.position
            if c.startsWith("CONFIG_"), let name = c.lexWord(), c.consumeBlanks(), c.consume("is not set"), c.isAtEnd {
                return .option(name: nameStart..<name.upperBound, value: nil)
            }
            return .comment
        }
        guard c.startsWith("CONFIG_") else { return nil }
        let nameStart = c.position
        while let byte = c.peek(), ASCII.isAlphanumeric(byte) || byte == ASCII.underscore { c.position += 1 }
        let name = nameStart..<c.position
        guard c.consume(UInt8(ascii: "=")) else { return nil }
        return .option(name: name, value: c.rest)
    }
}

extension Diagnostic.Message {
    fileprivate static var unrecognizedSystemLine: Self {
        .init("not understood as `sys` output; the line is kept as unrecognized")
    }
}
