import CrashSift
import CrashSiftRules
import CrashSiftTestSupport
import Foundation
import Testing

/// The generic rules on real sessions: what they name, and that the RT-specific seed rule
/// stays out of what is not its deadlock.
@Suite struct GenericRuleTests {
    static func analysis(ofFile path: String) throws -> Analysis {
        let url = PackagePaths.root.appendingPathComponent(path)
        let text = String(decoding: try PackagePaths.bytes(of: url), as: UTF8.self)
        return try Analyzer.builtIn().analyze(SourceFile(name: path, text: text))
    }

    /// Debian 12's PREEMPT_RT kernel: a module spins with preemption disabled on CPU 2
    /// (crashtest_spin_forever) and panic_on_rcu_stall panics. That is a generic RCU stall, not
    /// the RHEL 7 RT csd deadlock.
    @Test func theRTRCUStallSessionIsAGenericStallNotTheCSDDeadlock() throws {
        let analysis = try Self.analysis(ofFile: "Samples/debian12-rt-rcu-stall.session.txt")
        let stall = try #require(analysis.findings.first { $0.rule == "rcu-stall" })
        #expect(stall.message.contains("CPU 2"))
        #expect(stall.message.contains("PID 150"))
        #expect(stall.message.contains("crashtest_spin_forever"))
        #expect(stall.confidence == .confirmed)
        #expect(stall.evidence.contains { $0.clause == "spinner" && $0.text.contains("PID: 150") })
        #expect(stall.evidence.contains { $0.text.contains("Kernel panic - not syncing: RCU Stall") })
        #expect(!analysis.findings.contains { $0.rule == "rt-csd-preempted-before-ipi" })
        #expect(!analysis.findings.contains { $0.rule == "csd-lock-wait" })
        #expect(analysis.failures.isEmpty)
    }

    /// The seed article: the RT rule confirms its deadlock, and the generic csd rule names the
    /// same waiter and target CPU.
    @Test func theSeedArticleAlsoGivesTheGenericCSDFinding() throws {
        let analysis = try Self.analysis(ofFile: "Samples/rhel7-rt-csd-deadlock.article.txt")
        #expect(analysis.findings.contains { $0.rule == "rt-csd-preempted-before-ipi" })
        let wait = try #require(analysis.findings.first { $0.rule == "csd-lock-wait" })
        #expect(wait.message.contains("PID 260624"))
        #expect(wait.message.contains("on CPU 0"))
        #expect(wait.message.contains("for CPU 60"))
        #expect(wait.confirmWith.contains("bt -c 60"))
    }

    /// The csd-lock-wait rule's own examples of a newer kernel, where generic_exec_single and
    /// csd_lock_wait are inlined: the waiter's exception RIP is smp_call_function_many_cond and
    /// the target CPU spins with interrupts off. That is the generic finding, naming the
    /// waiter, the target CPU and what runs there, and not the RT deadlock; the same holds when
    /// only the log (the csd debug message and NMI backtraces) shows it.
    @Test(arguments: ["crash> log\n", "[  779.004120] systemd-journald"])
    func anInlinedWaiterOnATargetWithInterruptsOffIsTheGenericFinding(examplePrefix: String) throws {
        let catalog = try RuleCatalog.builtIn()
        let rule = try #require(catalog.rule(id: "csd-lock-wait"))
        let text = try #require(rule.examples.triggering.compactMap(\.text).first { $0.hasPrefix(examplePrefix) })
        let analysis = Analyzer(catalog: catalog).analyze(SourceFile(name: "example.txt", text: text.replacingOccurrences(of: "↓", with: "")))
        let wait = try #require(analysis.findings.first { $0.rule == "csd-lock-wait" })
        #expect(wait.message == """
            PID 2312 ("gzip") on CPU 1 waits in smp_call_function_many_cond for CPU 3 to run a cross-CPU function call; \
            CPU 3 runs PID 1876 ("spinner") in native_queued_spin_lock_slowpath.
            """)
        #expect(!analysis.findings.contains { $0.rule == "rt-csd-preempted-before-ipi" })
    }

    /// The hung-task session: the blocked task is named by the function it blocks in, under
    /// mutex_lock and the rt_mutex slow path.
    @Test func theHungTaskSessionNamesTheBlockingFunction() throws {
        let analysis = try Self.analysis(ofFile: "Tests/CrashSiftParserTests/Fixtures/real/rt-hung-task/transcript.txt")
        let hung = try #require(analysis.findings.first { $0.rule == "hung-task" })
        #expect(hung.message.contains("PID 148"))
        #expect(hung.message.contains("crashtest_block_on_mutex"))
        #expect(hung.evidence.contains { $0.clause == "blocked" && $0.text.contains("crashtest_block_on_mutex at") })
        #expect(analysis.findings.map(\.rule) == ["hung-task"])
    }

    /// The oops session: a NULL pointer dereference, and not also a generic page fault.
    @Test func theOopsSessionIsANullPointerDereference() throws {
        let analysis = try Self.analysis(ofFile: "Tests/CrashSiftParserTests/Fixtures/real/std-oops/transcript.txt")
        let null = try #require(analysis.findings.first { $0.rule == "null-pointer-dereference" })
        #expect(null.confidence == .confirmed)
        #expect(null.message.contains("crashtest_null_deref"))
        #expect(null.message.contains("PID 1 "))
        #expect(analysis.findings.map(\.rule) == ["null-pointer-dereference"])
    }
}
