import CrashSift
import Testing

/// How an input is cut into commands, prose, elisions and annotations.
@Suite struct SessionSplitterTests {
    private func parse(_ text: String) -> Transcript { TranscriptParser.parse(text, name: "snippet") }

    @Test func promptsStartCommandsAndEndTheOnesBefore() {
        let transcript = parse("""
            crash> bt
            PID: 1        TASK: ffff888004a0c200  CPU: 3    COMMAND: "init"
             #0 [ffffc90000013c38] machine_kexec at ffffffff81079c4f
            crash64> foreach RU bt
            crash> q
            """)
        #expect(transcript.commands.map(\.name) == ["bt", "foreach", "q"])
        #expect(transcript.commands.map(\.prompt) == ["crash", "crash64", "crash"])
        #expect(transcript.commands[0].output == LineSpan(first: 2, last: 3))
        #expect(transcript.commands[1].output.isEmpty)
        #expect(transcript.lineRoles == [.prompt, .parsed, .parsed, .prompt, .prompt])
    }

    /// An unstamped arm64 oops is recognised at `Internal error:` (the lines after it are
    /// report-shaped); its header and the `Mem abort info:` lines above belong to it, the
    /// prose before them stays prose. (Written from arch/arm64/mm/fault.c's formats.)
    @Test func anUnstampedLogStartsAtTheHeaderAboveWhereItWasRecognised() throws {
        let transcript = parse("""
            The customer's console showed this:

            Unable to handle kernel NULL pointer dereference at virtual address 0000000000000010
            Mem abort info:
              ESR = 0x0000000096000005
              EC = 0x25: DABT (current EL), IL = 32 bits
            Data abort info:
              ISV = 0, ISS = 0x00000005
            user pgtable: 4k pages, 48-bit VAs, pgdp=0000000104e2b000
            [0000000000000010] pgd=0000000000000000, p4d=0000000000000000
            Internal error: Oops: 0000000096000005 [#1] SMP
            Modules linked in: nfsd
            CPU: 2 PID: 1711 Comm: kworker/2:1 Not tainted 6.1.0 #1
            pc : nfsd_file_put+0x20/0x90 [nfsd]
            lr : nfsd_file_close_inode+0x30/0x80 [nfsd]
            sp : ffff80000ff1b910
            Call trace:
             nfsd_file_put+0x20/0x90 [nfsd]
             process_one_work+0x1f4/0x480
            """)
        #expect(transcript.role(ofLine: 1) == .prose)
        #expect(transcript.prose == [LineSpan(first: 1, last: 1)])
        let log = try #require(transcript.commands.first { $0.name == "log" })
        #expect(log.output == LineSpan(first: 3, last: 19))
        let report = try #require(transcript.log.reports.first)
        #expect(report.line == 3)
        #expect(report.title == "BUG: unable to handle kernel NULL pointer dereference in nfsd_file_put")
        #expect(report.frames.map(\.function) == ["nfsd_file_put", "process_one_work"])
        #expect(transcript.unrecognized.isEmpty)
    }

    @Test func aBarePromptEndsTheSession() {
        let transcript = parse("crash> bt\nPID: 1        TASK: ffff888004a0c200  CPU: 3    COMMAND: \"init\"\ncrash>\nthanks, Bob\n")
        #expect(transcript.commands.map(\.name) == ["bt"])
        #expect(transcript.role(ofLine: 3) == .prompt)
        #expect(transcript.role(ofLine: 4) == .prose)
        #expect(transcript.unrecognized.isEmpty)
    }

    @Test func inputRedirectionAndPipes() {
        let transcript = parse("""
            crash> p call_single_queue | awk '/ffff/ {print "list " $NF}' > csd_queues
            crash> < csd_queues
            crash> list ffff88803f233d80
            ffff88803f233d80
            """)
        #expect(transcript.commands.map(\.name) == ["p", "<", "list"])
        #expect(transcript.commands[0].arguments == "call_single_queue | awk '/ffff/ {print \"list \" $NF}' > csd_queues")
        #expect(transcript.commands[1].arguments == "csd_queues")
    }

    @Test func indentedPromptsEndWhereTheArticleDedents() {
        let transcript = parse("""
            3. Check the backtrace:

                crash> bt
                PID: 260624  TASK: ffff92a0156ce480  CPU: 0   COMMAND: "runc:[2:INIT]"
                 #0 [ffff92c43da03c68] machine_kexec at ffffffffaaa53b14

            - In the above backtrace, the stall occurred within generic_exec_single().
            #1 is not a frame here: it is prose at the article's own indentation.
            """)
        #expect(transcript.tasks.count == 1)
        #expect(transcript.tasks[0].backtrace.frames.count == 1)
        #expect(transcript.role(ofLine: 7) == .prose)
        #expect(transcript.role(ofLine: 8) == .prose)
        #expect(transcript.prose == [LineSpan(first: 1, last: 1), LineSpan(first: 7, last: 8)])
    }

    @Test func bareOutputRunsWhileTheGrammarAcceptsItsLines() {
        let transcript = parse("""
            Kernel panic with the following message on the console:
            PID: 425416  TASK: ffff8b257ca8d3c0  CPU: 40  COMMAND: XXXXXXXXXXXXXXXXX
             #0 [ffff8b1d9df09e40] crash_nmi_callback at ffffffff83245e57
            [...]

            Resolution
            """)
        #expect(transcript.commands.count == 1)
        #expect(transcript.commands[0].isInferred)
        #expect(transcript.commands[0].output == LineSpan(first: 2, last: 4))
        #expect(transcript.prose == [LineSpan(first: 1, last: 1), LineSpan(first: 6, last: 6)])
        #expect(transcript.elisions.map(\.line) == [4])
        #expect(transcript.tasks[0].backtrace.isPartial)
    }

    @Test func aLonePIDLineIsNotABacktrace() {
        // crash's start-up banner and `set`/`task` print `PID: 150` on its own line.
        let transcript = parse("       PANIC: \"Kernel panic - not syncing: RCU Stall\"\n         PID: 150\n     COMMAND: \"crashtest_spin/\"\n")
        #expect(transcript.tasks.isEmpty)
        #expect(transcript.commands.isEmpty)
        #expect(transcript.lineRoles == [.prose, .prose, .prose])
    }

    @Test(arguments: ["...", "[...]", "…", "[…]", "...snip...", "... snip the same output ...", "<snip>", "-- snip --", " .... "])
    func elisionMarkers(marker: String) {
        let transcript = parse("crash> bt\nPID: 1        TASK: ffff888004a0c200  CPU: 3    COMMAND: \"init\"\n\(marker)\n")
        #expect(transcript.elisions.map(\.line) == [3], "\(marker)")
        #expect(transcript.role(ofLine: 3) == .elision)
        #expect(transcript.tasks.first?.backtrace.isPartial == true)
    }

    @Test(arguments: ["..", "...and then it hung", "[ 12.5] ...", "snippet"])
    func notElisionMarkers(text: String) {
        let transcript = parse("crash> bt\nPID: 1        TASK: ffff888004a0c200  CPU: 3    COMMAND: \"init\"\n\(text)\n")
        #expect(transcript.elisions.isEmpty, "\(text)")
    }

    @Test func annotationsAreCutOnlyFromCrashOutput() {
        let transcript = parse("""
            An arrow in prose <--- stays prose.
            crash> list ffff92f43c31cb40         <--- CPU 60's call_single_queue
            crash> bt
            PID: 1        TASK: ffff888004a0c200  CPU: 3    COMMAND: "init"
                [exception RIP: generic_exec_single+0xfa]                           <---
                                                                                    <== here
            """)
        #expect(transcript.annotations.map(\.line) == [2, 5, 6])
        #expect(transcript.annotations.map(\.text) == ["<--- CPU 60's call_single_queue", "<---", "<== here"])
        #expect(transcript.commands[0].arguments == "ffff92f43c31cb40")
        #expect(transcript.tasks[0].backtrace.exceptionFrames.first?.symbol == "generic_exec_single+0xfa")
        #expect(transcript.role(ofLine: 6) == .annotation)
        #expect(transcript.role(ofLine: 1) == .prose)
    }

    @Test func tabsCountAsIndentationToTheNextStop() {
        let transcript = parse("\tcrash> bt\n\tPID: 1        TASK: ffff888004a0c200  CPU: 3    COMMAND: \"init\"\n\t #0 [ffffc90000013c38] machine_kexec at ffffffff81079c4f\n    prose at four\n")
        #expect(transcript.tasks.first?.backtrace.frames.count == 1)
        #expect(transcript.role(ofLine: 4) == .prose)
    }

    @Test func outputOfCommandsWithoutAGrammarIsKeptAsUnrecognized() {
        let transcript = parse("crash> kmem -i\n                 PAGES        TOTAL      PERCENTAGE\n    TOTAL MEM   243540     951.3 MB         ----\n")
        #expect(transcript.unrecognized == [2, 3])
        #expect(transcript.diagnostics.map(\.id) == ["noGrammar"])
        #expect(transcript.diagnostics.first?.severity == .note)
    }
}
