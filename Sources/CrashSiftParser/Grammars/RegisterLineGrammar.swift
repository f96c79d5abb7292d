import CrashSiftText

/// Lines of a register dump, on every architecture crash supports: a row of `NAME: value`
/// pairs (`RIP: ffffffff83306d6a  RSP: …`, ` R8: …`, `X29: …`, `NIP: …`, `PSW:  … … (sym+off)`),
/// rows of bare values that continue a multi-word register (s390x `GPRS:`), ppc64's
/// `[NIP  : sym+off]` symbol lines and s390x lowcore entries (`  -psw      : 0x… 0x…`).
///
/// A row is recognised by its tokens, not its indentation, because help texts and pastes
/// shift indentation while the tokens stay.
enum RegisterLineGrammar {
    /// One `NAME: value` pair as byte ranges.
    struct Field {
        var name: Range<Int>
        /// The value when it is one hex number of at most 16 digits.
        var number: HexNumber?
        /// The whole value text (several words for s390x `PSW`/`GPRS`).
        var valueText: Range<Int>
        /// `[sym]` or `(sym)` printed after the value, without the brackets.
        var symbol: Range<Int>?
    }

    /// Register names made of more than one word (ppc64 prints `Syscall Result:`).
    private static let multiWordNames: [StaticString] = ["Syscall Result:"]

    /// Reads a row of `NAME: value` pairs filling the line; nil (reading nothing) otherwise.
    static func parseRow(_ cursor: inout Lexer.Cursor) -> [Field]? {
        var c = cursor
        var fields: [Field] = []
        while true {
            c.skipBlanks()
            if c.isAtEnd { break }
            let nameStart = c.position
            var name = c.lexLabel()
            if name == nil {
                if !fields.isEmpty, let symbol = c.lexBracketed() ?? c.lexParenthesized() {
                    fields[fields.count - 1].symbol = symbol
                    continue
                }
                for spelling in multiWordNames where c.consume(spelling) {
                    name = nameStart..<(c.position - 1)
                    break
                }
            }
            guard let name else { return nil }
            guard c.consumeBlanks() else { return nil }
            guard let (number, valueText) = lexValue(&c) else { return nil }
            fields.append(Field(name: name, number: number, valueText: valueText, symbol: nil))
        }
        guard !fields.isEmpty else { return nil }
        cursor = c
        return fields
    }

    /// Reads a line of bare hex values (a continuation of s390x `GPRS:` or a lowcore block).
    static func parseValueContinuation(_ cursor: inout Lexer.Cursor) -> Range<Int>? {
        var c = cursor
        c.skipBlanks()
        let start = c.position
        var last = start
        while !c.isAtEnd {
            guard c.lexPrefixedHex() != nil, c.isAtEnd || c.peek().map(ASCII.isBlank) == true else { return nil }
            last = c.position
            c.skipBlanks()
        }
        guard last > start else { return nil }
        cursor = c
        return start..<last
    }

    /// Reads ppc64's `[NIP  : queued_spin_lock_slowpath+1204]`: the register name and the symbol.
    static func parseSymbolLine(_ cursor: inout Lexer.Cursor) -> (name: Range<Int>, symbol: Range<Int>)? {
        var c = cursor
        guard let inner = c.lexBracketed(), c.isAtEnd else { return nil }
        var i = Lexer.Cursor(c.base, inner)
        let nameStart = i.position
        while !i.isAtEnd, ASCII.isUpper(i.base[i.position]) || ASCII.isDigit(i.base[i.position]) { i.position += 1 }
        let name = nameStart..<i.position
        guard !name.isEmpty else { return nil }
        i.skipBlanks()
        guard i.consume(ASCII.colon) else { return nil }
        i.skipBlanks()
        guard !i.isAtEnd else { return nil }
        cursor = c
        return (name, i.rest)
    }

    /// Reads an s390x lowcore entry, `-psw      : 0x… 0x…` or `-general registers:`.
    static func parseLowcoreEntry(_ cursor: inout Lexer.Cursor) -> (name: Range<Int>, value: Range<Int>)? {
        var c = cursor
        guard c.consume(ASCII.minus), c.peek().map(ASCII.isLower) == true else { return nil }
        let nameStart = c.position
        guard let upToColon = c.lex(upTo: ASCII.colon) else { return nil }
        var nameEnd = upToColon.upperBound
        while nameEnd > nameStart, ASCII.isBlank(c.base[nameEnd - 1]) { nameEnd -= 1 }
        for at in nameStart..<nameEnd where !(ASCII.isLower(c.base[at]) || c.base[at] == ASCII.space) { return nil }
        c.position += 1
        c.skipBlanks()
        let value = c.rest
        c.position = c.end
        cursor = c
        return (nameStart..<nameEnd, value)
    }

    /// A value: one or more hex words (with or without `0x`), stopping before the next label
    /// or symbol. A single word of at most 16 digits is also returned as a number.
    private static func lexValue(_ c: inout Lexer.Cursor) -> (HexNumber?, Range<Int>)? {
        let start = c.position
        var words = 0
        var number: HexNumber?
        var end = start
        while !c.isAtEnd {
            var probe = c
            if let (value, _) = probe.lexPrefixedHex(), probe.isAtEnd || probe.peek().map(ASCII.isBlank) == true {
                number = value
            } else {
                probe = c
                // Wider than 16 digits: kept as text only.
                guard isLongHexWord(&probe) else { break }
                number = nil
            }
            c = probe
            words += 1
            end = c.position
            // Stop when a label or a symbol follows; keep going over more hex words.
            var look = c
            look.skipBlanks()
            if look.isAtEnd || look.peek() == ASCII.openBracket || look.peek() == ASCII.openParen { break }
            var label = look
            if label.lexLabel() != nil { break }
            c = look
        }
        guard words > 0 else { return nil }
        if words > 1 { number = nil }
        return (number, start..<end)
    }

    private static func isLongHexWord(_ c: inout Lexer.Cursor) -> Bool {
        let start = c.position
        while !c.isAtEnd, ASCII.isHexDigit(c.base[c.position]) { c.position += 1 }
        if c.position > start, c.isAtEnd || c.peek().map(ASCII.isBlank) == true { return true }
        c.position = start
        return false
    }
}
