@testable import CrashSift
import CrashSiftTestSupport
import Foundation
import Testing

/// Versioned fingerprints (``Fingerprint``): the v1 recipe's pieces on real frame names, the
/// same RT RCU stall captured on two boots, syzkaller's same-title logs from different kernel
/// builds, and how v1 groups syzkaller's whole corpus compared with syzkaller's titles.
@Suite struct FingerprintTests {
    static let fixtures = PackagePaths.fixtures(of: "CrashSiftTests").appendingPathComponent("fingerprint")

    static func source(_ name: String) throws -> SourceFile {
        SourceFile(name: name, bytes: try PackagePaths.bytes(of: fixtures.appendingPathComponent(name)))
    }

    static func analyze(_ source: SourceFile) throws -> Analysis {
        try Analyzer.builtIn().analyze(source)
    }

    // MARK: - The recipe's pieces

    /// Compiler suffixes go, whatever their order and numbers; case and real dots stay.
    @Test(arguments: [
        // From the RT RCU stall's panic trace (../shared/corpus/real/rt-rcu-stall/console.log).
        ("rcu_sched_clock_irq.cold", "rcu_sched_clock_irq"),
        // From syzkaller's corpus.
        ("__handle_sysrq.cold.12", "__handle_sysrq"),
        ("ops_exit_list.isra.0", "ops_exit_list"),
        ("__kasan_kmalloc.constprop.0", "__kasan_kmalloc"),
        ("lock_acquire.part.0", "lock_acquire"),
        ("__slab_alloc.isra.25.constprop.27", "__slab_alloc"),
        ("check_cpu_stall.isra.56.cold.74", "check_cpu_stall"),
        // Clang LTO spellings (not in the corpora).
        ("nvme_setup_cmd.llvm.10472749813924525227", "nvme_setup_cmd"),
        ("sock_def_readable.lto_priv.0", "sock_def_readable"),
        // Left alone: no suffix, an unknown suffix, upper case.
        ("crashtest_spin_forever", "crashtest_spin_forever"),
        ("foo.str.1", "foo.str.1"),
        ("SyS_fcntl", "SyS_fcntl"),
    ])
    func compilerSuffixesAreStripped(printed: String, normalized: String) {
        #expect(Fingerprint.V1.normalizedFunction(printed) == normalized)
    }

    /// The RIP's function, as `RIP:`/`pc :`/`IP:` lines print it (real lines from the corpora).
    @Test(arguments: [
        ("0010:crashtest_spin_forever+0x25/0x30 [crashtest]", "crashtest_spin_forever"),
        ("0010:smp_call_function_single+0x197/0x4f0", "smp_call_function_single"),
        ("[<ffffffff8134e2a4>] __list_del_entry+0x14/0xa0", "__list_del_entry"),
        ("0033:0x7fed2bfd4427", nil),
        ("0010:0x0", nil),
    ] as [(String, String?)])
    func theInstructionPointersFunction(printed: String, function: String?) {
        #expect(Fingerprint.V1.instructionPointerFunction(printed) == function)
    }

    /// The panic's trace of the RT RCU stall: everything above the spinning module is the
    /// reporting, the tick and the interrupt entry, and `kthread`/`ret_from_fork` start it.
    @Test func genericFramesAreSkipped() throws {
        let generic = [
            "dump_stack_lvl", "panic", "panic_on_rcu_stall", "rcu_sched_clock_irq", "update_process_times",
            "tick_sched_handle", "tick_sched_timer", "__hrtimer_run_queues", "hrtimer_interrupt",
            "__sysvec_apic_timer_interrupt", "sysvec_apic_timer_interrupt", "asm_sysvec_apic_timer_interrupt",
            "kthread", "ret_from_fork", "entry_SYSCALL_64_after_hwframe", "do_syscall_64", "worker_thread",
            "process_one_work", "__warn", "report_bug", "handle_bug", "exc_invalid_op", "asm_exc_invalid_op",
            "warn_slowpath_fmt", "show_stack", "dump_stack", "kasan_report", "__asan_load8", "lock_acquire",
            "mutex_lock_nested", "_raw_spin_lock_irqsave", "__schedule", "schedule", "rcu_dump_cpu_stacks",
            "print_cpu_stall", "watchdog_timer_fn", "nmi_cpu_backtrace", "irq_exit_rcu", "__irq_exit_rcu",
        ]
        for name in generic { #expect(Fingerprint.V1.isGeneric(name), "\(name)") }
        for name in ["crashtest_preempt_spin", "crashtest_spin_forever", "smp_call_function_single", "generic_exec_single",
                     "rtnl_lock", "synchronize_rcu_expedited", "kthread_complete_and_exit", "schedule_work"] {
            #expect(!Fingerprint.V1.isGeneric(name), "\(name)")
        }
        let source = try Self.source("rt-rcu-stall.console.txt")
        let reports = TranscriptParser.parse(source).log.reports
        let panic = try #require(reports.first { $0.kind == .panic })
        #expect(panic.frames.count > 10)
        #expect(Fingerprint.V1.keptFrames(panic) == ["crashtest_preempt_spin"])
    }

    /// The table is data a person edits only for a new version: one entry per name, a `*`
    /// only at the end, every name already normalised.
    @Test func theGenericFrameTableIsWellFormed() {
        let patterns = Fingerprint.V1.genericFrames.map(\.pattern)
        #expect(Set(patterns).count == patterns.count)
        for pattern in patterns {
            #expect(!pattern.dropLast().contains("*") && !pattern.isEmpty, "\(pattern)")
            #expect(Fingerprint.V1.normalizedFunction(String(pattern.filter { $0 != "*" })) == pattern.filter { $0 != "*" }, "\(pattern)")
        }
    }

    /// Titles of reports without a symbol anywhere: what changes between occurrences is masked.
    @Test(arguments: [
        ("watchdog: BUG: soft lockup - CPU#3 stuck for 22s! [syz-executor.3:4711]", "watchdog: BUG: soft lockup - CPU#N stuck for Ns! [syz-executor.N:N]"),
        ("Kernel panic - not syncing: Attempted to kill init! exitcode=0x00000009", "Kernel panic - not syncing: Attempted to kill init! exitcode=ADDR"),
        ("BUG: unable to handle page fault for address: ffffffffc020bffb", "BUG: unable to handle page fault for address: ADDR"),
        ("kernel panic: Fatal exception", "kernel panic: Fatal exception"),
    ])
    func titlesAreMasked(title: String, masked: String) {
        #expect(Fingerprint.V1.maskedTitle(title) == masked)
    }

    /// A report with no frame and no RIP (syzkaller's file 48: only `Kernel panic - not
    /// syncing: Fatal exception` after a trace that belongs to another report) is named by its
    /// masked title.
    @Test func aReportWithoutFramesFallsBackToItsTitle() throws {
        let report = KernelReport(kind: .panic, title: "kernel panic: Fatal exception in interrupt", line: 1, endLine: 1, records: 0..<1)
        #expect(try Fingerprint.canonicalText(of: report) == "kind:panic\ntitle:kernel panic: Fatal exception in interrupt\n")
        var cpu3 = KernelReport(kind: .softLockup, title: "BUG: soft lockup - CPU#3 stuck for 22s!", line: 1, endLine: 1, records: 0..<1)
        let cpu0 = KernelReport(kind: .softLockup, title: "BUG: soft lockup - CPU#0 stuck for 41s!", line: 9, endLine: 9, records: 0..<1)
        #expect(Fingerprint.report(cpu3) == Fingerprint.report(cpu0))
        cpu3.kind = .hardLockup
        #expect(Fingerprint.report(cpu3) != Fingerprint.report(cpu0))
    }

    // MARK: - Versions

    @Test func versionsAreNamedAndUnknownOnesThrow() throws {
        let source = try Self.source("rt-rcu-stall.console.txt")
        let analysis = try Self.analyze(source)
        let report = try #require(analysis.reports.first)
        #expect(Fingerprint.currentVersion == 1)
        #expect(try Fingerprint.report(report, version: 1) == Fingerprint.report(report))
        #expect(try Fingerprint.case(analysis, version: 1) == Fingerprint.case(analysis))
        #expect(throws: FingerprintError.unsupportedVersion(2)) { try Fingerprint.report(report, version: 2) }
        #expect(throws: FingerprintError.unsupportedVersion(0)) { try Fingerprint.case(analysis, version: 0) }
        #expect(throws: FingerprintError.unsupportedVersion(7)) { try Fingerprint.canonicalText(of: report, version: 7) }
        let fingerprint = Fingerprint.report(report)
        #expect(fingerprint.hasPrefix("v1:") && fingerprint.count == 35)
        #expect(fingerprint.dropFirst(3).allSatisfy { "0123456789abcdef".contains($0) })
    }

    // MARK: - Same bug, other builds

    /// The same RT RCU stall on two boots (4- and 5-level paging): other timestamps, PID,
    /// addresses, `Kdump: loaded` only on one; the same report and case fingerprints.
    @Test func theSameStallOnTwoBootsHasOneFingerprint() throws {
        let first = try Self.source("rt-rcu-stall.console.txt")
        let second = try Self.source("rt-rcu-stall-la57-qemudump.console.txt")
        let (a, b) = (try Self.analyze(first), try Self.analyze(second))
        #expect(a.reports.map(\.kind) == b.reports.map(\.kind))
        #expect(a.reports.map(\.pid) == [150, 150] && b.reports.map(\.pid) == [146, 146])
        #expect(a.reports.first?.registers != b.reports.first?.registers)
        #expect(a.reports.map(Fingerprint.report) == b.reports.map(Fingerprint.report))
        #expect(Set(a.reports.map(Fingerprint.report)).count == 2)
        #expect(Fingerprint.case(a) == Fingerprint.case(b))
        #expect(try Fingerprint.canonicalText(of: a) != "empty\n")
    }

    /// The seed with the built-in rules: the example of README.md ("Fingerprints").
    @Test func theSeedsCaseAsTheREADMEShowsIt() throws {
        let url = PackagePaths.samples.appendingPathComponent("rhel7-rt-csd-deadlock.article.txt")
        let analysis = try Self.analyze(SourceFile(name: "seed", bytes: try PackagePaths.bytes(of: url)))
        #expect(try Fingerprint.canonicalText(of: analysis) == """
            rule:csd-lock-wait
            rule:rcu-stall
            rule:rt-csd-preempted-before-ipi
            report:v1:51f9f2dc8aab6ac1f1bbd40f471f7e0a
            report:v1:dc2947077a8c094fade41da711a26476

            """)
        #expect(Fingerprint.case(analysis) == "v1:00036d4e22e516f147427594823114b9")
    }

    /// The canonical texts of the RT RCU stall, read by eye once
    /// (`Golden/fingerprint-rt-rcu-stall.txt`).
    @Test func theCanonicalTextOfARealCase() throws {
        let analysis = try Self.analyze(try Self.source("rt-rcu-stall.console.txt"))
        var text = ""
        for report in analysis.reports {
            text += "# report line \(report.line): \(report.title) -> \(Fingerprint.report(report))\n"
            text += try Fingerprint.canonicalText(of: report)
        }
        text += "# case -> \(Fingerprint.case(analysis))\n"
        text += try Fingerprint.canonicalText(of: analysis)
        let golden = PackagePaths.golden(of: "CrashSiftTests").appendingPathComponent("fingerprint-rt-rcu-stall.txt")
        if let problem = Golden.compare(text, with: golden) { Issue.record(Comment(rawValue: problem)) }
    }
}

// MARK: - syzkaller's corpus

/// syzkaller's golden console logs (../shared/corpus/syzkaller, Apache-2.0), read in place:
/// each file's `TITLE:` is syzkaller's name for the bug, and files with one title come from
/// different kernel builds. Skipped when ../shared is absent.
@Suite(.enabled(if: PackagePaths.shared != nil, Comment(rawValue: PackagePaths.sharedMissingMessage)))
struct FingerprintSyzkallerTests {
    /// One log: syzkaller's title and our first report that is not informational.
    struct Log {
        let name: String
        let title: String
        let report: KernelReport
        let fingerprint: String
    }

    static var folder: URL? { PackagePaths.shared?.appendingPathComponent("corpus/syzkaller") }

    /// The log of a golden file (after its headers and blank line, before a `REPORT:` section)
    /// and its title; nil for a file without a title or without a report.
    static func log(named name: String) throws -> Log? {
        guard let folder else { return nil }
        let text = String(decoding: try PackagePaths.bytes(of: folder.appendingPathComponent(name)), as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.first, first.hasPrefix("TITLE: "), first.count > 7, let blank = lines.firstIndex(where: \.isEmpty) else { return nil }
        lines = Array(lines[(blank + 1)...])
        if let end = lines.indices.first(where: { $0 > 0 && lines[$0] == "REPORT:" && lines[$0 - 1].isEmpty }) { lines = Array(lines[..<end]) }
        let source = SourceFile(name: name, text: lines.joined(separator: "\n"))
        guard let report = TranscriptParser.parse(source).log.reports.first(where: { !$0.isInformational }) else { return nil }
        return Log(name: name, title: String(first.dropFirst(7)), report: report, fingerprint: Fingerprint.report(report))
    }

    /// Same title, other builds (other offsets, addresses, timestamps, PIDs): one fingerprint.
    @Test(arguments: [
        ("451", "452"),  // general protection fault in deliberately_dereference_bad_address (+0x33 and +0x1b)
        ("110", "111"),  // KASAN: slab-out-of-bounds Read in sg_remove_request
        ("559", "560"),  // possible deadlock in test_clear_page_writeback
        ("540", "584"),  // kernel BUG in xt_rateest_tg_checkentry
        ("448", "581"),  // kernel BUG in pfkey_send_acquire
        ("216", "652"),  // KASAN: invalid-free in xt_free_table_info
        ("254", "255"),  // INFO: task hung in console_device
    ])
    func sameBugOtherBuildSameFingerprint(first: String, second: String) throws {
        let a = try #require(try Self.log(named: first))
        let b = try #require(try Self.log(named: second))
        #expect(a.title == b.title)
        // Really other builds or runs: the raw report text differs.
        let rawA = try PackagePaths.bytes(of: Self.folder!.appendingPathComponent(first))
        let rawB = try PackagePaths.bytes(of: Self.folder!.appendingPathComponent(second))
        #expect(rawA != rawB)
        let build = { (log: Log) in [log.report.instructionPointer ?? ""] + log.report.frames.map { "\($0.offset ?? -1) \($0.address?.description ?? "")" } }
        #expect(build(a) != build(b) || a.report.registers != b.report.registers)
        let texts = (try Fingerprint.canonicalText(of: a.report), try Fingerprint.canonicalText(of: b.report))
        #expect(a.fingerprint == b.fingerprint, "\(texts.0) vs \(texts.1)")
    }

    /// Different bugs: different fingerprints, also where the kind or the first frame agree.
    @Test(arguments: [
        ("451", "540"),  // a GPF in a test module / a kernel BUG in xt_rateest_tg_checkentry
        ("110", "559"),  // KASAN in sg_remove_request / a lockdep report in test_clear_page_writeback
        ("26", "559"),  // two "possible deadlock" lockdep reports
        ("540", "448"),  // two "kernel BUG" reports
        ("254", "526"),  // two hung tasks
    ])
    func differentBugsDifferentFingerprints(first: String, second: String) throws {
        let a = try #require(try Self.log(named: first))
        let b = try #require(try Self.log(named: second))
        #expect(a.title != b.title)
        #expect(a.fingerprint != b.fingerprint)
    }

    /// Groups every log by syzkaller's title and by our v1 fingerprint of its first report
    /// that is not informational, and prints how they compare.
    ///
    /// Same-title files in this corpus are often chosen to show other shapes of a report (other
    /// call paths into the guilty function, other kernels' traces), and a title names one frame
    /// where v1 keeps five, so many title groups split. Titles ending in `corrupted` are left
    /// out of the groups: they say syzkaller could not name the bug, not that it is one bug.
    /// Measured when written (2026-11-26): 630 logs, 503 titles, 560 fingerprints; 48 titles
    /// with two files or more hold 131 files, 56 of which (43%) share a fingerprint with another
    /// file of their title, and 26 of the 48 titles are split; 8 fingerprints hold files of
    /// more than one title. The bounds below leave room for parser changes, not for a worse
    /// recipe.
    @Test func howV1GroupsSyzkallersCorpus() throws {
        guard let folder = Self.folder else { return }
        let logs = try PackagePaths.files(in: folder).compactMap { try Self.log(named: $0.lastPathComponent) }
        #expect(logs.count >= 600)
        let byTitle = Dictionary(grouping: logs, by: \.title).filter { $0.value.count >= 2 && !$0.key.hasSuffix("corrupted") }
        var grouped = 0
        var sharing = 0
        var split: [String] = []
        for (title, members) in byTitle.sorted(by: { $0.key < $1.key }) {
            grouped += members.count
            let byFingerprint = Dictionary(grouping: members, by: \.fingerprint)
            sharing += members.filter { byFingerprint[$0.fingerprint]!.count >= 2 }.count
            if byFingerprint.count > 1 { split.append("\(title): \(byFingerprint.values.map { $0.map(\.name).joined(separator: ",") }.sorted().joined(separator: " | "))") }
        }
        let merging = Dictionary(grouping: logs, by: \.fingerprint).filter { Set($0.value.map(\.title)).count > 1 }
        let share = Double(sharing) / Double(max(grouped, 1))
        let summary = """
            fingerprint v1 on syzkaller's corpus: \(logs.count) logs, \(Set(logs.map(\.title)).count) titles, \
            \(Set(logs.map(\.fingerprint)).count) fingerprints; \(byTitle.count) titles with 2+ files hold \(grouped) files, \
            \(sharing) (\(String(format: "%.0f", share * 100))%) share a fingerprint with another file of their title; \
            \(split.count) titles split; \(merging.count) fingerprints hold more than one title
            """
        print(summary)
        for line in split { print("  split: \(line)") }
        for (fingerprint, members) in merging.sorted(by: { $0.key < $1.key }) {
            print("  merged \(fingerprint): \(Set(members.map(\.title)).sorted().joined(separator: " | "))")
        }
        #expect(share >= 0.40, Comment(rawValue: summary))
        #expect(merging.count <= 10, Comment(rawValue: summary))
    }
}
