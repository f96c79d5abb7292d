import CrashSift
import CrashSiftTestSupport
import Foundation
import Testing

/// The inputs `make fuzz` found bugs with (`Fixtures/fuzz/`, minimised), run through what the
/// fuzz targets run, with their checks: parse, invariants, a second parse, both renderings,
/// and the built-in rules.
@Suite struct FuzzRegressionTests {
    static let inputs: [URL] = PackagePaths.files(in: PackagePaths.fixtures(of: "CrashSiftParserTests").appendingPathComponent("fuzz")) {
        $0.hasSuffix(".txt")
    }
    static let analyzer = try? Analyzer.builtIn()

    @Test(arguments: inputs)
    func parsesWithinTheInvariants(_ url: URL) throws {
        let source = SourceFile(name: url.lastPathComponent, bytes: try PackagePaths.bytes(of: url))
        let transcript = TranscriptParser.parse(source)
        #expect(TranscriptInvariants.violations(of: transcript, source: source) == [])
        #expect(TranscriptParser.parse(source) == transcript)
        #expect(!ParseDocument.json(for: transcript, source: source).serialized().isEmpty)
        #expect(!TreeDump.render(transcript, source: source).isEmpty)
    }

    @Test(arguments: inputs)
    func analyzes(_ url: URL) throws {
        let source = SourceFile(name: url.lastPathComponent, bytes: try PackagePaths.bytes(of: url))
        let analysis = try #require(Self.analyzer).analyze(source)
        for finding in analysis.findings + analysis.ruledOut {
            #expect(finding.evidence.allSatisfy { (1...max(source.lineCount, 1)).contains($0.line) }, "\(finding.rule)")
        }
        #expect(!AnalysisDocument.json(for: analysis, source: source, includeRuledOut: true).serialized().isEmpty)
        #expect(!AnalysisText.render(analysis, source: source, options: .init(color: true, verbose: true)).isEmpty)
    }
}
