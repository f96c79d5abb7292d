import CrashSift
import CrashSiftTestSupport
import Foundation
import Testing

/// The JSON documents of `crashsift parse` and `crashsift analyze` for every sample and test
/// fixture validate against their schemas (`Sources/CrashSift/Schemas/`); `crashsift scan`'s
/// lines are checked by the CLI tests.
@Suite struct SchemaValidationTests {
    static let inputs = PackagePaths.everyInput.filter { !$0.hasSuffix(".md") && !$0.hasSuffix(".yaml") }

    private func source(_ path: String) throws -> SourceFile {
        SourceFile(name: path, bytes: try PackagePaths.bytes(of: PackagePaths.root.appendingPathComponent(path)))
    }

    @Test func parseDocumentsMatchTheirSchema() throws {
        let documents = try Self.inputs.map { path in
            let source = try source(path)
            return ParseDocument.json(for: TranscriptParser.parse(source), source: source).serialized()
        }
        #expect(documents.count > 240)
        let file = try SchemaValidation.writeArray(documents, named: "parse")
        defer { try? FileManager.default.removeItem(at: file) }
        let outcome = try SchemaValidation.validate(schema: "crashsift.parse-1", files: [file])
        #expect(outcome.status == 0, "\(outcome.output.prefix(4000))")
    }

    @Test func analyzeDocumentsMatchTheirSchema() throws {
        let analyzer = try Analyzer.builtIn()
        let documents = try Self.inputs.map { path in
            let source = try source(path)
            return AnalysisDocument.json(for: analyzer.analyze(source), source: source, includeRuledOut: true).serialized()
        }
        let file = try SchemaValidation.writeArray(documents, named: "analyze")
        defer { try? FileManager.default.removeItem(at: file) }
        let outcome = try SchemaValidation.validate(schema: "crashsift.analyze-1", files: [file])
        #expect(outcome.status == 0, "\(outcome.output.prefix(4000))")
    }

    /// The schemas reject what they should: a wrong type, an unknown key, another schema id.
    @Test func theSchemasAreNotVacuous() throws {
        let source = try source("Samples/rhel7-rt-csd-deadlock.article.txt")
        let good = ParseDocument.json(for: TranscriptParser.parse(source), source: source).serialized(pretty: false)
        let broken = [
            good.replacingOccurrences(of: "\"schema\":\"crashsift.parse/1\"", with: "\"schema\":\"crashsift.parse/2\""),
            good.replacingOccurrences(of: "\"lineCount\":", with: "\"lineCount\":\"many\",\"was\":"),
            good.replacingOccurrences(of: "\"function\":", with: "\"surprise\":1,\"function\":"),
        ]
        for document in broken {
            #expect(document != good)
            let file = try SchemaValidation.writeArray([document], named: "broken")
            defer { try? FileManager.default.removeItem(at: file) }
            #expect(try SchemaValidation.validate(schema: "crashsift.parse-1", files: [file]).status != 0)
        }
    }
}
