/// A compiled PCRE2 regular expression that matches bytes and can be shared across tasks.
///
/// The pattern is compiled, and JIT-compiled unless `Options.noJIT` is given, in `init`.
/// After that the compiled code never changes, so one `Pattern` may be used from many tasks
/// at once. Each call to `firstMatch`, `matches` or `isMatch` allocates and frees its own
/// match data; for scanning many subjects on one task, make a `Pattern.Matcher` instead.
///
/// Matching works on bytes, not characters: ranges are byte offsets, and without
/// `Options.utf` any byte sequence (including invalid UTF-8) is a valid subject.
public struct Pattern: Sendable {
    let compiled: CompiledCode

    /// Compiles `pattern` with PCRE2, JIT-compiling it unless `options` contains `noJIT`.
    ///
    /// - Throws: `PatternError.compile` with PCRE2's message and the byte offset of the error.
    public init(_ pattern: String, options: Options = []) throws(PatternError) {
        compiled = try CompiledCode(pattern: pattern, options: options)
    }

    /// The pattern text this was compiled from.
    public var source: String { compiled.source }

    /// The options this was compiled with.
    public var options: Options { compiled.options }

    /// The number of capture groups, not counting the whole match (group 0).
    public var captureCount: Int { compiled.captureCount }

    /// Whether matching runs JIT-compiled machine code rather than PCRE2's interpreter.
    public var isJIT: Bool { compiled.isJIT }

    /// The group number for each named group; for duplicate names (`(?J)`), the lowest number.
    public var captureNames: [String: Int] { compiled.captureNames }

    // MARK: Matching raw bytes

    /// Returns the first match at or after byte offset `start`, or nil if there is none.
    ///
    /// Bytes before `start` are still visible to lookbehind and `\b`, but `^` (without
    /// `multiline`) and `\A` only match at offset 0.
    ///
    /// - Throws: `PatternError.matchFailed` for anything other than "no match", such as an
    ///   exceeded match limit or a `start` outside the subject.
    public func firstMatch(
        in bytes: UnsafeRawBufferPointer, from start: Int = 0, limits: Limits = .default
    ) throws(PatternError) -> Match? {
        try Matcher(self, limits: limits).firstMatch(in: bytes, from: start)
    }

    /// Returns every non-overlapping match at or after byte offset `start`, in order.
    ///
    /// After an empty match the search resumes at the same offset but refuses another empty
    /// match there (`PCRE2_NOTEMPTY_ATSTART`), so PCRE2 steps over that position (a whole
    /// character in `utf` mode, a whole CRLF when CRLF is a newline) and the loop always ends.
    ///
    /// - Throws: `PatternError.matchFailed` if any attempt fails with an error.
    public func matches(
        in bytes: UnsafeRawBufferPointer, from start: Int = 0, limits: Limits = .default
    ) throws(PatternError) -> [Match] {
        try Matcher(self, limits: limits).matches(in: bytes, from: start)
    }

    /// Returns whether the pattern matches anywhere at or after byte offset `start`.
    ///
    /// - Throws: `PatternError.matchFailed` for anything other than "no match".
    public func isMatch(
        _ bytes: UnsafeRawBufferPointer, from start: Int = 0, limits: Limits = .default
    ) throws(PatternError) -> Bool {
        try Matcher(self, limits: limits).isMatch(bytes, from: start)
    }

    // MARK: Matching arrays, slices and strings

    /// Returns the first match in `bytes` at or after offset `start`, or nil if there is none.
    public func firstMatch(
        in bytes: [UInt8], from start: Int = 0, limits: Limits = .default
    ) throws(PatternError) -> Match? {
        try Matcher(self, limits: limits).firstMatch(in: bytes, from: start)
    }

    /// Returns the first match in a slice, with ranges in the slice's (and its base array's) indices.
    ///
    /// `start` is an index of the slice and defaults to its `startIndex`. Bytes outside the
    /// slice are invisible to the pattern.
    public func firstMatch(
        in bytes: ArraySlice<UInt8>, from start: Int? = nil, limits: Limits = .default
    ) throws(PatternError) -> Match? {
        try Matcher(self, limits: limits).firstMatch(in: bytes, from: start)
    }

    /// Returns the first match in the UTF-8 bytes of `string`, with ranges as UTF-8 offsets.
    public func firstMatch(
        in string: String, from start: Int = 0, limits: Limits = .default
    ) throws(PatternError) -> Match? {
        try Matcher(self, limits: limits).firstMatch(in: string, from: start)
    }

    /// Returns every non-overlapping match in `bytes` at or after offset `start`.
    public func matches(
        in bytes: [UInt8], from start: Int = 0, limits: Limits = .default
    ) throws(PatternError) -> [Match] {
        try Matcher(self, limits: limits).matches(in: bytes, from: start)
    }

    /// Returns every non-overlapping match in a slice, with ranges in the slice's indices.
    public func matches(
        in bytes: ArraySlice<UInt8>, from start: Int? = nil, limits: Limits = .default
    ) throws(PatternError) -> [Match] {
        try Matcher(self, limits: limits).matches(in: bytes, from: start)
    }

    /// Returns every non-overlapping match in the UTF-8 bytes of `string`.
    public func matches(
        in string: String, from start: Int = 0, limits: Limits = .default
    ) throws(PatternError) -> [Match] {
        try Matcher(self, limits: limits).matches(in: string, from: start)
    }

    /// Returns whether the pattern matches anywhere in `bytes` at or after offset `start`.
    public func isMatch(
        _ bytes: [UInt8], from start: Int = 0, limits: Limits = .default
    ) throws(PatternError) -> Bool {
        try Matcher(self, limits: limits).isMatch(bytes, from: start)
    }

    /// Returns whether the pattern matches anywhere in a slice at or after index `start`.
    public func isMatch(
        _ bytes: ArraySlice<UInt8>, from start: Int? = nil, limits: Limits = .default
    ) throws(PatternError) -> Bool {
        try Matcher(self, limits: limits).isMatch(bytes, from: start)
    }

    /// Returns whether the pattern matches anywhere in the UTF-8 bytes of `string`.
    public func isMatch(
        _ string: String, from start: Int = 0, limits: Limits = .default
    ) throws(PatternError) -> Bool {
        try Matcher(self, limits: limits).isMatch(string, from: start)
    }
}
