import PCRE2

/// A pattern of the report tables, compiled once, with the slot of its matcher in a
/// ``ReportMatchers`` scratch.
///
/// The slot exists because `Pattern.Matcher` (which owns PCRE2 match data) is not `Sendable`:
/// the tables are shared, and every search makes its own matchers, one per slot, on first use.
struct ReportPattern: Sendable {
    let pattern: Pattern
    let slot: Int
}

/// Compiles the patterns of the report tables and hands out matcher slots.
///
/// Used only while the tables are built (inside one static initializer, so on one thread).
/// Patterns are written with a few `{{…}}` pieces that stand for recurring kernel formats;
/// ``expand(_:)`` replaces them before compiling.
final class ReportPatternRegistry {
    private(set) var count = 0

    /// The `{{NAME}}` pieces and what they stand for.
    ///
    /// - `{{PC}}`: a bracketed code address as x86 and arm print it, `[<ffffffff81234567>]`.
    /// - `{{FUNC}}`: a function name followed by `+offset` or by a `.suffix` (`.isra.0`,
    ///   `.cold`); captures the name.
    /// - `{{SRC}}`: `path/file.c:123`; captures it.
    /// - `{{ADDR}}`: `0x` and hex digits.
    /// - `{{TASK}}`: up to 100 bytes of anything, newlines included, as few as possible (the
    ///   `comm:pid` of a task, which may itself contain anything).
    static let macros: [(name: String, expansion: String)] = [
        ("{{ADDR}}", #"0x[0-9a-f]+"#),
        ("{{PC}}", #"\[<?(?:0x)?[0-9a-f]+>?\]"#),
        ("{{FUNC}}", #"([a-zA-Z0-9_]+)[.+]"#),
        ("{{SRC}}", #"([a-zA-Z0-9_/.\-]+\.[a-z]+:[0-9]+)"#),
        ("{{TASK}}", #"[\s\S]{0,100}?"#),
    ]

    /// `source` with every `{{NAME}}` piece replaced by its expansion.
    static func expand(_ source: String) -> String {
        guard source.contains("{{") else { return source }
        var text = source
        for macro in macros {
            text = replacingAll(macro.name, with: macro.expansion, in: text)
        }
        return text
    }

    /// `text` with every occurrence of `target` replaced by `replacement` (plain text).
    private static func replacingAll(_ target: String, with replacement: String, in text: String) -> String {
        let needle = Array(target.utf8)
        let bytes = Array(text.utf8)
        var result: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == needle[0], bytes.count - index >= needle.count, Array(bytes[index..<index + needle.count]) == needle {
                result += Array(replacement.utf8)
                index += needle.count
            } else {
                result.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// Compiles `source` (after ``expand(_:)``) and gives it the next slot.
    ///
    /// The tables are constants of this module, so a pattern that does not compile is a
    /// programming error; the test suite compiles every table.
    func compile(_ source: String, options: Pattern.Options = []) -> ReportPattern {
        let expanded = Self.expand(source)
        do {
            let pattern = try Pattern(expanded, options: options)
            defer { count += 1 }
            return ReportPattern(pattern: pattern, slot: count)
        } catch {
            fatalError("report table pattern does not compile: \(error)")
        }
    }

    /// Compiles one pattern that matches wherever any of `sources` matches (an alternation).
    func compileAny(_ sources: [String]) -> ReportPattern {
        compile(sources.map { "(?:\(Self.expand($0)))" }.joined(separator: "|"))
    }
}

/// The matchers of one search: one per pattern slot, made on first use.
///
/// A search (one ``KernelReportFinder/findReports(in:lineIndex:lines:)`` call) owns one, so
/// concurrent searches never share PCRE2 match data. Match errors (a pattern exceeding its
/// backtracking limit on a pathological line) count as no match: a report title must never
/// stop a log from being read.
final class ReportMatchers {
    private var matchers: [Pattern.Matcher?]

    /// A scratch with room for `slots` matchers (``CompiledReportRules/slotCount``).
    init(slots: Int) {
        matchers = Array(repeating: nil, count: slots)
    }

    /// The matcher for `pattern`, created the first time it is needed.
    func matcher(_ pattern: ReportPattern) -> Pattern.Matcher {
        if let matcher = matchers[pattern.slot] { return matcher }
        let matcher = Pattern.Matcher(pattern.pattern)
        matchers[pattern.slot] = matcher
        return matcher
    }

    /// Whether `pattern` matches anywhere in `bytes`.
    func matches(_ pattern: ReportPattern, _ bytes: UnsafeRawBufferPointer) -> Bool {
        (try? matcher(pattern).isMatch(bytes)) ?? false
    }

    /// The whole-match range of the first match at or after `start`, or nil.
    func firstRange(_ pattern: ReportPattern, _ bytes: UnsafeRawBufferPointer, from start: Int = 0) -> Range<Int>? {
        (try? matcher(pattern).firstRange(in: bytes, from: start)) ?? nil
    }

    /// The first match with all its groups (group 0 first), or nil.
    func firstMatch(_ pattern: ReportPattern, _ bytes: UnsafeRawBufferPointer, from start: Int = 0) -> [Range<Int>?]? {
        guard firstRange(pattern, bytes, from: start) != nil else { return nil }
        let matcher = matcher(pattern)
        return (0...pattern.pattern.captureCount).map { matcher.capture($0) }
    }
}
