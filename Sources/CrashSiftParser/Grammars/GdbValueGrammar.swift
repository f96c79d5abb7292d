import CrashSiftModel
import CrashSiftText

/// gdb's value syntax, as crash passes it through for `p`, `px`, `pd`, `list -s` and `struct`:
/// numbers, chars (`0 '\000'`), strings (`0xc02c05c8 "rootfs"`), pointers with their symbol
/// (`0xffffffff81a0b2f0 <schedule>`) or type (`(struct file_system_type *) 0xc03adc90`),
/// functions (`{void (void)} 0x… <schedule>`), structures and unions (`{counter = 2}`, or one
/// member per line with the closing `}` indented like the line that opened it), arrays
/// (`{1, 2, 3}`, `{{…}, {…}}`), `<repeats N times>` runs, and split character arrays
/// (`"crashtest", '\000' <repeats 46 times>`).
///
/// A value may run over several lines only while a brace is open. A following line belongs
/// to the value when it is indented more than the line that opened the innermost open brace,
/// or as much when it starts with `}`; a blank line, an elision marker or a line indented less
/// ends the value early, and the reading says it is incomplete. A form the grammar does not
/// know becomes a scalar holding its text up to the next `,` or `}`, so reading never fails.
enum GdbValueGrammar {
    /// A value read from the input.
    struct Reading {
        /// The value (what was printed, when incomplete).
        var value: PrintedValue
        /// The last line the value was read from.
        var lastLine: Int
        /// Where the value ended on `lastLine`.
        var end: Int
        /// False when a brace was still open where the value had to stop.
        var isComplete: Bool
    }

    /// Reads the value at byte `start` of `line`, continuing onto lines up to `lastLine` while
    /// a brace is open. As a member's value (`member`), a split character array
    /// (`"abc", '\000' <repeats 12 times>`) is one array and `0xADDR text` an unquoted string.
    static func read(at start: Int, of line: Line, through lastLine: Int, member: Bool, context: inout ParseContext) -> Reading {
        var reader = Reader(line: line, start: start, lastLine: lastLine, base: context.base)
        let value = member ? reader.memberValue(depth: 0, topLevel: true, &context) : reader.element(depth: 0, &context).value
        reader.cursor.skipBlanks()
        return Reading(value: value, lastLine: reader.line.number, end: reader.cursor.position, isComplete: reader.isComplete)
    }

    /// `name = ` at `cursor`: a member name (letters, digits, `_`, `$`, and `.` for the paths
    /// `list -s` prints, or a `[N]` array designator), blanks, `=`, a blank. Returns the name
    /// and moves past the blank; nil (nothing read) otherwise.
    static func lexMemberName(_ cursor: inout Lexer.Cursor) -> Range<Int>? {
        var c = cursor
        let start = c.position
        if c.consume(ASCII.openBracket) {
            guard c.lexDecimal() != nil, c.consume(ASCII.closeBracket) else { return nil }
        } else {
            guard let first = c.peek(), ASCII.isLetter(first) || first == ASCII.underscore || first == dollar else { return nil }
            while let byte = c.peek(), ASCII.isAlphanumeric(byte) || byte == ASCII.underscore || byte == ASCII.dot || byte == dollar {
                c.position += 1
            }
        }
        let name = start..<c.position
        c.skipBlanks()
        guard c.consume(equals), c.peek() != equals, c.isAtEnd || c.consumeBlanks() else { return nil }
        cursor = c
        return name
    }

    /// Values nested deeper than this are kept as text: no kernel type is this deep, and a
    /// hostile input of a million `{` must not exhaust the stack.
    static let maximumDepth = 64

    fileprivate static let dollar = UInt8(ascii: "$")
    fileprivate static let equals = UInt8(ascii: "=")
    fileprivate static let comma = UInt8(ascii: ",")
    fileprivate static let openBrace = UInt8(ascii: "{")
    fileprivate static let closeBrace = UInt8(ascii: "}")
    fileprivate static let apostrophe = UInt8(ascii: "'")
    fileprivate static let backslash = UInt8(ascii: "\\")
}

/// The reading position, which may move from line to line inside braces.
private struct Reader {
    var line: Line
    var cursor: Lexer.Cursor
    let lastLine: Int
    var isComplete = true
    /// Set once the value had to stop early: nothing more is read after that.
    var stopped = false

    init(line: Line, start: Int, lastLine: Int, base: UnsafeBufferPointer<UInt8>) {
        self.line = line
        self.cursor = Lexer.Cursor(base, start..<line.range.upperBound)
        self.lastLine = lastLine
    }

    var base: UnsafeBufferPointer<UInt8> { cursor.base }

    // MARK: - Moving between lines

    /// Skips blanks and, inside a brace opened on a line indented `indentation`, line ends.
    /// False when the value has to stop here (the next line cannot belong to it).
    mutating func skipSpace(insideBraceIndentedBy indentation: Int, _ context: inout ParseContext) -> Bool {
        while true {
            cursor.skipBlanks()
            if !cursor.isAtEnd { return true }
            guard !stopped, let next = nextLine(insideBraceIndentedBy: indentation, context) else {
                stopped = true
                isComplete = false
                return false
            }
            line = next
            cursor = Lexer.Cursor(base, next.range)
        }
    }

    /// The next line that continues the value, skipping lines that held only a pasted
    /// annotation; nil when the value cannot go on.
    func nextLine(insideBraceIndentedBy indentation: Int, _ context: ParseContext) -> Line? {
        var number = line.number + 1
        while number <= lastLine {
            let next = context.line(number)
            if next.isBlank {
                if context.transcript.lineRoles[number - 1] == .annotation || context.transcript.lineRoles[number - 1] == .repaired {
                    number += 1
                    continue
                }
                return nil
            }
            // An elision, or a line the splitter already settled (an over-long line).
            if PastedText.isElision(next, in: base) || context.transcript.lineRoles[number - 1] != .blank { return nil }
            let first = base[next.range.lowerBound]
            guard next.indentation > indentation || (next.indentation == indentation && first == GdbValueGrammar.closeBrace) else {
                return nil
            }
            return next
        }
        return nil
    }

    // MARK: - Values

    /// A member's value (or a top-level value): an element, or a split character array
    /// `"abc", '\000' <repeats 12 times>, "def"` continued on the same line.
    mutating func memberValue(depth: Int, topLevel: Bool, _ context: inout ParseContext) -> PrintedValue {
        var first = element(depth: depth, &context)
        if topLevel, first.count == 1, case .scalar(let scalar) = first.value, case .hex(let address)? = scalar.number,
           let text = unquotedString()
        {
            // Newer crash prints some `char *` members as `0xADDR text`, without quotes.
            first.value = .string(PrintedString(address: address, text: context.string(text), isQuoted: false))
            cursor.position = text.upperBound
        }
        var pieces = [first]
        while continuesCharacterArray() {
            _ = cursor.consume(GdbValueGrammar.comma)
            cursor.skipBlanks()
            pieces.append(element(depth: depth, &context))
        }
        if pieces.count == 1 && pieces[0].count == 1 { return pieces[0].value }
        return .array(pieces)
    }

    /// After a member value: `, "…"` or `, '…'` on the same line continues a split char array.
    func continuesCharacterArray() -> Bool {
        var c = cursor
        c.skipBlanks()
        guard c.consume(GdbValueGrammar.comma), c.consumeBlanks(), let next = c.peek() else { return false }
        return next == ASCII.quote || next == GdbValueGrammar.apostrophe
    }

    /// The rest of the line after `0xADDR ` when it is text (not `<sym>`, a string, a
    /// delimiter or `<repeats`), without a trailing comma.
    func unquotedString() -> Range<Int>? {
        var c = cursor
        guard c.consumeBlanks(), let next = c.peek(), next != ASCII.less, next != ASCII.quote,
              next != GdbValueGrammar.comma, next != GdbValueGrammar.closeBrace
        else { return nil }
        var end = c.end
        if base[end - 1] == GdbValueGrammar.comma { end -= 1 }
        while end > c.position, ASCII.isBlank(base[end - 1]) { end -= 1 }
        return end > c.position ? c.position..<end : nil
    }

    /// One element: a primary value and an optional ` <repeats N times>`.
    mutating func element(depth: Int, _ context: inout ParseContext) -> PrintedElement {
        let value = primary(depth: depth, &context)
        var c = cursor
        c.skipBlanks()
        if c.consume("<repeats "), let count = c.lexDecimal(), c.consume(" times>") {
            cursor = c
            return PrintedElement(value: value, count: count)
        }
        return PrintedElement(value: value)
    }

    /// A value without repeats. Forms not recognised fall back to ``rawScalar(from:_:)``.
    mutating func primary(depth: Int, _ context: inout ParseContext) -> PrintedValue {
        let start = cursor.position
        guard let first = cursor.peek() else { return .scalar(PrintedScalar(text: "")) }
        var value: PrintedValue?
        switch first {
        case GdbValueGrammar.openBrace:
            if let function = functionValue(&context) { return function }
            if depth < GdbValueGrammar.maximumDepth { return braces(depth: depth + 1, &context) }
        case ASCII.quote:
            value = quotedString(address: nil, &context)
        case GdbValueGrammar.apostrophe:
            if let character = characterLiteral() {
                value = .scalar(PrintedScalar(text: context.string(start..<cursor.position), character: context.string(character)))
            }
        case ASCII.openParen:
            value = castValue(&context)
        case UInt8(ascii: "0") where cursor.peek(1) == UInt8(ascii: "x"):
            value = hexValue(&context)
        case ASCII.minus, UInt8(ascii: "0")...UInt8(ascii: "9"):
            value = number(&context)
        case ASCII.less:
            if let inner = angleBracketed() { value = .scalar(PrintedScalar(text: context.string(start..<inner.upperBound + 1))) }
        default:
            break
        }
        if let value, atDelimiter() { return value }
        cursor.position = start
        return rawScalar(from: start, &context)
    }

    /// Whether the value ends here: a blank, `,`, `}` or the end of the line follows.
    func atDelimiter() -> Bool {
        guard let next = cursor.peek() else { return true }
        return ASCII.isBlank(next) || next == GdbValueGrammar.comma || next == GdbValueGrammar.closeBrace
    }

    /// Text up to the next `,` or `}` outside quotes and brackets (or the end of the line),
    /// trimmed: the value of a form this grammar does not know (`(A | B)`, `1.5`,
    /// `<error: Cannot access memory at address 0x10>`).
    mutating func rawScalar(from start: Int, _ context: inout ParseContext) -> PrintedValue {
        var depth = 0
        var quote: UInt8?
        var at = cursor.position
        scan: while at < cursor.end {
            let byte = base[at]
            if let open = quote {
                if byte == GdbValueGrammar.backslash { at += 1 } else if byte == open { quote = nil }
            } else {
                switch byte {
                case ASCII.quote, GdbValueGrammar.apostrophe: quote = byte
                case ASCII.openParen, ASCII.openBracket, ASCII.less, GdbValueGrammar.openBrace: depth += 1
                case ASCII.closeParen, ASCII.closeBracket, ASCII.greater: depth = max(0, depth - 1)
                case GdbValueGrammar.closeBrace:
                    if depth == 0 { break scan }
                    depth -= 1
                case GdbValueGrammar.comma where depth == 0: break scan
                default: break
                }
            }
            at += 1
        }
        at = min(at, cursor.end)
        var end = at
        while end > start, ASCII.isBlank(base[end - 1]) { end -= 1 }
        cursor.position = at
        return .scalar(PrintedScalar(text: context.string(start..<end)))
    }

    /// `{ … }`: a structure when any item is named, otherwise an array.
    mutating func braces(depth: Int, _ context: inout ParseContext) -> PrintedValue {
        let indentation = line.indentation
        _ = cursor.consume(GdbValueGrammar.openBrace)
        var fields: [PrintedField] = []
        var elements: [PrintedElement] = []
        var named = false
        while skipSpace(insideBraceIndentedBy: indentation, &context) {
            if cursor.consume(GdbValueGrammar.closeBrace) { break }
            let before = (line.number, cursor.position)
            let itemLine = line.number
            if let name = GdbValueGrammar.lexMemberName(&cursor) {
                named = true
                let value = memberValue(depth: depth, topLevel: false, &context)
                fields.append(PrintedField(name: context.intern(name), value: value, line: itemLine))
            } else {
                let item = element(depth: depth, &context)
                elements.append(item)
                fields.append(PrintedField(name: nil, value: item.count == 1 ? item.value : .array([item]), line: itemLine))
            }
            cursor.skipBlanks()
            _ = cursor.consume(GdbValueGrammar.comma)
            // Text that is neither a value nor a delimiter (a hand-edited line): keep going
            // past it rather than looping on it.
            if (line.number, cursor.position) == before { cursor.position += 1 }
        }
        return named || elements.isEmpty ? .structure(fields) : .array(elements)
    }

    /// `{void (void)} 0xffffffff81a0b2f0 <schedule>`: a function, its type in braces on this line.
    mutating func functionValue(_ context: inout ParseContext) -> PrintedValue? {
        var c = cursor
        c.position += 1
        var depth = 1
        while let byte = c.peek() {
            if byte == GdbValueGrammar.openBrace { depth += 1 }
            if byte == GdbValueGrammar.closeBrace {
                depth -= 1
                if depth == 0 { break }
            }
            c.position += 1
        }
        guard depth == 0 else { return nil }
        let type = (cursor.position + 1)..<c.position
        c.position += 1
        guard c.consumeBlanks(), c.consume("0x"), let address = c.lexHex() else { return nil }
        let saved = cursor
        cursor = c
        let symbol = symbolInAngleBrackets()
        guard atDelimiter() else {
            cursor = saved
            return nil
        }
        return .pointer(PrintedPointer(type: context.string(type), address: address, symbol: symbol.map { context.string($0) }, isFunction: true))
    }

    /// `(type) 0xADDR [<symbol>]`; nil for parenthesised text that is not a cast.
    mutating func castValue(_ context: inout ParseContext) -> PrintedValue? {
        var c = cursor
        guard let type = c.lexParenthesized(), c.consumeBlanks(), c.consume("0x"), let address = c.lexHex() else { return nil }
        cursor = c
        let symbol = symbolInAngleBrackets()
        return .pointer(PrintedPointer(type: context.string(type), address: address, symbol: symbol.map { context.string($0) }))
    }

    /// `0xADDR`, `0xADDR <symbol>`, `0xADDR "string"`.
    mutating func hexValue(_ context: inout ParseContext) -> PrintedValue? {
        let start = cursor.position
        var c = cursor
        guard c.consume("0x"), let address = c.lexHex() else { return nil }
        cursor = c
        let text = start..<c.position
        var probe = c
        if probe.consumeBlanks(), probe.peek() == ASCII.quote {
            cursor = probe
            return quotedString(address: address, &context)
        }
        if let symbol = symbolInAngleBrackets() {
            return .pointer(PrintedPointer(address: address, symbol: context.string(symbol)))
        }
        return .scalar(PrintedScalar(text: context.string(text), number: .hex(address)))
    }

    /// ` <symbol>` after an address (not ` <repeats …>`); moves past it.
    mutating func symbolInAngleBrackets() -> Range<Int>? {
        var c = cursor
        guard c.consumeBlanks(), c.peek() == ASCII.less, !c.startsWith("<repeats ") else { return nil }
        let saved = cursor
        cursor = c
        guard let inner = angleBracketed() else {
            cursor = saved
            return nil
        }
        return inner
    }

    /// `<…>` with nesting (`<foo<int>+8>`); returns the inside.
    mutating func angleBracketed() -> Range<Int>? {
        guard cursor.peek() == ASCII.less else { return nil }
        var depth = 0
        var at = cursor.position
        while at < cursor.end {
            if base[at] == ASCII.less { depth += 1 }
            if base[at] == ASCII.greater {
                depth -= 1
                if depth == 0 {
                    defer { cursor.position = at + 1 }
                    return (cursor.position + 1)..<at
                }
            }
            at += 1
        }
        return nil
    }

    /// `"text"` with escapes, then gdb's `...` when it cut the string.
    mutating func quotedString(address: HexNumber?, _ context: inout ParseContext) -> PrintedValue? {
        guard cursor.peek() == ASCII.quote else { return nil }
        var at = cursor.position + 1
        while at < cursor.end, base[at] != ASCII.quote {
            at += base[at] == GdbValueGrammar.backslash ? 2 : 1
        }
        guard at < cursor.end else { return nil }
        let text = (cursor.position + 1)..<at
        cursor.position = at + 1
        let truncated = cursor.consume("...")
        return .string(PrintedString(address: address, text: context.string(text), isTruncated: truncated))
    }

    /// `'a'`, `'\000'`, `'\''`; returns what is between the quotes.
    mutating func characterLiteral() -> Range<Int>? {
        guard cursor.peek() == GdbValueGrammar.apostrophe else { return nil }
        var at = cursor.position + 1
        while at < cursor.end, base[at] != GdbValueGrammar.apostrophe {
            at += base[at] == GdbValueGrammar.backslash ? 2 : 1
        }
        guard at < cursor.end, at > cursor.position + 1 else { return nil }
        defer { cursor.position = at + 1 }
        return (cursor.position + 1)..<at
    }

    /// A decimal integer (`-1`, `18446744073709551615`), or a char printed as its code and
    /// itself (`0 '\000'`, `97 'a'`).
    mutating func number(_ context: inout ParseContext) -> PrintedValue? {
        let start = cursor.position
        var c = cursor
        let negative = c.consume(ASCII.minus)
        let digitsStart = c.position
        var magnitude: UInt64 = 0
        while let byte = c.peek(), ASCII.isDigit(byte) {
            let (times10, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(byte - 0x30))
            guard !overflow1, !overflow2 else { return nil }
            magnitude = sum
            c.position += 1
        }
        guard c.position > digitsStart else { return nil }
        let number: PrintedNumber
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            number = .signed(magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude))
        } else {
            number = magnitude <= UInt64(Int64.max) ? .signed(Int64(magnitude)) : .unsigned(magnitude)
        }
        cursor = c
        var probe = c
        if probe.consumeBlanks(), probe.peek() == GdbValueGrammar.apostrophe {
            let saved = cursor
            cursor = probe
            if let character = characterLiteral() {
                return .scalar(PrintedScalar(text: context.string(start..<cursor.position), number: number, character: context.string(character)))
            }
            cursor = saved
        }
        return .scalar(PrintedScalar(text: context.string(start..<cursor.position), number: number))
    }
}
