import CrashSift
@testable import CrashSiftParser
import Testing

/// Call-trace lines and the fact lines of kernel reports, one shape per test. Lines are cut
/// from the seed, the real corpus and syzkaller's logs, or written to the kernel's formats.
@Suite struct CallTraceGrammarTests {
    /// Runs `body` with the bytes of `text` and the range of all of them.
    private func withBytes<T>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>, Range<Int>) -> T) -> T {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { body($0, 0..<bytes.count) }
    }

    private func string(_ range: Range<Int>?, _ text: String) -> String? {
        range.map { String(decoding: Array(text.utf8)[$0], as: UTF8.self) }
    }

    @Test func oldStyleFrameWithItsAddress() throws {
        let text = " [<ffffffffaab06e92>] smp_call_function_single+0x72/0xb0"
        let line = try #require(withBytes(text) { CallTraceGrammar.parse($1, $0) })
        let frame = try #require(line.frame)
        #expect(string(frame.function, text) == "smp_call_function_single")
        #expect(frame.offset == 0x72 && frame.size == 0xb0)
        #expect(frame.address?.description == "ffffffffaab06e92")
        #expect(frame.reliable)
        #expect(line.stacks.isEmpty)
    }

    @Test func markersOnTheLineOfTheFirstFrame() throws {
        // The seed's RCU stall: `<IRQ>` and `<EOI>` in front of frames; `?` marks a guessed frame.
        let irq = "  <IRQ>  [<ffffffffaaaca6f6>] sched_show_task+0xb6/0x120"
        let eoi = "  <EOI>  [<ffffffffaab06d6a>] ? generic_exec_single+0xfa/0x1b0"
        let first = try #require(withBytes(irq) { CallTraceGrammar.parse($1, $0) })
        #expect(first.stacks == [.irq])
        #expect(string(first.frame?.function, irq) == "sched_show_task")
        let second = try #require(withBytes(eoi) { CallTraceGrammar.parse($1, $0) })
        #expect(second.stacks == [.process])
        #expect(second.frame?.reliable == false)
        #expect(string(second.frame?.function, eoi) == "generic_exec_single")
    }

    @Test func newStyleFramesWithModulesAndBuildIDs() throws {
        let plain = " crashtest_spin_forever+0x25/0x30 [crashtest]"
        let withID = " ? nf_hook_slow+0x41/0xc0 [nf_tables 5f3c9a7e0b1d2e4f6a8b9c0d1e2f3a4b5c6d7e8f]"
        let first = try #require(withBytes(plain) { CallTraceGrammar.parse($1, $0) }?.frame)
        #expect(string(first.module, plain) == "crashtest")
        #expect(first.address == nil)
        let second = try #require(withBytes(withID) { CallTraceGrammar.parse($1, $0) }?.frame)
        #expect(!second.reliable)
        #expect(string(second.module, withID) == "nf_tables")
        #expect(string(second.buildID, withID) == "5f3c9a7e0b1d2e4f6a8b9c0d1e2f3a4b5c6d7e8f")
    }

    @Test(arguments: [" <TASK>", " </TASK>", " <IRQ>", " </IRQ>", " <NMI>", " </NMI>", " <<EOE>>", " <#DF>"])
    func markersAlone(text: String) throws {
        let line = try #require(withBytes(text) { CallTraceGrammar.parse($1, $0) })
        #expect(line.frame == nil)
        #expect(line.stacks.count == 1)
    }

    @Test(arguments: [
        "Call Trace:", "Modules linked in: crashtest(OE)", "RIP: 0010:crashtest_spin_forever+0x25/0x30 [crashtest]",
        "the function foo+0x10/0x20 was called", "<IRQ> and some prose", "rcu: \t2-....: (1 GPs behind) idle=cb4c/1/0x4000000000000000",
    ])
    func notFrames(text: String) {
        #expect(withBytes(text) { CallTraceGrammar.parse($1, $0) } == nil)
    }

    @Test func ppc64FramesWithStackPointerAndAddress() throws {
        let text = "[c00000000397f8f0] [c0000000001c2a9c] __might_fault+0x8c/0xe0"
        let frame = try #require(withBytes(text) { CallTraceGrammar.parse($1, $0) }?.frame)
        #expect(frame.sp?.description == "c00000000397f8f0")
        #expect(frame.address?.description == "c0000000001c2a9c")
    }

    @Test(arguments: [
        ("CPU: 3 PID: 1 Comm: init Kdump: loaded Tainted: G           OE      6.1.0-56-amd64 #1  Debian 6.1.192-2", 3, 1, "init", "G           OE", "6.1.0-56-amd64"),
        ("CPU: 1 PID: 4070 Comm: syz-executor Not tainted 4.8.0-rc3+ #33", 1, 4070, "syz-executor", nil, "4.8.0-rc3+"),
        ("CPU: 0 UID: 0 PID: 5089 Comm: kworker/0:1 Not tainted 6.13.0-rc1 #0", 0, 5089, "kworker/0:1", nil, "6.13.0-rc1"),
        ("CPU: 2 PID: 150 Comm: crashtest spin Tainted: G        W  OE 6.1.0 #1", 2, 150, "crashtest spin", "G        W  OE", "6.1.0"),
    ])
    func cpuLines(text: String, cpu: Int, pid: Int, command: String, tainted: String?, release: String) throws {
        let line = try #require(withBytes(text) { base, range -> ReportLineGrammar.CPULine? in
            var cursor = Lexer.Cursor(base, range)
            return ReportLineGrammar.cpuLine(&cursor)
        })
        #expect(line.cpu == cpu && line.pid == pid)
        #expect(string(line.command, text) == command)
        #expect(string(line.tainted, text) == tainted)
        #expect(string(line.release, text) == release)
    }

    @Test func registerRowsOfKernelLogs() throws {
        let rows = [
            "RSP: 0018:ffffc900003f3f10 EFLAGS: 00000202",
            "RAX: 00000000002dbb73 RBX: ffff888005682740 RCX: 0000000000000000",
            "x29: ffff8000800f3d10 x28: ffff0000c0a8b400 x27: 0000000000000000",
            "sp : ffff8000800f3d10",
        ]
        let counts = rows.map { row in withBytes(row) { ReportLineGrammar.registerRow($1, $0)?.count } }
        #expect(counts == [2, 3, 3, 1])
        let segmented = withBytes(rows[0]) { ReportLineGrammar.registerRow($1, $0)?.first?.1.number }
        #expect(segmented == nil)  // `0018:…` stays text
        #expect(withBytes("RIP: 0010:crashtest_spin_forever+0x25/0x30") { ReportLineGrammar.registerRow($1, $0) } == nil)
    }

    @Test func moduleNames() {
        let text = "crashtest(OE) nft_chain_nat nf_nat sunrpc [last unloaded: scsi_debug]"
        let names = withBytes(text) { ReportLineGrammar.moduleNames($1, $0) }.map { string($0, text) }
        #expect(names == ["crashtest", "nft_chain_nat", "nf_nat", "sunrpc"])
    }

    @Test(arguments: [
        ("Task dump for CPU 0:", 0 as Int?), ("NMI backtrace for cpu 1", 1), ("watchdog: BUG: soft lockup - CPU#3 stuck for 22s! [java:4123]", 3),
        ("rcu: INFO: rcu_preempt self-detected stall on CPU", nil),
    ])
    func cpuMentions(text: String, cpu: Int?) {
        #expect(withBytes(text) { ReportLineGrammar.cpuMention($1, $0) } == cpu)
    }
    @Test func registersWithSelectorsAndNoBlankAfterTheColon() throws {
        let text = "FS:  000000003c6083c0(0000) GS:ffff88803f380000(0000) knlGS:0000000000000000"
        let row = try #require(withBytes(text) { ReportLineGrammar.registerRow($1, $0) })
        #expect(row.map { string($0.0, text) } == ["FS", "GS", "knlGS"])
        #expect(row.map { $0.1.number?.description } == ["000000003c6083c0", "ffff88803f380000", "0000000000000000"])
    }

    @Test(arguments: [
        ("RIP: 0010:crashtest_spin_forever+0x25/0x30 [crashtest]", 0x10 as Int?, "crashtest_spin_forever" as String?, 0x25 as Int?, "kernel"),
        ("RIP: 0033:0x47b7a0", 0x33, nil, nil, "user"),
        ("RIP: 0010:[<ffffffff8108a5b5>]  [<ffffffff8108a5b5>] native_safe_halt+0x5/0x10", 0x10, "native_safe_halt", 5, "kernel"),
        ("EIP: 0060:[<c10a0e0e>] EFLAGS: 00210246 CPU: 0", 0x60, nil, nil, "kernel"),
        ("pc : el0_svc_common.constprop.0+0x44/0x130", nil, "el0_svc_common.constprop.0", 0x44, "kernel"),
    ])
    func instructionPointers(text: String, segment: Int?, function: String?, offset: Int?, mode: String) throws {
        let location = try #require(withBytes(text) { base, range -> ReportLineGrammar.Location? in
            var cursor = Lexer.Cursor(base, range)
            return ReportLineGrammar.location(&cursor)
        })
        #expect(location.segment == segment)
        #expect(string(location.function, text) == function)
        #expect(location.offset == offset)
        #expect("\(location.mode)" == mode)
    }

    @Test(arguments: [
        // sched_show_task, new and old, as hung-task reports and `Task dump for CPU N:` print it.
        ("task:init            state:D stack:0     pid:148   ppid:1      flags:0x00004002", "init", 148),
        ("task:kworker/u4:6 state:I stack:0 pid:12 tgid:12 ppid:2 flags:0x00004000", "kworker/u4:6", 12),
    ])
    func taskLines(text: String, command: String, pid: Int) throws {
        let task = try #require(withBytes(text) { base, range -> (command: Range<Int>, pid: Int)? in
            var cursor = Lexer.Cursor(base, range)
            return ReportLineGrammar.taskLine(&cursor)
        })
        #expect(string(task.command, text) == command)
        #expect(task.pid == pid)
    }

    @Test(arguments: [
        ("XXXXXXXXXXXXXXXX   R  running task        0 260624 260617 0x00080088", "XXXXXXXXXXXXXXXX", 260624),
        ("swapper/0       R  running task    28272     1      0 0x00004000", "swapper/0", 1),
        ("syz-executor5   R running task on cpu   1     0 16797   3934 0x30020008 288748335923", "syz-executor5", 16797),
    ])
    func oldTaskLines(text: String, command: String, pid: Int) throws {
        let task = try #require(withBytes(text) { base, range -> (command: Range<Int>, pid: Int)? in
            var cursor = Lexer.Cursor(base, range)
            return ReportLineGrammar.oldTaskLine(&cursor)
        })
        #expect(string(task.command, text) == command)
        #expect(task.pid == pid)
    }

    @Test func hungTaskHeaders() throws {
        let text = "INFO: task syz-executor.4:15720 blocked for more than 140 seconds."
        let task = try #require(withBytes(text) { ReportLineGrammar.hungTaskHeader($1, $0) })
        #expect(string(task.command, text) == "syz-executor.4")
        #expect(task.pid == 15720)
    }

    @Test func taintLines() throws {
        let text = "Tainted: G           OE      6.1.0-56-rt-amd64 #1 Debian 6.1.192-2"
        let taint = try #require(withBytes(text) { base, range -> (tainted: Range<Int>?, release: Range<Int>?)? in
            var cursor = Lexer.Cursor(base, range)
            return ReportLineGrammar.taintLine(&cursor)
        })
        #expect(string(taint.tainted, text) == "G           OE")
        #expect(string(taint.release, text) == "6.1.0-56-rt-amd64")
    }
}
