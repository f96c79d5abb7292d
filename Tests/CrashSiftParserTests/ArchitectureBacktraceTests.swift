import CrashSift
import CrashSiftTestSupport
import Foundation
import Testing

/// `bt` of architectures the help examples do not cover: an s390x task on a CPU (frame
/// numbers restart at #0 on each stack) and an arm64 32-bit compat task (written from crash's
/// print formats: `Fixtures/arch-bt/README.md`).
@Suite struct ArchitectureBacktraceTests {
    private func parse(_ name: String) throws -> (Transcript, SourceFile) {
        let url = PackagePaths.fixtures(of: "CrashSiftParserTests").appendingPathComponent("arch-bt/\(name)")
        let source = SourceFile(name: name, bytes: try PackagePaths.bytes(of: url))
        let transcript = TranscriptParser.parse(source)
        #expect(TranscriptInvariants.violations(of: transcript, source: source) == [])
        #expect(transcript.unrecognized.isEmpty)
        #expect(transcript.diagnostics.isEmpty, "\(transcript.diagnostics)")
        return (transcript, source)
    }

    /// s390x.c walks the CPU's interrupt stacks, then the task's, each numbered from #0 and with
    /// no separator: the restart closes a segment. The interrupt frame (`PSW:`/`GPRS:`) belongs
    /// to the frame above it; the short unpadded last address is not a cut-off paste.
    @Test func s390xFrameNumbersRestartOnEachStack() throws {
        let (transcript, _) = try parse("s390x-bt-task-on-cpu.txt")
        let task = try #require(transcript.tasks.first)
        #expect(task.architecture == .s390x)
        let trace = task.backtrace
        #expect(!trace.isPartial)
        #expect(trace.frames.map(\.index) == [0, 1, 2, 0, 1, 2, 3, 4, 5])
        #expect(trace.segments.map(\.kind) == [.exception, .process])
        #expect(trace.segments.map(\.frames) == [0..<3, 3..<9])
        let interrupt = try #require(trace.frames[2].exception)
        #expect(trace.frames[2].function == "ext_int_handler")
        #expect(interrupt.mode == .kernel)
        #expect(interrupt.stack == .exception)
        #expect(interrupt.registers["PSW"]?.symbol == "memcmp+18")
        #expect(trace.frames[3].function == "memcmp" && trace.frames[3].stack == .process)
        let lowcore = try #require(trace.exceptionFrames.first)
        #expect(lowcore.heading == "LOWCORE INFO:")
        #expect(lowcore.registers["function"] != nil && lowcore.registers["general registers"] != nil)
    }

    /// The same numbering restart on a task that is not on a CPU (no lowcore): after a
    /// kernel-mode interrupt frame crash goes on with the interrupted context, on the task's stack.
    @Test func s390xRestartWithoutLowcoreStaysOnTheTaskStack() throws {
        let text = """
            PID: 77       TASK: 1e6a94000         CPU: 1    COMMAND: "rcu_sched"
             #0 [1e6a9bc38] __schedule at 6f2a1e
             #1 [1e6a9bc98] preempt_schedule_irq at 6f2d2c
             #2 [1e6a9bcc8] io_int_handler at 6f9b02
             PSW:  0704e00180000000 0000000000191c4a (rcu_gp_kthread+394)
             GPRS: 0000000000000000 0000000000000001 0000000000000000 0000000000000000 
                   0000000000000000 0000000000000000 0000000000000000 0000000000000000 
                   0000000000000000 0000000000000000 0000000000000000 0000000000000000 
                   0000000000a2a1c0 00000000006f86d0 0000000000191b80 00000001e6a9bd80 
             #0 [1e6a9bd80] rcu_gp_kthread at 191c4a
             #1 [1e6a9be00] kthread at 16f0f6
             #2 [1e6a9be58] kernel_thread_starter at 6f8a0a
            """
        let transcript = TranscriptParser.parse(text, name: "s390x")
        let trace = try #require(transcript.tasks.first).backtrace
        #expect(trace.frames.map(\.index) == [0, 1, 2, 0, 1, 2])
        #expect(trace.frames.allSatisfy { $0.stack == .process })
        #expect(trace.segments.map(\.frames) == [0..<3, 3..<6])
        #expect(transcript.diagnostics.isEmpty && transcript.unrecognized.isEmpty)
    }

    /// A 32-bit task on arm64: its user-mode frame prints `PC`/`LR`/`SP`/`PSTATE` with 8
    /// digits and `X12`…`X0` (no `ORIG_X0`); PSTATE's USR mode (0x10) says user space.
    @Test func arm64CompatTaskUserFrame() throws {
        let (transcript, _) = try parse("arm64-bt-compat-task.txt")
        let task = try #require(transcript.tasks.first)
        #expect(task.architecture == .arm64)
        #expect(task.backtrace.frames.count == 12)
        let user = try #require(task.backtrace.frames.last?.exception)
        #expect(user.mode == .user)
        #expect(user.registers.names == ["PC", "LR", "SP", "PSTATE"] + (0...12).reversed().map { "X\($0)" })
        #expect(user.registers["PC"]?.value.number?.value == 0x5a1f0)
        #expect(user.registers["X4"]?.value.number?.value == 0xffcc0d70)
    }
}
