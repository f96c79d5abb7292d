import CrashSift
import CrashSiftTestSupport
import Testing

/// The `ps` grammar on small inputs written for each rule: markers, state codes, brackets,
/// column widths, the other layouts, `foreach … ps`, and what is kept when a line is not `ps`.
@Suite struct ProcessGrammarTests {
    /// Parses `text`, checks the invariants, and returns the transcript and its only table.
    private func parse(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> (Transcript, ProcessTable) {
        let source = SourceFile(name: "ps.txt", text: text)
        let transcript = TranscriptParser.parse(source)
        #expect(TranscriptInvariants.violations(of: transcript, source: source) == [], sourceLocation: sourceLocation)
        #expect(transcript.processes.count == 1, sourceLocation: sourceLocation)
        return (transcript, try #require(transcript.processes.first, sourceLocation: sourceLocation))
    }

    private static let wideHeader = "      PID    PPID  CPU       TASK        ST  %MEM      VSZ      RSS  COMM"
    private static let narrowHeader = "   PID    PPID  CPU       TASK        ST  %MEM     VSZ    RSS  COMM"

    @Test func activeMarkers() throws {
        let (transcript, table) = try parse("""
            crash> ps
            \(Self.wideHeader)
                  0       0   0  ffffffff82a24a40  RU   0.0        0        0  [swapper/0]
            >     137       1   0  ffff8880061ba100  RU   0.1      980      692  burn
            -     138       1   1  ffff88803f652100  RU   0.1      980      700  burn
            """)
        #expect(transcript.unrecognized.isEmpty)
        #expect(table.entries.map(\.activeMarker) == [nil, .active, .activeOnOfflineCPU])
        #expect(table.activeEntries.map(\.pid) == [137, 138])
        #expect(table.entries[1].ppid == 1 && table.entries[1].cpu == 0 && table.entries[1].residentSizeKiB == 692)
    }

    @Test func everyStateCodeCrashPrints() throws {
        let codes = ["RU", "IN", "UN", "ID", "ZO", "ST", "TR", "SW", "DE", "PA", "WA", "NE", "??", "UNEX", "INEX"]
        let rows = codes.enumerated().map { index, code in
            // A 4-character code leaves one space before %MEM instead of two.
            let gap = code.count == 4 ? " " : "  "
            return "      \(100 + index)       1   0  ffff888004a1\(2100 + index)  \(code)\(gap)0.0     2260     1792  task\(index)"
        }
        let (transcript, table) = try parse((["crash> ps", Self.wideHeader] + rows).joined(separator: "\n"))
        #expect(transcript.unrecognized.isEmpty)
        #expect(transcript.diagnostics.isEmpty)
        #expect(table.entries.map { $0.state?.rawValue } == codes)
        #expect(table.entries.allSatisfy { $0.state?.isKnownPSCode == true })
        #expect(table.entries.map { $0.state?.isExclusive } == codes.map { $0.count == 4 })
        #expect(table.entries[13].state?.withoutExclusive == .uninterruptible)
        #expect(table.entries[14].state?.withoutExclusive == .interruptible)
        #expect(table.entries[12].state == .unknown)
        #expect(table.entries[11].state == .new)
        #expect(table.entries[3].state == .idle)
    }

    @Test func aCodeCrashDoesNotPrintIsKeptWithANote() throws {
        let (transcript, table) = try parse("""
            crash> ps
            \(Self.wideHeader)
                 42       2   1  ffff888004a12100  XY   0.0        0        0  [odd]
            """)
        #expect(table.entries.first?.state == TaskState(rawValue: "XY"))
        #expect(transcript.unrecognized.isEmpty)
        #expect(transcript.diagnostics.map(\.id) == ["unknownStateCode"])
    }

    @Test func kernelThreadBracketsAndNamesWithSpaces() throws {
        let (_, table) = try parse("""
            crash> ps
            \(Self.wideHeader)
                 11       2   0  ffff888004a68000  ID   0.0        0        0  [rcu_tasks_kthre]
               2301    2250   3  ffff888012340000  IN   1.4  2741212   120344  Web Content
               2302    2250   3  ffff888012342100  IN   0.0     5000      100  [x] y
            """)
        #expect(table.entries.map(\.command) == ["rcu_tasks_kthre", "Web Content", "[x] y"])
        #expect(table.entries.map(\.isKernelThread) == [true, false, false])
        #expect(table.entries[1].memoryPercent == 1.4)
        #expect(table.entries[1].virtualSizeKiB == 2741212)
    }

    /// The same rows in the widths of crash before 8.0.2 and after; the narrow ones have a
    /// 6-digit pid that runs into the next column.
    @Test func oldAndNewColumnWidths() throws {
        let (_, narrow) = try parse("""
            crash> ps
            \(Self.narrowHeader)
            >     1      0   3  ffff888004a12100  RU   0.2    2260   1792  init
              123456  99999  12  ffff888012340000  UN  12.5 1234567 654321  big
            """)
        let (_, wide) = try parse("""
            crash> ps
            \(Self.wideHeader)
            >       1       0   3  ffff888004a12100  RU   0.2     2260     1792  init
               123456   99999  12  ffff888012340000  UN  12.5  1234567   654321  big
            """)
        #expect(narrow.columnWidths == .narrow)
        #expect(wide.columnWidths == .wide)
        #expect(narrow.entries == wide.entries)
        #expect(wide.entries[1].cpu == 12 && wide.entries[1].memoryPercent == 12.5 && wide.entries[1].state == .uninterruptible)
    }

    /// Articles indent pasted sessions; the header's width is measured from the prompt.
    @Test func widthsOfAnIndentedPaste() throws {
        let (_, table) = try parse("""
            The table:

                crash> ps 1
                \(Self.narrowHeader)
                      1      0   3  ffff888004a12100  IN   0.2    2260   1792  init
            """)
        #expect(table.columnWidths == .narrow)
        #expect(table.selectors == ["1"])
        #expect(table.entries.map(\.pid) == [1])
    }

    @Test func crash802ParentMinusOne() throws {
        let (_, table) = try parse("""
            crash> ps
            \(Self.wideHeader)
            >     137      -1   3  ffff8880061ba100  RU   0.0      980       44  burn
            """)
        #expect(table.entries.first?.ppid == -1)
    }

    @Test func summaryCountsInFirstSeenOrder() throws {
        let (transcript, table) = try parse("""
            crash> ps -S
              RU: 12
              IN: 44
              ID: 44
              UNEX: 2
              ??: 1
            """)
        #expect(transcript.unrecognized.isEmpty)
        #expect(table.layout == .summary)
        #expect(table.entries.isEmpty)
        #expect(table.stateCounts.map(\.state.rawValue) == ["RU", "IN", "ID", "UNEX", "??"])
        #expect(table.stateCounts.map(\.count) == [12, 44, 44, 2, 1])
        #expect(table.stateCounts.map(\.line) == [2, 3, 4, 5, 6])
    }

    /// `foreach RU ps` prints the state on every row: the filter and the rows agree, so no warning.
    @Test func foreachStateFilterAndRowsAgree() throws {
        let (transcript, table) = try parse("""
            crash> foreach RU ps
            \(Self.wideHeader)
            >     133       1   0  ffff88800526a100  RU   0.1      980      700  burn
                  139       1   1  ffff88803fbc2100  RU   0.1      980      696  burn
            """)
        #expect(table.isForeach)
        #expect(table.stateFilter == .running)
        #expect(table.selectors == ["RU"])
        #expect(table.entries.allSatisfy { $0.state == table.stateFilter })
        #expect(transcript.diagnostics.isEmpty)
        // `foreach UN` selects `UNEX` tasks too (crash compares the prefix).
        let (exclusive, _) = try parse("""
            crash> foreach UN ps
            \(Self.narrowHeader)
                 77      1   0  c0fa0000  UNEX 0.0       0      0  [kflushd]
            """)
        #expect(exclusive.diagnostics.isEmpty)
    }

    /// Layouts that print no state take it from `foreach`'s state selector, for the task it
    /// selected: every `-t` entry, but only the last of a `-p` chain.
    @Test func foreachStateGoesToTheSelectedTaskWhenTheLayoutPrintsNone() throws {
        let (_, times) = try parse("""
            crash> foreach UN ps -t
            PID: 148      TASK: ffff88803fbcc200  CPU: 3    COMMAND: "init"
                RUN TIME: 00:00:09
              START TIME: 1503000000
                   UTIME: 1000000
                   STIME: 2000000

            PID: 150      TASK: ffff88803f672100  CPU: 1    COMMAND: "crashtest_waite"
                RUN TIME: 00:00:08
              START TIME: 1600000000
                   UTIME: 0
                   STIME: 3000000

            """)
        #expect(times.layout == .times)
        #expect(times.entries.map(\.state) == [.uninterruptible, .uninterruptible])
        #expect(times.entries[0].times?.runTimeSeconds == 9)
        #expect(times.entries[1].times?.lines == 9...12)

        let (_, parents) = try parse("""
            crash> foreach UN ps -p
            PID: 0        TASK: ffffffff82a24a40  CPU: 0    COMMAND: "swapper/0"
             PID: 1        TASK: ffff888004a12100  CPU: 3    COMMAND: "init"
              PID: 148      TASK: ffff88803fbcc200  CPU: 3    COMMAND: "init"

            PID: 0        TASK: ffffffff82a24a40  CPU: 0    COMMAND: "swapper/0"
             PID: 2        TASK: ffff888004a14200  CPU: 3    COMMAND: "kthreadd"
              PID: 150      TASK: ffff88803f672100  CPU: 1    COMMAND: "crashtest_waite"

            """)
        #expect(parents.entries.map(\.state) == [nil, nil, .uninterruptible, nil, nil, .uninterruptible])
        #expect(parents.entries.map(\.depth) == [0, 1, 2, 0, 1, 2])
        #expect(parents.entries.map(\.listedUnder) == [nil, 0, 1, nil, 3, 4])
    }

    @Test func policyColumns() throws {
        let (transcript, table) = try parse("""
            crash> ps -Y
                  PID    PPID  CPU       TASK        POLICY       PRIO  COMM
                   17       2   0  ffff888004a9a100  FIFO           98  [rcu_preempt]
            >     137       1   3  ffff8880061ba100  NORMAL        120  burn
            """)
        #expect(transcript.unrecognized.isEmpty)
        #expect(table.layout == .policy)
        #expect(table.entries.map(\.policy) == ["FIFO", "NORMAL"])
        #expect(table.entries.map(\.priority) == [98, 120])
        #expect(table.entries.allSatisfy { $0.state == nil && $0.memoryPercent == nil })
    }

    /// Without a header (`-H`, or a pipe that filtered it out) the default columns are used.
    @Test func rowsWithoutAHeader() throws {
        let (transcript, table) = try parse("""
            crash> ps -H | grep burn
            >     137       1   3  ffff8880061ba100  RU   0.1      980      692  burn
                  139       1   1  ffff88803fbc2100  RU   0.1      980      696  burn
            """)
        #expect(transcript.unrecognized.isEmpty)
        #expect(table.flags == ["-H"])
        #expect(table.headerLine == nil && table.columns.isEmpty && table.columnWidths == nil)
        #expect(table.entries.map(\.pid) == [137, 139])
    }

    @Test func flagsValuesAndSelectors() throws {
        let (transcript, table) = try parse("""
            crash> ps -m -C 0,1 -y FIFO 1 ffff888004a12100 'kworker*'
            CPU: 0
            [0 00:00:00.000] [RU]  PID: 133      TASK: ffff88800526a100  CPU: 0    COMMAND: "burn"

            CPU: 1 [OFFLINE]
            """)
        #expect(transcript.unrecognized.isEmpty)
        #expect(table.layout == .sinceLastRun)
        #expect(table.flags == ["-m", "-C", "-y"])
        #expect(table.cpuSelection == "0,1")
        #expect(table.policySelection == "FIFO")
        #expect(table.selectors == ["1", "ffff888004a12100", "'kworker*'"])
        #expect(table.cpuGroups.map(\.isOffline) == [false, true])
        #expect(table.entries.first?.sinceLastRunMilliseconds == 0)
    }

    @Test func sinceLastRunStampsWithDays() throws {
        let (_, table) = try parse("""
            crash> ps -m
            [ 0 00:00:00.003] [RU]  PID: 1205     TASK: ffff8880dee03f20  CPU: 0    COMMAND: "insmod"
            [12 03:04:05.678] [IN]  PID: 272      TASK: ffff8880dfa48ca0  CPU: 0    COMMAND: "flush-8:0"
            """)
        #expect(table.entries.map(\.sinceLastRunMilliseconds) == [3, (((12 * 24 + 3) * 60 + 4) * 60 + 5) * 1000 + 678])
        #expect(table.entries.map(\.state) == [.running, .interruptible])
        #expect(table.entries[1].command == "flush-8:0")
    }

    @Test func crashMessagesBecomeDiagnostics() throws {
        let (transcript, table) = try parse("""
            crash> ps 1 99999
            \(Self.wideHeader)
            ps: invalid task or pid value: 99999

                  1       0   3  ffff888004a12100  IN   0.2     2260     1792  init
            """)
        #expect(transcript.unrecognized.isEmpty)
        #expect(table.entries.map(\.pid) == [1])
        #expect(transcript.diagnostics.map(\.message) == ["ps: invalid task or pid value: 99999"])
    }

    @Test func linesThatAreNotPsStayUnrecognizedWithOneDiagnosticPerRun() throws {
        let (transcript, table) = try parse("""
            crash> ps
            \(Self.wideHeader)
                  1       0   3  ffff888004a12100  IN   0.2     2260     1792  init
            this is not ps output
            nor is this
                  2       0   3  ffff888004a14200  IN   0.0        0        0  [kthreadd]
            """)
        #expect(transcript.unrecognized == [4, 5])
        #expect(transcript.diagnostics.map(\.id) == ["unrecognizedProcessLine"])
        #expect(table.entries.map(\.pid) == [1, 2])
    }

    /// Numbers no crash prints do not overflow anything: the lines are kept as unrecognized.
    @Test func absurdNumbersAreNotRead() throws {
        let (transcript, table) = try parse("""
            crash> ps -m
            [999999999999999999 23:59:59.999] [RU]  PID: 1  TASK: ffff888004a12100  CPU: 3  COMMAND: "init"
                  1       0   3  ffff888004a12100  IN   999999999999999999.99     2260     1792  init
            [ 0 00:00:00.001] [RU]  PID: 2  TASK: ffff888004a14200  CPU: 3  COMMAND: "kthreadd"
            """)
        #expect(transcript.unrecognized == [2, 3])
        #expect(table.entries.map(\.pid) == [2])
    }

    @Test func aCommandThatPrintedNothingStillHasItsTable() throws {
        let (_, table) = try parse("crash> ps -G nosuchtask\n")
        #expect(table.entries.isEmpty && table.lines.isEmpty)
        #expect(table.selectors == ["nosuchtask"])
    }

    @Test func theJSONDocumentHasProcesses() throws {
        let source = SourceFile(name: "ps.txt", text: """
            crash> foreach RU ps
            \(Self.wideHeader)
            >     133       1   0  ffff88800526a100  RU   0.1      980      700  burn
            """)
        let document = ParseDocument.json(for: TranscriptParser.parse(source), source: source)
        let table = try #require(document["processes"]?[0])
        #expect(table["layout"] == "table")
        #expect(table["stateFilter"] == "RU")
        #expect(table["foreach"] == .bool(true))
        #expect(table["columnWidths"] == "wide")
        let entry = try #require(table["entries"]?[0])
        #expect(entry["active"] == ">")
        #expect(entry["pid"] == .int(133))
        #expect(entry["task"] == "ffff88800526a100")
        #expect(entry["state"] == "RU")
        #expect(entry["memoryPercent"] == .double(0.1))
        #expect(entry["rss"] == .int(700))
        #expect(entry["command"] == "burn")
        #expect(entry["kernelThread"] == .bool(false))
    }
}
