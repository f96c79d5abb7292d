import CrashSiftModel
import CrashSiftText

/// A grammar for the output of one crash command.
protocol OutputGrammar: SendableMetatype {
    /// Reads the output lines `output` of command number `command` (an index into
    /// ``Transcript/commands``) into the transcript. Every non-blank line must end with a role.
    static func parse(_ output: LineSpan, command: Int, context: inout ParseContext)
}

/// How sure a grammar is that a line continues its output pasted without a prompt.
enum BareContinuation {
    /// The line is this command's output (a frame, a stamped log line).
    case strong
    /// The line may be (a console line the kernel did not stamp): it stays only if a strong
    /// line follows before the block ends; otherwise it is read again as what it is.
    case weak
    /// The line is not this command's output: the block ends before it.
    case no
}

/// A grammar that can also recognise its command's output when it was pasted without a prompt.
protocol BareOutputGrammar: OutputGrammar {
    /// The command name recorded for output found without a prompt.
    static var inferredCommandName: String { get }
    /// True when `line` can only be the first line of this command's output (a `PID:` header).
    static func startsBareOutput(_ line: Line, _ context: ParseContext) -> Bool
    /// Whether `line` continues this command's output once it has started.
    static func continuation(of line: Line, _ context: ParseContext) -> BareContinuation
    /// The first line of this output when it really began above `line`, where it started to
    /// be recognised: prose lines `floor…line − 1` that, seen from `line`, belong to it (an
    /// unstamped report header above the `Internal error:` line that gave the log away).
    /// Nil when the output starts at `line`.
    static func startAbove(_ line: Line, notBefore floor: Int, _ context: ParseContext) -> Int?
}

extension BareOutputGrammar {
    static func startAbove(_ line: Line, notBefore floor: Int, _ context: ParseContext) -> Int? { nil }
}

/// The registry from crash command names to grammars; adding a grammar is one line here.
enum CommandName {
    /// The grammar for `name` (after `foreach`'s dispatch and aliases), or nil when
    /// CrashSift does not read that command's output yet.
    static func grammar(for name: String) -> (any OutputGrammar.Type)? {
        switch name {
        case "bt": BacktraceGrammar.self
        case "foreach": ForeachGrammar.self
        case "log", "dmesg": LogGrammar.self
        case "ps": ProcessGrammar.self
        case "sys": SystemInfoGrammar.self
        case "runq": RunQueueGrammar.self
        case "p", "px", "pd", "print": PrintGrammar.self
        case "list": ListGrammar.self
        default: nil
        }
    }

    /// Grammars whose output is recognised without a prompt, in the order they are tried.
    static let bareGrammars: [any BareOutputGrammar.Type] = [BacktraceGrammar.self, LogGrammar.self, SystemInfoGrammar.self]

    /// Commands crash can run (a prompt such as `crash> foo` is still a command when it is
    /// not listed; this list tells crash's own `<cmd>: message` lines from other text).
    static let crashCommands: Set<String> = [
        "alias", "ascii", "bpf", "bt", "btop", "crash", "dev", "dis", "eval", "exit", "extend", "files",
        "foreach", "fuser", "gdb", "help", "ipcs", "irq", "kmem", "list", "log", "mach", "mod", "mount",
        "net", "p", "pd", "ps", "pte", "ptob", "ptov", "px", "q", "rd", "repeat", "runq", "search", "set",
        "sig", "struct", "swap", "sym", "sys", "task", "timer", "tree", "union", "vm", "vtop", "waitq",
        "whatis", "wr",
    ]
}

/// What happens to the output of a command CrashSift has no grammar for: every line is kept
/// as unrecognized, elisions are still recorded, and one note says why.
enum UnparsedOutput {
    static func parse(_ output: LineSpan, command: Int, context: inout ParseContext) {
        var unrecognized = 0
        var first: Int?
        for number in output.first...max(output.first, output.last) where !output.isEmpty {
            let line = context.line(number)
            if line.isBlank { continue }
            if PastedText.isElision(line, in: context.base) {
                _ = context.recordElision(line)
                continue
            }
            context.markUnrecognized(line)
            unrecognized += 1
            if first == nil { first = number }
        }
        guard unrecognized > 0 else { return }
        let name = context.transcript.commands[command].commandLine
        context.diagnose(.note, .noGrammar(name, lines: unrecognized), line: context.transcript.commands[command].line)
    }
}

extension Diagnostic.Message {
    fileprivate static func noGrammar(_ command: String, lines: Int) -> Self {
        .init("CrashSift does not read the output of `\(command)` yet; its \(lines) line\(lines == 1 ? " is" : "s are") kept as unrecognized")
    }
}
