import CrashSiftTestSupport
import Foundation
import Testing

/// `crashsift rules list | show ID | test [FILE...]` end to end.
@Suite struct RulesCLITests {
    @Test func listGivesIdSeverityAndTitleOnePerLine() throws {
        let result = try CLI.run(["rules", "list"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n")
        #expect(!lines.isEmpty)
        let seed = try #require(lines.first { $0.hasPrefix("rt-csd-preempted-before-ipi ") })
        let columns = seed.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
        #expect(columns[1] == "critical")
        #expect(columns[2].drop { $0 == " " }.hasPrefix("RT kernel deadlock: a task preempted"))
        // Every line: an id, a severity, a title.
        for line in lines {
            let columns = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
            #expect(columns.count == 3)
            #expect(["info", "low", "medium", "high", "critical"].contains(String(columns[1])), "\(line)")
        }
    }

    @Test func listTakesUserRules() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try AnalyzeCLITests.userRule.write(to: folder.appendingPathComponent("test-user-rcu-stall-panic.yaml"), atomically: true, encoding: .utf8)
        let result = try CLI.run(["rules", "list", "--rules", folder.path])
        #expect(result.status == 0)
        #expect(result.stdout.split(separator: "\n").last?.hasPrefix("test-user-rcu-stall-panic ") == true)
    }

    @Test func showGivesAboutClausesAndExamples() throws {
        let result = try CLI.run(["rules", "show", "rt-csd-preempted-before-ipi"])
        #expect(result.status == 0)
        let text = result.stdout
        #expect(text.hasPrefix("rt-csd-preempted-before-ipi (critical)\nRT kernel deadlock"))
        #expect(text.contains("\nAbout\n  On kernel-rt, generic_exec_single()"))
        #expect(text.contains("  fixed: kernel-rt 3.10.0-1160.9.1.rt56.1143.el7\n"))
        #expect(text.contains("\n  rcu-stall-panic (required, log; line "))
        #expect(text.contains("\n  sender-preempted (supporting, decisive, task, binds sender; line "))
        #expect(text.contains("\n    confirm with: foreach RU bt\n"))
        #expect(text.contains("\nFinding\n  PID {waiter.pid} on CPU {waiter.cpu}"))
        #expect(text.contains("\nExamples\n  triggering #1 (line "))
        #expect(text.contains("file Samples/rhel7-rt-csd-deadlock.article.txt"))
    }

    @Test func showAnUnknownRuleExitsTwo() throws {
        let result = try CLI.run(["rules", "show", "no-such-rule"])
        #expect(result.status == 2)
        #expect(result.stderr == "crashsift: no rule 'no-such-rule' (crashsift rules list shows the rules)\n")
    }

    @Test func testRunsTheBuiltInExamples() throws {
        let result = try CLI.run(["rules", "test"])
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.contains("rt-csd-preempted-before-ipi (built-in:rt-csd-preempted-before-ipi.yaml)\n  pass  triggering #1 (line "))
        #expect(result.stdout.contains(" 0 failed, "))
    }

    @Test func testAUserRuleFile() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("test-user-rcu-stall-panic.yaml")
        try AnalyzeCLITests.userRule.write(to: file, atomically: true, encoding: .utf8)
        let passing = try CLI.run(["rules", "test", file.path])
        #expect(passing.status == 0, "\(passing.stdout)")
        #expect(passing.stdout.hasSuffix("2 examples of 1 rule: 2 passed, 0 failed, 0 skipped\n"))

        // Swap the examples: both fail, and the run exits with 1.
        let swapped = AnalyzeCLITests.userRule
            .replacingOccurrences(of: "Samples/debian12-rt-rcu-stall.session.txt", with: "SESSION")
            .replacingOccurrences(of: "Samples/debian12-rt-rcu-stall.bt-a.txt", with: "Samples/debian12-rt-rcu-stall.session.txt")
            .replacingOccurrences(of: "SESSION", with: "Samples/debian12-rt-rcu-stall.bt-a.txt")
        try swapped.write(to: file, atomically: true, encoding: .utf8)
        let failing = try CLI.run(["rules", "test", folder.path])
        #expect(failing.status == 1)
        #expect(failing.stdout.contains("  FAIL  triggering #1 (line 15): no finding\n"))
        #expect(failing.stdout.contains("  FAIL  nonTriggering #1 (line 17): unexpected confirmed finding"))
    }

    /// Every invalid file of a folder is reported, the valid ones are still tested, and the
    /// run exits with 2.
    @Test func testReportsEveryInvalidFile() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for rule in AnalyzeCLITests.brokenRules {
            try rule.yaml.write(to: folder.appendingPathComponent("\(rule.name).yaml"), atomically: true, encoding: .utf8)
        }
        try AnalyzeCLITests.userRule.write(to: folder.appendingPathComponent("test-user-rcu-stall-panic.yaml"), atomically: true, encoding: .utf8)
        let result = try CLI.run(["rules", "test", folder.path])
        #expect(result.status == 2)
        for rule in AnalyzeCLITests.brokenRules {
            #expect(result.stderr.contains("\(folder.path)/\(rule.name).yaml:\(rule.location): error: "), "\(rule.name)")
        }
        #expect(result.stdout.contains("test-user-rcu-stall-panic"))
        #expect(result.stdout.contains("2 passed, 0 failed"))
    }
}
