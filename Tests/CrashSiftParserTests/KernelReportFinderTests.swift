import CrashSiftModel
import CrashSiftTestSupport
import CrashSiftText
import Foundation
import Testing

@testable import CrashSiftParser

/// The reports found in `text` (all of its lines, or `lines`).
private func reports(_ text: String, lines: ClosedRange<Int>? = nil) -> [FoundReport] {
    let bytes = Array(text.utf8)
    let index = LineIndex(bytes)
    guard index.count > 0 else { return [] }
    return bytes.withUnsafeBufferPointer { KernelReportFinder.findReports(in: $0, lineIndex: index, lines: lines ?? 1...index.count) }
}

/// The first crash report of `text`: the one syzkaller's `Parse` would return.
private func firstCrash(_ text: String) -> FoundReport? {
    reports(text).first(where: \.isCrash)
}

/// `lines` joined into a log, each line prefixed with a timestamp.
private func log(_ lines: [String], caller: String? = nil) -> String {
    lines.enumerated().map { index, line in
        "[  100.\(String(format: "%06d", index))]\(caller.map { "[\($0)]" } ?? "") \(line)"
    }.joined(separator: "\n") + "\n"
}

// MARK: - The tables

@Suite struct KernelReportTableTests {
    @Test func everyPatternCompiles() {
        let rules = CompiledReportRules.shared
        #expect(rules.slotCount > 200)
        #expect(rules.headers.count == KernelReportTable.headers.count)
        #expect(rules.headers.allSatisfy { !$0.formats.isEmpty })
    }

    @Test func macrosExpandToTheKernelFormats() {
        #expect(ReportPatternRegistry.expand("at {{PC}} {{FUNC}}") == #"at \[<?(?:0x)?[0-9a-f]+>?\] ([a-zA-Z0-9_]+)[.+]"#)
        #expect(ReportPatternRegistry.expand("no macros") == "no macros")
    }

    @Test(arguments: [
        ("BUG: soft lockup in foo", "HANG"),
        ("KASAN: slab-out-of-bounds Read in bar", "KASAN-READ"),
        ("KASAN: use-after-free Write in bar", "KASAN-USE-AFTER-FREE-WRITE"),
        ("WARNING in foo", "WARNING"),
        ("WARNING: refcount bug in foo", "REFCOUNT_WARNING"),
        ("possible deadlock in foo", "LOCKDEP"),
        ("kernel panic: RCU Stall", "DoS"),
        ("BUG: stack guard page was hit in foo", "UNKNOWN"),
        ("BUG: something new", "UNKNOWN"),
        ("WARNING: something new", "WARNING"),
    ])
    func titlesHaveSyzkallersTypes(title: String, type: String) {
        #expect(CrashTypeTable.type(ofTitle: title) == type)
    }

    @Test func titleTemplatesTakeNumberedArguments() {
        #expect(TitleTemplate("KASAN: $1 $3 in $4").render(["use-after-free", "f", "Read", "g"]) == "KASAN: use-after-free Read in g")
        #expect(TitleTemplate("in $2").render(["x"]) == "in %!v(BADINDEX)")
    }
}

// MARK: - Pieces

@Suite struct ReportPiecesTests {
    private let rules = CompiledReportRules.shared

    private func sanitize(_ title: String) -> String {
        ReportTitleSanitizer.sanitize(title, with: rules, matchers: ReportMatchers(slots: rules.slotCount))
    }

    @Test(arguments: [
        ("kernel BUG at fs/ext4/inode.c:2345!", "kernel BUG at fs/ext4/inode.c:LINE!"),
        ("general protection fault, probably for non-canonical address 0xdffffc0000000002: 0000 [#1] PREEMPT SMP KASAN",
         "general protection fault, probably for non-canonical address ADDR: NUM [#NUM] PREEMPT SMP KASAN"),
        ("INFO: task syz-executor.3:1234 blocked for more than 143 seconds.", "INFO: task syz-executor blocked for more than NUM seconds."),
        ("WARNING in ip6_fragment+0x1052/0x2d80", "WARNING in ip6_fragment"),
        ("BUG: soft lockup - CPU#1 stuck for 22s!", "BUG: soft lockup - CPU stuck for 22s!"),
        ("connect to 10.1.2.3 failed", "connect to IP failed"),
        ("WARNING in cfg80211_connect", "WARNING in cfg80211_connect"),
        ("foo12345678bar", "fooNUMbar"),
        ("numbers 0,1,2 in a row", "numbers NUM,NUM,NUM in a row"),
        ("  a\tb\u{01}c   d\u{e9}  ", "a bc d"),
    ])
    func sanitizingReplacesWhatChangesBetweenRuns(raw: String, sanitized: String) {
        #expect(sanitize(raw) == sanitized)
    }

    @Test func sanitizingCutsTitlesAt120Bytes() {
        #expect(sanitize(String(repeating: "x", count: 200)) == String(repeating: "x", count: 120))
    }

    @Test(arguments: [
        ("[  100.000000] BUG: x", ConsoleContext.console),
        ("<4>[  100.000000] BUG: x", .console),
        ("** 5 printk messages dropped ** [  100.000000] BUG: x", .console),
        ("syzkaller login: [  100.000000] BUG: x", .console),
        ("BUG: x", .none),
        // An indented paste keeps its prefix; text that is not a prefix stays none.
        ("    [  100.000000] BUG: x", .console),
        ("    BUG: x", .none),
        ("[  100.000000][ T123] BUG: x", .caller(.init(letter: UInt8(ascii: "T"), padding: 1, digits: 0x31_32_33, digitCount: 3))),
        ("[  100.000000][T123]BUG: x", .none),
        // crash's `log -T` (with and without the zone) and `log -c`.
        ("[Wed Nov 25 20:22:52 UTC 2026] BUG: x", .console),
        ("[Sat Apr  4 07:41:09 2020] BUG: x", .console),
        ("[    0.467730] [     T1] BUG: x", .caller(.init(letter: UInt8(ascii: "T"), padding: 5, digits: 0x31, digitCount: 1))),
        ("[Not a date] BUG: x", .none),
    ])
    func prefixesGiveTheLinesContext(line: String, context: ConsoleContext) {
        let bytes = Array(line.utf8)
        #expect(bytes.withUnsafeBytes { ConsoleLinePrefix.context(of: $0, mayHaveLogin: true) } == context)
    }

    @Test func strippingDropsThePrefixAndMarksQuestionableFrames() {
        func strip(_ line: String) -> (String, Bool) {
            let bytes = Array(line.utf8)
            return bytes.withUnsafeBytes { raw in
                let context = ConsoleLinePrefix.context(of: raw, mayHaveLogin: false)
                let (message, questionable) = ConsoleLinePrefix.strip(raw, context: context)
                return (String(decoding: raw[message], as: UTF8.self), questionable)
            }
        }
        #expect(strip("[  1.000000]  do_syscall_64+0x5d/0xb0") == (" do_syscall_64+0x5d/0xb0", false))
        #expect(strip("[  1.000000]  ? exit_to_user_mode_prepare+0x44/0x240") == (" exit_to_user_mode_prepare+0x44/0x240", true))
        #expect(strip("[  1.000000]  <EOI>  [<ffffffffaab06d6a>] ? generic_exec_single+0xfa/0x1b0").1 == false)
        #expect(strip("[  1.000000] [c0000000] .foo+0x1/0x2 (unreliable)") == ("[c0000000] .foo+0x1/0x2", true))
        #expect(strip("no prefix ? at all") == ("no prefix ? at all", false))
        // crash's `log -m` level and `log -c` caller column are part of the prefix.
        #expect(strip("[   14.312739] <3>rcu: INFO: rcu_preempt self-detected stall on CPU") == ("rcu: INFO: rcu_preempt self-detected stall on CPU", false))
        #expect(strip("[    0.467730] [     T1] <6> ? foo+0x1/0x2") == (" foo+0x1/0x2", true))
    }

    @Test(arguments: [
        ("_Z8fakeNameiii", "fakeName"),
        ("_ZN3foo3barEv", "foo::bar"),
        ("_RNvCscSpY9Juk0HT_7___rustc17rust_begin_unwind", "__rustc::rust_begin_unwind"),
        ("_RNvMs3_NtCshgDM7dBCdno_11rust_binder7processNtB5_7Process10update_ref", "<rust_binder::process::Process>::update_ref"),
        ("_RNvXs1_CscPPBqWtAqum_11ashmem_rustNtB5_6AshmemNtNtCs43vyB533jt3_6kernel10miscdevice10MiscDevice4mmap",
         "<ashmem_rust::Ashmem as kernel::miscdevice::MiscDevice>::mmap"),
        ("_RNvMCscb18lrEyTSA_10rust_panicNtB2_10HelloPanic8step_two", "<rust_panic::HelloPanic>::step_two"),
        ("_RNvCscb18lrEyTSA_10rust_panic10area_in_hp", "rust_panic::area_in_hp"),
        ("_RINvNtC3std3mem8align_ofdE", "std::mem::align_of::<f64>"),
        ("_RNvB99_3foo", "_RNvB99_3foo"),
        ("_Zgarbage", "_Zgarbage"),
        ("plain_name", "plain_name"),
    ])
    func mangledFramesAreReadable(symbol: String, name: String) {
        #expect(SymbolDemangler.demangle(symbol) == name)
    }

    @Test func theLiteralScannerFindsTheFirstEnd() {
        let scanner = LiteralSetScanner([Array("he".utf8), Array("she".utf8), Array("hers".utf8)])
        let text = Array("ushers and others".utf8)
        text.withUnsafeBytes { bytes in
            #expect(scanner.firstEnd(in: bytes, from: 0) == 4)   // "she" (and "he") end after "ushe"
            #expect(scanner.firstEnd(in: bytes, from: 4) == 15)  // "he" of "others"
            #expect(scanner.firstEnd(in: bytes, from: 15) == nil) // "hers" started before 15
        }
    }

    @Test func guiltyFramesSkipMachineryAndStripSyscallPrefixes() {
        let extractor = GuiltyFrameExtractor(rules: rules, matchers: ReportMatchers(slots: rules.slotCount))
        #expect(extractor.strippingSyscallPrefix("__x64_sys_ioctl") == "sys_ioctl")
        #expect(extractor.strippingSyscallPrefix("__do_sys_futex") == "futex")
        #expect(extractor.strippingSyscallPrefix("tcp_sendmsg") == "tcp_sendmsg")
        #expect(extractor.stallFrame(["spin_loop", "my_handler", "do_vfs_ioctl", "ksys_ioctl"])! == ("my_handler", 1))
        #expect(extractor.stallFrame(["generic_exec_single", "smp_call_function_single", "flush_tlb"])! == ("smp_call_function", 1))
        #expect(extractor.stallFrame(["a", "b"]) == nil)
        #expect(extractor.hungTaskFrame(["__schedule", "schedule", "synchronize_rcu_expedited", "foo"])! == ("synchronize_rcu", 2))
        #expect(extractor.hungTaskFrame(["__schedule", "rtnl_lock_killable", "foo"])! == ("rtnl_lock_killable", 1))
        #expect(extractor.hungTaskFrame(["__schedule", "schedule_timeout", "wait_for_completion", "my_flush"])! == ("my_flush", 3))
    }
}

// MARK: - Titles and guilty frames

@Suite struct ReportTitleTests {
    @Test func warningsSkipAllocatorsAndCopyHelpersForTheirGuiltyFrame() throws {
        let report = try #require(firstCrash(log([
            "------------[ cut here ]------------",
            "WARNING: CPU: 0 PID: 1 at mm/util.c:100 __might_fault+0x10/0x20",
            "Modules linked in:",
            "CPU: 0 PID: 1 Comm: syz-executor.0 Not tainted 6.1.0 #1",
            "RIP: 0010:__might_fault+0x10/0x20",
            "Call Trace:",
            " <TASK>",
            " copy_from_user+0x10/0x20",
            " kmem_cache_alloc+0x10/0x20",
            " my_driver_ioctl+0x10/0x20",
            " __x64_sys_ioctl+0x10/0x20",
            " do_syscall_64+0x10/0x20",
            " </TASK>",
            "---[ end trace 0000000000000000 ]---",
        ])))
        #expect(report.title == "WARNING in my_driver_ioctl")
        #expect(report.kind == .warning)
        #expect(report.crashType == "WARNING")
        #expect(report.guiltyFrame == "my_driver_ioctl")
        #expect(!report.corrupted)
        #expect((report.firstLine, report.headerLine, report.lastLine) == (1, 2, 14))
    }

    @Test func stallsAreNamedByTheWorkAboveTheirAnchor() throws {
        let report = try #require(firstCrash(log([
            "INFO: rcu_sched self-detected stall on CPU",
            "\t0-....: (10500 ticks this GP) idle=a3e/1/0x4000000000000002",
            "NMI backtrace for cpu 0",
            "Call Trace:",
            " <IRQ>",
            " dump_stack+0x10/0x20",
            " rcu_check_callbacks+0x10/0x20",
            " apic_timer_interrupt+0x10/0x20",
            " </IRQ>",
            "RIP: 0010:spin_loop+0x5/0x10",
            " my_loop_body+0x10/0x20",
            " my_ioctl_handler+0x10/0x20",
            " do_vfs_ioctl+0x10/0x20",
            " ksys_ioctl+0x10/0x20",
            " do_syscall_64+0x10/0x20",
        ])))
        #expect(report.title == "INFO: rcu detected stall in my_ioctl_handler")
        #expect(report.altTitles == ["stall in my_ioctl_handler"])
        #expect(report.kind == .rcuStall)
        #expect(report.crashType == "HANG")
        // The NMI backtrace belongs to the stall.
        #expect(reports(log(["INFO: rcu_sched self-detected stall on CPU", "NMI backtrace for cpu 0"])).count == 1)
    }

    @Test func hungTasksAreGroupedBySynchronizeRCU() throws {
        let report = try #require(firstCrash(log([
            "INFO: task kworker/0:1:17 blocked for more than 143 seconds.",
            "      Not tainted 6.1.0 #1",
            "\"echo 0 > /proc/sys/kernel/hung_task_timeout_secs\" disables this message.",
            "task:kworker/0:1 state:D stack:0 pid:17 ppid:2 flags:0x00004000",
            "Call Trace:",
            " <TASK>",
            " __schedule+0x10/0x20",
            " schedule+0x10/0x20",
            " synchronize_rcu_expedited+0x10/0x20",
            " my_teardown+0x10/0x20",
            " </TASK>",
        ])))
        #expect(report.title == "INFO: task hung in synchronize_rcu")
        #expect(report.kind == .hungTask)
    }

    @Test func aMissingTraceMakesAReportCorrupted() throws {
        let noFrames = try #require(firstCrash(log([
            "BUG: kernel NULL pointer dereference, address: 0000000000000008",
            "RIP: 0010:my_func+0x1/0x2",
            "Call Trace:",
            "Modules linked in:",
            "CR2: 0000000000000008",
            "some other line",
        ])))
        #expect(noFrames.title == "BUG: unable to handle kernel NULL pointer dereference in my_func")
        #expect(noFrames.corruptedReason == "no frames in a stack trace")

        let noTrace = try #require(firstCrash(log(["BUG: Bad page map in process x  pte:8000000000000000 pmd:00000000"])))
        #expect(noTrace.title == "BUG: Bad page map")
        #expect(noTrace.corruptedReason == "no stack trace in report")

        let intermixed = try #require(firstCrash("BUG: foo bar [  123.456789] baz\n"))
        #expect(intermixed.title == "BUG: foo bar [ NUM.ADDR] baz")
        #expect(intermixed.corruptedReason == "title matches corrupted regexp")

        let noFramesAtAll = try #require(firstCrash(log(["INFO: rcu_preempt detected stalls on CPUs/tasks:"])))
        #expect(noFramesAtAll.title == "INFO: rcu detected stall in corrupted")
        #expect(noFramesAtAll.corruptedReason == "extracted no frames")
        #expect(noFramesAtAll.guiltyFrame == nil)
    }

    @Test func onlyTheHeadersContextMakesTheReport() throws {
        // Another task's lines and questionable frames are interleaved with the report.
        let text = [
            "[  100.000001][ T100] BUG: scheduling while atomic: syz-executor/100/0x00000002",
            "[  100.000002][ T200]  other_task_function+0x10/0x20",
            "[  100.000003][ T100] Call Trace:",
            "[  100.000004][ T200]  another_unrelated_function+0x10/0x20",
            "[  100.000005][ T100]  ? questionable_function+0x10/0x20",
            "[  100.000006][ T100]  schedule+0x10/0x20",
            "[  100.000007][ T100]  the_real_culprit+0x10/0x20",
        ].joined(separator: "\n")
        #expect(firstCrash(text)?.title == "BUG: scheduling while atomic in the_real_culprit")
        #expect(firstCrash(text)?.kind == .schedulingWhileAtomic)
    }

    @Test func aPrefixedHeaderIsFoundAnywhereInTheLine() throws {
        let report = try #require(firstCrash(log([
            "watchdog: BUG: soft lockup - CPU#0 stuck for 22s! [syz-executor.0:123]",
            "RIP: 0010:my_spin+0x1/0x2",
            "Call Trace:",
            " my_worker+0x10/0x20",
            " process_one_work+0x10/0x20",
        ])))
        #expect(report.title == "BUG: soft lockup in my_worker")
        #expect(report.kind == .softLockup)
    }

    @Test func suppressedAndReplayedLinesStartNoReport() {
        #expect(reports(log(["BUG: no syscalls can create resource fd"])).isEmpty)
        #expect(reports(log(["WARNING: /etc/ssh/moduli does not exist, using fixed modulus"])).isEmpty)
        #expect(reports(log(["BUG: cut sh", "** replaying previous printk message **"])).isEmpty)
    }

    @Test func searchesRunConcurrently() async {
        let text = log([
            "WARNING: CPU: 0 PID: 1 at a.c:1 my_func+0x1/0x2",
            "RIP: 0010:my_func+0x1/0x2",
            "Kernel panic - not syncing: panic_on_warn set ...",
        ])
        let expected = reports(text)
        let results = await withTaskGroup(of: [FoundReport].self) { group in
            for _ in 0..<8 { group.addTask { reports(text) } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count == 8)
        #expect(results.allSatisfy { $0 == expected })
    }

    @Test func aPathologicalReportStaysFast() {
        // A KASAN header whose `Read of size` line never comes, followed by a long log.
        var lines = ["BUG: KASAN: use-after-free in my_func+0x1/0x2"]
        lines += (0..<6_000).map { "filler line \($0) with some words and numbers 0x\(String($0, radix: 16))" }
        let started = ContinuousClock.now
        let report = firstCrash(log(lines, caller: "T1"))
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(report?.kind == .kasan)
    }
}

// MARK: - Extents and report boundaries

@Suite struct ReportExtentTests {
    @Test func aPanicAfterAReportIsAReportOfItsOwnAndLeavesTheTitleAlone() throws {
        // The WARNING has no stack of its own: syzkaller takes the panic's (it comes before
        // the report has 22 lines), so the title names the panic's first real frame.
        let lines = [
            "WARNING: CPU: 0 PID: 1 at net/core/dev.c:100 dev_foo+0x1/0x2",
            "Kernel panic - not syncing: panic_on_warn set ...",
            "CPU: 0 PID: 1 Comm: init Not tainted 6.1.0 #1",
            "Call Trace:",
            " dump_stack+0x10/0x20",
            " panic+0x10/0x20",
            " __warn+0x10/0x20",
            " dev_caller+0x10/0x20",
            "Kernel Offset: disabled",
            "---[ end Kernel panic - not syncing: panic_on_warn set ... ]---",
        ]
        let found = reports(log(lines))
        #expect(found.count == 2)
        #expect(found[0].title == "WARNING in dev_caller")
        #expect(found[0].kind == .warning)
        #expect((found[0].headerLine, found[0].lastLine) == (1, 1))
        #expect(found[1].kind == .panic)
        #expect(found[1].title == "kernel panic: panic_on_warn set")
        #expect(found[1].isCrash)
        #expect((found[1].headerLine, found[1].lastLine) == (2, 10))
        // The same title as syzkaller's for the whole text, which contains the panic.
        #expect(firstCrash(log(lines))?.title == "WARNING in dev_caller")
    }

    @Test(arguments: [
        ("Kernel panic - not syncing: Attempted to kill init! exitcode=0x0000000b", ReportKind.killedInit, "kernel panic: Attempted to kill init!"),
        ("Kernel panic - not syncing: stack-protector: Kernel stack is corrupted in: my_func+0x1/0x2", .stackProtector,
         "kernel panic: stack is corrupted in my_func"),
        ("Kernel panic - not syncing: Out of memory and no killable processes...", .outOfMemory,
         "kernel panic: Out of memory and no killable processes..."),
        ("Kernel panic - not syncing: sysrq triggered crash", .sysrq, "kernel panic: sysrq triggered crash"),
        ("Kernel panic - not syncing: RCU Stall", .panic, "kernel panic: RCU Stall"),
    ])
    func panicsAreClassifiedByTheirMessage(line: String, kind: ReportKind, title: String) throws {
        let report = try #require(reports(log([line])).first)
        #expect(report.kind == kind)
        #expect(report.title == title)
    }

    @Test func continuationsBelongToTheReportBeforeThem() {
        let found = reports(log([
            "------------[ cut here ]------------",
            "kernel BUG at mm/slub.c:100!",
            "invalid opcode: 0000 [#1] PREEMPT SMP KASAN",
            "RIP: 0010:kfree+0x1/0x2",
            "Call Trace:",
            " my_release+0x10/0x20",
            "---[ end trace 0000000000000000 ]---",
            "BUG: sleeping function called from invalid context at kernel/sched.c:1",
        ]))
        // `kfree` is allocator machinery: the guilty frame is its caller.
        #expect(found.map(\.title) == ["kernel BUG in my_release", "BUG: sleeping function called from invalid context in corrupted"])
        #expect((found[0].firstLine, found[0].headerLine, found[0].lastLine) == (1, 2, 7))
        #expect((found[1].firstLine, found[1].lastLine) == (8, 8))
    }

    @Test func sanitizerReportsEndAtTheirClosingRule() {
        let found = reports(log([
            "==================================================================",
            "BUG: KASAN: slab-out-of-bounds in my_read+0x1/0x2",
            "Read of size 8 at addr ffff888012345678 by task syz/1",
            "Call Trace:",
            " dump_stack+0x10/0x20",
            " my_read+0x1/0x2",
            "==================================================================",
            "Disabling lock debugging due to kernel taint",
            "Task dump for CPU 1:",
            "task:swapper/1 state:R running task",
        ]))
        #expect(found.count == 2)
        #expect(found[0].title == "KASAN: slab-out-of-bounds Read in my_read")
        #expect((found[0].firstLine, found[0].headerLine, found[0].lastLine) == (1, 2, 7))
        #expect(found[1].kind == .taskDump)
        #expect(!found[1].isCrash)
        #expect((found[1].headerLine, found[1].lastLine) == (9, 10))
    }

    @Test func aNewBootEndsTheOpenReport() {
        let found = reports(log([
            "BUG: kernel NULL pointer dereference, address: 0000000000000000",
            "RIP: 0010:my_func+0x1/0x2",
            "Call Trace:",
            " my_caller+0x10/0x20",
            "Linux version 6.1.0-56-amd64 (debian-kernel@lists.debian.org)",
            "Command line: elfcorehdr=0x2f000000",
        ]))
        #expect(found.count == 1)
        #expect(found[0].lastLine == 4)
    }

    @Test func aRangeLimitsTheSearch() {
        let text = log([
            "WARNING: CPU: 0 PID: 1 at a.c:1 first+0x1/0x2",
            "some line",
            "WARNING: CPU: 0 PID: 1 at b.c:2 second+0x1/0x2",
            "another line",
        ])
        #expect(reports(text, lines: 2...4).map(\.headerLine) == [3])
        #expect(reports(text, lines: 2...2).isEmpty)
        #expect(reports(text, lines: 3...9).isEmpty)
    }
}

// MARK: - Informational reports

@Suite struct InformationalReportTests {
    @Test func informationalHeadersAreReportsThatSyzkallerDoesNotCount() {
        let found = reports(log([
            "Task dump for CPU 1:",
            "task:swapper/1 state:R running task",
            "NMI backtrace for cpu 0",
            "CPU: 0 PID: 0 Comm: swapper/0 Not tainted 6.1.0 #1",
            "NMI backtrace for cpu 1",
            "syz-executor.1 invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=1000",
            "Oops: 0000 [#1] SMP",
        ]))
        #expect(found.map(\.kind) == [.taskDump, .nmiBacktrace, .nmiBacktrace, .oomInvoked, .oops])
        #expect(found.map(\.title) == [
            "Task dump for CPU NUM:", "NMI backtrace for cpu NUM", "NMI backtrace for cpu NUM", "syz-executor invoked oom-killer",
            "Oops: NUM [#NUM] SMP",
        ])
        #expect(found.allSatisfy { !$0.isCrash && $0.crashType == "UNKNOWN" && $0.guiltyFrame == nil })
        #expect(found.map(\.lastLine) == [2, 4, 5, 6, 7])
    }

    @Test func csdLockMessagesGroupByEvent() {
        let found = reports(log([
            "csd: Detected non-responsive CSD lock (#1) on CPU#0, waiting 5000000004 ns for CPU#01 do_nothing+0x0/0x10(0x0).",
            "csd: \tcsd: CSD lock (#1) unresponsive.",
            "csd: Re-sending CSD lock (#1) IPI from CPU#00 to CPU#01",
            "some unrelated line",
            "csd: CSD lock (#1) got unstuck on CPU#00, CPU#01 released the lock.",
        ]))
        #expect(found.map(\.kind) == [.csdLock, .csdLock])
        #expect(found.map(\.headerLine) == [1, 5])
        #expect(found[0].title == "csd: Detected non-responsive CSD lock (#NUM) on CPU")
        #expect(found[0].lastLine == 4)
    }

    @Test func machineCheckLinesMakeOneReport() {
        let found = reports(log([
            "mce: [Hardware Error]: CPU 0: Machine Check: 0 Bank 4: b200000000070f0f",
            "mce: [Hardware Error]: TSC 0 ADDR 1234 MISC 5678",
            "mce: [Hardware Error]: Machine check events logged",
            "{1}[Hardware Error]: Hardware error from APEI Generic Hardware Error Source: 0",
            "{1}[Hardware Error]: event severity: fatal",
        ]))
        #expect(found.map(\.kind) == [.machineCheck])
        #expect(found.first?.lastLine == 5)
        #expect(found.first?.isCrash == false)
    }

    @Test func informationalHeadersInsideACrashReportBelongToIt() {
        let found = reports(log([
            "INFO: task init:1 blocked for more than 120 seconds.",
            "Call Trace:",
            " my_flush+0x10/0x20",
            "Sending NMI from CPU 1 to CPUs 0:",
            "NMI backtrace for cpu 0",
            " cpu_idle+0x10/0x20",
            "Task dump for CPU 0:",
        ]))
        #expect(found.count == 1)
        #expect(found.first?.title == "INFO: task hung in my_flush")
        #expect(found.first?.lastLine == 7)
    }

    @Test func aCrashAfterAnInformationalReportIsTheFirstCrash() {
        let found = reports(log([
            "NMI backtrace for cpu 0",
            " cpu_idle+0x10/0x20",
            "WARNING: CPU: 0 PID: 1 at a.c:1 my_func+0x1/0x2",
            "RIP: 0010:my_func+0x1/0x2",
        ]))
        #expect(found.map(\.isCrash) == [false, true])
        #expect(found.first(where: \.isCrash)?.title == "WARNING in my_func")
        #expect(found.first?.lastLine == 2)
    }
}

// MARK: - Reference cases

/// The reference article and the real logs, read in place from ../shared.
@Suite(.enabled(if: PackagePaths.shared != nil, Comment(rawValue: PackagePaths.sharedMissingMessage)))
struct ReferenceLogTests {
    private static func read(_ path: String) throws -> String {
        let url = try #require(PackagePaths.shared).appendingPathComponent(path)
        return String(decoding: try PackagePaths.bytes(of: url), as: UTF8.self)
    }

    /// The lines of `text` as the line index numbers them (split at LF; the console logs end
    /// their lines in CRLF, which a `Character` split would not see as LF).
    private static func lines(_ text: String) -> [String] {
        text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The seed article's `log` excerpt (lines 74–103, indented by 4 spaces in the article).
    @Test func theSeedsRCUStallAndItsPanic() throws {
        let article = Self.lines(try Self.read("seed/000_79b6ff3febb81350.txt"))
        let excerpt = article[73..<103].map { $0.hasPrefix("    ") ? String($0.dropFirst(4)) : String($0) }.joined(separator: "\n") + "\n"
        let found = reports(excerpt)
        #expect(found.count == 2)
        let stall = try #require(found.first)
        #expect(stall.kind == .rcuStall)
        #expect(excerpt.split(separator: "\n")[stall.headerLine - 1].contains("INFO: rcu_preempt self-detected stall on CPU"))
        #expect(stall.title == "INFO: rcu detected stall in smp_call_function")
        #expect(stall.guiltyFrame == "smp_call_function")
        #expect(stall.crashType == "HANG")
        // `Task dump for CPU 0:` (the next line) is folded into the stall.
        #expect(stall.headerLine == 2 && stall.lastLine == 29)
        let panic = try #require(found.last)
        #expect(panic.kind == .panic)
        #expect(panic.title == "kernel panic: RCU Stall")
        #expect(panic.headerLine == 30)
    }

    struct RealLog: CustomTestStringConvertible, Sendable {
        let path: String
        /// kind, title, header line text (a part of it), for each report in order.
        let expected: [(ReportKind, String, String)]
        var testDescription: String { path }
    }

    static let realLogs: [RealLog] = [
        RealLog(path: "corpus/real/rt-rcu-stall/log.txt", expected: [
            (.rcuStall, "INFO: rcu detected stall in corrupted", "rcu: INFO: rcu_preempt self-detected stall on CPU"),
            (.panic, "kernel panic: RCU Stall", "Kernel panic - not syncing: RCU Stall"),
        ]),
        RealLog(path: "corpus/real/rt-rcu-stall/console.log", expected: [
            (.rcuStall, "INFO: rcu detected stall in corrupted", "rcu: INFO: rcu_preempt self-detected stall on CPU"),
            (.panic, "kernel panic: RCU Stall", "Kernel panic - not syncing: RCU Stall"),
        ]),
        RealLog(path: "corpus/real/rt-rcu-stall-la57-qemudump/console.log", expected: [
            (.rcuStall, "INFO: rcu detected stall in corrupted", "rcu: INFO: rcu_preempt self-detected stall on CPU"),
            (.panic, "kernel panic: RCU Stall", "Kernel panic - not syncing: RCU Stall"),
        ]),
        RealLog(path: "corpus/real/rt-hung-task/log.txt", expected: [
            (.hungTask, "INFO: task hung in crashtest_block_on_mutex", "INFO: task init:148 blocked for more than 5 seconds."),
            (.hungTask, "INFO: task hung in crashtest_block_on_mutex", "INFO: task crashtest_waite:150 blocked for more than 5 seconds."),
            (.panic, "kernel panic: hung_task: blocked tasks", "Kernel panic - not syncing: hung_task: blocked tasks"),
        ]),
        RealLog(path: "corpus/real/rt-sysrq-c/log.txt", expected: [
            (.sysrq, "kernel panic: sysrq triggered crash", "Kernel panic - not syncing: sysrq triggered crash"),
        ]),
        RealLog(path: "corpus/real/std-oops/log.txt", expected: [
            (.nullPointerDereference, "BUG: unable to handle kernel NULL pointer dereference in crashtest_null_deref",
             "BUG: kernel NULL pointer dereference, address: 0000000000000000"),
        ]),
        // crash's `log -T` (dates) and `log -m` (levels) give the same reports as `log`.
        RealLog(path: "corpus/real/rt-hung-task/log-T.txt", expected: [
            (.hungTask, "INFO: task hung in crashtest_block_on_mutex", "INFO: task init:148 blocked for more than 5 seconds."),
            (.hungTask, "INFO: task hung in crashtest_block_on_mutex", "INFO: task crashtest_waite:150 blocked for more than 5 seconds."),
            (.panic, "kernel panic: hung_task: blocked tasks", "Kernel panic - not syncing: hung_task: blocked tasks"),
        ]),
        RealLog(path: "corpus/real/rt-rcu-stall/log-m.txt", expected: [
            (.rcuStall, "INFO: rcu detected stall in corrupted", "rcu: INFO: rcu_preempt self-detected stall on CPU"),
            (.panic, "kernel panic: RCU Stall", "Kernel panic - not syncing: RCU Stall"),
        ]),
        RealLog(path: "corpus/real/rt-hung-task/console.log", expected: [
            (.hungTask, "INFO: task hung in crashtest_block_on_mutex", "INFO: task init:148 blocked for more than 5 seconds."),
            (.hungTask, "INFO: task hung in crashtest_block_on_mutex", "INFO: task crashtest_waite:150 blocked for more than 5 seconds."),
            (.panic, "kernel panic: hung_task: blocked tasks", "Kernel panic - not syncing: hung_task: blocked tasks"),
        ]),
        RealLog(path: "corpus/real/rt-sysrq-c/console.log", expected: [
            (.sysrq, "kernel panic: sysrq triggered crash", "Kernel panic - not syncing: sysrq triggered crash"),
        ]),
        RealLog(path: "corpus/real/std-oops/log-T.txt", expected: [
            (.nullPointerDereference, "BUG: unable to handle kernel NULL pointer dereference in crashtest_null_deref",
             "BUG: kernel NULL pointer dereference, address: 0000000000000000"),
        ]),
        RealLog(path: "corpus/real/std-oops/console.log", expected: [
            (.nullPointerDereference, "BUG: unable to handle kernel NULL pointer dereference in crashtest_null_deref",
             "BUG: kernel NULL pointer dereference, address: 0000000000000000"),
        ]),
    ]

    /// Each real log gives the reports a kernel engineer would name, with syzkaller's titles,
    /// and no report runs into the capture kernel's boot log.
    @Test(arguments: realLogs)
    func realLogsGiveTheirReports(_ log: RealLog) throws {
        let text = try Self.read(log.path)
        let lines = Self.lines(text)
        let found = reports(text)
        #expect(found.count == log.expected.count)
        for (report, expected) in zip(found, log.expected) {
            #expect(report.kind == expected.0)
            #expect(report.title == expected.1)
            #expect(report.isCrash)
            #expect(lines[report.headerLine - 1].contains(expected.2))
            #expect(!lines[report.firstLine - 1 ... report.lastLine - 1].contains { $0.contains("Linux version") })
        }
    }

    /// The whole article, read as it is (its log excerpt indented by 4 spaces).
    @Test func theSeedArticleReadInPlace() throws {
        let article = try Self.read("seed/000_79b6ff3febb81350.txt")
        let stall = try #require(reports(article).first { $0.kind == .rcuStall })
        #expect(stall.title == "INFO: rcu detected stall in smp_call_function")
        #expect(stall.headerLine == 75)
    }

    @Test func theSysrqCrashIncludesItsTrigger() throws {
        let text = try Self.read("corpus/real/rt-sysrq-c/log.txt")
        let report = try #require(reports(text).first)
        #expect(Self.lines(text)[report.firstLine - 1].contains("sysrq: Trigger a crash"))
        #expect(report.firstLine == report.headerLine - 1)
    }

    @Test func theHungTaskReportsEndWhereTheNextStarts() throws {
        let found = reports(try Self.read("corpus/real/rt-hung-task/log.txt"))
        #expect(found.count == 3)
        for (report, next) in zip(found, found.dropFirst()) {
            #expect(report.lastLine == next.firstLine - 1)
        }
    }
}

// MARK: - Every kind of report

/// One header per kind the log grammar must recognise, written to the formats the kernel
/// prints (old and new where they differ); the first report of each must have that kind.
@Suite struct ReportKindTests {
    static let headers: [(String, ReportKind)] = [
        ("Kernel panic - not syncing: Fatal exception", .panic),
        ("INFO: rcu_sched self-detected stall on CPU { 3}  (t=60000 jiffies g=1 c=0 q=1)", .rcuStall),
        ("rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:", .rcuStall),
        ("rcu: INFO: rcu_sched detected expedited stalls on CPUs/tasks: { 1-... } 26001 jiffies s: 1 root: 0x2/.", .rcuStall),
        ("INFO: rcu_bh detected stalls on CPUs/tasks:", .rcuStall),
        ("INFO: rcu_tasks detected stalls on tasks:", .rcuStall),
        ("watchdog: BUG: soft lockup - CPU#3 stuck for 22s! [java:4123]", .softLockup),
        ("NMI watchdog: Watchdog detected hard LOCKUP on cpu 5", .hardLockup),
        ("INFO: task kworker/0:1:12 blocked for more than 120 seconds.", .hungTask),
        ("BUG: unable to handle kernel NULL pointer dereference at 0000000000000008", .nullPointerDereference),
        ("BUG: kernel NULL pointer dereference, address: 0000000000000008", .nullPointerDereference),
        ("BUG: unable to handle page fault for address: ffffc90000a3c000", .pageFault),
        ("BUG: unable to handle kernel paging request at ffffc90000a3c000", .pageFault),
        ("general protection fault: 0000 [#1] SMP PTI", .generalProtectionFault),
        ("kernel BUG at mm/slub.c:100!", .kernelBug),
        ("Oops: 0000 [#1] SMP", .oops),
        ("WARNING: at kernel/sched.c:100 foo+0x1/0x2()", .warning),
        ("WARNING: CPU: 1 PID: 2 at kernel/foo.c:3 bar+0x1/0x2", .warning),
        ("java invoked oom-killer: gfp_mask=0x6200ca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=0", .oomInvoked),
        ("Out of memory: Killed process 4123 (java) total-vm:9000kB, anon-rss:8000kB", .outOfMemory),
        ("Out of memory: Kill process 4123 (java) score 900 or sacrifice child", .outOfMemory),
        ("Kernel panic - not syncing: Out of memory: compulsory panic_on_oom is enabled", .outOfMemory),
        ("mce: [Hardware Error]: CPU 0: Machine Check Exception: 5 Bank 4: b200000000070005", .machineCheck),
        ("{1}[Hardware Error]: Hardware error from APEI Generic Hardware Error Source: 0", .machineCheck),
        ("csd: Detected non-responsive CSD lock (#1) on CPU#0, waiting 5000000004 ns for CPU#01 do_nothing+0x0/0x10(0x0).", .csdLock),
        ("NMI backtrace for cpu 1", .nmiBacktrace),
        ("Task dump for CPU 0:", .taskDump),
        ("Kernel panic - not syncing: sysrq triggered crash", .sysrq),
        ("Kernel panic - not syncing: Attempted to kill init! exitcode=0x00000009", .killedInit),
        ("Kernel panic - not syncing: stack-protector: Kernel stack is corrupted in: foo+0x1/0x2", .stackProtector),
        ("PANIC: double fault, error_code: 0x0", .doubleFault),
        ("list_add corruption. prev->next should be next (ffff888012345678), but was ffff888087654321. (prev=ffff888012345600).", .listCorruption),
        ("BUG: spinlock bad magic on CPU#0, swapper/0/1", .spinlockBug),
        ("BUG: scheduling while atomic: swapper/0/0/0x00000002", .schedulingWhileAtomic),
        ("BUG: KASAN: use-after-free in foo+0x1/0x2", .kasan),
        ("BUG: KMSAN: uninit-value in foo+0x1/0x2", .kmsan),
        ("UBSAN: array-index-out-of-bounds in fs/foo.c:10:5", .ubsan),
        ("BUG: KFENCE: out-of-bounds read in foo+0x1/0x2", .kfence),
    ]

    @Test(arguments: headers)
    func theHeaderGivesItsKind(header: String, kind: ReportKind) {
        let found = reports(log([header, "CPU: 1 PID: 2 Comm: x Not tainted 6.1.0 #1", "Call Trace:", " my_func+0x1/0x2"]))
        #expect(found.first?.kind == kind, "\(header)")
    }
}
