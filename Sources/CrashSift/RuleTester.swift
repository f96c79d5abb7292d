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

    private static func check(_ example: Example, triggering: Bool, rule: Rule, root: URL, analyzer: Analyzer) -> Outcome {
        let text: String
        var expectedLines: [Int] = []
        if let file = example.file {
            let url = root.appendingPathComponent(file)
            guard let data = FileManager.default.contents(atPath: url.path) else {
                return file.hasPrefix("../shared/") ? .skipped("\(file) is not here") : .failed("cannot read \(file)")
            }
            text = String(decoding: data, as: UTF8.self)
        } else {
            (text, expectedLines) = stripMarkers(example.text ?? "")
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
