import CrashSift
import CrashSiftTestSupport
import Foundation
import Testing

/// The kernel logs of the real corpus (`crash> log` output and the serial consoles of Debian 12
/// RT and stock kernels, copied into Fixtures/real-logs): every line is a record, and the
/// reports found are the ones a kernel engineer would name, as the reviewed golden trees show.
@Suite struct RealLogTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let scenario: String
        let file: String
        var testDescription: String { "\(scenario)/\(file)" }
        var url: URL { PackagePaths.fixtures(of: "CrashSiftParserTests").appendingPathComponent("real-logs/\(scenario)/\(file)") }
    }

    static let cases: [Case] = {
        let root = PackagePaths.fixtures(of: "CrashSiftParserTests").appendingPathComponent("real-logs")
        let scenarios = (try? FileManager.default.contentsOfDirectory(atPath: root.path))?.sorted() ?? []
        return scenarios.flatMap { scenario in
            PackagePaths.files(in: root.appendingPathComponent(scenario)) { $0.hasSuffix(".txt") || $0.hasSuffix(".log") }
                .map { Case(scenario: scenario, file: $0.lastPathComponent) }
        }
    }()

    @Test func theLogsAreThere() { #expect(Self.cases.count >= 10) }

    @Test(arguments: cases)
    func reportsMatchTheGoldenTree(_ test: Case) throws {
        let source = SourceFile(name: test.testDescription, bytes: try PackagePaths.bytes(of: test.url))
        let transcript = TranscriptParser.parse(source)
        #expect(transcript.unrecognized.isEmpty)
        #expect(transcript.prose.isEmpty)
        #expect(TranscriptInvariants.violations(of: transcript, source: source) == [])
        let golden = PackagePaths.golden(of: "CrashSiftParserTests").appendingPathComponent("real-logs/\(test.scenario)/\(test.file).dump.txt")
        if let problem = Golden.compare(TreeDump.render(transcript, source: source), with: golden) {
            Issue.record(Comment(rawValue: problem))
        }
    }
}
