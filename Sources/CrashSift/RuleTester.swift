import CrashSiftModel
import CrashSiftRules
import CrashSiftText
import Foundation

/// Runs a rule's examples: a triggering example must give a finding of the rule (not ruled
/// out) whose evidence shows every `↓` line; a non-triggering example must give none.
public enum RuleTester {
    /// The marker that starts an expected evidence line in an example's text.
    public static let evidenceMarker: Character = "↓"

    /// One example's result.
    public struct Result: Sendable {
        public var rule: String
        /// `triggering #1 (line 42)`.
        public var example: String
        public var outcome: Outcome
    }

    public enum Outcome: Sendable, Equatable {
        case passed
        case failed(String)
        /// The example's file is under `../shared`, which is not here.
        case skipped(String)
    }

    /// Every example of `rule`; files are relative to `root` (the package root).
    public static func test(_ rule: Rule, root: URL) -> [Result] {
        let analyzer = Analyzer(catalog: RuleCatalog(rules: [rule]))
        var results: [Result] = []
        for (kind, examples) in [("triggering", rule.examples.triggering), ("nonTriggering", rule.examples.nonTriggering)] {
            for (number, example) in examples.enumerated() {
                let name = "\(kind) #\(number + 1) (line \(example.line))"
                results.append(Result(rule: rule.id, example: name, outcome: check(example, triggering: kind == "triggering", rule: rule, root: root, analyzer: analyzer)))
            }
        }
        return results
    }

    /// An example's text (inline, without its `↓` markers, or the file's, read relative to
    /// `root`) and the lines that had a marker; the outcome to report when it cannot be read.
    public static func text(of example: Example, root: URL) -> Swift.Result<(text: String, markedLines: [Int]), ExampleUnreadable> {
        guard let file = example.file else {
            let stripped = stripMarkers(example.text ?? "")
            return .success((stripped.text, stripped.lines))
        }
        guard let data = FileManager.default.contents(atPath: root.appendingPathComponent(file).path) else {
            return .failure(ExampleUnreadable(file: file, isShared: file.hasPrefix("../shared/")))
        }
        return .success((String(decoding: data, as: UTF8.self), []))
    }

    /// An example file that is not there (one under `../shared/` is skipped, not failed).
    public struct ExampleUnreadable: Error, Sendable {
        public var file: String
        public var isShared: Bool
    }

    private static func check(_ example: Example, triggering: Bool, rule: Rule, root: URL, analyzer: Analyzer) -> Outcome {
        let text: String
        let expectedLines: [Int]
        switch Self.text(of: example, root: root) {
        case .success(let read): (text, expectedLines) = read
        case .failure(let unreadable):
            return unreadable.isShared ? .skipped("\(unreadable.file) is not here") : .failed("cannot read \(unreadable.file)")
        }
        let analysis = analyzer.analyze(SourceFile(name: "\(rule.id) example", text: text))
        if let failure = analysis.failures.first { return .failed(failure.description) }
        let finding = analysis.findings.first { $0.rule == rule.id }
        if !triggering {
            return finding.map { .failed("unexpected \($0.confidence) finding: \($0.message)") } ?? .passed
        }
        guard let finding else {
            let ruledOut = analysis.ruledOut.first { $0.rule == rule.id }
            return .failed(ruledOut.map { "ruled out by \($0.ruledOutBy!.clause)" } ?? "no finding")
        }
        let shown = Set(finding.evidence.map(\.line))
        let unshown = expectedLines.filter { !shown.contains($0) }
        return unshown.isEmpty ? .passed : .failed("the evidence does not show line\(unshown.count == 1 ? "" : "s") \(unshown.map(String.init).joined(separator: ", "))")
    }

    /// The text without its `↓` markers, and the lines (from 1) that had one.
    public static func stripMarkers(_ text: String) -> (text: String, lines: [Int]) {
        var lines: [Int] = []
        let stripped = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { number, line -> Substring in
            guard line.first == evidenceMarker else { return line }
            lines.append(number + 1)
            return line.dropFirst()
        }
        return (stripped.joined(separator: "\n"), lines)
    }
}
