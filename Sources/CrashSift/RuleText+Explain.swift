import Foundation

extension RuleText {
    /// `crashsift analyze --explain ID`: why the rule exists (its rationale, the kernels it
    /// affects, its references), what it looks for clause by clause, and the evidence it shows
    /// on its first triggering example that is at hand (example files are read relative to `root`).
    public static func explain(_ rule: Rule, root: URL) -> String {
        var out = ""
        func line(_ text: String = "") { out += text + "\n" }
        line("\(rule.id): \(rule.title)")
        line("severity \(rule.severity.rawValue); rule file \(rule.file)")
        let about = rule.about
        line()
        line("Why")
        out += wrapped(about.summary ?? "The rule file gives no summary (about.summary).", indent: 2)
        if about.affected != nil || about.fixed != nil || !about.architectures.isEmpty {
            line()
            line("Affected kernels")
            line("  " + (about.affected ?? "not stated"))
            if let fixed = about.fixed { line("  fixed in: \(fixed)") }
            if !about.architectures.isEmpty { line("  architectures: \(about.architectures.joined(separator: ", "))") }
        }
        if !about.references.isEmpty {
            line()
            line("References")
            for reference in about.references { out += wrapped("- " + reference, indent: 2, hanging: 4) }
        }
        line()
        line("What it looks for")
        for clause in rule.clauses {
            let kind = clause.isRequired ? "required"
                : clause.requiredGroup.map { "one of the required group \($0)" } ?? (clause.isDecisive ? "decisive" : "supporting")
            out += wrapped("- \(clause.says.source) (\(kind))", indent: 2, hanging: 4)
            if !clause.confirmWith.isEmpty { line("    crash: " + clause.confirmWith.map(\.source).joined(separator: "; ")) }
        }
        line()
        line("Example evidence")
        out += exampleEvidence(rule, root: root)
        return out
    }

    /// The finding on the rule's first triggering example that can be read, with its evidence lines.
    static func exampleEvidence(_ rule: Rule, root: URL) -> String {
        var out = ""
        let analyzer = Analyzer(catalog: RuleCatalog(rules: [rule]))
        for (number, example) in rule.examples.triggering.enumerated() {
            guard case .success(let read) = RuleTester.text(of: example, root: root) else { continue }
            let source = SourceFile(name: example.file ?? "inline example", text: read.text)
            guard let finding = analyzer.analyze(source).findings.first(where: { $0.rule == rule.id }) else { continue }
            out += "  triggering example #\(number + 1): \(example.file ?? "inline, rule file line \(example.line)")\n"
            out += wrapped("\(finding.confidence): \(finding.message)", indent: 2, hanging: 4)
            let width = String(finding.evidence.map(\.line).max() ?? 0).count
            for evidence in finding.evidence {
                let number = String(evidence.line)
                out += "    " + String(repeating: " ", count: width - number.count) + number + "  "
                    + evidence.text.drop(while: { $0 == " " || $0 == "\t" }) + "   [\(evidence.clause)]\n"
            }
            return out
        }
        return rule.examples.triggering.isEmpty
            ? "  The rule has no triggering example.\n"
            : "  None of the rule's triggering examples is at hand (an example under ../shared/ needs that folder).\n"
    }
}
