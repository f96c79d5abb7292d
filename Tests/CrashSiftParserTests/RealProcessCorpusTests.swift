import CrashSift
import CrashSiftTestSupport
import Foundation
import Testing

/// Every `ps` output of the real corpus (crash 8.0.6 and 8.0.2 on Debian 12 vmcores, copied
/// from ../shared/corpus/real into Fixtures/real): read with its prompt, no line may be left
/// unrecognized, the entries must be the rows a reader counts, and the tree dump must equal
/// its reviewed golden file.
///
/// The files stay out of each scenario's commands.txt: `ps` output is not recognised without
/// its prompt, and ``RealCorpusTests`` parses those files bare.
@Suite struct RealProcessCorpusTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let scenario: String
        let file: String
        var testDescription: String { "\(scenario)/\(file)" }
        var url: URL { Self.root.appendingPathComponent("\(scenario)/\(file)") }

        /// The command that printed the file, from its name: `ps-m.txt` was `ps -m`.
        var command: String {
            file.dropLast(".txt".count).split(separator: "-").joined(separator: " -")
        }

        static var root: URL { PackagePaths.fixtures(of: "CrashSiftParserTests").appendingPathComponent("real") }
    }

    static let cases: [Case] = {
        let scenarios = (try? FileManager.default.contentsOfDirectory(atPath: Case.root.path))?.sorted() ?? []
        return scenarios.flatMap { scenario in
            PackagePaths.files(in: Case.root.appendingPathComponent(scenario)) { $0.hasPrefix("ps") && $0.hasSuffix(".txt") }
                .map { Case(scenario: scenario, file: $0.lastPathComponent) }
        }
    }()

    /// The transcript of `test`'s file with its prompt line in front.
    static func parse(_ test: Case) throws -> (Transcript, SourceFile, text: String) {
        let text = try String(contentsOf: test.url, encoding: .utf8)
        let source = SourceFile(name: test.testDescription, text: "crash> \(test.command)\n" + text)
        return (TranscriptParser.parse(source), source, text)
    }

    @Test func theCorpusIsThere() {
        // ps, ps -m and ps -S in five scenarios; ps and ps -S in the crash 8.0.2 one.
        #expect(Self.cases.count == 17)
    }

    @Test(arguments: cases)
    func everyLineIsReadAndEveryRowIsAnEntry(_ test: Case) throws {
        let (transcript, source, text) = try Self.parse(test)
        #expect(transcript.unrecognized.isEmpty)
        #expect(transcript.prose.isEmpty)
        #expect(TranscriptInvariants.violations(of: transcript, source: source).isEmpty)
        let table = try #require(transcript.processes.first)
        #expect(transcript.processes.count == 1)
        #expect(table.entries.count == ProcessRowCount.entries(in: text))
        #expect(table.stateCounts.count == ProcessRowCount.stateCounts(in: text))
        #expect(table.entries.map(\.line) == table.entries.map(\.line).sorted())
        for entry in table.entries {
            #expect(entry.taskAddress != nil && entry.cpu != nil && entry.state != nil && !entry.command.isEmpty)
            #expect(entry.state?.isKnownPSCode == true)
        }
    }

    @Test(arguments: cases.filter { $0.file == "ps.txt" })
    func theTableHasEveryColumnInWideWidths(_ test: Case) throws {
        let table = try #require(try Self.parse(test).0.processes.first)
        #expect(table.layout == .table)
        #expect(table.columns == ["PID", "PPID", "CPU", "TASK", "ST", "%MEM", "VSZ", "RSS", "COMM"])
        #expect(table.columnWidths == .wide)
        for entry in table.entries {
            #expect(entry.ppid != nil && entry.memoryPercent != nil && entry.virtualSizeKiB != nil && entry.residentSizeKiB != nil)
            #expect(entry.isKernelThread != nil)
        }
        // The idle tasks come first, one per CPU, as kernel threads named swapper/N.
        #expect(table.entries.prefix(4).map(\.command) == ["swapper/0", "swapper/1", "swapper/2", "swapper/3"])
        #expect(table.entries.prefix(4).allSatisfy { $0.pid == 0 && $0.isKernelThread == true && $0.state == .running })
    }

    /// `ps -S` counts, `ps` rows and `ps -m` entries describe the same task list.
    @Test(arguments: Set(cases.map(\.scenario)).sorted())
    func theSummaryCountsTheTableRows(_ scenario: String) throws {
        let tables = try Self.cases.filter { $0.scenario == scenario }.reduce(into: [String: ProcessTable]()) { tables, test in
            tables[test.file] = try Self.parse(test).0.processes.first
        }
        let rows = try #require(tables["ps.txt"]).entries
        let summary = try #require(tables["ps-S.txt"]).stateCounts
        #expect(summary.reduce(0) { $0 + $1.count } == rows.count)
        for count in summary {
            #expect(rows.count { $0.state == count.state } == count.count, "state \(count.state)")
        }
        if let sinceLastRun = tables["ps-m.txt"] {
            #expect(Set(sinceLastRun.entries.map(\.taskAddress)) == Set(rows.map(\.taskAddress)))
            #expect(sinceLastRun.entries.allSatisfy { $0.sinceLastRunMilliseconds != nil })
        }
    }

    /// The rows marked `>` are the tasks `bt -a` shows, one per CPU.
    @Test(arguments: Set(cases.map(\.scenario)).sorted())
    func theActiveRowsAreTheTasksOfBacktraceAll(_ scenario: String) throws {
        let test = try #require(Self.cases.first { $0.scenario == scenario && $0.file == "ps.txt" })
        let active = try #require(try Self.parse(test).0.processes.first).activeEntries
        let url = Case.root.appendingPathComponent("\(scenario)/bt-a.txt")
        let backtraces = TranscriptParser.parse(SourceFile(name: "bt-a.txt", bytes: try PackagePaths.bytes(of: url))).tasks
        #expect(active.allSatisfy { $0.activeMarker == .active })
        #expect(Set(active.map { "\($0.pid) \($0.taskAddress!) \($0.cpu!)" }) == Set(backtraces.map { "\($0.pid) \($0.taskAddress!) \($0.cpu!)" }))
    }

    @Test(arguments: cases)
    func matchesTheGoldenTree(_ test: Case) throws {
        let (transcript, source, _) = try Self.parse(test)
        let golden = PackagePaths.golden(of: "CrashSiftParserTests").appendingPathComponent("real/\(test.scenario)/\(test.file).dump.txt")
        if let problem = Golden.compare(TreeDump.render(transcript, source: source), with: golden) {
            Issue.record(Comment(rawValue: problem))
        }
    }
}

/// Counts `ps` output the way a reader does, without the grammar, to check the grammar's counts.
enum ProcessRowCount {
    /// Table rows (the first token after an optional `>`/`-` marker is a number) and task
    /// header lines (`PID: … TASK: …`, stamped or indented).
    static func entries(in text: String) -> Int {
        text.split(separator: "\n").count { line in
            if line.contains("PID: ") && line.contains("TASK: ") { return true }
            var words = line.split(separator: " ")[...]
            if words.first == ">" || words.first == "-" { words = words.dropFirst() }
            return words.first.map { $0.allSatisfy(\.isNumber) } ?? false
        }
    }

    /// `ps -S` lines: `  RU: 12`.
    static func stateCounts(in text: String) -> Int {
        text.split(separator: "\n").count { line in
            let words = line.split(separator: " ")
            return words.count == 2 && [3, 5].contains(words[0].count) && words[0].hasSuffix(":") && words[1].allSatisfy(\.isNumber)
                && words[0].dropLast().allSatisfy { $0.isUppercase || $0 == "?" }
        }
    }
}
