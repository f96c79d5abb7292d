import CrashSiftModel
import CrashSiftText

/// The output of `list` (tools.c `cmd_list()`, `do_list()`): one address per line, hex
/// without `0x`; with `-s`/`-S`, the members asked for under each address (`  pid = 1,`,
/// multi-line `{ … }` blocks, or the whole `struct vfsmount {` … `}`), read by
/// ``GdbValueGrammar``; and crash's messages about the walk (`list: invalid list entry: 0`,
/// `list: duplicate list entry: …`, `-B`'s loop report), which become diagnostics and
/// ``ListProblem``s of the walk.
///
/// The command line says where the walk started and whether crash printed that start
/// (`list ADDR`, `-h`) or not (`-H`); see ``ListWalk``.
enum ListGrammar: OutputGrammar {
    static func parse(_ output: LineSpan, command: Int, context: inout ParseContext) {
        let invocation = context.transcript.commands[command]
        var walk = arguments(of: invocation, command: command, output: output)
        var afterUnrecognized = false
        var number = output.first
        while number <= output.last {
            defer { number += 1 }
            let line = context.line(number)
            if line.isBlank || context.transcript.lineRoles[number - 1] != .blank { continue }
            if PastedText.isElision(line, in: context.base) {
                _ = context.recordElision(line)
                walk.elisions.append(number)
                continue
            }
            var c = context.cursor(line)
            // `ffff88012b98e040`: the next entry (crash prints no `0x`; a pasted one is accepted).
            _ = c.consume("0x")
            if let address = c.lexHex(), c.isAtEnd {
                context.setRole(.parsed, number)
                let entry = ListEntry(address: address, line: number)
                if isHeadLine(address, walk) {
                    walk.head = entry
                } else {
                    walk.entries.append(entry)
                }
                afterUnrecognized = false
                continue
            }
            if let last = readMembers(line, output: output, into: &walk, &context) {
                number = last
                afterUnrecognized = false
                continue
            }
            c = context.cursor(line)
            if let message = CrashMessageGrammar.parse(&c) {
                context.setRole(.parsed, number)
                record(message, on: line, into: &walk, &context)
                afterUnrecognized = false
                continue
            }
            context.markUnrecognized(line)
            if !afterUnrecognized {
                context.diagnose(.warning, .unrecognizedLine, line: number, offset: line.range.lowerBound)
            }
            afterUnrecognized = true
        }
        context.transcript.lists.append(walk)
    }

    /// Whether the first printed address is the walk's own start: never for `-H`; for
    /// `list ADDR` and `-h ADDR` when it is ADDR (`-O` prints no head), or when the start was a
    /// symbol whose address the command line does not give.
    private static func isHeadLine(_ address: HexNumber, _ walk: ListWalk) -> Bool {
        guard walk.head == nil, walk.entries.isEmpty, walk.headMode != .listHead else { return false }
        switch walk.start {
        case .address(let start): return start.value == address.value
        case .symbol, nil: return walk.headOffset == nil
        }
    }

    // MARK: - Members

    /// `  name = value,` or `struct vfsmount {` … `}` under the last address: reads the
    /// member(s) into that entry and returns the last line taken; nil when `line` is neither.
    private static func readMembers(_ line: Line, output: LineSpan, into walk: inout ListWalk, _ context: inout ParseContext) -> Int? {
        var c = context.cursor(line)
        let hasEntry = walk.head != nil || !walk.entries.isEmpty
        if let typeName = structureHeading(&c), hasEntry {
            // `-s vfsmount`: the whole structure under the address.
            let reading = GdbValueGrammar.read(at: c.position, of: line, through: output.last, member: false, context: &context)
            settle(line.number, reading, output: output, walk: &walk, &context)
            let fields = reading.value.fields ?? [PrintedField(name: nil, value: reading.value, line: line.number)]
            update(&walk) { entry in
                entry.typeName = context.string(typeName)
                entry.fields += fields
            }
            return reading.lastLine
        }
        c = context.cursor(line)
        guard hasEntry, let name = GdbValueGrammar.lexMemberName(&c) else { return nil }
        let reading = GdbValueGrammar.read(at: c.position, of: line, through: output.last, member: true, context: &context)
        settle(line.number, reading, output: output, walk: &walk, &context)
        let field = PrintedField(name: context.intern(name), value: reading.value, line: line.number)
        update(&walk) { $0.fields.append(field) }
        return reading.lastLine
    }

    /// `struct vfsmount {` or `union foo {`: returns the type name and leaves `c` at the brace.
    private static func structureHeading(_ c: inout Lexer.Cursor) -> Range<Int>? {
        var probe = c
        let start = probe.position
        guard probe.consume("struct ") || probe.consume("union ") else { return nil }
        while let byte = probe.peek(), byte != UInt8(ascii: "{") { probe.position += 1 }
        guard probe.peek() == UInt8(ascii: "{"), probe.position + 1 == probe.end else { return nil }
        var end = probe.position
        while end > start, ASCII.isBlank(probe.base[end - 1]) { end -= 1 }
        c = probe
        return start..<end
    }

    /// Marks the lines of a member as parsed and reports what the reading left over.
    private static func settle(_ first: Int, _ reading: GdbValueGrammar.Reading, output: LineSpan, walk: inout ListWalk, _ context: inout ParseContext) {
        for number in first...reading.lastLine where context.transcript.lineRoles[number - 1] == .blank && !context.line(number).isBlank {
            context.setRole(.parsed, number)
        }
        var rest = Lexer.Cursor(context.base, reading.end..<context.line(reading.lastLine).range.upperBound)
        _ = rest.consume(UInt8(ascii: ","))
        rest.skipBlanks()
        if !rest.isAtEnd {
            context.diagnose(.note, .textAfterValue, line: reading.lastLine, offset: rest.position)
        }
        if !reading.isComplete {
            let next = reading.lastLine + 1
            let elided = next <= output.last && PastedText.isElision(context.line(next), in: context.base)
            if !elided { context.diagnose(.warning, .valueWithoutClosingBrace, line: reading.lastLine) }
        }
    }

    /// Changes the entry members are being printed for: the last entry, or the head.
    private static func update(_ walk: inout ListWalk, _ change: (inout ListEntry) -> Void) {
        if !walk.entries.isEmpty {
            change(&walk.entries[walk.entries.count - 1])
        } else if walk.head != nil {
            change(&walk.head!)
        }
    }

    // MARK: - Messages

    /// A crash message: a diagnostic, and for errors a problem of the walk.
    private static func record(_ message: CrashMessageGrammar.Message, on line: Line, into walk: inout ListWalk, _ context: inout ParseContext) {
        let text = context.string(message.text)
        switch message.kind {
        case .warning:
            context.diagnose(.warning, .crashWarning(text), line: line.number, offset: line.range.lowerBound)
        case .note:
            context.diagnose(.note, .crashNote(text), line: line.number, offset: line.range.lowerBound)
        case .error, .continuation:
            context.diagnose(.warning, .crashError(text), line: line.number, offset: line.range.lowerBound)
            if message.kind == .error {
                let (kind, address) = classify(message.text, context.base)
                walk.problems.append(ListProblem(kind: kind, message: text, address: address, line: line.number))
            }
        }
    }

    /// What a `list: …` error says, and the address it names.
    private static func classify(_ text: Range<Int>, _ base: UnsafeBufferPointer<UInt8>) -> (ListProblem.Kind, HexNumber?) {
        var c = Lexer.Cursor(base, text)
        guard let colon = c.lex(upTo: ASCII.colon) else { return (.other, nil) }
        c.position = colon.upperBound + 1
        c.skipBlanks()
        let kinds: [(StaticString, ListProblem.Kind)] = [
            ("invalid list entry", .invalidEntry), ("duplicate list entry", .duplicateEntry),
            ("loop detected", .loopDetected), ("length from start to loop", .loopDetected),
            ("invalid kernel virtual address", .unreadableMemory), ("invalid user virtual address", .unreadableMemory),
            ("seek error", .unreadableMemory), ("read error", .unreadableMemory),
            ("page excluded", .unreadableMemory), ("page incomplete", .unreadableMemory),
        ]
        guard let kind = kinds.first(where: { c.startsWith($0.0) })?.1 else { return (.other, nil) }
        switch kind {
        case .invalidEntry, .duplicateEntry:
            // `list: invalid list entry: ffff…`: the address ends the line.
            guard let at = c.find(": ") else { return (kind, nil) }
            var address = Lexer.Cursor(base, (at + 2)..<text.upperBound)
            _ = address.consume("0x")
            return (kind, address.lexHex())
        case .unreadableMemory:
            // `… address: 0  type: "first list entry"`
            guard let at = c.find("address: ") else { return (kind, nil) }
            var address = Lexer.Cursor(base, (at + 9)..<text.upperBound)
            _ = address.consume("0x")
            return (kind, address.lexHex())
        default:
            return (kind, nil)
        }
    }

    // MARK: - The command line

    /// The walk as the command line describes it:
    /// `list [[-o] offset] [-e end] [-s|-S struct[.member[,member]] [-l offset]] [-O offset] [-r|-B] [-h|-H] start`.
    /// A pipe or a redirection ends the arguments.
    static func arguments(of invocation: CommandInvocation, command: Int, output: LineSpan) -> ListWalk {
        var walk = ListWalk(
            commandIndex: command, commandLine: invocation.commandLine, start: nil, headMode: .start, lines: output
        )
        var positional: [Substring] = []
        var words = invocation.arguments.split(whereSeparator: { $0 == " " || $0 == "\t" })[...]
        while let word = words.popFirst() {
            if word.hasPrefix("|") || word.hasPrefix(">") { break }
            guard word.hasPrefix("-"), word.count >= 2 else {
                positional.append(word)
                continue
            }
            let option = word.dropFirst().first!
            let attached = word.dropFirst(2)
            switch option {
            case "o", "O", "e", "s", "S", "l":
                let value = attached.isEmpty ? words.popFirst().map(String.init) : String(attached)
                switch option {
                case "o": walk.offset = value
                case "O": walk.headOffset = value
                case "s", "S": walk.printedStructure = value
                default: break  // -e end, -l offset: they change where the walk stops or what -s reads
                }
            default:
                // Flags, possibly combined (`-rH`).
                for flag in word.dropFirst() {
                    switch flag {
                    case "h": walk.headMode = .headStructure
                    case "H": walk.headMode = .listHead
                    case "r": walk.isReversed = true
                    default: break  // -B (Brent's loop check), -x, -d (radix)
                    }
                }
            }
        }
        // crash tells `struct.member` from the start by its dot (`list -H vfsmntlist
        // vfsmount.mnt_list`); of the rest, a leading number is the offset (`list 136 c169a000`).
        if let member = positional.firstIndex(where: { $0.contains(".") && !$0.hasPrefix("0x") }) {
            if walk.offset == nil { walk.offset = String(positional[member]) }
            positional.remove(at: member)
        }
        if let last = positional.popLast() { walk.start = start(last) }
        if walk.offset == nil, let first = positional.first { walk.offset = String(first) }
        return walk
    }

    /// `ffff92f43c31cb40` or `0xffff…` is an address; anything else a symbol.
    private static func start(_ word: Substring) -> ListStart {
        let digits = word.hasPrefix("0x") || word.hasPrefix("0X") ? word.dropFirst(2) : word
        if let address = HexNumber(digits) { return .address(address) }
        return .symbol(String(word))
    }
}

extension Diagnostic.Message {
    fileprivate static var unrecognizedLine: Self {
        .init("not understood as `list` output; the line is kept as unrecognized")
    }
}
