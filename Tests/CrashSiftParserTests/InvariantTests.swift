import CrashSift
import CrashSiftTestSupport
import Foundation
import Testing

/// The no-line-lost invariants on every sample and fixture in the repository.
@Suite struct InvariantTests {
    static let inputs: [URL] = {
        var urls = PackagePaths.files(in: PackagePaths.samples) { $0.hasSuffix(".txt") }
        let fixtures = PackagePaths.fixtures(of: "CrashSiftParserTests")
        if let walker = FileManager.default.enumerator(at: fixtures, includingPropertiesForKeys: nil) {
            for case let url as URL in walker where url.pathExtension == "txt" && url.lastPathComponent != "commands.txt" {
                urls.append(url)
            }
        }
        return urls.sorted { $0.path < $1.path }
    }()

    @Test func thereAreInputs() { #expect(Self.inputs.count > 100) }

    @Test(arguments: inputs)
    func invariantsHold(_ url: URL) throws {
        let source = SourceFile(name: url.lastPathComponent, bytes: try PackagePaths.bytes(of: url))
        let transcript = TranscriptParser.parse(source)
        #expect(TranscriptInvariants.violations(of: transcript, source: source) == [])
        // Parsing is a pure function of the bytes.
        #expect(TranscriptParser.parse(source) == transcript)
    }
}
