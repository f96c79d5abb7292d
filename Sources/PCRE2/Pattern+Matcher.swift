internal import CPCRE2

extension Pattern {
    /// A reusable matching workspace for one pattern, for repeated matching on one task.
    ///
    /// A matcher owns a PCRE2 match data block (and a match context when its limits differ
    /// from `Limits.default`), so matching through it allocates nothing except the `Match`
    /// values it returns and, once, a larger JIT stack if a match overflows the default one. It is deliberately not `Sendable`: PCRE2 writes each result into
    /// the match data block. To match on several tasks, share the `Pattern` and give each
    /// task its own matcher.
    public final class Matcher {
        /// The pattern this matcher runs; holding it keeps the compiled code alive.
        public let pattern: Pattern
        /// The limits applied to every match attempt made through this matcher.
        public let limits: Limits

        private let matchData: OpaquePointer
        /// Points into `matchData`: start/end byte offset pairs, one pair per group.
        private let ovector: UnsafeMutablePointer<Int>
        private var matchContext: OpaquePointer?
        private var ownsMatchContext: Bool
        /// Created only after a JIT match overflows PCRE2's default 32 KiB stack.
        private var jitStack: OpaquePointer?
        /// How many ovector pairs the last successful attempt set; 0 after a failed one.
        private var setPairCount = 0

        /// Creates a matcher for `pattern` that applies `limits` to every attempt.
        public init(_ pattern: Pattern, limits: Limits = .default) {
            self.pattern = pattern
            self.limits = limits
            guard let matchData = pcre2_match_data_create_from_pattern_8(pattern.compiled.code, nil) else {
                fatalError("PCRE2 could not allocate match data (out of memory)")
            }
            self.matchData = matchData
            self.ovector = pcre2_get_ovector_pointer_8(matchData)
            if limits == .default {
                matchContext = pattern.compiled.defaultMatchContext
                ownsMatchContext = false
            } else {
                matchContext = makeMatchContext(for: limits)
                ownsMatchContext = true
            }
        }

        deinit {
            if ownsMatchContext, let matchContext { pcre2_match_context_free_8(matchContext) }
            if let jitStack { pcre2_jit_stack_free_8(jitStack) }
            pcre2_match_data_free_8(matchData)
        }

        // MARK: Allocation-free primitives

        /// Finds the first match at or after byte offset `start` and returns its whole range.
        ///
        /// This allocates nothing; after it returns a range, `capture(_:)` reads the groups
        /// of that match until the next call on this matcher.
        ///
        /// - Throws: `PatternError.matchFailed` for anything other than "no match".
        public func firstRange(in bytes: UnsafeRawBufferPointer, from start: Int = 0) throws(PatternError) -> Range<Int>? {
            try attempt(bytes, from: start, flags: 0) ? capture(0) : nil
        }

        /// The range of group `index` in this matcher's most recent successful match.
        ///
        /// Returns nil if the last attempt found no match, the group did not take part in the
        /// match, or `index` is not a group of the pattern.
        public func capture(_ index: Int) -> Range<Int>? {
            guard index >= 0, index < setPairCount else { return nil }
            return ovectorRange(index)
        }

        /// Returns whether the pattern matches anywhere at or after byte offset `start`.
        ///
        /// - Throws: `PatternError.matchFailed` for anything other than "no match".
        public func isMatch(_ bytes: UnsafeRawBufferPointer, from start: Int = 0) throws(PatternError) -> Bool {
            try attempt(bytes, from: start, flags: 0)
        }

        // MARK: Match values

        /// Returns the first match at or after byte offset `start`, or nil if there is none.
        ///
        /// - Throws: `PatternError.matchFailed` for anything other than "no match".
        public func firstMatch(in bytes: UnsafeRawBufferPointer, from start: Int = 0) throws(PatternError) -> Match? {
            try attempt(bytes, from: start, flags: 0) ? makeMatch() : nil
        }

        /// Returns every non-overlapping match at or after byte offset `start`, in order.
        ///
        /// After an empty match the next attempt starts at the same offset with
        /// `PCRE2_NOTEMPTY_ATSTART`, which lets PCRE2 itself step over the position (a whole
        /// character in UTF mode, a whole CRLF when CRLF is a newline), as `pcre2demo` does.
        ///
        /// - Throws: `PatternError.matchFailed` if any attempt fails with an error.
        public func matches(in bytes: UnsafeRawBufferPointer, from start: Int = 0) throws(PatternError) -> [Match] {
            var found: [Match] = []
            var searchStart = start
            var refuseEmptyAtStart = false
            while searchStart <= bytes.count {
                let flags = refuseEmptyAtStart ? PCRE2_NOTEMPTY_ATSTART : 0
                guard try attempt(bytes, from: searchStart, flags: flags) else { break }
                let range = capture(0)!
                let repeatsRefusedEmptyMatch = refuseEmptyAtStart && range.isEmpty && range.lowerBound == searchStart
                if !repeatsRefusedEmptyMatch { found.append(makeMatch()) }

                let nextStart = range.upperBound
                let nextRefusesEmpty = range.isEmpty
                // Every round must move (start, refusing) forward, or the loop could spin.
                // PCRE2 documents one exception to NOTEMPTY_ATSTART (an anchored pattern with
                // \K); should that ever repeat the refused match, step one byte past it.
                let advances = nextStart > searchStart
                    || (nextStart == searchStart && nextRefusesEmpty && !refuseEmptyAtStart)
                if advances {
                    searchStart = nextStart
                    refuseEmptyAtStart = nextRefusesEmpty
                } else {
                    searchStart += 1
                    refuseEmptyAtStart = false
                }
            }
            return found
        }

        // MARK: Arrays, slices and strings

        /// Returns the first match in `bytes` at or after offset `start`, or nil if there is none.
        public func firstMatch(in bytes: [UInt8], from start: Int = 0) throws(PatternError) -> Match? {
            try withBytes(of: bytes) { raw throws(PatternError) in try firstMatch(in: raw, from: start) }
        }

        /// Returns the first match in a slice, with ranges in the slice's (and its base array's) indices.
        ///
        /// `start` is an index of the slice and defaults to its `startIndex`.
        public func firstMatch(in bytes: ArraySlice<UInt8>, from start: Int? = nil) throws(PatternError) -> Match? {
            let base = bytes.startIndex
            return try withBytes(of: bytes) { raw throws(PatternError) in
                try firstMatch(in: raw, from: (start ?? base) - base)?.shifted(by: base)
            }
        }

        /// Returns the first match in the UTF-8 bytes of `string`, with ranges as UTF-8 offsets.
        public func firstMatch(in string: String, from start: Int = 0) throws(PatternError) -> Match? {
            try withBytes(of: string) { raw throws(PatternError) in try firstMatch(in: raw, from: start) }
        }

        /// Returns every non-overlapping match in `bytes` at or after offset `start`.
        public func matches(in bytes: [UInt8], from start: Int = 0) throws(PatternError) -> [Match] {
            try withBytes(of: bytes) { raw throws(PatternError) in try matches(in: raw, from: start) }
        }

        /// Returns every non-overlapping match in a slice, with ranges in the slice's indices.
        public func matches(in bytes: ArraySlice<UInt8>, from start: Int? = nil) throws(PatternError) -> [Match] {
            let base = bytes.startIndex
            return try withBytes(of: bytes) { raw throws(PatternError) in
                try matches(in: raw, from: (start ?? base) - base).map { $0.shifted(by: base) }
            }
        }

        /// Returns every non-overlapping match in the UTF-8 bytes of `string`.
        public func matches(in string: String, from start: Int = 0) throws(PatternError) -> [Match] {
            try withBytes(of: string) { raw throws(PatternError) in try matches(in: raw, from: start) }
        }

        /// Returns whether the pattern matches anywhere in `bytes` at or after offset `start`.
        public func isMatch(_ bytes: [UInt8], from start: Int = 0) throws(PatternError) -> Bool {
            try withBytes(of: bytes) { raw throws(PatternError) in try isMatch(raw, from: start) }
        }

        /// Returns whether the pattern matches anywhere in a slice at or after index `start`.
        public func isMatch(_ bytes: ArraySlice<UInt8>, from start: Int? = nil) throws(PatternError) -> Bool {
            let base = bytes.startIndex
            return try withBytes(of: bytes) { raw throws(PatternError) in try isMatch(raw, from: (start ?? base) - base) }
        }

        /// Returns whether the pattern matches anywhere in the UTF-8 bytes of `string`.
        public func isMatch(_ string: String, from start: Int = 0) throws(PatternError) -> Bool {
            try withBytes(of: string) { raw throws(PatternError) in try isMatch(raw, from: start) }
        }

        // MARK: Internals

        /// Runs one `pcre2_match`; true on a match, false on no match, throws on any error.
        private func attempt(_ bytes: UnsafeRawBufferPointer, from start: Int, flags: UInt32) throws(PatternError) -> Bool {
            setPairCount = 0
            // Checked here rather than left to PCRE2 because a negative Int would reach C as
            // a huge size_t; the error is the one PCRE2 itself would report.
            guard start >= 0, start <= bytes.count else {
                throw PatternError.matchFailed(
                    code: PCRE2_ERROR_BADOFFSET, message: PatternError.pcre2Message(for: PCRE2_ERROR_BADOFFSET))
            }
            // pcre2_match (not pcre2_jit_match) so PCRE2 validates the offset and options and
            // picks JIT or the interpreter itself; the difference in speed is noise.
            let rc = withNonNullBase(bytes.assumingMemoryBound(to: UInt8.self)) { subject in
                pcre2_match_8(pattern.compiled.code, subject, bytes.count, start, flags, matchData, matchContext)
            }
            if rc > 0 {
                setPairCount = Int(rc)
                return true
            }
            if rc == PCRE2_ERROR_NOMATCH { return false }
            if rc == PCRE2_ERROR_JIT_STACKLIMIT, installLargerJITStack() {
                return try attempt(bytes, from: start, flags: flags)
            }
            // rc == 0 would mean the ovector is too small, impossible with match data sized
            // from the pattern; report it rather than read a partial result.
            throw PatternError.matchFailed(code: rc, message: PatternError.pcre2Message(for: rc))
        }

        /// Gives this matcher its own JIT stack of up to `limits.jitStackSize` bytes; false if
        /// it already has one or the limits do not allow more than PCRE2's default.
        ///
        /// Done lazily because creating a JIT stack maps memory, which would dominate the cost
        /// of the short, one-off matches that almost never need more than the default.
        private func installLargerJITStack() -> Bool {
            guard jitStack == nil, let maximum = limits.jitStackSize, maximum > defaultJITStackSize else {
                return false
            }
            guard let stack = pcre2_jit_stack_create_8(defaultJITStackSize, maximum, nil) else { return false }
            // The shared default context must stay unmodified, so assign to a private one.
            let context: OpaquePointer
            if ownsMatchContext, let matchContext {
                context = matchContext
            } else {
                context = makeMatchContext(for: limits, always: true)!
                matchContext = context
                ownsMatchContext = true
            }
            pcre2_jit_stack_assign_8(context, nil, UnsafeMutableRawPointer(stack))
            jitStack = stack
            return true
        }

        private func ovectorRange(_ index: Int) -> Range<Int>? {
            let lower = ovector[2 * index]
            let upper = ovector[2 * index + 1]
            // PCRE2_UNSET is ~(size_t)0, which reads as -1 through Swift's Int.
            guard lower != -1, upper != -1 else { return nil }
            // A \K inside a lookaround could put the start after the end; PCRE2 10.38+ rejects
            // such patterns unless asked, but an inverted range must never trap here.
            return lower..<max(lower, upper)
        }

        private func makeMatch() -> Match {
            let groupCount = pattern.compiled.captureCount + 1
            var captures: [Range<Int>?] = []
            captures.reserveCapacity(groupCount)
            for index in 0..<groupCount {
                captures.append(index < setPairCount ? ovectorRange(index) : nil)
            }
            return Match(captures: captures, groupNumbersByName: pattern.compiled.groupNumbersByName)
        }
    }
}

/// The machine-stack area PCRE2 gives JIT code when no JIT stack is assigned.
private let defaultJITStackSize = 32 * 1024

// A matcher's match data is overwritten by every attempt; sharing one across tasks would race.
@available(*, unavailable)
extension Pattern.Matcher: Sendable {}

/// Calls `body` with the array's bytes in place, preserving the typed error.
private func withBytes<Result>(
    of array: [UInt8], _ body: (UnsafeRawBufferPointer) throws(PatternError) -> Result
) throws(PatternError) -> Result {
    let outcome = array.withUnsafeBytes { raw in
        Swift.Result { () throws(PatternError) in try body(raw) }
    }
    return try outcome.get()
}

/// Calls `body` with the slice's bytes in place, preserving the typed error.
private func withBytes<Result>(
    of slice: ArraySlice<UInt8>, _ body: (UnsafeRawBufferPointer) throws(PatternError) -> Result
) throws(PatternError) -> Result {
    let outcome = slice.withUnsafeBytes { raw in
        Swift.Result { () throws(PatternError) in try body(raw) }
    }
    return try outcome.get()
}

/// Calls `body` with the string's UTF-8 bytes, in place for native strings, preserving the typed error.
private func withBytes<Result>(
    of string: String, _ body: (UnsafeRawBufferPointer) throws(PatternError) -> Result
) throws(PatternError) -> Result {
    var contiguous = string
    let outcome = contiguous.withUTF8 { utf8 in
        Swift.Result { () throws(PatternError) in try body(UnsafeRawBufferPointer(utf8)) }
    }
    return try outcome.get()
}
