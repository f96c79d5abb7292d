import CrashSift
import CrashSiftTestSupport
import Testing

/// Log records in every prefix shape crash and the kernel print, and how a log pasted without
/// a prompt is found and bounded. Lines are cut from the real corpus (`log.txt`, `log-m.txt`,
/// `log-T.txt`, `console.log` of ../shared/corpus/real) or written to the documented formats.
@Suite struct LogGrammarTests {
    private func parse(_ text: String) -> (Transcript, SourceFile) {
        let source = SourceFile(name: "snippet", text: text)
        return (TranscriptParser.parse(source), source)
    }

    private func text(_ record: LogRecord, _ source: SourceFile) -> String { LogText.text(of: record, in: source) }

    @Test func plainTimestamps() throws {
        let (transcript, source) = parse("""
            crash> log
            [    0.000000] Linux version 6.1.0-56-rt-amd64 (debian-kernel@lists.debian.org) #1 SMP PREEMPT_RT Debian 6.1.192-2 (2026-11-16)
            [ 2174.311693]  <TASK>
            """)
        let records = transcript.log.records
        #expect(records.count == 2)
        #expect(records[0].time == 0)
        #expect(records[0].format == .timestamp)
        #expect(text(records[0], source).hasPrefix("Linux version 6.1.0-56-rt-amd64"))
        #expect(records[1].time == 2174.311693)
        #expect(text(records[1], source) == " <TASK>")
        #expect(transcript.unrecognized.isEmpty)
    }

    @Test(arguments: [
        // crash `log -m` puts the level after the stamp; consoles put it before.
        ("[    0.000000] <5>Linux version 6.1.0", 5 as Int?, nil as Int?, "Linux version 6.1.0"),
        ("<4>[   12.345678] WARNING: CPU: 1 PID: 7", 4, nil, "WARNING: CPU: 1 PID: 7"),
        ("<12>[   12.345678] user message", 4, 1, "user message"),
        ("<6>no time at all", 6, nil, "no time at all"),
    ])
    func levels(line: String, level: Int?, facility: Int?, message: String) throws {
        let (transcript, source) = parse("crash> log -m\n\(line)\n")
        let record = try #require(transcript.log.records.first)
        #expect(record.level == level)
        #expect(record.facility == facility)
        #expect(text(record, source) == message)
    }

    @Test(arguments: [
        ("[   12.345678] [    T1] Run /init as init process", LogCaller.task(1), "Run /init as init process"),
        ("[   50.750742][ T6024] INFO: Allocated in fasync_helper", .task(6024), "INFO: Allocated in fasync_helper"),
        ("[  100.000001][    C0] rcu: INFO: rcu_preempt self-detected stall on CPU", .cpu(0), "rcu: INFO: rcu_preempt self-detected stall on CPU"),
    ])
    func callers(line: String, caller: LogCaller, message: String) throws {
        let (transcript, source) = parse("crash> log\n\(line)\n")
        let record = try #require(transcript.log.records.first)
        #expect(record.caller == caller)
        #expect(text(record, source) == message)
    }

    @Test func datesOfLogT() throws {
        // crash 8.0.6 `log -T` (corpus/real) and `dmesg -T` without a zone.
        let (transcript, source) = parse("""
            crash> log -T
            [Wed Nov 25 20:22:38 UTC 2026] Linux version 6.1.0-56-rt-amd64
            [Sat Apr  4 07:41:09 2020] usb 1-1: new high-speed USB device
            """)
        let records = transcript.log.records
        #expect(records.map { LogText.date(of: $0, in: source) } == ["Wed Nov 25 20:22:38 UTC 2026", "Sat Apr  4 07:41:09 2020"])
        #expect(records.allSatisfy { $0.format == .date && $0.time == nil })
        #expect(text(records[1], source) == "usb 1-1: new high-speed USB device")
    }

    @Test func kmsgRecordsAndTheirDictionaries() throws {
        let (transcript, source) = parse("""
            6,1503,21874371,-;usb 1-1: new high-speed USB device number 2 using xhci_hcd
             SUBSYSTEM=usb
             DEVICE=c189:1
            4,1504,21880000,c;Out of memory: Killed process 1234 (java)
            """)
        let records = transcript.log.records
        #expect(records.count == 2)
        #expect(records[0].sequence == 1503)
        #expect(records[0].level == 6)
        #expect(records[0].time == 21.874371)
        #expect(records[0].lastLine == 3)
        #expect(text(records[0], source) == "usb 1-1: new high-speed USB device number 2 using xhci_hcd\nSUBSYSTEM=usb\nDEVICE=c189:1")
        #expect(records[1].format == .kmsg)
        #expect(transcript.commands.map(\.name) == ["log"])
    }

    @Test func syslogAndJournalPrefixes() throws {
        let (transcript, source) = parse("""
            Nov 25 20:22:51 node7 kernel: [   12.345678] BUG: kernel NULL pointer dereference, address: 0000000000000008
            Nov  5 03:04:05 node7 kernel: watchdog: BUG: soft lockup - CPU#3 stuck for 22s! [java:4123]
            2026-11-25T20:22:51.123456+00:00 node7 kernel: rcu: INFO: rcu_sched detected stalls on CPUs/tasks:
            """)
        let records = transcript.log.records
        #expect(records.count == 3)
        #expect(records.allSatisfy { $0.format == .syslog })
        #expect(records[0].time == 12.345678)
        #expect(LogText.date(of: records[0], in: source) == "Nov 25 20:22:51")
        #expect(text(records[0], source) == "BUG: kernel NULL pointer dereference, address: 0000000000000008")
        #expect(LogText.date(of: records[1], in: source) == "Nov  5 03:04:05")
        #expect(LogText.date(of: records[2], in: source) == "2026-11-25T20:22:51.123456+00:00")
        #expect(text(records[2], source) == "rcu: INFO: rcu_sched detected stalls on CPUs/tasks:")
    }

    @Test func continuationLinesOfCrashLog() throws {
        // corpus/real rt-rcu-stall log.txt: a multi-line record indented to the message column.
        let (transcript, source) = parse("""
            crash> log
            [    4.750042] Unstable clock detected, switching default tracing clock to "global"
                           If you want to keep using the local clock, then add:
                             "trace_clock=local"
                           on the kernel command line
            [    4.750100] next record
            """)
        let records = transcript.log.records
        #expect(records.count == 2)
        #expect(records[0].lastLine == 5)
        #expect(text(records[0], source).split(separator: "\n").count == 4)
    }

    @Test func unstampedConsoleLinesAreTheirOwnRecords() throws {
        let (transcript, _) = parse("""
            [  772.918915] BUG: unable to handle kernel paging request at ffff88002bde1e40
            unrelated line
            [  772.919010] IP: [<ffffffff82d4e304>] __memset+0x24/0x30
            """)
        #expect(transcript.log.records.map(\.format) == [.timestamp, .plain, .timestamp])
        #expect(transcript.prose.isEmpty)
    }

    @Test func gluedConsoleOutputBeforeTheStamp() throws {
        let (transcript, source) = parse("""
            ** 4491 printk messages dropped ** [   50.750742] INFO: Allocated in fasync_helper+0x29/0x90
            syzkaller login: [   51.000000] WARNING: CPU: 0 PID: 1 at kernel/foo.c:12 bar+0x1/0x2
            """)
        let records = transcript.log.records
        #expect(records.map(\.time) == [50.750742, 51.0])
        #expect(text(records[1], source) == "WARNING: CPU: 0 PID: 1 at kernel/foo.c:12 bar+0x1/0x2")
    }

    @Test func aBareLogGivesBackTrailingProse() throws {
        let (transcript, _) = parse("""
            The console showed:
            [ 2174.289360] sysrq: Trigger a crash
            [ 2174.290000] Kernel panic - not syncing: sysrq triggered crash
            no stamp, but inside the log
            [ 2174.300000] Kernel Offset: disabled

            Hope this helps,
            Bob
            """)
        #expect(transcript.commands.count == 1)
        #expect(transcript.commands[0].output == LineSpan(first: 2, last: 5))
        #expect(transcript.log.records.count == 4)
        #expect(transcript.prose == [LineSpan(first: 1, last: 1), LineSpan(first: 7, last: 8)])
    }

    @Test func aBareLogEndsWhereABacktraceStarts() throws {
        let (transcript, _) = parse("""
            [ 2174.290000] Kernel panic - not syncing: sysrq triggered crash
            PID: 1        TASK: ffff888004a12100  CPU: 3    COMMAND: "init"
             #0 [ffffc90000013c38] machine_kexec at ffffffff81079c4f
            """)
        #expect(transcript.commands.map(\.name) == ["log", "bt"])
        #expect(transcript.log.records.count == 1)
        #expect(transcript.tasks.first?.backtrace.frames.count == 1)
    }

    @Test func elisionsInALog() throws {
        let (transcript, _) = parse("crash> log\n    [...]\n    [32801109.627240] Kernel panic - not syncing: RCU Stall\n")
        #expect(transcript.elisions.map(\.line) == [2])
        #expect(transcript.log.records.count == 1)
    }

    @Test func realLogsHaveNoUnrecognizedLine() throws {
        guard let shared = PackagePaths.shared else { return }
        for scenario in ["rt-rcu-stall", "rt-sysrq-c", "rt-hung-task", "std-oops", "rt-rcu-stall-la57-qemudump"] {
            for file in ["log.txt", "log-m.txt", "log-T.txt", "console.log"] {
                let url = shared.appendingPathComponent("corpus/real/\(scenario)/\(file)")
                let source = SourceFile(name: file, bytes: try PackagePaths.bytes(of: url))
                let transcript = TranscriptParser.parse(source)
                #expect(transcript.unrecognized.isEmpty, "\(scenario)/\(file)")
                #expect(transcript.prose.isEmpty, "\(scenario)/\(file)")
                #expect(transcript.log.records.count > 100, "\(scenario)/\(file)")
                #expect(TranscriptInvariants.violations(of: transcript, source: source) == [], "\(scenario)/\(file)")
            }
        }
    }
}
