import CrashSiftText

/// Small byte-level shape tests the paste-damage detectors share: just enough of crash's and
/// the kernel's line shapes to tell damage from real output, never a grammar.
enum PasteShapes {
    typealias Bytes = ArraySlice<UInt8>

    /// The index of the first non-blank byte (or `endIndex`).
    static func firstNonBlank(_ s: Bytes) -> Int {
        var at = s.startIndex
        while at < s.endIndex, ASCII.isBlank(s[at]) { at += 1 }
        return at
    }

    /// `s` without blanks at either end.
    static func trimmed(_ s: Bytes) -> Bytes {
        var end = s.endIndex
        let start = firstNonBlank(s)
        while end > start, ASCII.isWhitespace(s[end - 1]) { end -= 1 }
        return s[start..<end]
    }

    /// Whether `s` contains `needle`.
    static func contains(_ s: Bytes, _ needle: String) -> Bool { find(s, needle, from: s.startIndex) != nil }

    /// Where `needle` starts in `s` at or after `from` (no allocation: the needles are short
    /// literals, and this runs on every line of every input).
    static func find(_ s: Bytes, _ needle: String, from: Int) -> Int? {
        let n = needle.utf8
        guard let first = n.first, s.endIndex - from >= n.count else { return nil }
        var at = from
        while at + n.count <= s.endIndex {
            guard let hit = s[at...].firstIndex(of: first), hit + n.count <= s.endIndex else { return nil }
            if s[hit..<(hit + n.count)].elementsEqual(n) { return hit }
            at = hit + 1
        }
        return nil
    }

    /// Whether `s` starts with `prefix`.
    static func hasPrefix(_ s: Bytes, _ prefix: String) -> Bool {
        let p = prefix.utf8
        return s.count >= p.count && s.prefix(p.count).elementsEqual(p)
    }

    /// The number of hex digits at `at`.
    static func hexRun(_ s: Bytes, _ at: Int) -> Int {
        var end = at
        while end < s.endIndex, ASCII.isHexDigit(s[end]) { end += 1 }
        return end - at
    }

    /// The kernel's time stamp at the start of `s` (after blanks and a `<N>` level), in
    /// seconds, and where the text after it starts: `[  123.456789] text`.
    static func timestamp(_ s: Bytes) -> (seconds: Double, rest: Int)? {
        var at = firstNonBlank(s)
        if at + 2 < s.endIndex, s[at] == ASCII.less, ASCII.isDigit(s[at + 1]), s[at + 2] == ASCII.greater { at += 3 }
        guard at < s.endIndex, s[at] == ASCII.openBracket else { return nil }
        at += 1
        while at < s.endIndex, s[at] == ASCII.space { at += 1 }
        var seconds = 0.0
        var digits = 0
        while at < s.endIndex, ASCII.isDigit(s[at]) {
            seconds = seconds * 10 + Double(s[at] - 0x30)
            at += 1
            digits += 1
        }
        guard digits > 0, at < s.endIndex, s[at] == ASCII.dot else { return nil }
        at += 1
        var scale = 0.1
        var fraction = 0
        while at < s.endIndex, ASCII.isDigit(s[at]) {
            seconds += Double(s[at] - 0x30) * scale
            scale /= 10
            at += 1
            fraction += 1
        }
        guard fraction > 0, at < s.endIndex, s[at] == ASCII.closeBracket else { return nil }
        return (seconds, at + 1)
    }

    /// A `bt` frame line's start: `#12 [` after blanks; returns where the `[` is.
    static func frameBracket(_ s: Bytes) -> Int? {
        var at = firstNonBlank(s)
        guard at < s.endIndex, s[at] == ASCII.hash else { return nil }
        at += 1
        let digits = at
        while at < s.endIndex, ASCII.isDigit(s[at]) { at += 1 }
        guard at > digits, at < s.endIndex, s[at] == ASCII.space else { return nil }
        while at < s.endIndex, s[at] == ASCII.space { at += 1 }
        guard at < s.endIndex, s[at] == ASCII.openBracket else { return nil }
        return at
    }

    /// Whether `s` holds a log call-trace symbol with offset and size: `name+0x1a/0x40`.
    static func hasSymbolOffsetSize(_ s: Bytes) -> Bool {
        var from = s.startIndex
        while let plus = find(s, "+0x", from: from) {
            let digits = hexRun(s, plus + 3)
            let slash = plus + 3 + digits
            if digits > 0, slash + 2 < s.endIndex, s[slash] == ASCII.slash, s[slash + 1] == 0x30, s[slash + 2] == 0x78,
               hexRun(s, slash + 3) > 0
            {
                return true
            }
            from = plus + 3
        }
        return false
    }

    /// `s` as text, for messages.
    static func text(_ s: Bytes) -> String { String(decoding: s, as: UTF8.self) }

    /// `lines a–b` or `line a`.
    static func describe(_ lines: ClosedRange<Int>) -> String {
        lines.count == 1 ? "line \(lines.lowerBound)" : "lines \(lines.lowerBound)–\(lines.upperBound)"
    }
}
