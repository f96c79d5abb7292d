import CrashSiftText

/// Everything CrashSift read from one input: the commands, the tasks they printed, and an
/// account of every line (parsed, prose, elided, annotated, or unrecognized).
public struct Transcript: Hashable, Sendable {
    /// The input's name (a path or `<stdin>`).
    public var source: String
    /// The number of input lines.
    public var lineCount: Int
    /// The commands, in input order: one per prompt line, and one inferred per stretch of
    /// bare output (a `bt` pasted without its prompt).
    public var commands: [CommandInvocation]
    /// Every task header in the input, in input order, with its backtrace.
    public var tasks: [KernelTask]
    /// Backtraces whose task header is missing (a pasted fragment that starts at a frame).
    public var fragments: [Backtrace]
    /// What `ps` and `foreach … ps` printed: one table per command, in input order.
    public var processes: [ProcessTable]
    /// The kernel log (`crash> log`, or dmesg / console text pasted as it is): records and reports.
    public var log: KernelLog
    /// Every task mentioned, once, with what each command said about it.
    public var taskIndex: TaskIndex
    /// Every `sys` output (the summary, `sys -t`, `sys -i`, `sys -c`, `sys config`), in input
    /// order; ``system`` is the first summary.
    public var systems: [SystemInfo]
    /// Every CPU of every `runq` output, in input order.
    public var runQueues: [RunQueue]
    /// Values printed by `p`, `px`, `pd` (one per `$N`), in input order.
    public var printed: [PrintResult]
    /// Per-cpu address tables printed by `p <per-cpu symbol>`, in input order.
    public var perCPU: [PerCPUTable]
    /// `list` walks, in input order.
    public var lists: [ListWalk]
    /// Every elision marker (`[...]`), inside traces or not.
    public var elisions: [Elision]
    /// Notes a person pasted after crash's text (`<--- CPU 60's call_single_queue`); they were
    /// cut off before the line was parsed.
    public var annotations: [Annotation]
    /// Stretches of text that are not crash output (an article's prose, a session banner).
    public var prose: [LineSpan]
    /// Lines inside crash output that no grammar understood, in order.
    public var unrecognized: [Int]
    /// Everything the parser and crash itself had to say, in line order.
    public var diagnostics: [Diagnostic]
    /// What each line turned out to be, indexed by line number − 1.
    public var lineRoles: LineRoles
    /// The text the grammars read when the paste was damaged and repaired (quote prefixes
    /// stripped, wrapped lines joined…): it has the same lines as the input, so every `line`
    /// still names an input line, and byte ranges in the model (a log record's text) point into
    /// it. Nil when the input needed no repair; read text through ``text(of:)``.
    public var repairedText: SourceFile?

    /// An empty transcript of `lineCount` lines named `source`; the lines inside `blankRuns`
    /// (long runs of empty lines) take no room in ``lineRoles``.
    public init(source: String, lineCount: Int, blankRuns: BlankRuns = BlankRuns()) {
        self.source = source
        self.lineCount = lineCount
        commands = []
        tasks = []
        fragments = []
        processes = []
        log = KernelLog()
        taskIndex = TaskIndex()
        systems = []
        runQueues = []
        printed = []
        perCPU = []
        lists = []
        elisions = []
        annotations = []
        prose = []
        unrecognized = []
        diagnostics = []
        lineRoles = LineRoles(count: lineCount, blankRuns: blankRuns)
        repairedText = nil
    }

    /// The text the model's byte ranges point into: the repaired text, or `source` itself.
    public func text(of source: SourceFile) -> SourceFile { repairedText ?? source }

    /// The role of line `number` (from 1).
    public func role(ofLine number: Int) -> LineRole { lineRoles[number - 1] }
}

/// One command the input shows: `crash> foreach RU bt`, or a `bt` whose prompt was not pasted.
public struct CommandInvocation: Hashable, Sendable {
    /// The command name: `bt`, `foreach`, `log`, `<` (input redirection).
    public var name: String
    /// Everything after the name, trimmed: `RU bt`, `-a`. Pipes and redirections stay here.
    public var arguments: String
    /// The prompt line, or for an inferred command the first line of its output.
    public var line: Int
    /// The prompt as printed without `> ` (`crash`, `crash64`); nil for an inferred command.
    public var prompt: String?
    /// True when there was no prompt and the command was recognised from its output.
    public var isInferred: Bool
    /// The lines of the command's output (empty when it printed nothing).
    public var output: LineSpan

    /// A command invocation.
    public init(name: String, arguments: String, line: Int, prompt: String?, isInferred: Bool, output: LineSpan) {
        self.name = name
        self.arguments = arguments
        self.line = line
        self.prompt = prompt
        self.isInferred = isInferred
        self.output = output
    }

    /// The whole command line: `foreach RU bt`.
    public var commandLine: String { arguments.isEmpty ? name : "\(name) \(arguments)" }
}

/// A note pasted after crash's text on the same line, such as `<---` arrows in articles.
public struct Annotation: Hashable, Sendable {
    /// The input line.
    public var line: Int
    /// The note, from its arrow on, trimmed.
    public var text: String

    /// An annotation on `line`.
    public init(line: Int, text: String) {
        self.line = line
        self.text = text
    }
}

/// A run of input lines, `first...last` (empty when `last < first`).
public struct LineSpan: Hashable, Sendable, CustomStringConvertible {
    /// The first line.
    public var first: Int
    /// The last line.
    public var last: Int

    /// Lines `first...last`.
    public init(first: Int, last: Int) {
        self.first = first
        self.last = last
    }

    /// An empty span positioned after line `line`.
    public static func empty(after line: Int) -> LineSpan { LineSpan(first: line + 1, last: line) }

    /// True when the span holds no line.
    public var isEmpty: Bool { last < first }
    /// How many lines it holds.
    public var count: Int { max(0, last - first + 1) }

    public var description: String { isEmpty ? "(none)" : first == last ? "\(first)" : "\(first)-\(last)" }
}

/// What a line of input turned out to be. Every line has exactly one role, which is how the
/// parser proves that no line was lost.
public enum LineRole: UInt8, Hashable, Sendable, CaseIterable {
    /// Empty or only blanks.
    case blank
    /// Text that is not crash output (prose, a banner).
    case prose
    /// A `crash> ` prompt line.
    case prompt
    /// Part of a model node (a header, a frame, a register line, a crash message…).
    case parsed
    /// A human elision marker.
    case elision
    /// A line that held only a pasted annotation.
    case annotation
    /// Crash output no grammar understood.
    case unrecognized
    /// A line the paste repair emptied: a doubled copy of the line above, or a quote marker or
    /// line number with nothing after it (a `paste…` diagnostic says which). A wrapped line
    /// joined to the line above takes that line's role instead.
    case repaired
}
