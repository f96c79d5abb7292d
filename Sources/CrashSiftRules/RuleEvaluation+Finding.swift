import CrashSiftModel

extension RuleEvaluation {
    /// The finding for the best assignment: confidence from the supporting clauses that hold,
    /// evidence lines, missing clauses with the commands that would answer them, notes on
    /// damaged evidence, or the decisive clause that rules it out.
    func finding(from best: Best) -> Finding {
        var values: [String: [String: String]] = [:]
        for (index, result) in best.results { values[rule.clauses[index].id] = result.values }
        for (index, candidate) in best.assignment {
            if case .task(let task) = rule.clauses[index].predicate { values[task.role] = roleValues(candidate) }
        }
        func render(_ template: MessageTemplate) -> String { template.render { values[$0]?[$1] } }

        var evidence: [Evidence] = []
        var missing: [MissingClause] = []
        var ruledOut: RuledOut?
        var supporting = 0
        var holding = 0
        for (index, clause) in rule.clauses.enumerated() {
            let result = best.results[index] ?? .fails
            // A required group's clauses are alternatives: they do not count as supporting ones,
            // and one the input answers otherwise contradicts nothing.
            let isAlternative = clause.requiredGroup != nil
            if !clause.isRequired && !isAlternative { supporting += 1 }
            if result.holds {
                if !clause.isRequired && !isAlternative { holding += 1 }
                let says = render(clause.says)
                var seen = Set<Int>()
                for (line, role) in result.lines where seen.insert(line).inserted {
                    evidence.append(Evidence(clause: clause.id, role: role, line: line, text: input.text(ofLine: line), says: says))
                }
            } else if isAnswerable(clause, assignment: best.assignment) {
                if clause.isDecisive && ruledOut == nil {
                    ruledOut = RuledOut(clause: clause.id, says: render(clause.says), lines: answeringLines(clause))
                }
            } else {
                missing.append(MissingClause(clause: clause.id, says: render(clause.says), confirmWith: clause.confirmWith.map(render)))
            }
        }
        var confidence: Confidence = holding == supporting ? .confirmed : (holding * 2 >= supporting ? .likely : .possible)
        let notes = damage(best)
        if !notes.isEmpty { confidence = confidence.lowered }
        var commands: [String] = []
        for command in missing.flatMap(\.confirmWith) where !commands.contains(command) { commands.append(command) }
        return Finding(
            rule: rule.id, title: rule.title, severity: rule.severity, confidence: confidence, message: render(rule.message),
            evidence: evidence, missing: missing, confirmWith: commands, notes: notes, ruledOutBy: ruledOut
        )
    }

    /// The prompt lines of the commands whose output answered `clause` (for a ruled-out finding).
    func answeringLines(_ clause: Clause) -> [Int] {
        switch clause.predicate {
        case .task:
            return transcript.commands.filter { $0.name == "foreach" && $0.arguments.contains("bt") }.map(\.line)
        case .perCPUList(let list):
            return walks(of: list.symbol).map { transcript.commands[$0.commandIndex].line }
        case .listEntriesOnStacks(let symbol, _), .registerPointsAtList(_, let symbol):
            return walks(of: symbol).map { transcript.commands[$0.commandIndex].line }
        default:
            if let answeredBy = clause.answeredBy {
                return transcript.commands.filter { command in answeredBy.contains { command.commandLine.hasPrefix($0) } }.map(\.line)
            }
            return []
        }
    }

    /// Why the evidence is weaker than it looks: a role's trace has lines cut out before its
    /// matched frames, or a report the finding rests on is corrupted.
    func damage(_ best: Best) -> [String] {
        var notes: [String] = []
        for (index, candidate) in best.assignment {
            guard case .task(let task) = rule.clauses[index].predicate else { continue }
            let header = input.tasks[candidate.position]
            let lastMatched = candidate.lines.max() ?? header.line
            if let elision = header.backtrace.elisions.first(where: { $0.line < lastMatched }) {
                notes.append("the backtrace of \(task.role) (PID \(header.pid)) has lines cut out (\(elision.text) at line \(elision.line))")
            }
        }
        // A corrupted report weakens a clause that reads the report (its kind, title, guilty
        // frame), not one that only quotes a message or a record.
        for (index, result) in best.results where result.holds {
            guard case .log(let log) = rule.clauses[index].predicate, !log.reportKinds.isEmpty || log.title != nil else { continue }
            for (line, _) in result.lines {
                if let report = transcript.log.reports.first(where: { $0.line == line }), report.corrupted {
                    notes.append("the report at line \(line) is \(report.corruptedReason.map { "corrupted (\($0))" } ?? "corrupted")")
                }
            }
        }
        return notes
    }
}
