import CrashSift
import CrashSiftModel
import CrashSiftParser
import CrashSiftTestSupport
import CrashSiftText
import Foundation
import Testing

/// The parser's promises, checked on every sample and every test fixture (the damaged, fuzzed
/// and real ones included): no line is lost, nothing points outside the input, the parse is
/// deterministic, and a report is found again from its own first line.
@Suite struct InvariantsOverEveryInputTests {
    /// Every file under Samples/ and any Tests/*/Fixtures/ folder, relative to the root.
    static let inputs = PackagePaths.everyInput

    static func source(_ path: String) throws -> SourceFile {
        SourceFile(name: path, bytes: try PackagePaths.bytes(of: PackagePaths.root.appendingPathComponent(path)))
    }

    @Test func thereAreManyInputs() {
        #expect(Self.inputs.count > 240)
        #expect(Self.inputs.contains("Samples/rhel7-rt-csd-deadlock.article.txt"))
    }

    @Test(arguments: inputs)
    func everyLineIsAccountedForAndNothingPointsOutside(path: String) throws {
        let source = try Self.source(path)
        let transcript = TranscriptParser.parse(source)
        #expect(TranscriptInvariants.violations(of: transcript, source: source) == [])
        // The JSON document names no line outside the input either.
        let outside = Self.lineNumbers(in: ParseDocument.json(for: transcript, source: source)).filter { !(1...max(source.lineCount, 1)).contains($0) }
        #expect(outside.isEmpty, "\(path): JSON lines outside 1...\(source.lineCount): \(outside.prefix(5))")
    }

    @Test(arguments: inputs)
    func parsingTwiceGivesTheSameResult(path: String) throws {
        let source = try Self.source(path)
        #expect(TranscriptParser.parse(source) == TranscriptParser.parse(source))
    }

    /// A report found in a whole input is found again, with the same kind and title, when the
    /// input starts at the report's first line (what a user pasting only the report gets).
    /// Not asked of a report that is its header line alone on an unstamped line (the fuzzing
    /// fixtures only: `BUG:` after a tab, inside a `RIP:` line): it is a report only inside the
    /// log around it; alone, an unstamped `BUG:` line with nothing after it reads as prose.
    @Test(arguments: inputs)
    func aReportIsFoundAgainFromItsFirstLine(path: String) throws {
        let source = try Self.source(path)
        let transcript = TranscriptParser.parse(source)
        for report in transcript.log.reports {
            let headerIsStamped = transcript.log.records.contains { $0.line == report.line && $0.format != .plain }
            if report.endLine == report.line && !headerIsStamped { continue }
            let start = source.lines.startOffset(ofLine: report.line)
            let tail = SourceFile(name: "\(path) from line \(report.line)", bytes: Array(source.bytes[start...]))
            let again = TranscriptParser.parse(tail).log.reports.first
            #expect(again?.kind == report.kind && again?.title == report.title,
                    "\(path):\(report.line): \(report.kind.rawValue) '\(report.title)' became \(again.map { "\($0.kind.rawValue) '\($0.title)'" } ?? "nothing")")
            #expect(again?.line == 1)
        }
    }

    /// Every integer under a key naming an input line (`line`, `lastLine`, `endLine`, `lines`,
    /// …); a `sourceLine` is a line of the kernel's source (`bt -l`), not of the input.
    static func lineNumbers(in value: JSONValue, key: String? = nil) -> [Int] {
        switch value {
        case .int(let number):
            guard let key, key == "line" || key.hasSuffix("Line") || key == "lines" || key.hasSuffix("Lines") || key == "unrecognized" else { return [] }
            return [number]
        case .array(let items):
            return items.flatMap { lineNumbers(in: $0, key: key) }
        case .object(let pairs):
            return pairs.filter { $0.0 != "sourceLine" }.flatMap { lineNumbers(in: $0.1, key: $0.0) }
        default:
            return []
        }
    }
}
