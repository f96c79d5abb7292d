import CrashSift
import CrashSiftTestSupport
@testable import CrashSiftParser
import Testing

/// The shapes of `sys` output the real corpus does not show, written to crash's format
/// (kernel.c `display_sys_stats()`, `show_split_dumpfiles()`, `dump_sys_call_table()`).
@Suite struct SystemInfoGrammarTests {
    private func parse(_ text: String) -> (Transcript, SourceFile) {
        let source = SourceFile(name: "snippet", text: text)
        return (TranscriptParser.parse(source), source)
    }

    private func system(_ text: String) throws -> SystemInfo {
        let (transcript, source) = parse(text)
        #expect(transcript.unrecognized.isEmpty)
        #expect(TranscriptInvariants.violations(of: transcript, source: source) == [])
        return try #require(transcript.systems.first)
    }

    @Test func taintedKernelAndOfflineCPUs() throws {
        let info = try system("""
            crash> sys
                  KERNEL: vmlinux-6.1.0-56-rt-amd64  [TAINTED]
                    CPUS: 4 [OFFLINE: 3]
            """)
        #expect(info.kernel == "vmlinux-6.1.0-56-rt-amd64")
        #expect(info.kernelMarkers == ["TAINTED"])
        #expect(info.isTainted == true)
        #expect(info.cpuCount == 4)
        #expect(info.offlineCPUCount == 3)
        #expect(info.fields[0] == SystemInfo.Field(key: "KERNEL", value: "vmlinux-6.1.0-56-rt-amd64  [TAINTED]", line: 2))
    }

    @Test func untaintedKernelWithLivepatchAndSystemMap() throws {
        let info = try system("""
            crash> sys
              SYSTEM MAP: /boot/System.map-5.14.0  [LIVEPATCH]  [TRANSITION]
            DEBUG KERNEL: /usr/lib/debug/vmlinux (5.14.0-70.el9.x86_64)
                DUMPFILE: /proc/kcore
                    CPUS: 8
            """)
        #expect(info.kernel == "/usr/lib/debug/vmlinux")
        #expect(info.kernelMarkers == ["LIVEPATCH", "TRANSITION"])
        #expect(info.isTainted == false)
        #expect(info.dumpFiles == ["/proc/kcore"])
        #expect(info.offlineCPUCount == 0)
    }

    /// A split dump lists its files one per line, aligned under the first (`show_split_dumpfiles()`).
    @Test func multiLineDumpFiles() throws {
        let info = try system("""
            crash> sys
                  KERNEL: vmlinux
               DUMPFILES: vmcore-1 [PARTIAL DUMP]
                          vmcore-2 [PARTIAL DUMP]
                          vmcore-3 [PARTIAL DUMP]
                    CPUS: 2
            """)
        #expect(info.fields.map(\.key) == ["KERNEL", "DUMPFILES", "CPUS"])
        let files = info.fields[1]
        #expect(files.value == "vmcore-1 [PARTIAL DUMP]\nvmcore-2 [PARTIAL DUMP]\nvmcore-3 [PARTIAL DUMP]")
        #expect(files.line == 3)
        #expect(files.lastLine == 5)
        #expect(info.dumpFiles == ["vmcore-1", "vmcore-2", "vmcore-3"])
        #expect(info.dumpMarkers == ["PARTIAL DUMP"])
        #expect(info.cpuCount == 2)
    }

    /// A line that is neither a key nor indented under one is not a continuation.
    @Test func unindentedTextAfterAFieldIsUnrecognized() {
        let (transcript, source) = parse("""
            crash> sys
                  KERNEL: vmlinux
            this is not sys output
            """)
        #expect(transcript.unrecognized == [3])
        #expect(transcript.diagnostics.map(\.id) == ["unrecognizedSystemLine"])
        #expect(transcript.systems.first?.fields.map(\.value) == ["vmlinux"])
        #expect(TranscriptInvariants.violations(of: transcript, source: source) == [])
    }

    @Test(arguments: [
        ("\"Kernel panic - not syncing: RCU Stall\"", "Kernel panic - not syncing: RCU Stall" as String?, nil as String?),
        ("\"Oops: 0002 [#1] PREEMPT SMP NOPTI\" (check log for details)", "Oops: 0002 [#1] PREEMPT SMP NOPTI", "check log for details"),
        ("(HARDWARE RESET)", nil, "HARDWARE RESET"),
        ("(MCA)", nil, "MCA"),
        ("\"\"", "", nil),
        // crash does not escape quotes inside the message.
        ("\"BUG: unable to handle \"x\" here\"", "BUG: unable to handle \"x\" here", nil),
    ])
    func panicLine(value: String, message: String?, remark: String?) throws {
        let info = try system("crash> sys\n       PANIC: \(value)\n")
        #expect(info.panicMessage == message)
        #expect(info.panicRemark == remark)
    }

    @Test(arguments: [
        ("00:00:18", 18 as Int?), ("10 days, 14:14:39", 915_279), ("1 days, 00:00:01", 86_401),
        ("(cannot calculate: unknown HZ value)", nil),
    ])
    func uptime(value: String, seconds: Int?) throws {
        let info = try system("crash> sys\n      UPTIME: \(value)\n")
        #expect(info.uptimeSeconds == seconds)
        #expect(info.uptime == value)
    }

    @Test(arguments: [
        ("6.1.0-56-rt-amd64", [6, 1, 0], "-56-rt-amd64"),
        ("3.10.0-1160.el7.x86_64", [3, 10, 0], "-1160.el7.x86_64"),
        ("4.8.0-rc3+", [4, 8, 0], "-rc3+"),
        ("2.6.32", [2, 6, 32], ""),
        ("6.8", [6, 8], ""),
        ("unknown", [], "unknown"),
    ])
    func release(text: String, numbers: [Int], suffix: String) throws {
        let info = try system("crash> sys\n     RELEASE: \(text)\n")
        #expect(info.release == KernelRelease(text: text, numbers: numbers, suffix: suffix))
    }

    @Test func machineAndLoad() throws {
        let info = try system("""
            crash> sys
            LOAD AVERAGE: 1.86, 0.41, 0.13
                 MACHINE: aarch64  (unknown Mhz)
                   TASKS: 102
            """)
        #expect(info.loadAverage == [1.86, 0.41, 0.13])
        #expect(info.machine == "aarch64")
        #expect(info.processorMHz == nil)
        #expect(info.taskCount == 102)
    }

    /// crash's messages inside `sys` output are diagnostics, not fields.
    @Test func crashMessagesAreDiagnostics() throws {
        let (transcript, source) = parse("""
            crash> sys -c
            sys: line numbers are not available
            NUM  SYSTEM CALL                FILE AND LINE NUMBER
              0  __x64_sys_read
              7  invalid sys_call_table entry: ffffffff81234567 (sys_ni_syscall+16)
            WARNING: something crash wanted to say
                     on two lines
            """)
        #expect(transcript.unrecognized.isEmpty)
        #expect(TranscriptInvariants.violations(of: transcript, source: source) == [])
        #expect(transcript.diagnostics.map(\.id) == ["crashError", "crashWarning"])
        #expect(transcript.role(ofLine: 7) == .parsed, "the warning's second line")
        let calls = try #require(transcript.systems.first).systemCalls
        #expect(calls == [
            SystemCall(number: 0, name: "__x64_sys_read", line: 4),
            SystemCall(number: 7, name: "sys_ni_syscall+16", invalidEntry: HexNumber(0xffff_ffff_8123_4567, digits: 16), line: 5),
        ])
    }

    @Test func taintOfOldKernels() throws {
        let info = try system("crash> sys -t\nTAINTED: 1\n")
        #expect(info.kind == .taint)
        #expect(info.taintMask?.value == 1)
        #expect(info.taintFlags == nil)
        #expect(try system("crash> sys -t\nTAINTED_MASK: 0  \n").isTainted == false)
    }

    @Test func dmiIdentifiersWithoutName() throws {
        let info = try system("crash> sys -i\n        DMI_BIOS_VENDOR: LENOVO\n  dmi_ident[12]: 1.0\n")
        #expect(info.fields.map(\.key) == ["DMI_BIOS_VENDOR", "dmi_ident[12]"])
        #expect(info.isTainted == nil)
    }

    @Test func configOptions() throws {
        let info = try system("""
            crash> sys config
            #
            # Automatically generated file; DO NOT EDIT.
            CONFIG_SMP=y
            CONFIG_LOCALVERSION=""
            # CONFIG_KASAN is not set
            CONFIG_NR_CPUS=8192
            """)
        #expect(info.configOptions == [
            KernelConfigOption(name: "CONFIG_SMP", value: "y", line: 4),
            KernelConfigOption(name: "CONFIG_LOCALVERSION", value: "\"\"", line: 5),
            KernelConfigOption(name: "CONFIG_KASAN", value: nil, line: 6),
            KernelConfigOption(name: "CONFIG_NR_CPUS", value: "8192", line: 7),
        ])
        #expect(info.fields.isEmpty)
    }

    @Test(arguments: [
        ("", SystemInfo.Kind.summary), ("-t", .taint), ("-i", .dmi), ("-c", .systemCalls), ("-c select", .systemCalls),
        ("config", .config), ("-ct", .taint), ("| grep PANIC", .summary), ("-panic", .summary), ("config > /tmp/config", .config),
    ])
    func modeFromArguments(arguments: String, kind: SystemInfo.Kind) {
        #expect(SystemInfoGrammar.kind(forArguments: arguments) == kind)
    }

    /// Several `sys` outputs are all kept; ``Transcript/system`` is the first summary.
    @Test func everyOutputIsKept() throws {
        let (transcript, _) = parse("""
            crash> sys -t
            TAINTED_MASK: 3000  OE
            crash> sys
                    CPUS: 4
            crash> sys
                    CPUS: 8
            """)
        #expect(transcript.systems.map(\.kind) == [.taint, .summary, .summary])
        #expect(transcript.systems.map(\.commandIndex) == [0, 1, 2])
        #expect(transcript.system?.cpuCount == 4)
    }

    /// crash prints the summary before its first prompt too, with the context task after it:
    /// the banner is read as a `sys` without a prompt, and its context task is the panic task.
    @Test func theSessionBannerIsASysWithoutAPrompt() throws {
        let (transcript, source) = parse("""
            For help, type "help".

                  KERNEL: vmlinux-6.1.0-56-rt-amd64  [TAINTED]
                    CPUS: 4
                   PANIC: "Kernel panic - not syncing: RCU Stall"
                     PID: 150
                 COMMAND: "crashtest_spin/"
                    TASK: ffff88803fd8c200  [THREAD_INFO: ffff88803fd8c200]
                     CPU: 2
                   STATE: TASK_RUNNING (PANIC)

            crash> sys
                    CPUS: 4
            """)
        #expect(transcript.prose == [LineSpan(first: 1, last: 1)])
        #expect(transcript.commands.map(\.name) == ["sys", "sys"])
        #expect(transcript.commands[0].isInferred)
        #expect(transcript.systems.count == 2)
        #expect(transcript.systems[0].fields.map(\.line) == Array(3...10))
        #expect(transcript.systems[1].fields.map(\.line) == [13])
        let task = try #require(transcript.systems[0].contextTask)
        #expect(task.pid == 150 && task.cpu == 2 && task.command == "crashtest_spin/" && task.isPanicTask)
        #expect(task.taskAddress?.description == "ffff88803fd8c200")
        #expect(transcript.systems[1].contextTask == nil)
        #expect(TranscriptInvariants.violations(of: transcript, source: source) == [])
    }
}
