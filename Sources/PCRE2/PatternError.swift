internal import CPCRE2

/// An error from compiling a `Pattern` or from a match attempt that failed (as opposed to "no match").
public enum PatternError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The pattern did not compile; `offset` is the byte offset in its UTF-8 where PCRE2 stopped.
    case compile(pattern: String, code: Int32, message: String, offset: Int)

    /// A match attempt ended with a PCRE2 error, such as an exceeded limit (-47 match, -53 depth).
    case matchFailed(code: Int32, message: String)

    /// The PCRE2 error code.
    public var code: Int32 {
        switch self {
        case .compile(_, let code, _, _), .matchFailed(let code, _): code
        }
    }

    /// Whether a match attempt gave up because it hit a match, depth, heap or JIT stack limit.
    ///
    /// Callers scanning untrusted input usually report these per pattern and carry on.
    public var isLimitExceeded: Bool {
        guard case .matchFailed(let code, _) = self else { return false }
        return code == PCRE2_ERROR_MATCHLIMIT || code == PCRE2_ERROR_DEPTHLIMIT
            || code == PCRE2_ERROR_HEAPLIMIT || code == PCRE2_ERROR_JIT_STACKLIMIT
    }

    /// A readable explanation; for compile errors, the offending pattern line with a caret under the error.
    ///
    /// The caret sits under the character that contains the error's byte offset, or one
    /// column past the end when the offset is the pattern's length. Each `Character`
    /// (grapheme cluster) counts as one column and tabs are copied into the padding, so the
    /// caret lines up in a terminal except after double-width characters. Only the line of
    /// a multi-line pattern that contains the offset is shown.
    public var description: String {
        switch self {
        case .compile(let pattern, _, let message, let offset):
            let (line, column) = PatternError.lineAndColumn(in: pattern, byteOffset: offset)
            return "\(message) at offset \(offset)\n  \(line)\n  \(PatternError.caretPadding(for: line, column: column))^"
        case .matchFailed(let code, let message):
            return "match failed: \(message) (PCRE2 error \(code))"
        }
    }

    /// PCRE2's English text for an error code, from `pcre2_get_error_message`.
    static func pcre2Message(for code: Int32) -> String {
        // PCRE2 documents 120 code units as enough for every message.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 256) { buffer in
            let length = pcre2_get_error_message_8(code, buffer.baseAddress, buffer.count)
            guard length >= 0 else { return "unknown PCRE2 error \(code)" }
            return String(decoding: buffer[..<Int(length)], as: UTF8.self)
        }
    }

    /// Finds the line of `pattern` holding `byteOffset` and the caret column within it, in `Character`s.
    static func lineAndColumn(in pattern: String, byteOffset: Int) -> (line: Substring, column: Int) {
        let utf8 = pattern.utf8
        let offset = min(max(byteOffset, 0), utf8.count)
        let offsetIndex = utf8.index(utf8.startIndex, offsetBy: offset)

        // The line runs from just after the last LF before the offset to the next LF.
        let lineStart = utf8[..<offsetIndex].lastIndex(of: UInt8(ascii: "\n")).map { utf8.index(after: $0) }
            ?? utf8.startIndex
        let lineEnd = utf8[offsetIndex...].firstIndex(of: UInt8(ascii: "\n")) ?? utf8.endIndex
        // Both ends sit next to an LF, so they are scalar boundaries; a CR left by CRLF would
        // send the terminal's cursor back to column 0, so it is dropped.
        var line = pattern[lineStart..<lineEnd]
        if line.hasSuffix("\r") { line = line.dropLast() }

        // Column = how many whole characters of the line end at or before the offset.
        var column = 0
        var index = line.startIndex
        while index < line.endIndex {
            let next = line.index(after: index)
            guard utf8.distance(from: utf8.startIndex, to: next) <= offset else { break }
            column += 1
            index = next
        }
        return (line, column)
    }

    /// Spaces (keeping any tabs, so they expand the same) under the first `column` characters of `line`.
    static func caretPadding(for line: Substring, column: Int) -> String {
        String(line.prefix(column).map { $0 == "\t" ? "\t" : " " })
    }
}
