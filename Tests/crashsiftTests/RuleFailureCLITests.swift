import CrashSiftTestSupport
import Foundation
import Testing

/// A user rule that hits PCRE2's match limit is reported as a failed rule; the run goes on.
@Suite struct RuleFailureCLITests {
    /// Nested quantifiers over the same words: a line that almost matches takes exponential time.
    let backtrackingRule = """
        id: slow-words
        title: "A pattern that backtracks catastrophically"
        severity: low
        about:
          summary: Nested quantifiers.
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
        """

    @Test func theCommandLineReportsTheFailedRuleAndExitsNormally() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("crashsift-slow-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let rule = dir.appendingPathComponent("slow-words.yaml")
        try backtrackingRule.write(to: rule, atomically: true, encoding: .utf8)
        let input = dir.appendingPathComponent("input.log")
        try ("[    1.000000] " + String(repeating: "abcdefghij", count: 3) + ",\n").write(to: input, atomically: true, encoding: .utf8)

        let result = try CLI.run(["analyze", "--rules", rule.path, input.path])
        #expect(result.status == 0)
        #expect(result.stdout.contains("rule slow-words failed"))
        #expect(result.stdout.contains("match limit"))
    }
}
