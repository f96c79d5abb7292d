import CrashSiftModel
import CrashSiftText

/// `foreach [selectors] command`: runs a sub-command for many tasks. For `bt` the output is
/// `bt`'s own, task after task, so this grammar reads the selectors and hands the lines to
/// ``BacktraceGrammar``; a state selector (`foreach RU bt`) becomes the state of every task
/// whose output does not print one.
enum ForeachGrammar: OutputGrammar {
    /// The sub-commands `foreach` can run (crash's help page for `foreach`).
    static let subcommands: Set<Substring> = ["bt", "vm", "task", "files", "net", "set", "ps", "sig", "vtop"]

    /// What the arguments of `foreach` select.
    struct Arguments: Equatable {
        /// The sub-command (`bt`), or nil when none was given.
        var subcommand: String?
        /// The state filter, when one was given (`RU`).
        var state: TaskState?
        /// Everything before the sub-command: pids, task addresses, names, `'regex'`, `kernel`, `user`…
        var selectors: [String]
        /// The sub-command's own flags (`-l`).
        var subcommandArguments: [String]
    }

    /// Splits `RU bt -l` into selectors, state, sub-command and its flags.
    static func arguments(_ text: String) -> Arguments {
        // Stop at a pipe or redirection: what follows belongs to the shell, not to crash.
        let command = text.split(separator: "|", maxSplits: 1).first.map(String.init) ?? text
        let words = command.split(whereSeparator: { $0 == " " || $0 == "\t" })
        var result = Arguments(subcommand: nil, state: nil, selectors: [], subcommandArguments: [])
        for (position, word) in words.enumerated() {
            if subcommands.contains(word) {
                result.subcommand = String(word)
                result.subcommandArguments = words[(position + 1)...].map(String.init)
                break
            }
            if TaskState.knownCodes.contains(String(word)) {
                result.state = TaskState(rawValue: String(word))
            }
            result.selectors.append(String(word))
        }
        return result
    }

    static func parse(_ output: LineSpan, command: Int, context: inout ParseContext) {
        let arguments = arguments(context.transcript.commands[command].arguments)
        switch arguments.subcommand {
        case "bt":
            BacktraceGrammar.parse(output, command: command, defaultState: arguments.state, context: &context)
        case "ps": ProcessGrammar.parse(output, command: command, foreach: arguments, context: &context)
        default:
            UnparsedOutput.parse(output, command: command, context: &context)
        }
    }
}
