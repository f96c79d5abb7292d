import CrashSiftText

/// The part of a frame line after the stack address, and of a `bt -t` line:
/// `function[+off] at address[ (via X)][ [module]][ *][  (unreliable)]`.
///
/// Read from the right, because function names may contain spaces and parentheses
/// (`(nfsd module)` on old i386). On i386 `(via X)` comes before ` at `; on x86_64 after the address.
enum CallSiteGrammar {
    struct CallSite {
        var function: Range<Int>
        var offset: Int?
        var address: HexNumber?
        var module: Range<Int>?
        var via: Range<Int>?
        var frameSizeUnknown = false
        var unreliable = false
    }

    /// Reads the call site that fills `range`; nil when the range is empty.
    static func parse(_ range: Range<Int>, in base: UnsafeBufferPointer<UInt8>) -> CallSite? {
        let start = range.lowerBound
        var end = range.upperBound
        func trim() { while end > start, ASCII.isBlank(base[end - 1]) { end -= 1 } }
        trim()
        guard end > start else { return nil }
        var site = CallSite(function: start..<end)

        if endsWith("(unreliable)", base, start, end) {
            site.unreliable = true
            end -= 12
            trim()
        }
        if end - start >= 2, base[end - 1] == ASCII.star, ASCII.isBlank(base[end - 2]) {
            site.frameSizeUnknown = true
            end -= 1
            trim()
        }
        if end > start, base[end - 1] == ASCII.closeBracket, let open = matchingOpen(ASCII.openBracket, base, start, end),
           open > start, ASCII.isBlank(base[open - 1])
        {
            site.module = (open + 1)..<(end - 1)
            end = open
            trim()
        }
        if let via = trailingVia(base, start, end) {
            site.via = via.name
            end = via.start
            trim()
        }
        // ` at <hex>` at the end.
        var digits = end
        while digits > start, ASCII.isHexDigit(base[digits - 1]) { digits -= 1 }
        if digits < end, end - digits <= 16, digits - start >= 4,
           base[digits - 1] == ASCII.space, base[digits - 2] == UInt8(ascii: "t"), base[digits - 3] == UInt8(ascii: "a"),
           ASCII.isBlank(base[digits - 4])
        {
            var cursor = Lexer.Cursor(base, digits..<end)
            site.address = cursor.lexHex()
            end = digits - 4
            trim()
        }
        // i386 puts `(via X)` before ` at `.
        if site.via == nil, let via = trailingVia(base, start, end) {
            site.via = via.name
            end = via.start
            trim()
        }
        guard end > start else { return nil }
        let (function, offset) = splitOffset(start..<end, in: base)
        site.function = function
        site.offset = offset
        return site
    }

    /// Splits `sym+0x1bf` / `sym+120` into the symbol and its offset; other text is all symbol.
    static func splitOffset(_ range: Range<Int>, in base: UnsafeBufferPointer<UInt8>) -> (Range<Int>, Int?) {
        var plus = range.upperBound - 1
        while plus > range.lowerBound, base[plus] != ASCII.plus { plus -= 1 }
        guard plus > range.lowerBound, base[plus] == ASCII.plus else { return (range, nil) }
        var cursor = Lexer.Cursor(base, (plus + 1)..<range.upperBound)
        let offset: Int?
        if cursor.consume("0x") {
            offset = cursor.lexHex().map { Int(truncatingIfNeeded: $0.value) }
        } else {
            offset = cursor.lexDecimal()
        }
        guard let offset, cursor.isAtEnd else { return (range, nil) }
        return (range.lowerBound..<plus, offset)
    }

    private static func endsWith(_ literal: StaticString, _ base: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard end - start >= count else { return false }
        for i in 0..<count where base[end - count + i] != literal.utf8Start[i] { return false }
        return true
    }

    /// The position of the bracket that opens the one closing at `end - 1`, on the same line.
    private static func matchingOpen(_ open: UInt8, _ base: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
        var at = end - 2
        while at >= start {
            if base[at] == open { return at }
            at -= 1
        }
        return nil
    }

    /// A trailing `(via X)`: where it starts and the range of X.
    private static func trailingVia(_ base: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> (start: Int, name: Range<Int>)? {
        guard end > start, base[end - 1] == ASCII.closeParen,
              let open = matchingOpen(ASCII.openParen, base, start, end)
        else { return nil }
        var cursor = Lexer.Cursor(base, (open + 1)..<(end - 1))
        guard cursor.consume("via"), cursor.consumeBlanks(), !cursor.isAtEnd else { return nil }
        return (open, cursor.rest)
    }
}
