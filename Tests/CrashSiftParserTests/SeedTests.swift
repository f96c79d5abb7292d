import CrashSift
import CrashSiftTestSupport
import Testing

/// The reference case: a knowledge-base article with `bt`, `log`, `list` and `foreach RU bt`
/// output pasted into prose (Fixtures/seed-article.txt, copied from ../shared/seed).
@Suite struct SeedTests {
    let transcript: Transcript

    init() throws {
        let url = PackagePaths.fixtures(of: "CrashSiftParserTests").appendingPathComponent("seed-article.txt")
        transcript = TranscriptParser.parse(SourceFile(name: "seed-article.txt", bytes: try PackagePaths.bytes(of: url)))
    }

    @Test func findsTheThreeTasks() {
        #expect(transcript.tasks.map(\.pid) == [425416, 260624, 260617])
        #expect(transcript.tasks.map(\.cpu) == [40, 0, 0])
        #expect(transcript.tasks.map(\.command) == ["XXXXXXXXXXXXXXXXX", "runc:[2:INIT]", "XXXXXXXXXXXXXXXX"])
        #expect(transcript.tasks.map { $0.taskAddress?.description } == ["ffff8b257ca8d3c0", "ffff92a0156ce480", "ffff92996b72d3c0"])
        #expect(transcript.fragments.isEmpty)
    }

    @Test func firstBacktraceWasReachedThroughAnNMI() throws {
        let trace = transcript.tasks[0].backtrace
        #expect(trace.frames.map(\.index) == Array(0...7))
        #expect(trace.frames[0...3].allSatisfy { $0.stack == .nmi })
        #expect(trace.frames[4...7].allSatisfy { $0.stack == .process })
        let exception = try #require(trace.frames[3].exception)
        #expect(trace.frames[3].function == "end_repeat_nmi")
        #expect(exception.symbol == "generic_exec_single+0xfa")
        #expect(exception.function == "generic_exec_single")
        #expect(exception.offset == 0xfa)
        #expect(exception.mode == .kernel)
        #expect(exception.registers.count == 21)
        #expect(exception.registers.names == [
            "RIP", "RSP", "RFLAGS", "RAX", "RBX", "RCX", "RDX", "RSI", "RDI", "RBP", "R8", "R9",
            "R10", "R11", "R12", "R13", "R14", "R15", "ORIG_RAX", "CS", "SS",
        ])
        #expect(exception.registers["RIP"]?.value.description == "ffffffff83306d6a")
        #expect(exception.registers["RDX"]?.value.number?.value == 0xffff8b359be1cb40)
        #expect(exception.registers["SS"]?.value.description == "0000")
        #expect(trace.segments.map(\.kind) == [.nmi, .process])
        #expect(trace.segments[0].separatorLine == 28)
        // The article cut the trace short with `[...]`.
        #expect(trace.isPartial)
        #expect(trace.elisions.map(\.line) == [33])
    }

    @Test func secondBacktraceSwitchesFromTheIRQStack() throws {
        let trace = transcript.tasks[1].backtrace
        #expect(trace.frames.count == 24)
        #expect(trace.frames[0...11].allSatisfy { $0.stack == .irq })
        #expect(trace.frames[12...23].allSatisfy { $0.stack == .process })
        let kernel = try #require(trace.frames[12].exception)
        #expect(trace.frames[12].function == "apic_timer_interrupt")
        #expect(kernel.function == "generic_exec_single")
        #expect(kernel.mode == .kernel)
        #expect(kernel.registers.count == 21)
        #expect(kernel.registers["ORIG_RAX"]?.value.description == "ffffffffffffff10")
        let user = try #require(trace.frames[23].exception)
        #expect(trace.frames[23].function == "page_fault")
        #expect(user.mode == .user)
        #expect(user.symbol == nil)
        #expect(user.registers.count == 21)
        #expect(user.registers["CS"]?.value.description == "0033")
        #expect(trace.frames.filter { $0.exception != nil }.map(\.index) == [12, 23])
        #expect(!trace.isPartial)
    }

    @Test func foreachTaskInheritsTheRunningState() throws {
        let task = transcript.tasks[2]
        #expect(task.state == .running)
        let frame = try #require(task.backtrace.frames.last)
        #expect(frame.index == 15)
        #expect(frame.function == "tracesys")
        #expect(frame.via == "system_call")
        #expect(frame.exception?.mode == .user)
        #expect(frame.exception?.registers["ORIG_RAX"]?.value.description == "0000000000000001")
        #expect(task.backtrace.isPartial)
    }

    /// The article's `log` excerpt: the RCU stall (with the `Task dump for CPU 0:` trace that
    /// starts on the IRQ stack and returns at `<EOI>`) and the panic it causes.
    @Test func logGivesTheRCUStallAndThePanic() throws {
        let log = transcript.log
        #expect(log.records.count == 28)
        #expect(log.records.first?.time == 32801109.627094)
        #expect(log.reports.map(\.kind) == [.rcuStall, .panic])
        let stall = log.reports[0]
        #expect(stall.title == "INFO: rcu detected stall in smp_call_function")
        #expect(stall.cpu == 0)
        #expect(stall.pid == 260624)
        #expect(stall.line == 75)
        let trace = try #require(stall.callTraces.first)
        #expect(stall.callTraces.count == 1)
        #expect(trace.frames.count == 23)
        #expect(trace.frames.first?.function == "sched_show_task")
        #expect(trace.frames[0...12].allSatisfy { $0.stack == .irq })
        #expect(trace.frames[13...].allSatisfy { $0.stack == .process })
        // `<EOI>  [<ffffffffaab06d6a>] ? generic_exec_single+0xfa/0x1b0`: marker and frame on one line.
        #expect(trace.frames[13].function == "generic_exec_single")
        #expect(trace.frames[13].line == 92)
        #expect(trace.frames.filter { !$0.reliable }.map(\.function)
            == ["tick_sched_do_timer", "generic_exec_single", "leave_mm", "leave_mm", "leave_mm"])
        #expect(trace.frames[13].address?.description == "ffffffffaab06d6a")
        let panic = log.reports[1]
        #expect(panic.title == "kernel panic: RCU Stall")
        #expect(panic.line == 103)
    }

    /// The task index joins the `bt` header and the log's `Task dump for CPU 0:` task line of
    /// PID 260624, and says where they disagree (the article redacted the log's comm).
    @Test func theTaskIndexJoinsTheBacktraceAndTheLog() throws {
        let index = transcript.taskIndex
        #expect(index.entries.map(\.pid) == [425416, 260624, 260617])
        let address = try #require(HexNumber("ffff92a0156ce480"))
        let task = try #require(index.entry(forTask: address))
        #expect(task.pid == 260624)
        #expect(task.cpus.map(\.value) == [0, 0])
        #expect(task.cpus.map(\.source.kind) == [.backtrace, .log])
        #expect(task.cpus.map(\.source.line) == [110, 77])
        #expect(task.commands.map(\.value) == ["runc:[2:INIT]", "XXXXXXXXXXXXXXXX"])
        #expect(task.backtraces == [1])
        #expect(index.tasks(onCPU: 0).map(\.pid) == [260624, 260617])
        #expect(index.entries(pid: 260617).first?.state == .running)
        let note = try #require(transcript.diagnostics.first { $0.id == "taskFactsDisagree" })
        #expect(note.location.line == 77)
        #expect(note.severity == .note)
    }

    @Test func commandsAreFoundInsideTheArticle() {
        let commands = transcript.commands.map(\.commandLine)
        #expect(commands.first == "bt")
        #expect(transcript.commands.first?.isInferred == true)
        #expect(commands.contains("log"))
        #expect(commands.contains("foreach RU bt"))
        #expect(commands.contains("< csd_queues"))
        #expect(commands.contains("list ffff92f43c31cb40"))
        #expect(transcript.tasks[2].commandIndex.map { transcript.commands[$0].commandLine } == "foreach RU bt")
    }

    @Test func annotationsAreCutOffAndKept() {
        #expect(transcript.annotations.map(\.text) == ["<---", "<--- CPU 60's call_single_queue"])
        #expect(transcript.commands.contains { $0.name == "list" && $0.arguments == "ffff92f43c31cb40" })
    }

    @Test func elisionsAreRecorded() {
        #expect(transcript.elisions.count == 7)
        #expect(transcript.elisions.allSatisfy { $0.text == "[...]" })
    }

    @Test func proseNeverBecomesFramesOrErrors() {
        // Every frame and header sits on a line the article shows as crash output.
        for task in transcript.tasks {
            #expect(transcript.role(ofLine: task.line) == .parsed)
            for frame in task.backtrace.frames { #expect(transcript.role(ofLine: frame.line) == .parsed) }
        }
        // The article's prose (title, root cause, the kernel/smp.c listing, closing lines) is prose.
        for line in [1, 5, 40, 58, 63, 152, 160, 196, 230] {
            #expect(transcript.role(ofLine: line) == .prose, "line \(line)")
        }
        #expect(!transcript.diagnostics.contains { $0.severity == .error })
        #expect(!transcript.diagnostics.contains { $0.id == "unrecognizedLine" })
    }
}
