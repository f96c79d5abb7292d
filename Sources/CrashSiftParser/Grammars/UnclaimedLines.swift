import CrashSiftModel
import CrashSiftText

/// The lines of a command's output that are not the command's own shapes, for grammars whose
/// output has no task to hang diagnostics on (`sys`, `runq`): crash's own messages
/// (`runq: per-cpu runqueues do not exist`, `WARNING: …`) become diagnostics, an indented line
/// under one continues it, and anything else is kept as unrecognized with one diagnostic per run.
///
/// A grammar asks ``readMessage(_:_:)`` first (a `WARNING: …` line would otherwise look like a
/// `KEY: value` line), then tries its own shapes and says ``lineWasRead()`` when one fits, and
/// hands the rest to ``readUnclaimed(_:_:)``.
struct UnclaimedLines {
    /// What the diagnostic of an unrecognized run says (names the command).
    let unrecognizedMessage: Diagnostic.Message
    private var afterMessage = false
    private var afterUnrecognized = false

    init(unrecognizedMessage: Diagnostic.Message) {
        self.unrecognizedMessage = unrecognizedMessage
    }

    /// Reads `line` as one of crash's messages; when it is one, marks it parsed, adds its
    /// diagnostic to the transcript and returns true.
    mutating func readMessage(_ line: Line, _ context: inout ParseContext) -> Bool {
        var c = context.cursor(line)
        guard let message = CrashMessageGrammar.parse(&c) else { return false }
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
        afterMessage = true
        afterUnrecognized = false
        return true
    }

    /// The grammar read the line (or recorded it as an elision): runs end here.
    mutating func lineWasRead() {
        afterMessage = false
        afterUnrecognized = false
    }

    /// `line` is none of the grammar's shapes: the continuation of a message above it (crash
    /// indents those), or unrecognized.
    mutating func readUnclaimed(_ line: Line, _ context: inout ParseContext) {
        if afterMessage, line.indentation > 0 {
            context.setRole(.parsed, line.number)
            return
        }
        context.markUnrecognized(line)
        if !afterUnrecognized {
            context.diagnose(.warning, unrecognizedMessage, line: line.number, offset: line.range.lowerBound)
        }
        afterMessage = false
        afterUnrecognized = true
    }
}
