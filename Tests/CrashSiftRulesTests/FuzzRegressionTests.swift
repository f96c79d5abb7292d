import CrashSift
import CrashSiftTestSupport
import Foundation
import Testing

/// The rule files `make fuzz` (or a review after one of its findings) found bugs with
/// (`Fixtures/fuzz/`), loaded as `fuzz-rules` loads them and, when they load, run on the two
/// samples the target runs them on.
@Suite struct FuzzRegressionTests {
    static let files: [URL] = PackagePaths.files(in: PackagePaths.fixtures(of: "CrashSiftRulesTests").appendingPathComponent("fuzz")) {
        $0.hasSuffix(".yaml")
    }
    static let samples = ["rhel7-rt-csd-deadlock.article.txt", "debian12-rt-rcu-stall.session.txt"]

    @Test(arguments: files)
    func loadsAndRuns(_ url: URL) throws {
        let yaml = String(decoding: try PackagePaths.bytes(of: url), as: UTF8.self)
        // Named without `.yaml`, as the fuzz target names its input, so the id need not match.
        let rule: Rule
        do {
            rule = try RuleLoader.load(yaml: yaml, file: "fuzz")
        } catch {
            // libyaml's line breaks: `\n`, `\r`, `\r\n` (one `Character`), U+0085, U+2028, U+2029.
            let lineCount = yaml.count { ["\n", "\r", "\r\n", "\u{85}", "\u{2028}", "\u{2029}"].contains($0) } + 1
            #expect(error.line >= 0 && error.line <= lineCount)
            return
        }
        #expect(!RuleText.show(rule).isEmpty)
        for name in Self.samples {
            let source = SourceFile(name: name, bytes: try PackagePaths.bytes(of: PackagePaths.samples.appendingPathComponent(name)))
            let input = RuleInput(transcript: TranscriptParser.parse(source), source: source)
            for (_, outcome) in RuleEngine(rules: [rule]).evaluate(input) {
                guard case .finding(let finding) = outcome else { continue }
                #expect(finding.evidence.allSatisfy { (1...source.lineCount).contains($0.line) })
            }
        }
    }

    /// Releases compare number by number even when a number does not fit an `Int`.
    @Test func hugeReleaseNumbers() throws {
        let url = try #require(Self.files.first { $0.lastPathComponent == "kernel-release-huge-number.yaml" })
        let rule = try RuleLoader.load(yaml: String(decoding: try PackagePaths.bytes(of: url), as: UTF8.self), file: "fuzz")
        let source = SourceFile(name: "session", bytes: try PackagePaths.bytes(of: PackagePaths.samples.appendingPathComponent(Self.samples[1])))
        let outcome = try #require(RuleEngine(rules: [rule]).evaluate(RuleInput(transcript: TranscriptParser.parse(source), source: source)).first?.outcome)
        // 6.1.0-56 is at least 3.99999999999999999999 (3, then Int.max).
        guard case .finding(let finding) = outcome else {
            Issue.record("expected a finding, got \(outcome)")
            return
        }
        #expect(finding.message == "6.1.0-56-rt-amd64")
    }
}

/// libyaml's errors and empty nodes at the end of a file without a final line break name the
/// line after it; the loader moves them to the end of the last line.
@Suite struct YAMLErrorPositionTests {
    @Test func errorAtTheEndOfAFileWithoutAFinalLineBreak() {
        #expect(throws: RuleError(file: "r", line: 2, column: 6, message: "invalid YAML: could not find expected ':'")) {
            try RuleLoader.load(yaml: "id: x\ntitle", file: "r")
        }
    }

    @Test func emptyDocumentAtTheEnd() {
        // The empty node of `---` sits where libyaml ends the file, on line 2 of a 1-line file.
        #expect(throws: RuleError(file: "r", line: 1, column: 4, message: "a rule must be a mapping, found the text ''")) {
            try RuleLoader.load(yaml: "---", file: "r")
        }
    }

    @Test func carriageReturnsAreLineBreaksToo() {
        #expect(throws: RuleError(file: "r", line: 2, column: 6, message: "invalid YAML: could not find expected ':'")) {
            try RuleLoader.load(yaml: "id: x\rtitle", file: "r")
        }
        #expect(throws: RuleError(file: "r", line: 3, column: 6, message: "invalid YAML: could not find expected ':'")) {
            try RuleLoader.load(yaml: "id: x\r\n\u{2028}title", file: "r")
        }
    }
}
