import CrashSift
import CrashSiftRules
import CrashSiftTestSupport
import Foundation
import Testing

/// The reference case: the knowledge-base article's RT csd deadlock, whole and with the parts
/// that confirm it cut out.
@Suite struct SeedRuleTests {
    static func analyze(_ text: String, name: String = "seed") throws -> [Finding] {
        let source = SourceFile(name: name, text: text)
        let input = RuleInput(transcript: TranscriptParser.parse(source), source: source)
        let catalog = try RuleCatalog.builtIn()
        return RuleEngine(rules: catalog.rules).evaluate(input).compactMap { if case .finding(let finding) = $0.outcome { finding } else { nil } }
    }

    static var seedText: String {
        get throws {
            let url = PackagePaths.root.appendingPathComponent("Samples/rhel7-rt-csd-deadlock.article.txt")
            return String(decoding: try PackagePaths.bytes(of: url), as: UTF8.self)
        }
    }

    @Test func theWholeArticleConfirmsTheDeadlock() throws {
        let findings = try Self.analyze(try Self.seedText)
        let finding = try #require(findings.first { $0.rule == "rt-csd-preempted-before-ipi" })
        print(finding)
        #expect(finding.confidence == .confirmed)
        #expect(finding.message.contains("PID 260624 on CPU 0"))
        #expect(finding.message.contains("PID 260617"))
        #expect(finding.message.contains("CPU 60"))
        #expect(finding.evidence.contains { $0.text.contains("ffff92f43c31cb40") })
        #expect(finding.missing.isEmpty)
    }
}

extension SeedRuleTests {
    /// Without `foreach RU bt` and the `list` walks, only the required core holds: `possible`,
    /// with the commands that would confirm it.
    @Test func withoutTheConfirmingOutputTheDeadlockIsPossible() throws {
        let lines = try Self.seedText.split(separator: "\n", omittingEmptySubsequences: false)
        // Cut step 5 (the csd queues) and step 6 (foreach RU bt) out of the article.
        guard let step5 = lines.firstIndex(where: { $0.hasPrefix("5. ") }), let end = lines.firstIndex(where: { $0.hasPrefix("This solution is part") }) else {
            Issue.record("the article's steps were not found")
            return
        }
        let cut = (lines[..<step5] + lines[end...]).joined(separator: "\n")
        let finding = try #require(try Self.analyze(cut).first { $0.rule == "rt-csd-preempted-before-ipi" })
        #expect(finding.confidence == .possible)
        #expect(finding.confirmWith.contains("foreach RU bt"))
        #expect(finding.confirmWith.contains { $0.hasPrefix("list ") })
        #expect(finding.confirmWith.contains("p call_single_queue"))
        #expect(Set(finding.missing.map(\.clause)) == ["sender-preempted", "queue-not-empty", "waiter-targets-queue", "csds-on-stacks"])
        #expect(!finding.isRuledOut)
    }

    /// With `foreach RU bt` present but no task on the waiter's CPU preempted in the IPI path,
    /// the deadlock is ruled out, and the finding says which output did it.
    @Test func aForeachWithoutThePreemptedSenderRulesItOut() throws {
        let text = try Self.seedText
        // Make the preempted task sit on another CPU.
        let moved = text.replacingOccurrences(of: "PID: 260617  TASK: ffff92996b72d3c0  CPU: 0 ", with: "PID: 260617  TASK: ffff92996b72d3c0  CPU: 5 ")
        let finding = try #require(try Self.analyze(moved).first { $0.rule == "rt-csd-preempted-before-ipi" })
        #expect(finding.isRuledOut)
        #expect(finding.ruledOutBy?.clause == "sender-preempted")
        #expect(finding.ruledOutBy?.lines == [200])
    }
}
