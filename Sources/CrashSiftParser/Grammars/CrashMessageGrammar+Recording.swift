import CrashSiftModel
import CrashSiftText

extension CrashMessageGrammar {
    /// Reads `line` as one of crash's own messages (`runq: per-cpu runqueues do not exist`,
    /// `WARNING: …`); when it is one, marks it parsed, adds its diagnostic to the transcript
    /// and returns true. Grammars whose output has no per-task diagnostics share this.
    static func recordIfMessage(_ line: Line, _ context: inout ParseContext) -> Bool {
        var c = context.cursor(line)
        guard let message = parse(&c) else { return false }
        context.setRole(.parsed, line.number)
        let text = context.string(message.text)
        let location = SourceLocation(line: line.number, column: context.column(of: message.text.lowerBound, onLine: line.number))
        switch message.kind {
        case .continuation:
            break
        case .warning:
            context.transcript.diagnostics.append(Diagnostic(.warning, .crashWarning(text), at: location))
        case .note:
            context.transcript.diagnostics.append(Diagnostic(.note, .crashNote(text), at: location))
        case .error:
            context.transcript.diagnostics.append(Diagnostic(.warning, .crashError(text), at: location))
        }
        return true
    }
}
