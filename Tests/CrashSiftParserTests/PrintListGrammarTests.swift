import CrashSift
import CrashSiftTestSupport
import Testing

/// `p`/`px`/`pd` and `list` output in the shapes crash-formats.md §5 and §6 describe, lines
/// taken from the real corpus or written to those shapes, and the per-cpu join.
@Suite struct PrintGrammarTests {
    private func parse(_ text: String) -> Transcript {
        let source = SourceFile(name: "snippet", text: text)
        let transcript = TranscriptParser.parse(source)
        #expect(TranscriptInvariants.violations(of: transcript, source: source) == [])
        return transcript
    }

    @Test func aSymbolPrintsWithItsLeaderAndHistoryNumber() throws {
        let transcript = parse("crash> px jiffies\njiffies = $7 = 0x9ed174b\n")
        let result = try #require(transcript.printed.first)
        #expect(result.expression == "jiffies")
        #expect(result.symbol == "jiffies")
        #expect(result.historyNumber == 7)
        #expect(result.commandLine == "px jiffies")
        #expect(result.commandIndex == 0)
        #expect(result.lines == LineSpan(first: 2, last: 2))
        #expect(result.value.number?.intValue == 0x9ed174b)
        #expect(transcript.unrecognized.isEmpty)
        #expect(transcript.diagnostics.isEmpty)
    }

    @Test func anExpressionHasNoLeader() throws {
        let transcript = parse("crash> p sizeof(struct task_struct)\n$4 = 9792\ncrash> print &init_task\n$5 = (struct task_struct *) 0xffffffff82a24a40 <init_task>\n")
        #expect(transcript.printed.map(\.expression) == [nil, nil])
        #expect(transcript.printed.map(\.symbol) == [nil, nil])
        #expect(transcript.printed[0].value.number == .signed(9792))
        #expect(transcript.printed[1].value.address?.value == 0xffffffff82a24a40)
    }

    @Test func perCPUValuesCarryTheirSymbolAndCPU() throws {
        let transcript = parse("""
            crash> p irq_stat:a
            per_cpu(irq_stat, 0) = $29 = {
              __softirq_pending = 0,
              __nmi_count = 209034
            }
            per_cpu(irq_stat, 1) = $30 = {
              __softirq_pending = 0,
              __nmi_count = 7
            }
            crash> p runqueues:2
            &per_cpu(runqueues, 2) = $31 = (void *) 0xffff88803f3b2dc0
            """)
        #expect(transcript.printed.map(\.symbol) == ["irq_stat", "irq_stat", "runqueues"])
        #expect(transcript.printed.map(\.cpu) == [0, 1, 2])
        #expect(transcript.printed.map(\.isAddressOf) == [false, false, true])
        #expect(transcript.printed[1].value["__nmi_count"]?.number == .signed(7))
        #expect(transcript.printed[1].lines == LineSpan(first: 6, last: 9))
        #expect(transcript.printed[2].value.address?.value == 0xffff88803f3b2dc0)
        #expect(transcript.unrecognized.isEmpty)
    }

    @Test func perCPUAddressTable() throws {
        let transcript = parse("""
            crash> p call_single_queue
            PER-CPU DATA TYPE:
              struct llist_head call_single_queue;
            PER-CPU ADDRESSES:
              [0]: ffff88803f233d80
              [1]: ffff88803f2b3d80
            cpu 2 is OFFLINE
              [3]: ffff88803f3b3d80
            """)
        let table = try #require(transcript.perCPU.first)
        #expect(table.symbol == "call_single_queue")
        #expect(table.typeText == "struct llist_head")
        #expect(table.declarationLine == 3)
        #expect(table.addresses.map(\.cpu) == [0, 1, 3])
        #expect(table.addresses.map(\.line) == [5, 6, 8])
        #expect(table.offlineCPUs == [PerCPUOffline(cpu: 2, line: 7)])
        #expect(table.lines == LineSpan(first: 2, last: 8))
        #expect(table.address(ofCPU: 1)?.description == "ffff88803f2b3d80")
        #expect(table.cpu(at: HexNumber(0xffff88803f3b3d80, digits: 16)) == 3)
        #expect(transcript.printed.isEmpty)
        #expect(transcript.unrecognized.isEmpty)
    }

    @Test(arguments: [
        ("irq_cpustat_t irq_stat;", "irq_stat", "irq_cpustat_t"),
        ("unsigned long cpu_flags[4];", "cpu_flags", "unsigned long [4]"),
        ("[undetermined type] mystery;", "mystery", "[undetermined type]"),
        ("void (*hook)(void);", "hook_arg", "void (*hook)(void)"),
    ])
    func declarations(declaration: String, symbol: String, type: String) throws {
        let transcript = parse("crash> p hook_arg\nPER-CPU DATA TYPE:\n  \(declaration)\nPER-CPU ADDRESSES:\n  [0]: ffff88803f233d80\n")
        let table = try #require(transcript.perCPU.first)
        #expect(table.symbol == symbol)
        #expect(table.typeText == type)
    }

    @Test func crashAndGdbMessagesAreDiagnostics() throws {
        let transcript = parse("""
            crash> p jiffies:1
            WARNING: jiffies is not percpu; cpuspec ignored.
            jiffies = $1 = 4294896919
            crash> p nosuch
            No symbol "nosuch" in current context.
            p: gdb request failed: p nosuch
            """)
        #expect(transcript.printed.count == 1)
        #expect(transcript.diagnostics.map(\.id) == ["crashWarning", "crashError", "crashError"])
        #expect(transcript.diagnostics.map(\.line) == [2, 5, 6])
        #expect(transcript.diagnostics[2].message == "p: gdb request failed: p nosuch")
        #expect(transcript.unrecognized.isEmpty)
    }

    @Test func unknownLinesAreKeptWithOneDiagnosticPerRun() {
        let transcript = parse("crash> p jiffies\nsomething else\nand more\njiffies = $1 = 5\n")
        #expect(transcript.unrecognized == [2, 3])
        #expect(transcript.diagnostics.map(\.id) == ["unrecognizedLine"])
        #expect(transcript.printed.count == 1)
    }
}

@Suite struct ListGrammarTests {
    private func parse(_ text: String) -> Transcript {
        let source = SourceFile(name: "snippet", text: text)
        let transcript = TranscriptParser.parse(source)
        #expect(TranscriptInvariants.violations(of: transcript, source: source) == [])
        return transcript
    }

    @Test func theStartLineIsTheHeadNotAnEntry() throws {
        let transcript = parse("crash> list ffff92f43c31cb40\nffff92f43c31cb40\nffff92d19b2a7990\nffff92c414a1fb20\nffff92c427d67c30\n")
        let walk = try #require(transcript.lists.first)
        #expect(walk.start == .address(HexNumber(0xffff92f43c31cb40, digits: 16)))
        #expect(walk.headMode == .start)
        #expect(walk.head?.line == 2)
        #expect(walk.entries.map(\.address.description) == ["ffff92d19b2a7990", "ffff92c414a1fb20", "ffff92c427d67c30"])
        #expect(!walk.isEmpty)
        #expect(walk.printedEntries.count == 4)
        #expect(transcript.unrecognized.isEmpty)
    }

    @Test func aListOfOnlyItsHeadIsEmpty() throws {
        let walk = try #require(parse("crash> list ffff88803f233d80\nffff88803f233d80\n").lists.first)
        #expect(walk.isEmpty)
        #expect(walk.entries.isEmpty)
        #expect(walk.startAddress?.value == 0xffff88803f233d80)
    }

    @Test func dashCapitalHDoesNotPrintTheHead() throws {
        let transcript = parse("crash> list task_struct.run_list -H runqueue_head\nf79ac000\nf7254000\ncrash> list -H ffff88803f233d80\n")
        #expect(transcript.lists.count == 2)
        #expect(transcript.lists[0].headMode == .listHead)
        #expect(transcript.lists[0].start == .symbol("runqueue_head"))
        #expect(transcript.lists[0].offset == "task_struct.run_list")
        #expect(transcript.lists[0].head == nil)
        #expect(transcript.lists[0].entries.count == 2)
        // Nothing printed after -H: the list_head points to itself.
        #expect(transcript.lists[1].isEmpty)
    }

    @Test(arguments: [
        ("list 136 c169a000", "c169a000", ListHeadMode.start, "136" as String?, nil as String?, nil as String?, false),
        ("list -H vfsmntlist vfsmount.mnt_list -s vfsmount", "vfsmntlist", .listHead, "vfsmount.mnt_list", nil, "vfsmount", false),
        ("list -o dentry.d_child -s dentry.d_name.name -O dentry.d_subdirs -h ffff9c585b81a180", "ffff9c585b81a180", .headStructure, "dentry.d_child", "dentry.d_subdirs", "dentry.d_name.name", false),
        ("list 0xffff880109b8e3d0 -l task_struct.tasks -s task_struct.comm", "ffff880109b8e3d0", .start, nil, nil, "task_struct.comm", false),
        ("list -rH ffff88803f233d80 | head -3", "ffff88803f233d80", .listHead, nil, nil, nil, true),
    ])
    func commandLines(command: String, start: String, mode: ListHeadMode, offset: String?, headOffset: String?, structure: String?, reversed: Bool) throws {
        let walk = try #require(parse("crash> \(command)\n").lists.first)
        #expect(walk.start?.description == start)
        #expect(walk.headMode == mode)
        #expect(walk.offset == offset)
        #expect(walk.headOffset == headOffset)
        #expect(walk.printedStructure == structure)
        #expect(walk.isReversed == reversed)
    }

    @Test func membersUnderEachEntry() throws {
        let transcript = parse("""
            crash> list task_struct.tasks -s task_struct.comm,se,pid -h init_task
            ffffffff82a24a40
              comm = "swapper/0\\000\\000\\000\\000\\000\\000",
              se = {
                on_rq = 1,
                vruntime = 5
              },
              pid = 0,
            ffff888004a12100
              comm = "init\\000\\000\\000\\000\\000\\000\\000\\000\\000\\000\\000",
              se = {
                on_rq = 0,
                vruntime = 7
              },
              pid = 1,
            """)
        let walk = try #require(transcript.lists.first)
        let head = try #require(walk.head)
        #expect(head.fields.map(\.name) == ["comm", "se", "pid"])
        if case .string(let comm)? = head["comm"] { #expect(comm.cString == "swapper/0") } else { Issue.record("comm is not a string") }
        #expect(head["se.on_rq"]?.number == .signed(1))
        #expect(walk.entries.count == 1)
        #expect(walk.entries[0]["pid"]?.number == .signed(1))
        #expect(walk.entries[0]["se"]?["vruntime"]?.number == .signed(7))
        #expect(transcript.unrecognized.isEmpty)
        #expect(transcript.diagnostics.isEmpty)
    }

    @Test func theWholeStructureUnderAnEntry() throws {
        let transcript = parse("""
            crash> list -H vfsmntlist vfsmount.mnt_list -s vfsmount
            c3fc9e60
            struct vfsmount {
              mnt_count = {
                counter = 209
              },
              mnt_devname = 0xc8465b20 "/dev/root",
              mnt_owner = 0
            }
            f7445f60
            struct vfsmount {
            ...
            """)
        let walk = try #require(transcript.lists.first)
        #expect(walk.entries.map(\.typeName) == ["struct vfsmount", "struct vfsmount"])
        #expect(walk.entries[0].fields.map(\.name) == ["mnt_count", "mnt_devname", "mnt_owner"])
        #expect(walk.entries[0]["mnt_count.counter"]?.number == .signed(209))
        #expect(walk.entries[1].fields.isEmpty)
        #expect(walk.elisions == [12])
        #expect(transcript.unrecognized.isEmpty)
        #expect(transcript.diagnostics.isEmpty)
    }

    @Test func unquotedCharPointers() throws {
        let walk = try #require(parse("""
            crash> list -o dentry.d_child -s dentry.d_name.name -O dentry.d_subdirs -h ffff9c585b81a180
            ffff9c585b9cb140
              d_name.name = 0xffff9c585b9cb178 ccc.txt
            """).lists.first)
        #expect(walk.head == nil)
        #expect(walk.entries.first?["d_name.name"] == .string(PrintedString(address: HexNumber(0xffff9c585b9cb178, digits: 16), text: "ccc.txt", isQuoted: false)))
    }

    @Test func crashErrorsMarkTheWalk() throws {
        let transcript = parse("""
            crash> list ffff880000001000
            ffff880000001000
            ffff880000002000

            list: invalid list entry: 0
            crash> list -H ffff88803f233d80 -s __call_single_data.func,info
            list: invalid kernel virtual address: 0  type: "first list entry"
            crash> list ffff880000001000

            list: duplicate list entry: ffff880000002000
            crash> list -B ffff880000001000
            ffff880000001000
            list: loop detected, loop length: 1
            list: length from start to loop: 0
            """)
        let walks = transcript.lists
        #expect(walks.map { $0.problems.map(\.kind) } == [[.invalidEntry], [.unreadableMemory], [.duplicateEntry], [.loopDetected, .loopDetected]])
        #expect(walks[0].problems[0].address?.value == 0)
        #expect(walks[0].entries.count == 1)
        #expect(walks[1].problems[0].address?.value == 0)
        #expect(walks[1].problems[0].message == #"list: invalid kernel virtual address: 0  type: "first list entry""#)
        #expect(walks[2].problems[0].address?.value == 0xffff880000002000)
        #expect(walks.allSatisfy { !$0.isEmpty })
        #expect(transcript.diagnostics.map(\.line) == [5, 7, 10, 13, 14])
        #expect(transcript.diagnostics.allSatisfy { $0.id == "crashError" })
        #expect(transcript.unrecognized.isEmpty)
    }

    @Test func textThatIsNotListOutputIsUnrecognized() {
        let transcript = parse("crash> list ffff880000001000\nffff880000001000\nnot an address\n")
        #expect(transcript.unrecognized == [3])
        #expect(transcript.diagnostics.map(\.id) == ["unrecognizedLine"])
    }
}

@Suite struct PerCPUJoinTests {
    @Test func listsOfAPerCPUVariableKnowTheirCPU() throws {
        let source = SourceFile(name: "session", text: """
            crash> p call_single_queue
            PER-CPU DATA TYPE:
              struct llist_head call_single_queue;
            PER-CPU ADDRESSES:
              [0]: ffff92c43da1cb40
              [60]: ffff92f43c31cb40
            crash> list ffff92f43c31cb40
            ffff92f43c31cb40
            ffff92d19b2a7990
            ffff92c414a1fb20
            ffff92c427d67c30
            crash> list -H ffff92c43da1cb40 -s __call_single_data.func,info
            crash> list ffff92d19b2a7990
            ffff92d19b2a7990
            crash> p runqueues:1
            &per_cpu(runqueues, 1) = $3 = (void *) 0xffff88803f2b2dc0
            crash> list -H ffff88803f2b2dc0
            """)
        let transcript = TranscriptParser.parse(source)
        #expect(TranscriptInvariants.violations(of: transcript, source: source) == [])
        let walks = transcript.lists
        #expect(walks.map(\.perCPU) == [
            PerCPUReference(symbol: "call_single_queue", cpu: 60),
            PerCPUReference(symbol: "call_single_queue", cpu: 0),
            nil,
            PerCPUReference(symbol: "runqueues", cpu: 1),
        ])
        // "CPU 60's call_single_queue has 3 entries."
        let cpu60 = try #require(walks.first { $0.perCPU?.cpu == 60 })
        #expect(cpu60.entries.count == 3)
        #expect(walks[1].isEmpty)
    }
}
