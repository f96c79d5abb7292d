import CrashSift
import CrashSiftRules
import CrashSiftTestSupport
import Foundation
import Testing

/// A user rule whose pattern backtracks catastrophically hits PCRE2's match limit: that rule
/// fails for that input, with a message naming it, and every other rule still runs.
@Suite struct RuleFailureTests {
    /// A rule file of the kind a user might write; also used by the CLI tests.
    static let backtrackingRule = """
        id: slow-words
        title: "A pattern that backtracks catastrophically"
        severity: low
        about:
          summary: Nested quantifiers over the same words; a line that almost matches takes exponential time.
        patterns:
          words: '\\] (?:[a-j]+[ ]?)+$'
        clauses:
          - id: wordy
            required: true
            says: 'a line of words'
            log:
              record: $words
        finding:
          message: 'a line of words'
        examples:
          triggering:
            - text: |
                [    1.000000] ↓bad cafe
          nonTriggering:
            - text: |
                [    1.000000] bad, cafe
        """

    @Test func aBacktrackingUserRuleFailsAloneAndTheOthersGoOn() throws {
        let slow = try RuleLoader.load(yaml: Self.backtrackingRule, file: "slow-words.yaml")
        let analyzer = Analyzer(catalog: try RuleCatalog.builtIn().adding([slow]))
        let url = PackagePaths.root.appendingPathComponent("Samples/debian12-rt-rcu-stall.session.txt")
        let session = String(decoding: try PackagePaths.bytes(of: url), as: UTF8.self)
        // After the session's RCU stall panic, a log record of thirty letters and a comma: every
        // split of the word is tried before the match fails.
        let panic = try #require(session.range(of: "Kernel panic - not syncing: RCU Stall\n"))
        let text = session[..<panic.upperBound] + "[ 9999.000000] " + String(repeating: "abcdefghij", count: 3) + ",\n"
            + session[panic.upperBound...]

        let start = ContinuousClock.now
        let analysis = analyzer.analyze(SourceFile(name: "session.txt", text: text))
        let elapsed = ContinuousClock.now - start

        let failure = try #require(analysis.failures.first)
        #expect(analysis.failures.count == 1)
        #expect(failure.rule == "slow-words")
        #expect(failure.message.contains("match limit"))
        #expect(failure.message.contains("the pattern '\\] (?:[a-j]+[ ]?)+$'"))
        // The built-in rules still ran on the same input.
        #expect(analysis.findings.contains { $0.rule == "rcu-stall" && $0.confidence == .confirmed })
        #expect(!analysis.findings.contains { $0.rule == "slow-words" })
        // The limit stops the search long before exponential time (2^30 steps).
        #expect(elapsed < .seconds(30))
    }
}
