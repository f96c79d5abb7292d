import CrashSift
import CrashSiftTestSupport
import Foundation
import Testing

/// Every `bt` and `foreach … bt` output of the real corpus (crash 8.0.6 and 8.0.2 on Debian 12
/// vmcores, copied from ../shared/corpus/real into Fixtures/real): no line may be left
/// unrecognized or mistaken for prose, and the tree dump must equal its reviewed golden file.
@Suite struct RealCorpusTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let scenario: String
        let file: String
        let command: String
        var testDescription: String { "\(scenario)/\(file)" }
        var url: URL { PackagePaths.fixtures(of: "CrashSiftParserTests").appendingPathComponent("real/\(scenario)/\(file)") }
    }

    /// Every file listed in a scenario's commands.txt (file name, tab, the command that printed it).
    static let cases: [Case] = {
        let root = PackagePaths.fixtures(of: "CrashSiftParserTests").appendingPathComponent("real")
        let scenarios = (try? FileManager.default.contentsOfDirectory(atPath: root.path))?.sorted() ?? []
        return scenarios.flatMap { scenario -> [Case] in
            let list = (try? String(contentsOf: root.appendingPathComponent("\(scenario)/commands.txt"), encoding: .utf8)) ?? ""
            return list.split(separator: "\n").compactMap { row in
                let columns = row.split(separator: "\t", maxSplits: 1).map(String.init)
                return columns.count == 2 ? Case(scenario: scenario, file: columns[0], command: columns[1]) : nil
            }
        }
    }()

    @Test func theCorpusIsThere() {
        #expect(Self.cases.count >= 90)
    }

    @Test(arguments: cases)
    func bareOutputLeavesNothingUnrecognized(_ test: Case) throws {
        let source = SourceFile(name: test.testDescription, bytes: try PackagePaths.bytes(of: test.url))
        let transcript = TranscriptParser.parse(source)
        #expect(transcript.unrecognized.isEmpty)
        #expect(transcript.prose.isEmpty, "bare output must be recognised to its end")
        #expect(transcript.fragments.isEmpty)
        #expect(TranscriptInvariants.violations(of: transcript, source: source).isEmpty)
    }

    @Test(arguments: cases)
    func withItsPromptMatchesTheGoldenTree(_ test: Case) throws {
        let bytes = Array("crash> \(test.command)\n".utf8) + (try PackagePaths.bytes(of: test.url))
        let source = SourceFile(name: test.testDescription, bytes: bytes)
        let transcript = TranscriptParser.parse(source)
        #expect(transcript.unrecognized.isEmpty)
        #expect(transcript.prose.isEmpty)
        #expect(transcript.commands.count == 1)
        let bare = TranscriptParser.parse(SourceFile(name: test.testDescription, bytes: try PackagePaths.bytes(of: test.url)))
        #expect(transcript.tasks.map(\.pid) == bare.tasks.map(\.pid))
        #expect(transcript.tasks.map(\.backtrace.frames.count) == bare.tasks.map(\.backtrace.frames.count))

        let golden = PackagePaths.golden(of: "CrashSiftParserTests").appendingPathComponent("real/\(test.scenario)/\(test.file).dump.txt")
        if let problem = Golden.compare(TreeDump.render(transcript, source: source), with: golden) {
            Issue.record(Comment(rawValue: problem))
        }
    }
}
