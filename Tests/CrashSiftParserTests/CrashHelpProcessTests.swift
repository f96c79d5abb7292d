import CrashSift
import CrashSiftTestSupport
import Foundation
import Testing

/// The `ps` examples of crash's help text and commit messages, and the `foreach … ps` ones
/// (../shared/corpus/crash-help, read in place because crash is GPL): every example is read
/// with no unrecognized line, within the invariants, one entry per row a reader counts.
/// Skipped, with a message, when ../shared is not next to the package.
@Suite(.enabled(if: PackagePaths.shared != nil, Comment(rawValue: PackagePaths.sharedMissingMessage)))
struct CrashHelpProcessTests {
    static var folder: URL? { PackagePaths.shared?.appendingPathComponent("corpus/crash-help") }

    /// Examples whose help text is odd enough that a line stays unrecognized, with the reason.
    /// Empty: every `ps` example reads completely.
    static let exceptions: [String: String] = [:]

    /// The files INDEX.tsv lists for `ps`, and for `foreach` when the sub-command is `ps`.
    static let files: [String] = {
        guard let folder, let index = try? String(contentsOf: folder.appendingPathComponent("INDEX.tsv"), encoding: .utf8) else { return [] }
        return index.split(separator: "\n").dropFirst().compactMap { row in
            let columns = row.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard columns.count >= 2 else { return nil }
            if columns[1] == "ps" { return columns[0] }
            guard columns[1] == "foreach", let text = try? String(contentsOf: folder.appendingPathComponent(columns[0]), encoding: .utf8),
                  let prompt = text.split(separator: "\n").first
            else { return nil }
            return prompt.split(separator: " ").dropFirst(2).contains("ps") ? columns[0] : nil
        }
    }()

    static func parse(_ file: String) throws -> (Transcript, SourceFile, text: String) {
        let url = try #require(folder).appendingPathComponent(file)
        let text = try String(contentsOf: url, encoding: .utf8)
        let source = SourceFile(name: file, text: text)
        return (TranscriptParser.parse(source), source, text)
    }

    static func table(_ file: String) throws -> ProcessTable {
        let transcript = try parse(file).0
        #expect(transcript.processes.count == 1)
        return try #require(transcript.processes.first)
    }

    @Test func theIndexHasTheProcessExamples() {
        // 21 `ps` examples and the two `foreach DE ps -m` of commit 558aecc.
        #expect(Self.files.count == 23)
        #expect(Self.files.contains("commit-558aecc-foreach-DE-ps-m.txt"))
    }

    @Test(arguments: files)
    func everyExampleIsReadCompletely(_ file: String) throws {
        let (transcript, source, text) = try Self.parse(file)
        #expect(TranscriptInvariants.violations(of: transcript, source: source) == [])
        if Self.exceptions[file] == nil {
            #expect(transcript.unrecognized.isEmpty)
        }
        let table = try #require(transcript.processes.first)
        #expect(table.entries.count == ProcessRowCount.entries(in: text))
        #expect(table.stateCounts.count == ProcessRowCount.stateCounts(in: text))
        #expect(table.isPartial == !transcript.elisions.isEmpty)
    }

    @Test func theActiveMarkerAndThirtyTwoBitTasks() throws {
        let table = try Self.table("ps-x86-all.txt")
        #expect(table.layout == .table)
        #expect(table.columnWidths == .narrow)
        #expect(table.activeEntries.map(\.cpu) == [3, 0, 2, 1])
        #expect(table.activeEntries.last?.command == "gen12")
        #expect(table.entries[1].taskAddress == HexNumber(0xc0dce000, digits: 8))
        #expect(table.entries.first { $0.command == "kswapd" }?.isKernelThread == true)
        #expect(table.entries.first { $0.command == "init" }?.isKernelThread == false)
    }

    /// The same rows before and after crash 8.0.2 widened the columns (commit d8869b0).
    @Test func narrowAndWideColumnsGiveTheSameEntries() throws {
        let narrow = try Self.table("commit-d8869b0-ps-widths-pre-8.0.2.txt")
        let wide = try Self.table("commit-d8869b0-ps-widths-8.0.2.txt")
        #expect(narrow.columnWidths == .narrow)
        #expect(wide.columnWidths == .wide)
        let fields = { (table: ProcessTable) in table.entries.map { [$0.pid, $0.ppid ?? -9, $0.cpu ?? -9, $0.virtualSizeKiB ?? -9, $0.residentSizeKiB ?? -9] } }
        #expect(fields(narrow) == fields(wide))
        // 7-digit pids run into the PPID column in the narrow layout.
        #expect(narrow.entries[0].pid == 2802197 && narrow.entries[0].ppid == 2699997)
        #expect(wide.entries.last?.memoryPercent == 2.8)
    }

    @Test func kernelStackPointersReplaceTaskAddresses() throws {
        let table = try Self.table("ps-us-kstackp.txt")
        #expect(table.flags == ["-u", "-s"])
        #expect(table.columns[3] == "KSTACKP")
        #expect(table.entries.allSatisfy { $0.taskAddress == nil && $0.kernelStackPointer != nil && $0.isKernelThread == false })
    }

    @Test func parentsFormAChain() throws {
        let table = try Self.table("ps-p-parents.txt")
        #expect(table.layout == .parents)
        #expect(table.entries.map(\.depth) == Array(0...8))
        #expect(table.entries.map(\.listedUnder) == [nil] + (0..<8).map { $0 })
        #expect(table.entries.last?.command == "crash")
    }

    /// The help text indents the task given to `-c` like its children; it is still the head.
    @Test func childrenAreListedUnderTheirParent() throws {
        let table = try Self.table("ps-c-children.txt")
        #expect(table.layout == .children)
        #expect(table.entries[0].command == "kwm" && table.entries[0].depth == 0)
        #expect(table.entries(listedUnder: 0).map(\.pid) == [682, 683, 685, 686, 687])
    }

    @Test func threadGroupsAreSeparatedByBlankLines() throws {
        let table = try Self.table("ps-g-thread-group-name.txt")
        #expect(table.layout == .threadGroups)
        #expect(table.entries.filter { $0.depth == 0 }.map(\.pid) == [2522, 2526])
        #expect(table.entries(listedUnder: 0).count == 3)
        #expect(table.entries(listedUnder: 4).count == 5)
        // Old x86_64 task addresses have 11 digits.
        #expect(table.entries[0].taskAddress == HexNumber(0x1003f0dc7f0, digits: 11))
    }

    @Test func lastRunAndSinceLastRunStamps() throws {
        let lastRun = try Self.table("ps-l-last-run.txt")
        #expect(lastRun.layout == .lastRun)
        #expect(lastRun.entries[0].lastRun == 20811245123)
        #expect(lastRun.entries[0].state == .interruptible)
        #expect(lastRun.entries.first { $0.command == "bash" }?.state == .running)

        let grouped = try Self.table("ps-m-C0.txt")
        #expect(grouped.layout == .sinceLastRun)
        #expect(grouped.cpuSelection == "0")
        #expect(grouped.cpuGroups == [ProcessTable.CPUGroup(cpu: 0, isOffline: false, line: 2)])
        #expect(grouped.entries.map(\.sinceLastRunMilliseconds).last == 1404)
        #expect(grouped.isPartial)
    }

    @Test func timesArgumentsAndLimits() throws {
        let times = try #require(try Self.table("ps-t-time.txt").entries.first?.times)
        #expect(times.runTime == "1 days, 01:35:32")
        #expect(times.runTimeSeconds == 86400 + 3600 + 35 * 60 + 32)
        #expect([times.startTime, times.userTime, times.systemTime] == [5209, 95, 57])

        let arguments = try #require(try Self.table("ps-a-args-env.txt").entries.first)
        #expect(arguments.arguments == "/usr/sbin/automount --timeout=60 /net program /etc/auto.net")
        #expect(arguments.environment?.count == 15)
        #expect(arguments.environment?.last == "_=/usr/sbin/automount")

        let limits = try #require(try Self.table("ps-r-rlimits.txt").entries.first).resourceLimits
        #expect(limits.count == 11)
        #expect(limits.first { $0.name == "STACK" } == ResourceLimit(name: "STACK", current: 10485760, maximum: nil, line: 7))
        #expect(limits.first { $0.name == "NOFILE" }.map { [$0.current, $0.maximum] } == [1024, 1024])
    }

    @Test func theSummaryCountsStates() throws {
        let table = try Self.table("ps-S-summary.txt")
        #expect(table.layout == .summary)
        #expect(table.stateCounts.map(\.state) == [.running, .interruptible, .uninterruptible, .zombie])
        #expect(table.stateCounts.map(\.count) == [5, 259, 31, 1])
    }

    /// `foreach DE ps -m` after commit 558aecc lists only DE tasks; before it, zombies came
    /// through too, and each such row gets a warning.
    @Test func foreachStateFilterAgreesWithTheRows() throws {
        let fixed = try Self.table("commit-558aecc-foreach-DE-ps-m.txt")
        #expect(fixed.isForeach && fixed.stateFilter == .dead && fixed.layout == .sinceLastRun)
        #expect(fixed.entries.map(\.state) == [.dead])

        let (transcript, _, _) = try Self.parse("commit-558aecc-foreach-DE-ps-m-unfiltered.txt")
        let unfiltered = try #require(transcript.processes.first)
        let zombies = unfiltered.entries.filter { $0.state == .zombie }.map(\.line)
        #expect(zombies.count == 4)
        #expect(transcript.diagnostics.filter { $0.id == "stateOutsideForeachFilter" }.map(\.line) == zombies)
    }
}
