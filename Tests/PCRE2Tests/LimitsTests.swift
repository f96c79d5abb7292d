import PCRE2
import Testing

@Suite("Match, depth and JIT stack limits")
struct LimitsTests {
    static let catastrophicSubject = [UInt8](repeating: UInt8(ascii: "a"), count: 30) + [UInt8(ascii: "b")]

    @Test("catastrophic backtracking throws the match-limit error quickly", arguments: [[], Pattern.Options.noJIT])
    func catastrophicBacktracking(options: Pattern.Options) throws {
        let pattern = try Pattern("(a+)+$", options: options)
        var thrown: PatternError?
        let elapsed = ContinuousClock().measure {
            thrown = #expect(throws: PatternError.self) { try pattern.firstMatch(in: Self.catastrophicSubject) }
        }
        let error = try #require(thrown)
        guard case .matchFailed(let code, let message) = error else {
            Issue.record("expected matchFailed, got \(error)")
            return
        }
        #expect(code == -47)
        #expect(message == "match limit exceeded")
        #expect(error.isLimitExceeded)
        #expect(error.description == "match failed: match limit exceeded (PCRE2 error -47)")
        // About 2^30 steps without a limit; with it, milliseconds (generous for a noisy VM).
        #expect(elapsed < .seconds(3))
    }

    @Test("the limit is checked in matches() and isMatch() and by a Matcher too")
    func everyEntryPointHonoursTheLimit() throws {
        let pattern = try Pattern("(a+)+$")
        #expect(throws: PatternError.self) { try pattern.matches(in: Self.catastrophicSubject) }
        #expect(throws: PatternError.self) { try pattern.isMatch(Self.catastrophicSubject) }
        let matcher = Pattern.Matcher(pattern)
        #expect(throws: PatternError.self) { try matcher.isMatch(Self.catastrophicSubject) }
        // The matcher is still usable after an error.
        #expect(try matcher.firstMatch(in: "aa")?.range == 0..<2)
    }

    @Test("limits are passed through: a tiny match limit fails a match that otherwise succeeds",
          arguments: [[], Pattern.Options.noJIT])
    func matchLimitPassedThrough(options: Pattern.Options) throws {
        let pattern = try Pattern("(a+)+$", options: options)
        let subject = Array("aaaaaaab".utf8)
        #expect(try pattern.firstMatch(in: subject) == nil)
        let error = #expect(throws: PatternError.self) {
            try pattern.firstMatch(in: subject, limits: .init(matchLimit: 5))
        }
        #expect(error?.code == -47)
        let matcherError = #expect(throws: PatternError.self) {
            try Pattern.Matcher(pattern, limits: .init(matchLimit: 5)).firstMatch(in: subject)
        }
        #expect(matcherError?.code == -47)
    }

    @Test("the depth limit stops the interpreter")
    func depthLimit() throws {
        let pattern = try Pattern("^(?:a|b)*x$", options: .noJIT)
        let subject = [UInt8](repeating: UInt8(ascii: "a"), count: 6_000) + [UInt8(ascii: "x")]
        #expect(try pattern.isMatch(subject))
        let error = #expect(throws: PatternError.self) {
            try pattern.isMatch(subject, limits: .init(matchLimit: 1_000_000, depthLimit: 1_000))
        }
        #expect(error?.code == -53)
        #expect(error?.isLimitExceeded == true)
        #expect(error?.description.contains("depth limit") == true)
    }

    @Test("JIT matching ignores the depth limit, as PCRE2 documents")
    func jitIgnoresDepthLimit() throws {
        let pattern = try Pattern("^(?:a|b)*x$")
        try #require(pattern.isJIT)
        let subject = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000) + [UInt8(ascii: "x")]
        #expect(try pattern.isMatch(subject, limits: .init(depthLimit: 10)))
    }

    @Test("a matcher grows its JIT stack when the 32 KiB default overflows")
    func jitStackGrowth() throws {
        let pattern = try Pattern("^(?:a|b)*x$")
        try #require(pattern.isJIT)
        let subject = [UInt8](repeating: UInt8(ascii: "a"), count: 20_000) + [UInt8(ascii: "x")]
        let error = #expect(throws: PatternError.self) { try pattern.isMatch(subject, limits: .pcre2Defaults) }
        #expect(error?.code == -46)
        #expect(error?.isLimitExceeded == true)
        #expect(try pattern.isMatch(subject))
        #expect(try pattern.isMatch(subject, limits: .init(jitStackSize: 1 << 20)))
        let matcher = Pattern.Matcher(pattern)
        for _ in 0..<3 { #expect(try matcher.isMatch(subject)) }
        // Past what 1 MiB holds, the JIT stack limit is an error again.
        let tooLong = [UInt8](repeating: UInt8(ascii: "a"), count: 100_000) + [UInt8(ascii: "x")]
        #expect(throws: PatternError.self) { try matcher.isMatch(tooLong) }
    }

    @Test("the default limits are the documented ones")
    func defaults() {
        #expect(Pattern.Limits.default == .init(matchLimit: 1_000_000, depthLimit: 100_000, jitStackSize: 1 << 20))
        #expect(Pattern.Limits.pcre2Defaults == .init())
        #expect(Pattern.Limits.pcre2Defaults.matchLimit == nil)
    }
}
