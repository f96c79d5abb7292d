import CrashSiftModel
import CrashSiftText

extension TranscriptInvariants {
    /// The promises of the `p`/`list` models: each belongs to a command whose output holds
    /// its lines, and every line it names is one a grammar marked parsed (elisions: elision).
    static func printAndListViolations(of transcript: Transcript, lineCount: Int) -> [String] {
        var problems: [String] = []
        func check(_ line: Int, _ what: String, role expected: LineRole = .parsed) {
            guard line >= 1, line <= lineCount, line <= transcript.lineRoles.count else {
                problems.append("\(what) refers to line \(line), outside 1...\(lineCount)")
                return
            }
            if transcript.role(ofLine: line) != expected {
                problems.append("\(what) on line \(line) has role \(transcript.role(ofLine: line)), expected \(expected)")
            }
        }
        func checkOwner(_ command: Int, _ lines: LineSpan, _ what: String) {
            guard transcript.commands.indices.contains(command) else {
                problems.append("\(what) names command \(command), which does not exist")
                return
            }
            let output = transcript.commands[command].output
            if !lines.isEmpty, lines.first < output.first || lines.last > output.last {
                problems.append("\(what) lines \(lines) lie outside its command's output \(output)")
            }
        }
        func checkFields(_ fields: [PrintedField], _ what: String) {
            for field in fields {
                check(field.line, "\(what) member \(field.name ?? "(anonymous)")")
                checkValue(field.value, what)
            }
        }
        func checkValue(_ value: PrintedValue, _ what: String) {
            if let fields = value.fields { checkFields(fields, what) }
            for element in value.elements ?? [] { checkValue(element.value, what) }
        }

        for result in transcript.printed {
            let what = "p result $\(result.historyNumber)"
            checkOwner(result.commandIndex, result.lines, what)
            check(result.lines.first, what)
            check(result.lines.last, what)
            checkValue(result.value, what)
        }
        for table in transcript.perCPU {
            let what = "per-cpu table \(table.symbol)"
            checkOwner(table.commandIndex, table.lines, what)
            if let line = table.declarationLine { check(line, "\(what) declaration") }
            for copy in table.addresses { check(copy.line, "\(what) CPU \(copy.cpu)") }
            for offline in table.offlineCPUs { check(offline.line, "\(what) offline CPU \(offline.cpu)") }
        }
        for walk in transcript.lists {
            let what = "list walk `\(walk.commandLine)`"
            checkOwner(walk.commandIndex, walk.lines, what)
            for entry in walk.printedEntries {
                check(entry.line, "\(what) entry \(entry.address)")
                checkOwner(walk.commandIndex, LineSpan(first: entry.line, last: entry.line), "\(what) entry \(entry.address)")
                checkFields(entry.fields, "\(what) entry \(entry.address)")
            }
            for problem in walk.problems { check(problem.line, "\(what) problem") }
            for line in walk.elisions { check(line, "\(what) elision", role: .elision) }
        }
        return problems
    }
}
