/// The `crashsift rules` texts: the catalogue one rule per line, one rule in full, and the
/// results of running rules' examples.
public enum RuleText {
    /// One line per rule: id, severity and title in aligned columns.
    ///
    /// ```
    /// rt-csd-preempted-before-ipi  critical  RT kernel deadlock: a task preempted between …
    /// ```
    public static func list(_ rules: [Rule]) -> String {
        let idWidth = rules.map(\.id.count).max() ?? 0
        let severityWidth = rules.map(\.severity.rawValue.count).max() ?? 0
        return rules.map { rule in
            padded(rule.id, idWidth) + "  " + padded(rule.severity.rawValue, severityWidth) + "  " + rule.title + "\n"
        }.joined()
    }

    /// A rule for people: what it is about, each clause (required or supporting, what it says,
    /// the crash commands that confirm it), the finding's message and the examples.
    public static func show(_ rule: Rule) -> String {
        var out = ""
        func line(_ text: String = "") { out += text + "\n" }
        line("\(rule.id) (\(rule.severity.rawValue))")
        line(rule.title)
        line("file: \(rule.file)")
        if !rule.aliases.isEmpty { line("aliases: \(rule.aliases.joined(separator: ", "))") }

        let about = rule.about
        if about.summary != nil || !about.references.isEmpty || about.affected != nil || about.fixed != nil || !about.architectures.isEmpty {
            line()
            line("About")
            if let summary = about.summary { out += wrapped(summary, indent: 2) }
            if let affected = about.affected { line("  affected: \(affected)") }
            if let fixed = about.fixed { line("  fixed: \(fixed)") }
            if !about.architectures.isEmpty { line("  architectures: \(about.architectures.joined(separator: ", "))") }
            if !about.references.isEmpty {
                line("  references:")
                for reference in about.references { line("    - \(reference)") }
            }
        }

        line()
        line("Clauses")
        for clause in rule.clauses {
            var kind = [clause.isRequired ? "required" : clause.requiredGroup.map { "required group \($0)" } ?? "supporting"]
            if clause.isDecisive { kind.append("decisive") }
            kind.append(describe(clause.predicate))
            line("  \(clause.id) (\(kind.joined(separator: ", ")); line \(clause.line))")
            out += wrapped("says: \(clause.says.source)", indent: 4, hanging: 6)
            if !clause.confirmWith.isEmpty { line("    confirm with: " + clause.confirmWith.map(\.source).joined(separator: "; ")) }
            if let answeredBy = clause.answeredBy { line("    answered by: " + answeredBy.joined(separator: "; ")) }
        }

        line()
        line("Finding")
        out += wrapped(rule.message.source, indent: 2)

        line()
        line("Examples")
        let examples = [("triggering", rule.examples.triggering), ("nonTriggering", rule.examples.nonTriggering)]
        if examples.allSatisfy(\.1.isEmpty) { line("  none") }
        for (kind, list) in examples {
            for (number, example) in list.enumerated() {
                let name = "\(kind) #\(number + 1) (line \(example.line))"
                if let file = example.file {
                    line("  \(name): file \(file)")
                } else {
                    line("  \(name):")
                    line(indented((example.text ?? "").trimmingTrailingNewlines, 4))
                }
            }
        }
        return out
    }

    /// The results of ``RuleTester``, rule by rule, then a count; `pass`, `FAIL` or `skip` per example.
    public static func testReport(_ results: [(rule: Rule, results: [RuleTester.Result])]) -> String {
        var out = ""
        var passed = 0, failed = 0, skipped = 0
        for (rule, ruleResults) in results {
            out += "\(rule.id) (\(rule.file))\n"
            if ruleResults.isEmpty { out += "  no examples\n" }
            for result in ruleResults {
                switch result.outcome {
                case .passed:
                    passed += 1
                    out += "  pass  \(result.example)\n"
                case .failed(let why):
                    failed += 1
                    out += "  FAIL  \(result.example): \(why)\n"
                case .skipped(let why):
                    skipped += 1
                    out += "  skip  \(result.example): \(why)\n"
                }
            }
        }
        let total = passed + failed + skipped
        out += "\n\(total) example\(total == 1 ? "" : "s") of \(results.count) rule\(results.count == 1 ? "" : "s"): "
            + "\(passed) passed, \(failed) failed, \(skipped) skipped\n"
        return out
    }

    /// The condition's kind in a few words: `task, binds waiter`, `perCPUList call_single_queue`.
    static func describe(_ predicate: Predicate) -> String {
        switch predicate {
        case .task(let task): "task, binds \(task.role)"
        case .log: "log"
        case .perCPUList(let list): "perCPUList \(list.symbol)"
        case .listEntriesOnStacks(let symbol, let roles): "listEntriesOnStacks \(symbol) on \(roles.joined(separator: ", "))"
        case .registerPointsAtList(let role, let symbol): "registerPointsAtList \(role) -> \(symbol)"
        case .kernel: "kernel"
        case .all(let all): "all of \(all.count)"
        case .any(let any): "any of \(any.count)"
        case .not: "not"
        case .atLeast(let count, let of): "at least \(count) of \(of.count)"
        }
    }

    /// `text`'s paragraphs (its lines) wrapped at 100 columns, indented by `indent` (`hanging`
    /// after a paragraph's first line).
    static func wrapped(_ text: String, indent: Int, hanging: Int? = nil) -> String {
        var output = AnalysisText.Output(options: AnalysisText.Options())
        for paragraph in text.split(separator: "\n") { output.wrapped(String(paragraph), indent: indent, hanging: hanging ?? indent) }
        return output.text
    }

    static func padded(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    static func indented(_ text: String, _ width: Int) -> String {
        let prefix = String(repeating: " ", count: width)
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : prefix + $0 }.joined(separator: "\n")
    }
}

extension String {
    fileprivate var trimmingTrailingNewlines: String {
        var text = self
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }
}
