internal import CPCRE2

extension Pattern {
    /// Compile-time options for a `Pattern`.
    ///
    /// The raw values are this module's own bits, not PCRE2's, so no C constants leak out.
    public struct Options: OptionSet, Sendable, Hashable {
        /// The option bits.
        public let rawValue: UInt32

        /// Creates options from raw bits.
        public init(rawValue: UInt32) { self.rawValue = rawValue }

        /// Letters match regardless of case (`PCRE2_CASELESS`, same as `(?i)`).
        public static let caseInsensitive = Options(rawValue: 1 << 0)
        /// `^` and `$` also match at line starts and ends inside the subject (`PCRE2_MULTILINE`).
        public static let multiline = Options(rawValue: 1 << 1)
        /// `.` also matches newlines (`PCRE2_DOTALL`, same as `(?s)`).
        public static let dotAll = Options(rawValue: 1 << 2)
        /// Whitespace in the pattern is ignored and `#` starts a comment (`PCRE2_EXTENDED`).
        public static let extended = Options(rawValue: 1 << 3)
        /// A match must start exactly at the start offset (`PCRE2_ANCHORED`).
        public static let anchored = Options(rawValue: 1 << 4)
        /// Pattern and subject are UTF-8 characters rather than bytes.
        ///
        /// Sets `PCRE2_UTF` together with `PCRE2_MATCH_INVALID_UTF`, so subjects containing
        /// invalid UTF-8 are still searched (invalid bytes simply never match) instead of
        /// failing with a UTF error. `\d`, `\w` and friends stay ASCII-only.
        public static let utf = Options(rawValue: 1 << 5)
        /// Skips JIT compilation and always uses PCRE2's interpreter.
        ///
        /// Useful when the depth limit must apply, since JIT matching ignores it.
        public static let noJIT = Options(rawValue: 1 << 6)
        /// CR, LF and CRLF all count as line endings for `^`, `$` and `.` (`PCRE2_NEWLINE_ANYCRLF`).
        ///
        /// Equivalent to starting the pattern with `(*ANYCRLF)`. Without it only LF ends a
        /// line, so `$` in `multiline` mode does not match before the CR of a CRLF.
        public static let anyCRLF = Options(rawValue: 1 << 7)
        /// The whole pattern is a literal byte string with no metacharacters (`PCRE2_LITERAL`).
        ///
        /// Only `caseInsensitive`, `anchored`, `utf`, `noJIT` and `anyCRLF` may be combined
        /// with it; PCRE2 rejects the others at compile time.
        public static let literal = Options(rawValue: 1 << 8)

        /// The `pcre2_compile` option bits these options stand for.
        var pcre2CompileFlags: UInt32 {
            var flags: UInt32 = 0
            if contains(.caseInsensitive) { flags |= PCRE2_CASELESS }
            if contains(.multiline) { flags |= PCRE2_MULTILINE }
            if contains(.dotAll) { flags |= PCRE2_DOTALL }
            if contains(.extended) { flags |= PCRE2_EXTENDED }
            if contains(.anchored) { flags |= PCRE2_ANCHORED }
            if contains(.utf) { flags |= PCRE2_UTF | PCRE2_MATCH_INVALID_UTF }
            if contains(.literal) { flags |= PCRE2_LITERAL }
            return flags
        }
    }
}
