import CrashSift
@testable import CrashSiftParser
import CrashSiftTestSupport
import Testing

/// One shape of `bt` output per test. Snippets are cut from real crash output (the corpus in
/// ../shared, the seed) or written to the format crash's sources print, as noted.
@Suite struct BacktraceGrammarTests {
    private func parse(_ text: String) -> Transcript { TranscriptParser.parse(text, name: "snippet") }

    private func fixture(_ name: String) throws -> Transcript {
        let url = PackagePaths.fixtures(of: "CrashSiftParserTests").appendingPathComponent("shapes").appendingPathComponent(name)
        return TranscriptParser.parse(SourceFile(name: name, bytes: try PackagePaths.bytes(of: url)))
    }

    // MARK: - Task headers

    @Test(arguments: [
        // crash 8.0.2+ widths (corpus/real), pre-8.0.2 widths (help.c), a CPU crash could not tell.
        ("PID: 138      TASK: ffff88803f652100  CPU: 0    COMMAND: \"burn\"", 138, "ffff88803f652100", 0 as Int?, "burn"),
        ("PID: 1592   TASK: c0cec000  CPU: 3   COMMAND: \"httpd\"", 1592, "c0cec000", 3, "httpd"),
        ("PID: 2898241  TASK: ff4cb0ce0da0c680  CPU: 30   COMMAND: \"star-ccm+\"", 2898241, "ff4cb0ce0da0c680", 30, "star-ccm+"),
        ("PID: 16930    TASK: ffffff89b3eada00  CPU: 2    COMMAND: \"Firebase Backgr\"", 16930, "ffffff89b3eada00", 2, "Firebase Backgr"),
        ("PID: 604      TASK: 7052a00           CPU: 1    COMMAND: \"systemd-journal\"", 604, "7052a00", 1, "systemd-journal"),
        ("PID: 77       TASK: ffff888004a12100  CPU: ?    COMMAND: \"kworker/u8:2\"", 77, "ffff888004a12100", nil, "kworker/u8:2"),
        ("PID: 9        TASK: ffff888004a12100  CPU: 1    COMMAND: \"a \"quoted\" name\"", 9, "ffff888004a12100", 1, "a \"quoted\" name"),
        // The seed's redacted, unquoted COMMAND.
        ("PID: 425416  TASK: ffff8b257ca8d3c0  CPU: 40  COMMAND: XXXXXXXXXXXXXXXXX", 425416, "ffff8b257ca8d3c0", 40, "XXXXXXXXXXXXXXXXX"),
    ])
    func taskHeader(line: String, pid: Int, task: String, cpu: Int?, command: String) throws {
        let transcript = parse(line + "\n #0 [ffffc90000164c38] machine_kexec at ffffffff81079c4f\n")
        let parsed = try #require(transcript.tasks.first)
        #expect(parsed.pid == pid)
        #expect(parsed.taskAddress?.description == task)
        #expect(parsed.cpu == cpu)
        #expect(parsed.command == command)
        #expect(parsed.diagnostics.isEmpty)
        #expect(transcript.unrecognized.isEmpty)
    }

    @Test func headerCutInHalfStillStartsATask() throws {
        let transcript = parse("crash> bt\nPID: 260624  TASK: ffff92a0156ce480  CPU: 0   COMMAND: \"runc:[2:\n")
        let task = try #require(transcript.tasks.first)
        #expect(task.pid == 260624)
        #expect(task.cpu == 0)
        #expect(task.command == "runc:[2:")
        #expect(task.diagnostics.map(\.id) == ["truncatedTaskHeader"])
    }

    // MARK: - Frame lines

    @Test func frameLineSuffixes() throws {
        // Shapes from x86_64.c and lkcd_x86_trace.c: module, `(via X)` after the address (x86_64)
        // and before ` at ` (i386), ` *`, `  (unreliable)` (ppc64), names with dots and spaces.
        let transcript = parse("""
            crash> bt
            PID: 1018   TASK: f2814000  CPU: 1   COMMAND: "java"
            #13 [ffffc900003f3f10] crashtest_preempt_spin at ffffffffc020c0a4 [crashtest]
            #15 [ffff92c427d67f50] tracesys at ffffffffab1672ed (via system_call)
             #3 [f2815e24] stext_lock (via drain_cpu_caches) at c025fa55
             #4 [ffffc9000d35be78] __handle_sysrq.cold.12 at ffffffff814e4175
             #5 [ffff880095647c00] async_page_fault at ffffffff816a8638 *
             #12 [c000000140d67bb0] _raw_spin_lock at c000000001023de0  (unreliable)
             #2 [c1aa1f20] (nfsd module) at cb2f4d8c [nfsd]
             #0 [ffffc90000164c38] machine_kexec+0x1bf at ffffffff81079c4f
             #1 [ffffc90000164c90] __crash_kexec+119 at ffffffff811785f7
            """)
        let frames = try #require(transcript.tasks.first).backtrace.frames
        #expect(frames.count == 9)
        #expect(frames[0].module == "crashtest")
        #expect(frames[0].function == "crashtest_preempt_spin")
        #expect(frames[1].via == "system_call" && frames[1].function == "tracesys")
        #expect(frames[1].address?.description == "ffffffffab1672ed")
        #expect(frames[2].via == "drain_cpu_caches" && frames[2].function == "stext_lock")
        #expect(frames[2].address?.description == "c025fa55")
        #expect(frames[3].function == "__handle_sysrq.cold.12")
        #expect(frames[4].frameSizeUnknown && frames[4].function == "async_page_fault")
        #expect(!frames[5].reliable && frames[5].function == "_raw_spin_lock")
        #expect(frames[6].function == "(nfsd module)" && frames[6].module == "nfsd")
        #expect(frames[7].function == "machine_kexec" && frames[7].offset == 0x1bf)
        #expect(frames[8].function == "__crash_kexec" && frames[8].offset == 119)
        #expect(frames.map(\.index) == [13, 15, 3, 4, 5, 12, 2, 0, 1])
        #expect(frames.allSatisfy { $0.address != nil && $0.sp != nil })
        #expect(transcript.unrecognized.isEmpty)
    }

    @Test func symbolOffsetsFromBtSx() throws {
        let trace = try #require(try fixture("bt-sx-symbol-offsets.txt").tasks.first).backtrace
        #expect(trace.frames[0].function == "machine_kexec" && trace.frames[0].offset == 0x1bf)
        #expect(trace.frames[4].function == "rcu_sched_clock_irq.cold" && trace.frames[4].offset == 0x154)
        // The exception line keeps the gdb radix: decimal here.
        #expect(trace.frames[12].exception?.symbol == "crashtest_spin_forever+37")
        #expect(trace.frames[12].exception?.offset == 37)
    }

    // MARK: - Stacks

    @Test func nmiThenIRQThenProcess() throws {
        // rt-rcu-stall bt -a, CPU 0 (corpus/real): both separators in one trace.
        let transcript = parse("""
            PID: 0        TASK: ffffffff82a24a40  CPU: 0    COMMAND: "swapper/0"
             #0 [fffffe000000dea8] crash_nmi_callback at ffffffff8106ce8c
             #1 [fffffe000000deb0] default_do_nmi at ffffffff81a442c0
                [exception RIP: native_safe_halt+11]
                RIP: ffffffff81a58c3b  RSP: ffffc90000003e38  RFLAGS: 00000246
                ORIG_RAX: ffffffffffffffff  CS: 0010  SS: 0018
            --- <NMI exception stack> ---
             #2 [ffffc90000003e38] native_safe_halt at ffffffff81a58c3b
             #3 [ffffc90000003f50] sysvec_apic_timer_interrupt at ffffffff81a46489
            --- <IRQ stack> ---
             #4 [ffffffff82a03e88] default_idle at ffffffff81a58e2e
             #5 [ffffffff82a03ea0] do_idle at ffffffff810f1e1c
            """)
        let trace = try #require(transcript.tasks.first).backtrace
        #expect(trace.frames.map(\.stack) == [.nmi, .nmi, .irq, .irq, .process, .process])
        #expect(trace.segments.map(\.kind) == [.nmi, .irq, .process])
        #expect(trace.segments.map(\.frames) == [0..<2, 2..<4, 4..<6])
        #expect(trace.segments.map(\.name) == ["NMI exception stack", "IRQ stack", nil])
        #expect(trace.frames[1].exception?.stack == .nmi)
        #expect(trace.frames[1].exception?.registers.count == 6)
    }

    @Test func ppc64EmergencyStackOpensTheFramesBelowIt() throws {
        // ppc64.c prints `---<Emergency Stack>---` when the walk moves onto that stack.
        let transcript = parse("""
            crash> bt
            PID: 0        TASK: c000000001b8e300  CPU: 1    COMMAND: "swapper/1"
            ---<Emergency Stack>---
             #0 [c00000003ffd7d30] crash_kexec_secondary at c000000000272814
             #1 [c00000003ffd7d80] system_reset_exception at c0000000000298c0
            """)
        let trace = try #require(transcript.tasks.first).backtrace
        #expect(trace.frames.map(\.stack) == [.emergency, .emergency])
        #expect(trace.segments.first?.name == "Emergency Stack")
    }

    /// Every separator spelling of crash's source (the format notes' table 2.10), read from
    /// the per-architecture tables: its stack kind, and whether it closes the frames above it
    /// (x86_64, arm64, riscv64) or opens the frames below (ppc64's emergency stacks).
    @Test(arguments: [
        ("--- <IRQ stack> ---", StackKind.irq, true), ("--- <NMI exception stack> ---", .nmi, true),
        ("--- <DEBUG exception stack> ---", .debug, true), ("--- <STACKFAULT exception stack> ---", .stackfault, true),
        ("--- <DOUBLEFAULT exception stack> ---", .doublefault, true), ("--- <MCE exception stack> ---", .mce, true),
        ("--- <VC exception stack> ---", .vc, true), ("--- <(unknown) exception stack> ---", .exception, true),
        ("--- <exception stack> ---", .exception, true), ("--- <entry trampoline stack> ---", .entryTrampoline, true),
        ("--- <ENTRY TRAMPOLINE stack> ---", .entryTrampoline, true), ("--- <Overflow stack> ---", .overflow, true),
        ("--- <OVERFLOW stack> ---", .overflow, true), ("--- <hard IRQ> ---", .irq, true), ("--- <soft IRQ> ---", .softirq, true),
        ("---<Emergency Stack>---", .emergency, false), ("---<NMI Emergency Stack>---", .nmiEmergency, false),
        ("---<Machine Check Emergency Stack>---", .machineCheckEmergency, false),
    ])
    func everySeparatorOfCrashIsKnown(separator: String, kind: StackKind, closesAbove: Bool) throws {
        let transcript = parse("""
            PID: 1        TASK: ffff888004a0c200  CPU: 3    COMMAND: "init"
             #0 [ffffc90000003e38] above at ffffffff81a58c3b
            \(separator)
             #1 [ffffffff82a03e88] below at ffffffff81a58e2e
            """)
        let trace = try #require(transcript.tasks.first).backtrace
        #expect(trace.frames.map(\.stack) == (closesAbove ? [kind, .process] : [.process, kind]))
        #expect(transcript.diagnostics.isEmpty && transcript.unrecognized.isEmpty)
    }

    @Test func anUnknownSeparatorIsKeptWithANote() throws {
        let transcript = parse("""
            crash> bt
            PID: 1        TASK: ffff888004a0c200  CPU: 3    COMMAND: "init"
             #0 [fffffe0000048ea8] crash_nmi_callback at ffffffff8106ce8c
            --- <Shadow stack> ---
             #1 [ffffc90000423b20] exit_to_user_mode_prepare at ffffffff81149d2c
            """)
        let task = try #require(transcript.tasks.first)
        #expect(task.backtrace.frames.map(\.stack) == ["shadow", .process])
        #expect(task.diagnostics.map(\.id) == ["unknownStackSwitch"])
    }

    // MARK: - Register dumps

    @Test func registersBeforeTheFirstFrame() throws {
        // A dump taken by QEMU (no kdump): stop_this_cpu's saved registers come first, with no ORIG_RAX.
        let trace = try #require(try fixture("qemudump-registers-before-first-frame.txt").tasks.first).backtrace
        #expect(trace.exceptionFrames.count == 1)
        let loose = trace.exceptionFrames[0]
        #expect(loose.symbol == "stop_this_cpu+107")
        #expect(loose.mode == .kernel)
        #expect(loose.registers.names.last == "SS")
        #expect(loose.registers["ORIG_RAX"] == nil)
        #expect(trace.frames.map(\.index) == [0, 1, 2, 3])
        #expect(trace.frames[3].exception?.mode == .user)
    }

    @Test func bogusExceptionFrameAfterASeparator() throws {
        // commit-7d4daf0 (crash-utility): a dump right after `--- <IRQ stack> ---` with no frame line.
        let transcript = parse("""
            crash> bt -c 30
            PID: 2898241  TASK: ff4cb0ce0da0c680  CPU: 30   COMMAND: "star-ccm+"
            #15 [ff5eba269937cff0] sysvec_apic_timer_interrupt at ffffffffa0c58ca2
            --- <IRQ stack> ---
                RIP: 0000000000000010  RSP: 0000000000000018  RFLAGS: ff5eba26ddc9f7e8
                ORIG_RAX: ffffffffa07c4e60  CS: 0206  SS: 7000001cf0380001
            bt: WARNING: possibly bogus exception frame
            """)
        let task = try #require(transcript.tasks.first)
        #expect(task.backtrace.frames.first?.exception == nil)
        #expect(task.backtrace.exceptionFrames.count == 1)
        #expect(task.backtrace.exceptionFrames[0].possiblyBogus)
        #expect(task.backtrace.exceptionFrames[0].stack == .process)
        #expect(task.diagnostics.map(\.id) == ["crashWarning"])
        #expect(task.diagnostics.first?.message == "bt: WARNING: possibly bogus exception frame")
    }

    @Test func exceptionFrameSearchHeadings() throws {
        let trace = try #require(try fixture("bt-e-kernel-mode-heading.txt").tasks.first).backtrace
        #expect(trace.frames.isEmpty)
        let exception = try #require(trace.exceptionFrames.first)
        #expect(exception.heading == "KERNEL-MODE EXCEPTION FRAME AT: ffffc900003f3e68")
        #expect(exception.address?.description == "ffffc900003f3e68")
        #expect(exception.symbol == "crashtest_spin_forever+37")
        #expect(exception.mode == .kernel)
        #expect(exception.registers.count == 21)
    }

    @Test func arm64AndPPC64RegisterSymbols() throws {
        // Shapes of commit-995db8a (arm64 kernel eframe) and commit-5da4d15 (ppc64).
        let transcript = parse("""
            crash> bt
            PID: 3607   TASK: ffffffcbf9a4da00  CPU: 2   COMMAND: "sh"
             #9 [ffffffccbfd862d0] __bad_stack at ffffff800808285c
                 PC: ffffff8008082e80  [el1_sync]
                 LR: ffffff8000d6c214  [stack_overflow_demo+84]
                 SP: ffffff1a79930070  PSTATE: 204003c5
                X29: ffffff8011b03d00  X28: ffffffcbf9a4da00  X27: ffffff8008e02000
            PID: 17524    TASK: c0000000b2c0e400  CPU: 3    COMMAND: "xyz"
             #10 [c000000140d67780] hardware_interrupt_common_virt at c000000000009080
             Hardware Interrupt [500] exception frame:
             R0:  c000000001023de0    R1:  c000000140d67a90    R2:  c000000002c02500
             NIP: c0000000000aea14    MSR: 800000000280b033    OR3: c0000000000ae944
             DSISR: c0080000073b1e94     Syscall Result: 0000000000000000
             [NIP  : queued_spin_lock_slowpath+1204]
             [LR   : _raw_spin_lock+112]
            """)
        #expect(transcript.unrecognized.isEmpty)
        let arm64 = try #require(transcript.tasks.first?.backtrace.frames.first?.exception)
        #expect(arm64.registers["PC"]?.symbol == "el1_sync")
        #expect(arm64.registers["LR"]?.symbol == "stack_overflow_demo+84")
        #expect(arm64.registers.names == ["PC", "LR", "SP", "PSTATE", "X29", "X28", "X27"])
        #expect(arm64.mode == .kernel)
        let ppc64 = try #require(transcript.tasks.last?.backtrace.frames.first?.exception)
        #expect(ppc64.heading == "Hardware Interrupt [500] exception frame:")
        #expect(ppc64.registers.names == ["R0", "R1", "R2", "NIP", "MSR", "OR3", "DSISR", "Syscall Result", "LR"])
        #expect(ppc64.function == "queued_spin_lock_slowpath" && ppc64.offset == 1204)
        #expect(ppc64.registers["LR"]?.symbol == "_raw_spin_lock+112")
        #expect(ppc64.mode == .kernel)
    }

    @Test func s390xMultiWordRegistersAndLowcore() throws {
        // Shapes of commit-fbb2e9e and commit-5218919 (s390x); the glued error is real crash output.
        let transcript = parse("""
            crash> bt -f
            PID: 3359     TASK: 28b01a09400       CPU: 0    COMMAND: "runtest.sh"
             LOWCORE INFO:
              -psw      : 0x0404c00180000000 0x000000000020f7fa
              -general registers:
                 0x0000000034dd9140 0x0000039600000002
                 0x00000396cad7dfa0 0x0000028b03ba5000
             USER-MODE INTERRUPT FRAME at 38000003e98
             pt_regs at 38000003f38:
             PSW:  0705000180000000 000003ff8db0fa36 (user space)
             GPRS: 00000000002f9112 000003ff00000000 ffffffffffffffda 000002aa2b4db520
                   000000000000003e ffffffffffffffff 00063ea900000007 0000000000000020
                0000028c6e9ffff8:  0000000000000000bt: seek error: kernel virtual
                address: 28c6ea00000  type: "readmem_ul"
            """)
        #expect(transcript.unrecognized.isEmpty)
        let trace = try #require(transcript.tasks.first).backtrace
        #expect(trace.exceptionFrames.count == 2)
        let lowcore = trace.exceptionFrames[0]
        #expect(lowcore.heading == "LOWCORE INFO:")
        #expect(lowcore.registers.names == ["psw", "general registers"])
        #expect(lowcore.registers["general registers"]?.value.description
            == "0x0000000034dd9140 0x0000039600000002 0x00000396cad7dfa0 0x0000028b03ba5000")
        let user = trace.exceptionFrames[1]
        #expect(user.mode == .user)
        #expect(user.heading == "USER-MODE INTERRUPT FRAME at 38000003e98 pt_regs at 38000003f38:")
        #expect(user.registers["PSW"]?.symbol == "user space")
        #expect(user.registers["GPRS"]?.value.description.split(separator: " ").count == 8)
        #expect(trace.stackData.map(\.words) == [["0000000000000000"]])
        #expect(transcript.tasks[0].diagnostics.map(\.message) == ["bt: seek error: kernel virtual"])
    }

    // MARK: - Lines under frames

    @Test func sourceLinesGoUnderTheirFrameOrDump() throws {
        let trace = try #require(try fixture("bt-l-source-lines.txt").tasks.first).backtrace
        #expect(trace.frames[0].sourceLine?.file.hasSuffix("include/linux/ftrace.h") == true)
        #expect(trace.frames[0].sourceLine?.line == 923)
        let frame12 = trace.frames[12]
        #expect(frame12.sourceLine?.file.hasSuffix("arch/x86/include/asm/idtentry.h") == true)
        #expect(frame12.exception?.symbol == "crashtest_spin_forever+37")
        #expect(trace.frames[13].sourceLine == nil)  // a module frame before `mod -s`: no line
    }

    @Test func stackWordsGoUnderTheirFrame() throws {
        let trace = try #require(try fixture("bt-f-stack-words.txt").tasks.first).backtrace
        #expect(trace.frames[0].stackData.count == 6)
        #expect(trace.frames[0].stackData[0].address?.description == "ffffc90000164c40")
        #expect(trace.frames[0].stackData[0].words == ["0000000000000000", "0000000000000000"])
        #expect(trace.frames[0].stackData[5].words == ["ffffffff811785f7"])
    }

    @Test func textSymbolsOfBtT() throws {
        let trace = try #require(try fixture("bt-t-text-symbols.txt").tasks.first).backtrace
        #expect(trace.frames.isEmpty)
        #expect(trace.textSymbols.first?.isStart == true)
        #expect(trace.textSymbols.first?.function == "machine_kexec")
        #expect(trace.textSymbols.filter { $0.stack == .irq }.count == 18)
        #expect(trace.textSymbols.last?.function == "ret_from_fork" && trace.textSymbols.last?.stack == .process)
        #expect(trace.textSymbols.contains { $0.module == "crashtest" })
        // The register dump inside -t output has no frame line before it.
        #expect(trace.exceptionFrames.first?.symbol == "crashtest_spin_forever+37")
    }

    @Test func oldI386ArgumentLines() throws {
        // help.c's old `foreach bt` printed guessed arguments under each frame.
        let transcript = parse("""
            crash> foreach bt
            PID: 1      TASK: c7680000  CPU: 0   COMMAND: "init"
             #0 [c7681f00] schedule at c011a4d1
                (void)
             #1 [c7681f30] schedule_timeout at c0119f35
                (5, c7681fa4, c7681fa0)
            """)
        let frames = try #require(transcript.tasks.first).backtrace.frames
        #expect(frames.map(\.arguments) == ["(void)", "(5, c7681fa4, c7681fa0)"])
    }

    // MARK: - crash's own messages

    @Test func crashErrorsWithTheirContinuationLines() throws {
        let transcript = try fixture("crash802-error-continuations.txt")
        #expect(transcript.unrecognized.isEmpty)
        #expect(transcript.prose.isEmpty)
        #expect(transcript.tasks.map(\.pid) == [138, 140])
        #expect(transcript.tasks[0].diagnostics.map(\.id) == ["crashError", "crashError"])
        #expect(transcript.tasks[0].diagnostics[0].message == "bt: invalid structure member offset: mm_struct_mmap")
        #expect(transcript.tasks[0].backtrace.frames.count == 4)
    }

    @Test(arguments: [
        ("bt: WARNING: cannot determine starting stack frame for task ffff888004a12100", "crashWarning"),
        ("WARNING: possibly bogus exception frame", "crashWarning"),
        ("NOTE: stdin: not a tty", "crashNote"),
        ("bt: CPU 3 is OFFLINE.", "crashError"),
        ("bt: cannot determine starting stack pointer", "crashError"),
        ("(active)", "crashStatus"),
        ("(no stack)", "crashStatus"),
        ("Segmentation fault (core dumped)", "crashStatus"),
        ("cannot find the stack info.", "crashStatus"),
    ])
    func crashMessagesBecomeDiagnosticsOnTheTask(line: String, id: String) throws {
        let transcript = parse("crash> bt\nPID: 2179     TASK: ffffa0f78912a3c0  CPU: 43   COMMAND: \"bash\"\n\(line)\n")
        let task = try #require(transcript.tasks.first)
        #expect(task.diagnostics.map(\.id) == [id])
        #expect(task.diagnostics.first?.message == line)
        #expect(transcript.unrecognized.isEmpty)
    }

    // MARK: - Tasks with nothing, frames with no task

    @Test func idleTasksUnderNIdleHaveNoFrames() throws {
        // help.c `bt -a -n idle`, including its leading and trailing "..." elisions.
        let transcript = parse("""
            crash> bt -a -n idle
            ...
            PID: 0      TASK: ffff889ff8c35a00  CPU: 11  COMMAND: "swapper/11"

            PID: 0      TASK: ffff889ff8c3c380  CPU: 12  COMMAND: "swapper/12"

            PID: 150773  TASK: ffff889fe85a1680  CPU: 13  COMMAND: "bash"
            #0 [ffffc9000d35bcd0] machine_kexec at ffffffff8105a407
            ...
            """)
        #expect(transcript.tasks.map(\.backtrace.frames.count) == [0, 0, 1])
        #expect(transcript.tasks[0].backtrace.isEmpty)
        #expect(transcript.tasks[2].backtrace.isPartial)
        #expect(transcript.elisions.count == 2)
        #expect(transcript.fragments.isEmpty)
    }

    @Test func framesWithoutAHeaderAreAFragment() throws {
        let transcript = parse("""
            crash> bt
             ...
             #10 [ffff880095647c00] async_page_fault at ffffffff816a8638
             #11 [ffff880095647cb8] list_del at ffffffff8133c43d
            """)
        #expect(transcript.tasks.isEmpty)
        let fragment = try #require(transcript.fragments.first)
        #expect(fragment.frames.map(\.index) == [10, 11])
        #expect(fragment.isPartial)
        #expect(transcript.diagnostics.map(\.id) == ["frameWithoutTaskHeader"])
        #expect(transcript.diagnostics.first?.severity == .note)
    }

    // MARK: - foreach

    @Test(arguments: [
        ("foreach RU bt", TaskState.running as TaskState?),
        ("foreach UN bt -l", .uninterruptible),
        ("foreach 'crashtest' bt", nil),
        ("foreach bt", nil),
    ])
    func foreachStateFilter(command: String, state: TaskState?) throws {
        let transcript = parse("crash> \(command)\nPID: 148      TASK: ffff888004b70000  CPU: 1    COMMAND: \"init\"\n #0 [ffffc9000046bd38] __schedule at ffffffff81a4b5c3\n")
        #expect(transcript.tasks.first?.state == state)
    }

    @Test func foreachOfAnotherCommandIsNotReadAsBt() {
        let transcript = parse("crash> foreach bash task\nPID: 1 TASK: c0000 CPU: 0 COMMAND: \"bash\"\nstruct task_struct {\n")
        #expect(transcript.tasks.isEmpty)
        #expect(transcript.unrecognized == [2, 3])
        #expect(transcript.diagnostics.map(\.id) == ["noGrammar"])
    }

    @Test func foreachArguments() {
        let arguments = ForeachGrammar.arguments("UN 'crash.*' bt -l | grep x")
        #expect(arguments.subcommand == "bt")
        #expect(arguments.state == .uninterruptible)
        #expect(arguments.selectors == ["UN", "'crash.*'"])
        #expect(arguments.subcommandArguments == ["-l"])
    }
}

/// Flags whose output has no example in the corpus; written to the format of crash's
/// kernel.c, task.c and x86_64.c as described in ../shared/notes/crash-formats.md.
@Suite struct BacktraceFlagTests {
    private func parse(_ text: String) -> Transcript { TranscriptParser.parse(text, name: "snippet") }

    @Test func perCPUExceptionStacksOfBtE() throws {
        let transcript = parse("""
            crash> bt -E
            CPU 0 IRQ STACK:
              KERNEL-MODE EXCEPTION FRAME AT: ffff88003fc03f58
                [exception RIP: native_safe_halt+6]
                RIP: ffffffff81063f46  RSP: ffffffff81a01e98  RFLAGS: 00000246
                ORIG_RAX: ffffffffffffff10  CS: 0010  SS: 0018
            (none found)

            CPU 1 NMI EXCEPTION STACK: [OFFLINE]
            CPU 1 IRQ STACK:
            (none found)
            """)
        #expect(transcript.unrecognized.isEmpty)
        #expect(transcript.tasks.isEmpty)
        #expect(!transcript.diagnostics.contains { $0.id == "frameWithoutTaskHeader" })
        let trace = try #require(transcript.fragments.first)
        #expect(trace.exceptionFrames.count == 1)
        #expect(trace.exceptionFrames[0].stack == .irq)
        #expect(trace.exceptionFrames[0].function == "native_safe_halt")
        #expect(trace.segments.map(\.kind).contains(.irq))
    }

    @Test func stackOverflowCheckOfBtV() throws {
        let transcript = parse("""
            crash> bt -v
            PID: 28       TASK: ffff88003e9e0000  CPU: 1    COMMAND: "kworker/1:1"
              possible stack overflow: ffff88003e9e0000: 57ac6e9d != STACK_END_MAGIC
            """)
        let task = try #require(transcript.tasks.first)
        #expect(task.backtrace.isEmpty)
        #expect(task.diagnostics.map(\.id) == ["crashStatus"])
        #expect(task.diagnostics.first?.severity == .warning)
        #expect(task.diagnostics.first?.message.hasPrefix("possible stack overflow:") == true)
    }

    @Test func rawStackOfBtR() throws {
        let transcript = parse("""
            crash> bt -r
            PID: 1        TASK: ffff888004a12100  CPU: 3    COMMAND: "init"
            ffffc90000010000:  0000000057ac6e9d 0000000000000000
            ffffc90000010010:  schedule+99      ffff888004a12100
            """)
        let trace = try #require(transcript.tasks.first).backtrace
        #expect(transcript.unrecognized.isEmpty)
        #expect(trace.stackData.map(\.words) == [["0000000057ac6e9d", "0000000000000000"], ["schedule+99", "ffff888004a12100"]])
    }

    @Test func optionMessagesAndOfflineCPUs() throws {
        let transcript = parse("""
            crash> bt -O
            bt: use old bt method by default
            crash> bt -c 3
            bt: CPU 3 is OFFLINE.
            """)
        #expect(transcript.unrecognized.isEmpty)
        #expect(transcript.diagnostics.map(\.message) == ["bt: use old bt method by default", "bt: CPU 3 is OFFLINE."])
    }
}
