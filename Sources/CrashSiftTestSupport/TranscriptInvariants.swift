import CrashSiftModel
import CrashSiftText

/// The promises every parse keeps, checked on every fixture and sample: no line is lost, no
/// output points outside the input, and the roles agree with the model.
public enum TranscriptInvariants {
    /// The broken promises (empty when all hold), each naming the line concerned.
    public static func violations(of transcript: Transcript, source: SourceFile) -> [String] {
        var problems: [String] = []
        let lineCount = source.lineCount
        if transcript.lineCount != lineCount { problems.append("lineCount \(transcript.lineCount) != \(lineCount)") }
        if transcript.lineRoles.count != lineCount { problems.append("lineRoles has \(transcript.lineRoles.count) entries for \(lineCount) lines") }

        // Every line has a role; only blank lines are blank.
        for number in 1...max(lineCount, 1) where number <= min(lineCount, transcript.lineRoles.count) {
            let isBlank = source.bytes(ofLine: number).allSatisfy(ASCII.isWhitespace)
            let role = transcript.role(ofLine: number)
            if isBlank != (role == .blank) { problems.append("line \(number): role \(role) but the line is \(isBlank ? "" : "not ")blank") }
        }

        func check(_ line: Int, _ what: String, role expected: LineRole? = nil) {
            guard (1...max(lineCount, 1)).contains(line), line <= lineCount else {
                problems.append("\(what) refers to line \(line), outside 1...\(lineCount)")
                return
            }
            if let expected, transcript.role(ofLine: line) != expected {
                problems.append("\(what) on line \(line) has role \(transcript.role(ofLine: line)), expected \(expected)")
            }
        }

        let unrecognizedByRole = transcript.lineRoles.indices.filter { transcript.lineRoles[$0] == .unrecognized }.map { $0 + 1 }
        if unrecognizedByRole != transcript.unrecognized { problems.append("unrecognized list differs from the lines whose role is unrecognized") }

        for command in transcript.commands {
            check(command.line, "command \(command.commandLine)", role: command.isInferred ? nil : .prompt)
            if !command.output.isEmpty {
                check(command.output.first, "output of \(command.commandLine)")
                check(command.output.last, "output of \(command.commandLine)")
            }
        }
        for task in transcript.tasks {
            check(task.line, "task \(task.pid)", role: .parsed)
            checkBacktrace(task.backtrace, "task \(task.pid)", check)
            for diagnostic in task.diagnostics { check(diagnostic.line, "diagnostic \(diagnostic.id)") }
        }
        for fragment in transcript.fragments { checkBacktrace(fragment, "fragment", check) }
        var previousRecordLine = 0
        for record in transcript.log.records {
            check(record.line, "log record", role: .parsed)
            check(record.lastLine, "log record")
            if record.line <= previousRecordLine { problems.append("log record on line \(record.line) is out of order") }
            if record.text.upperBound > transcript.text(of: source).bytes.count || record.text.lowerBound > record.text.upperBound {
                problems.append("log record on line \(record.line) has text outside the input")
            }
            previousRecordLine = record.lastLine
        }
        for report in transcript.log.reports {
            check(report.line, "report \(report.title)", role: .parsed)
            check(report.endLine, "report \(report.title)")
            if report.records.upperBound > transcript.log.records.count { problems.append("report \(report.title) refers to records beyond the log") }
            for trace in report.callTraces {
                check(trace.line, "call trace of \(report.title)")
                for frame in trace.frames { check(frame.line, "frame \(frame.function) of \(report.title)", role: .parsed) }
            }
        }
        for system in transcript.systems {
            if !system.lines.isEmpty { check(system.lines.first, "sys output") }
            for field in system.fields {
                check(field.line, "sys field \(field.key)", role: .parsed)
                check(field.lastLine, "sys field \(field.key)", role: .parsed)
            }
            for call in system.systemCalls { check(call.line, "system call \(call.number)", role: .parsed) }
            for option in system.configOptions { check(option.line, "config option \(option.name)", role: .parsed) }
        }
        for runQueue in transcript.runQueues {
            let owner = "run queue of CPU \(runQueue.cpu)"
            check(runQueue.line, owner, role: .parsed)
            if let current = runQueue.current { check(current.line, "\(owner) current task", role: .parsed) }
            func checkQueue(_ queue: SchedulerQueue) {
                check(queue.line, "\(owner) \(queue.kind) queue", role: .parsed)
                for task in queue.tasks { check(task.line, "\(owner) task \(task.pid)", role: .parsed) }
                queue.groups.forEach(checkQueue)
            }
            runQueue.queues.forEach(checkQueue)
        }
        for elision in transcript.elisions { check(elision.line, "elision", role: .elision) }
        for annotation in transcript.annotations { check(annotation.line, "annotation") }
        for span in transcript.prose {
            check(span.first, "prose")
            check(span.last, "prose")
        }
        for diagnostic in transcript.diagnostics { check(diagnostic.line, "diagnostic \(diagnostic.id)") }
        problems += printAndListViolations(of: transcript, lineCount: lineCount)
        return problems
    }

    private static func checkBacktrace(_ backtrace: Backtrace, _ owner: String, _ check: (Int, String, LineRole?) -> Void) {
        for frame in backtrace.frames {
            check(frame.line, "\(owner) frame #\(frame.index)", .parsed)
            if let exception = frame.exception { checkException(exception, owner, check) }
            if let source = frame.sourceLine { check(source.inputLine, "\(owner) source line", .parsed) }
            for words in frame.stackData { check(words.line, "\(owner) stack data", .parsed) }
        }
        for exception in backtrace.exceptionFrames { checkException(exception, owner, check) }
        for symbol in backtrace.textSymbols { check(symbol.line, "\(owner) text symbol", .parsed) }
        for words in backtrace.stackData { check(words.line, "\(owner) stack data", .parsed) }
        for segment in backtrace.segments {
            if let line = segment.separatorLine { check(line, "\(owner) separator", .parsed) }
            if segment.frames.upperBound > backtrace.frames.count { check(0, "\(owner) segment frames \(segment.frames)", nil) }
        }
    }

    private static func checkException(_ exception: ExceptionFrame, _ owner: String, _ check: (Int, String, LineRole?) -> Void) {
        check(exception.line, "\(owner) exception frame", .parsed)
        check(exception.registers.lines.lowerBound, "\(owner) registers", nil)
        check(exception.registers.lines.upperBound, "\(owner) registers", nil)
    }
}
