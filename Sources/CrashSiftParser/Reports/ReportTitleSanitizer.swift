/// Makes titles stable across runs, the way syzkaller does before it compares them: what
/// changes from one occurrence of a bug to the next (executor numbers, addresses, IP
/// addresses, line numbers, `+0x…/0x…` offsets, CPU numbers, other numbers) is replaced by a
/// placeholder, then control bytes are dropped, blanks collapsed and the title cut at 120 bytes.
enum ReportTitleSanitizer {
    /// One replacement: every match of `pattern` becomes `replacement` (`$N` is group N),
    /// repeated until nothing changes (matches may overlap, as in `0,1,2`).
    struct Replacement: Sendable {
        var pattern: String
        var replacement: String
    }

    /// The replacements, applied in order (syzkaller's `dynamicTitleReplacement`).
    static let replacements: [Replacement] = [
        // Executor PIDs and proc numbers.
        Replacement(pattern: #"syz-executor\.?[0-9]+(?:[/:][0-9]+)?"#, replacement: "syz-executor"),
        Replacement(pattern: #"syzkaller[0-9]+(?:[/:][0-9]+)?"#, replacement: "syzkaller"),
        // Anything that looks like an address, unless it is part of a word.
        Replacement(pattern: #"([^a-zA-Z0-9])(?:0x)?[0-9a-f]{6,}"#, replacement: "$1ADDR"),
        // IPv4 addresses.
        Replacement(pattern: #"[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}"#, replacement: "IP"),
        // `file.c:123` (and `:123:45`).
        Replacement(pattern: #"(\.\w+)(?::[0-9]+)+"#, replacement: "$1:LINE"),
        // `func+0x12/0x340` is just `func`: offsets and sizes change with every build.
        Replacement(pattern: #"([a-zA-Z][a-zA-Z0-9_.]+)\+0x[0-9a-z]+/0x[0-9a-z]+"#, replacement: "$1"),
        Replacement(pattern: #"CPU#[0-9]+"#, replacement: "CPU"),
        // Any other number standing on its own…
        Replacement(pattern: #"(\W)(\d+)(\W|\z)"#, replacement: "$1NUM$3"),
        // …and long digit runs even inside words (short ones are part of names: cfg80211).
        Replacement(pattern: #"[0-9]{7,}"#, replacement: "NUM"),
    ]

    /// The longest title kept, in bytes of the raw title (intermixed lines can be very long).
    static let maximumLength = 120

    /// `title` with the replacements applied, then cleaned (see the type's notes).
    static func sanitize(_ title: String, with rules: CompiledReportRules, matchers: ReportMatchers) -> String {
        var text = Array(title.utf8)
        for (index, replacement) in replacements.enumerated() {
            let pattern = rules.titleReplacements[index]
            while true {
                let replaced = replaceAll(pattern, in: text, with: replacement.replacement, matchers: matchers)
                if replaced == text { break }
                text = replaced
            }
        }
        return clean(text)
    }

    /// Every non-overlapping match of `pattern` in `text` replaced by `template`.
    private static func replaceAll(_ pattern: ReportPattern, in text: [UInt8], with template: String, matchers: ReportMatchers) -> [UInt8] {
        text.withUnsafeBytes { bytes in
            var result: [UInt8] = []
            var copied = 0
            var start = 0
            while start <= bytes.count, let groups = matchers.firstMatch(pattern, bytes, from: start), let whole = groups[0] {
                result.append(contentsOf: bytes[copied..<whole.lowerBound])
                appendTemplate(template, groups: groups, bytes: bytes, to: &result)
                copied = whole.upperBound
                // None of the patterns matches the empty string; step anyway if one ever did.
                start = whole.isEmpty ? whole.upperBound + 1 : whole.upperBound
            }
            if copied == 0 && result.isEmpty { return text }
            result.append(contentsOf: bytes[copied...])
            return result
        }
    }

    /// `template` with `$N` replaced by group N of a match.
    private static func appendTemplate(_ template: String, groups: [Range<Int>?], bytes: UnsafeRawBufferPointer, to result: inout [UInt8]) {
        let utf8 = Array(template.utf8)
        var index = 0
        while index < utf8.count {
            if utf8[index] == UInt8(ascii: "$"), index + 1 < utf8.count, let digit = Int(exactly: utf8[index + 1] &- 0x30), digit < 10 {
                if digit < groups.count, let range = groups[digit] {
                    result.append(contentsOf: bytes[range])
                }
                index += 2
            } else {
                result.append(utf8[index])
                index += 1
            }
        }
    }

    /// Tabs become spaces, other control bytes and non-ASCII bytes go, runs of spaces become
    /// one, leading and trailing blanks go; only the first ``maximumLength`` bytes are read.
    static func clean(_ title: [UInt8]) -> String {
        var result: [UInt8] = []
        result.reserveCapacity(min(title.count, maximumLength))
        var previous = UInt8(ascii: " ")
        for var byte in title.prefix(maximumLength) {
            if byte == UInt8(ascii: "\t") {
                byte = UInt8(ascii: " ")
            } else if byte < 0x20 || byte >= 0x7F {
                continue
            }
            if byte == UInt8(ascii: " ") && previous == UInt8(ascii: " ") { continue }
            result.append(byte)
            previous = byte
        }
        while let last = result.last, last == UInt8(ascii: " ") { result.removeLast() }
        return String(decoding: result, as: UTF8.self)
    }
}
