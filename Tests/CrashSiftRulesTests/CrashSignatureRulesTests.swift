import CrashSift
import CrashSiftRules
import CrashSiftTestSupport
import Foundation
import Testing

/// The built-in rules for named kernel failure signatures (kernel BUG, panic_on_warn, OOM
/// panic, machine check, SysRq-c, killed init, stack corruption, spinlock lockups): what their
/// findings say, and that they stay quiet on the repository's real logs of other failures.
@Suite struct CrashSignatureRulesTests {
    static let ids: Set<String> = [
        "kernel-bug", "warning-panic-on-warn", "oom-panic", "machine-check", "sysrq-crash", "killed-init", "stack-protector",
        "spinlock-lockup",
    ]

    static func findings(_ text: String, name: String = "input") throws -> [Finding] {
        try Analyzer.builtIn().analyze(SourceFile(name: name, text: text)).findings.filter { ids.contains($0.rule) }
    }

    /// The real console logs and `log` outputs of the QEMU scenarios: only the SysRq-c one is
    /// one of these signatures.
    @Test(arguments: ["rt-hung-task", "rt-rcu-stall", "rt-rcu-stall-la57-qemudump", "rt-sysrq-c", "std-oops"])
    func realLogsGiveOnlyTheirOwnSignature(_ scenario: String) throws {
        let folder = PackagePaths.fixtures(of: "CrashSiftParserTests").appendingPathComponent("real-logs/\(scenario)")
        for file in ["log.txt", "console.log"] {
            let url = folder.appendingPathComponent(file)
            let text = String(decoding: try PackagePaths.bytes(of: url), as: UTF8.self)
            let rules = try Self.findings(text, name: file).map(\.rule)
            #expect(rules == (scenario == "rt-sysrq-c" ? ["sysrq-crash"] : []), "\(scenario)/\(file)")
        }
    }

    @Test func aSoftLockupInTheSpinlockSlowPathNamesTheFunctionAndTheCPU() throws {
        let text = """
            [ 3012.448103] watchdog: BUG: soft lockup - CPU#2 stuck for 26s! [kworker/2:3:28711]
            [ 3012.448110] Modules linked in: mynic(OE)
            [ 3012.448130] CPU: 2 PID: 28711 Comm: kworker/2:3 Tainted: G           OEL     6.1.0-18-amd64 #1  Debian 6.1.76-1
            [ 3012.448140] RIP: 0010:native_queued_spin_lock_slowpath.part.0+0x63/0x2e0
            [ 3012.448160] Call Trace:
            [ 3012.448205]  _raw_spin_lock+0x25/0x30
            [ 3012.448210]  mynic_reset_work+0x3a/0x120 [mynic]
            """
        let finding = try #require(try Self.findings(text).first { $0.rule == "spinlock-lockup" })
        #expect(finding.message.hasPrefix("soft lockup on CPU 2 (native_queued_spin_lock_slowpath.part.0), in PID 28711 (\"kworker/2:3\")."))
        // \K in the pattern makes the RIP line, not the header, the clause's evidence.
        #expect(finding.evidence.contains { $0.clause == "spin" && $0.line == 4 })
        #expect(finding.evidence.contains { $0.clause == "watchdog-report" && $0.line == 1 })
    }

    /// Only the stuck CPU's own instruction pointer counts: a spinning CPU in a later NMI
    /// backtrace, or a RIP in an unlock, does not make the lockup a spinlock lockup.
    @Test func aSoftLockupElsewhereIsNotASpinlockLockup() throws {
        let text = """
            [  352.504666] watchdog: BUG: soft lockup - CPU#1 stuck for 134s! [syz-executor2:10431]
            [  352.504700] CPU: 1 PID: 10431 Comm: syz-executor2 Not tainted 4.19.0+ #1
            [  352.570920] RIP: 0010:_raw_spin_unlock_irqrestore+0xa1/0xc0
            [  352.570990] Call Trace:
            [  352.571000]  snd_rawmidi_write+0x3a/0x120
            [  352.600000] Sending NMI from CPU 1 to CPUs 0:
            [  352.600010] NMI backtrace for cpu 0
            [  352.600020] RIP: 0010:native_queued_spin_lock_slowpath+0x63/0x2e0
            """
        #expect(try Self.findings(text).isEmpty)
    }

    @Test func aWarningWithoutPanicOnWarnAndAKasanPanicOnWarnDoNotTrigger() throws {
        let warningOnly = """
            [  812.330120] ------------[ cut here ]------------
            [  812.330124] WARNING: CPU: 2 PID: 977 at drivers/block/mydisk.c:640 mydisk_submit+0x61/0x80 [mydisk]
            [  812.330135] CPU: 2 PID: 977 Comm: fio Tainted: G           OE      6.1.0-18-amd64 #1  Debian 6.1.76-1
            [  812.330160] RIP: 0010:mydisk_submit+0x61/0x80 [mydisk]
            [  812.330200] ---[ end trace 0000000000000000 ]---
            """
        #expect(try Self.findings(warningOnly).isEmpty)
        let kasan = """
            [   96.262735] BUG: KASAN: double-free or invalid-free in selinux_tun_dev_free_security+0x15/0x20
            [   96.270000] CPU: 0 PID: 6017 Comm: syz-executor3 Not tainted 4.15.0-rc3+ #139
            [   96.696117] Kernel panic - not syncing: panic_on_warn set ...
            """
        #expect(try Self.findings(kasan).isEmpty)
        let panicked = warningOnly + "\n[  812.330210] Kernel panic - not syncing: kernel: panic_on_warn set ...\n"
        let finding = try #require(try Self.findings(panicked).first)
        #expect(finding.rule == "warning-panic-on-warn")
        #expect(finding.message.contains("\"WARNING in mydisk_submit\", at drivers/block/mydisk.c:640) on CPU 2, PID 977"))
    }

    @Test func aCorrectedHardwareErrorIsNotFatal() throws {
        let corrected = """
            [ 3310.441122] {2}[Hardware Error]: Hardware error from APEI Generic Hardware Error Source: 1
            [ 3310.441125] {2}[Hardware Error]: event severity: corrected
            [ 3310.441129] {2}[Hardware Error]:   section_type: memory error
            """
        #expect(try Self.findings(corrected).isEmpty)
        let fatal = corrected.replacingOccurrences(of: "corrected", with: "fatal")
        let finding = try #require(try Self.findings(fatal).first)
        #expect(finding.rule == "machine-check")
        #expect(finding.message.contains("(fatal): section_type: memory error"))
    }

    @Test func sysAloneNamesTheBugLocationAndAsksForTheLog() throws {
        let text = """
            crash> sys
                  KERNEL: /usr/lib/debug/boot/vmlinux-6.1.0-18-amd64
                DUMPFILE: /var/crash/202403021041/dump.202403021041  [PARTIAL DUMP]
                    CPUS: 8
                 RELEASE: 6.1.0-18-amd64
                 VERSION: #1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)
                 MACHINE: x86_64  (2394 Mhz)
                   PANIC: "kernel BUG at drivers/block/mydisk.c:812!"
            """
        let finding = try #require(try Self.findings(text).first)
        #expect(finding.rule == "kernel-bug")
        #expect(finding.message.hasPrefix("kernel BUG at drivers/block/mydisk.c:812:"))
        #expect(finding.confidence == .possible)
        #expect(finding.confirmWith.contains("log"))
    }

    @Test func killedInitGivesItsExitCode() throws {
        let text = """
            [    9.402117] Kernel panic - not syncing: Attempted to kill init! exitcode=0x00000100
            [    9.402190] CPU: 0 PID: 1 Comm: init Not tainted 5.10.0-28-amd64 #1 Debian 5.10.209-2
            """
        let finding = try #require(try Self.findings(text).first)
        #expect(finding.rule == "killed-init")
        #expect(finding.message.contains("init (PID 1, \"init\")"))
        #expect(finding.message.contains("exit code 0x00000100"))
    }
}
