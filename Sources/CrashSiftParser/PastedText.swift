import CrashSiftText

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What people add when they paste crash output into a ticket or an article: elision
/// markers where they cut lines, and arrows with notes after the text.
///
/// Neither is crash output: elisions are recorded so counts are known to be partial, and
/// annotations are cut off before a grammar sees the line.
enum PastedText {
    /// True when `line` is only an elision marker: `...`, `[...]`, `…`, `...snip...`,
    /// `...snip the same output...`, `<snip>`, `[snip]`, `-- snip --`.
    static func isElision(_ line: Line, in base: UnsafeBufferPointer<UInt8>) -> Bool {
        var start = line.range.lowerBound
        var end = line.range.upperBound
        guard end > start else { return false }
        // Fast exit: every marker starts with one of these bytes.
        switch base[start] {
        case ASCII.dot, ASCII.openBracket, ASCII.openParen, ASCII.less, ASCII.minus, 0xE2: break
        default: return false
        }
        // Peel one pair of brackets, then blanks and dashes around a `snip`.
        if end - start >= 2 {
            let open = base[start]
            let close = base[end - 1]
            if (open == ASCII.openBracket && close == ASCII.closeBracket)
                || (open == ASCII.openParen && close == ASCII.closeParen)
                || (open == ASCII.less && close == ASCII.greater)
            {
                start += 1
                end -= 1
            }
        }
        while start < end, ASCII.isBlank(base[start]) { start += 1 }
        while end > start, ASCII.isBlank(base[end - 1]) { end -= 1 }
        guard end > start else { return false }

        let dotsAtStart = leadingEllipsis(base, start, end)
        if dotsAtStart == end - start { return true }  // only dots / ellipses
        if dotsAtStart > 0 {
            // `...snip...`, `... snip the same output ...`: an ellipsis at both ends.
            return trailingEllipsis(base, start + dotsAtStart, end) > 0
        }
        // `snip`, `-- snip --`, `--- snip ---`
        while start < end, base[start] == ASCII.minus || ASCII.isBlank(base[start]) { start += 1 }
        while end > start, base[end - 1] == ASCII.minus || ASCII.isBlank(base[end - 1]) { end -= 1 }
        return isWord("snip", base, start, end) || isWord("snipped", base, start, end)
    }

    /// Where a pasted annotation starts on `line` (`<---` or `<==` after a blank), or nil.
    static func annotationStart(_ line: Line, in base: UnsafeBufferPointer<UInt8>) -> Int? {
        var at = line.range.lowerBound
        let end = line.range.upperBound
        while at + 2 < end {
            // memchr keeps this cheap: most lines have no '<' at all.
            guard let hit = memchr(base.baseAddress! + at, Int32(ASCII.less), end - 2 - at) else { return nil }
            at = base.baseAddress!.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            let next = base[at + 1]
            if (next == ASCII.minus || next == 0x3D), base[at + 2] == next,
               at == line.range.lowerBound || ASCII.isBlank(base[at - 1])
            {
                return at
            }
            at += 1
        }
        return nil
    }

    /// The lines (in order) that may hold an annotation: they contain `<--` or `<==`. One
    /// `memchr` pass over the whole input, so the splitter need not search every line.
    static func candidateLines(in base: UnsafeBufferPointer<UInt8>, lines: LineIndex) -> [Int] {
        guard let start = base.baseAddress, base.count > 2 else { return [] }
        var result: [Int] = []
        var at = 0
        while at + 2 < base.count {
            guard let hit = memchr(start + at, Int32(ASCII.less), base.count - 2 - at) else { break }
            at = start.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            let next = base[at + 1]
            if (next == ASCII.minus || next == 0x3D), base[at + 2] == next {
                let line = lines.line(containing: at)
                if result.last != line { result.append(line) }
            }
            at += 1
        }
        return result
    }

    /// How many bytes of `...`/`…` runs start the range (at least three dots or one ellipsis).
    private static func leadingEllipsis(_ base: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        var at = start
        while at < end {
            if base[at] == ASCII.dot {
                at += 1
            } else if at + 2 < end, base[at] == 0xE2, base[at + 1] == 0x80, base[at + 2] == 0xA6 {
                at += 3
            } else {
                break
            }
        }
        let length = at - start
        let dots = (start..<at).allSatisfy { base[$0] == ASCII.dot }
        return (dots && length < 3) ? 0 : length
    }

    private static func trailingEllipsis(_ base: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        var at = end
        while at > start {
            if base[at - 1] == ASCII.dot {
                at -= 1
            } else if at - 3 >= start, base[at - 3] == 0xE2, base[at - 2] == 0x80, base[at - 1] == 0xA6 {
                at -= 3
            } else {
                break
            }
        }
        let length = end - at
        let dots = (at..<end).allSatisfy { base[$0] == ASCII.dot }
        return (dots && length < 3) ? 0 : length
    }

    private static func isWord(_ word: StaticString, _ base: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        guard end - start == word.utf8CodeUnitCount else { return false }
        for i in 0..<(end - start) where base[start + i] | 0x20 != word.utf8Start[i] { return false }
        return true
    }
}
