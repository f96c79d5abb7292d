extension Pattern {
    /// Resource limits for one match attempt, so a pathological pattern fails fast instead of hanging.
    ///
    /// A limit of nil leaves PCRE2's built-in default in force (10,000,000 for both on a
    /// standard build). Exceeding a limit makes matching throw `PatternError.matchFailed`
    /// (code -47 for the match limit, -53 for the depth limit, -46 for the JIT stack); it is
    /// never reported as "no match".
    public struct Limits: Sendable, Hashable {
        /// The most backtracking steps one match attempt may take (`pcre2_set_match_limit`).
        ///
        /// PCRE2 counts afresh at each start position of an unanchored search, so a long
        /// subject does not by itself use up the budget. JIT matching counts in its own units
        /// but honours the limit too.
        public var matchLimit: UInt32?

        /// The deepest nesting of backtracking points one match may reach (`pcre2_set_depth_limit`).
        ///
        /// This bounds the interpreter's heap use. JIT matching ignores it (PCRE2 documents
        /// this), so it applies only to patterns compiled with `noJIT` or where JIT is unavailable.
        public var depthLimit: UInt32?

        /// The most bytes of JIT stack a match may use, which is what bounds recursion under JIT.
        ///
        /// PCRE2 runs JIT code on 32 KiB of the machine stack unless given a JIT stack; that
        /// overflows (error -46) on a repeated group such as `(a|b)*` over a few thousand bytes.
        /// A matcher that hits it creates its own JIT stack of up to this size once and retries.
        /// nil, or anything up to 32 KiB, keeps PCRE2's default.
        public var jitStackSize: Int?

        /// Creates limits; nil for any of them leaves PCRE2's built-in default in force.
        public init(matchLimit: UInt32? = nil, depthLimit: UInt32? = nil, jitStackSize: Int? = nil) {
            self.matchLimit = matchLimit
            self.depthLimit = depthLimit
            self.jitStackSize = jitStackSize
        }

        /// The limits used unless a caller passes others: 1,000,000 steps, depth 100,000, 1 MiB of JIT stack.
        ///
        /// A million steps is far more than any sensible pattern needs on a line of `crash`
        /// output (PCRE2's own default is ten million), yet it stops catastrophic backtracking
        /// such as `(a+)+$` within milliseconds. The depth and JIT stack limits bound how far a
        /// repeated group like `(a|b)*` can run: measured with PCRE2 10.42, about 50,000 bytes
        /// in the interpreter and about 43,000 under JIT, enough for any line. In exchange a
        /// runaway match takes at most 1 MiB under JIT, or 100,000 interpreter frames of
        /// 128 bytes plus 16 per capture group (about 13 MB for a pattern without groups).
        public static let `default` = Limits(matchLimit: 1_000_000, depthLimit: 100_000, jitStackSize: 1 << 20)

        /// PCRE2's built-in defaults, as if no limits were set (JIT code gets only 32 KiB of stack).
        public static let pcre2Defaults = Limits()
    }
}
