import CrashSiftModel
import CrashSiftParser
import CrashSiftRules
import CrashSiftText

/// Parse, kernel reports and rules for one input: what `crashsift analyze` prints.
public struct Analyzer: Sendable {
    /// The rules that run.
    public let catalog: RuleCatalog

    public init(catalog: RuleCatalog) {
        self.catalog = catalog
    }

    /// The built-in catalogue.
    public static func builtIn() throws(RuleError) -> Analyzer {
        Analyzer(catalog: try RuleCatalog.builtIn())
    }

    /// Everything known about `source`.
    public func analyze(_ source: SourceFile) -> Analysis {
        let transcript = TranscriptParser.parse(source)
        let input = RuleInput(transcript: transcript, source: source)
        var analysis = Analysis(transcript: transcript, findings: [], ruledOut: [], failures: [])
        for (_, outcome) in RuleEngine(rules: catalog.rules).evaluate(input) {
            switch outcome {
            case .finding(let finding) where finding.isRuledOut: analysis.ruledOut.append(finding)
            case .finding(let finding): analysis.findings.append(finding)
            case .failed(let failure): analysis.failures.append(failure)
            case .noMatch: break
            }
        }
        // Most severe first, then the surest; the catalogue's order breaks ties.
        analysis.findings = analysis.findings.enumerated().sorted { a, b in
            (a.element.severity, a.element.confidence, -a.offset) > (b.element.severity, b.element.confidence, -b.offset)
        }.map(\.element)
        return analysis
    }
}

/// What analysing one input found.
public struct Analysis: Sendable {
    /// The parsed input.
    public var transcript: Transcript
    /// The findings, most severe and surest first.
    public var findings: [Finding]
    /// Findings the input rules out (shown in verbose output).
    public var ruledOut: [Finding]
    /// Rules that could not be evaluated on this input.
    public var failures: [RuleFailure]

    /// The kernel reports of the log.
    public var reports: [KernelReport] { transcript.log.reports }
}
