import CrashSift
import CrashSiftTestSupport
import Foundation
import Testing

/// Every `p` and `list` output of the real corpus (crash 8.0.6 on Debian 12 vmcores, copied
/// from ../shared/corpus/real into Fixtures/real/<scenario>/, listed with their commands in
/// each scenario's print-list-commands.tsv), and whole sessions in which `p call_single_queue`
/// prints the per-cpu table that the `list` walks are joined to.
@Suite struct PrintListRealCorpusTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let scenario: String
        let file: String
        let command: String
        var testDescription: String { "\(scenario)/\(file)" }
        var url: URL { PrintListRealCorpusTests.root.appendingPathComponent("\(scenario)/\(file)") }
    }

    static var root: URL { PackagePaths.fixtures(of: "CrashSiftParserTests").appendingPathComponent("real") }

    static let cases: [Case] = {
        let scenarios = (try? FileManager.default.contentsOfDirectory(atPath: root.path))?.sorted() ?? []
        return scenarios.flatMap { scenario -> [Case] in
            let list = (try? String(contentsOf: root.appendingPathComponent("\(scenario)/print-list-commands.tsv"), encoding: .utf8)) ?? ""
            return list.split(separator: "\n").compactMap { row in
                let columns = row.split(separator: "\t", maxSplits: 1).map(String.init)
                return columns.count == 2 ? Case(scenario: scenario, file: columns[0], command: columns[1]) : nil
            }
        }
    }()

    /// The file with its command's prompt in front, as a session shows it.
    static func withPrompt(_ test: Case) throws -> SourceFile {
        SourceFile(name: test.testDescription, bytes: Array("crash> \(test.command)\n".utf8) + (try PackagePaths.bytes(of: test.url)))
    }

    @Test func everyScenarioHasItsPrintAndListFiles() {
        #expect(Self.cases.count == 75)
        #expect(Set(Self.cases.map(\.scenario)).count == 5)
    }

    @Test(.enabled(if: PackagePaths.shared != nil, Comment(rawValue: PackagePaths.sharedMissingMessage)))
    func theFixturesAreExactCopiesOfEveryPrintAndListFileInTheSharedCorpus() throws {
        let shared = try #require(PackagePaths.shared).appendingPathComponent("corpus/real")
        var sharedFiles: [String] = []
        for scenario in (try FileManager.default.contentsOfDirectory(atPath: shared.path)).sorted() {
            let folder = shared.appendingPathComponent(scenario)
            for url in PackagePaths.files(in: folder, where: { $0.hasSuffix(".txt") && ($0.hasPrefix("p-") || $0.hasPrefix("px-") || $0.hasPrefix("pd-") || $0.hasPrefix("list-")) }) {
                sharedFiles.append("\(scenario)/\(url.lastPathComponent)")
                let copy = Self.root.appendingPathComponent("\(scenario)/\(url.lastPathComponent)")
                #expect(try PackagePaths.bytes(of: copy) == PackagePaths.bytes(of: url), "\(scenario)/\(url.lastPathComponent)")
            }
        }
        #expect(Self.cases.map(\.testDescription).sorted() == sharedFiles.sorted())
    }

    @Test(arguments: cases)
    func everyLineIsRead(_ test: Case) throws {
        let source = try Self.withPrompt(test)
        let transcript = TranscriptParser.parse(source)
        #expect(transcript.unrecognized.isEmpty)
        #expect(transcript.prose.isEmpty)
        #expect(transcript.commands.count == 1)
        #expect(TranscriptInvariants.violations(of: transcript, source: source) == [])
        #expect(!transcript.diagnostics.contains { $0.id == "unrecognizedLine" || $0.id == "noGrammar" })
        if test.command.hasPrefix("list") {
            #expect(transcript.lists.count == 1)
            // Every address line is the head or an entry, in order.
            let text = String(decoding: try PackagePaths.bytes(of: test.url), as: UTF8.self)
            let addressLines = text.split(separator: "\n").filter { !$0.isEmpty && $0.allSatisfy(\.isHexDigit) }
            #expect(transcript.lists.first?.printedEntries.map(\.address.description) == addressLines.map(String.init))
        }
    }

    @Test(arguments: cases.filter { $0.scenario == "rt-hung-task" })
    func theTreeMatchesItsGolden(_ test: Case) throws {
        let source = try Self.withPrompt(test)
        let golden = PackagePaths.golden(of: "CrashSiftParserTests").appendingPathComponent("real-print-list/\(test.scenario)/\(test.file).dump.txt")
        if let problem = Golden.compare(TreeDump.render(TranscriptParser.parse(source), source: source), with: golden) {
            Issue.record(Comment(rawValue: problem))
        }
    }

    @Test func theTaskListGivesEveryTaskItsCommAndPid() throws {
        let test = try #require(Self.cases.first { $0.scenario == "rt-hung-task" && $0.file.hasPrefix("list-task_struct") })
        let walk = try #require(TranscriptParser.parse(try Self.withPrompt(test)).lists.first)
        #expect(walk.headMode == .headStructure)
        #expect(walk.start == .symbol("init_task"))
        let head = try #require(walk.head)
        #expect(head.address.description == "ffffffff82a24a40")
        if case .string(let comm)? = head["comm"] { #expect(comm.cString == "swapper/0") } else { Issue.record("comm is not a string") }
        #expect(head["pid"]?.number == .signed(0))
        #expect(walk.entries.count == 98)
        let blocked = walk.entries.filter { $0["pid"]?.number?.intValue == 148 }
        #expect(blocked.map(\.address.description) == ["ffff88803fbcc200"])
        #expect(walk.entries.allSatisfy { $0.fields.map(\.name) == ["comm", "pid"] })
    }

    @Test func theModuleListKeepsTheNamePadding() throws {
        let test = try #require(Self.cases.first { $0.scenario == "rt-hung-task" && $0.file.hasPrefix("list-module") })
        let walk = try #require(TranscriptParser.parse(try Self.withPrompt(test)).lists.first)
        #expect(walk.headMode == .listHead)
        #expect(walk.head == nil)
        #expect(walk.entries.count == 2)
        let names = walk.entries.compactMap { entry -> String? in
            if case .string(let name)? = entry["name"] { return name.cString }
            return nil
        }
        #expect(names == ["crashtest", "qemu_fw_cfg"])
    }

    @Test func dashHWalksOfEmptyLlistHeadsEndInCrashsReadError() throws {
        let lists = Self.cases.filter { $0.command.hasPrefix("list -H") && $0.command.contains("__call_single_data") }
        #expect(lists.count == 20)
        for test in lists {
            let transcript = TranscriptParser.parse(try Self.withPrompt(test))
            let walk = try #require(transcript.lists.first)
            #expect(walk.entries.isEmpty)
            #expect(walk.problems.map(\.kind) == [.unreadableMemory])
            #expect(walk.problems.first?.address?.value == 0)
            #expect(transcript.diagnostics.map(\.id) == ["crashError"])
        }
    }

    // MARK: - Whole sessions: the per-cpu join

    /// Whole sessions with `p call_single_queue` and `list` walks of its addresses: two
    /// copied transcripts and the sample of rt-rcu-stall (the same file as its transcript).
    static let sessions: [String] = ["rt-rcu-stall-la57-qemudump/transcript.txt", "std-oops/transcript.txt", "Samples/debian12-rt-rcu-stall.session.txt"]

    static func sessionURL(_ name: String) -> URL {
        name.hasPrefix("Samples/") ? PackagePaths.samples.appendingPathComponent(String(name.dropFirst(8))) : root.appendingPathComponent(name)
    }

    @Test(arguments: sessions)
    func everyCallSingleQueueWalkIsJoinedToItsCPU(_ session: String) throws {
        let bytes = try PackagePaths.bytes(of: Self.sessionURL(session))
        let source = SourceFile(name: session, bytes: bytes)
        let transcript = TranscriptParser.parse(source)
        #expect(TranscriptInvariants.violations(of: transcript, source: source) == [])

        // The CPUs as the text gives them, read without the parser: `  [N]: ADDR` lines.
        var cpuOfAddress: [String: Int] = [:]
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
            let trimmed = line.drop { $0 == " " }
            guard trimmed.hasPrefix("["), let close = trimmed.firstIndex(of: "]"), let cpu = Int(trimmed[trimmed.index(after: trimmed.startIndex)..<close]),
                  trimmed[close...].hasPrefix("]: ")
            else { continue }
            cpuOfAddress[String(trimmed[trimmed.index(close, offsetBy: 3)...])] = cpu
        }
        #expect(cpuOfAddress.count == 4)
        #expect(transcript.perCPU.map(\.symbol) == ["call_single_queue"])

        let csdWalks = transcript.lists.filter { walk in walk.start.map { cpuOfAddress[$0.description] != nil } ?? false }
        #expect(csdWalks.count >= 8)
        for walk in csdWalks {
            let expected = try #require(cpuOfAddress[walk.start!.description])
            #expect(walk.perCPU == PerCPUReference(symbol: "call_single_queue", cpu: expected), "\(walk.commandLine)")
        }
        // Each CPU's queue was walked both ways (`list ADDR` and `list -H ADDR -s …`).
        #expect(Set(csdWalks.compactMap(\.perCPU?.cpu)) == [0, 1, 2, 3])
        // The other walks (tasks, modules) belong to no per-cpu variable.
        #expect(transcript.lists.filter { $0.perCPU == nil }.count == transcript.lists.count - csdWalks.count)
        // On these dumps every call_single_queue was empty.
        #expect(csdWalks.filter { $0.headMode == .start }.allSatisfy { $0.isEmpty })
    }

    @Test(arguments: sessions)
    func printAndListOutputLeavesNothingUnrecognized(_ session: String) throws {
        let source = SourceFile(name: session, bytes: try PackagePaths.bytes(of: Self.sessionURL(session)))
        let transcript = TranscriptParser.parse(source)
        for (index, command) in transcript.commands.enumerated() where ["p", "px", "pd", "list"].contains(command.name) && !command.output.isEmpty {
            #expect(!transcript.unrecognized.contains { command.output.first...command.output.last ~= $0 }, "\(command.commandLine)")
            let modelled = transcript.printed.contains { $0.commandIndex == index } || transcript.perCPU.contains { $0.commandIndex == index }
                || transcript.lists.contains { $0.commandIndex == index }
            #expect(modelled, "\(command.commandLine)")
        }
        #expect(transcript.printed.map(\.symbol) == ["jiffies", "panic_cpu", "rcu_cpu_stall_suppress"])
        #expect(transcript.printed[1].value["counter"]?.number != nil)
    }
}
