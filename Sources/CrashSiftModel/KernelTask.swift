import CrashSiftText

/// A task (a kernel `task_struct`) as one command printed it: `PID: 260624  TASK: ffff92a0156ce480
/// CPU: 0   COMMAND: "runc:[2:INIT]"` and the backtrace under that header.
///
/// Named `KernelTask` rather than `Task` so that code importing CrashSift keeps Swift's own
/// `Task`. Every header in the input is one `KernelTask`; the same task printed by `bt` and by
/// `foreach bt` appears twice.
public struct KernelTask: Hashable, Sendable {
    /// The process id.
    public var pid: Int
    /// The `task_struct` address (crash's `TASK:` column); nil when the header was cut off before it.
    public var taskAddress: HexNumber?
    /// The CPU; nil when crash printed `?` or the header was cut off.
    public var cpu: Int?
    /// Crash's `COMMAND` column, which is the kernel's `comm` (at most 15 bytes, may contain
    /// spaces, brackets and colons), without the quotes. Pasted articles sometimes redact it
    /// and drop the quotes; then it is the rest of the line.
    public var command: String?
    /// The scheduler state (`RU`, `UN`, …) when the command that printed the task said it.
    public var state: TaskState?
    /// The input line of the header.
    public var line: Int
    /// Which entry of ``Transcript/commands`` printed the task.
    public var commandIndex: Int?
    /// The trace printed under the header.
    public var backtrace: Backtrace
    /// The architecture the trace came from: `sys`'s `MACHINE:` in the same input, else the
    /// register names of its dumps, else where its frames' addresses lie; nil when none tells.
    public var architecture: Architecture?
    /// What crash said about this task (`bt: WARNING: …`) and what the parser noticed.
    public var diagnostics: [Diagnostic]

    /// A task from a header on input line `line`.
    @inlinable
    public init(
        pid: Int, taskAddress: HexNumber?, cpu: Int?, command: String?, state: TaskState? = nil, line: Int,
        commandIndex: Int? = nil, backtrace: Backtrace = Backtrace(), diagnostics: [Diagnostic] = []
    ) {
        self.pid = pid
        self.taskAddress = taskAddress
        self.cpu = cpu
        self.command = command
        self.state = state
        self.line = line
        self.commandIndex = commandIndex
        self.backtrace = backtrace
        self.diagnostics = diagnostics
        self.architecture = nil
    }
}

/// A task's scheduler state as crash abbreviates it (`ps`'s ST column, `foreach`'s filter).
public struct TaskState: RawRepresentable, Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The code as printed: `RU`, `IN`, `UN`, `ST`, `TR`, `ZO`, `DE`, `SW`, `WA`, `PA`, `ID`, `NE`, `EX`, `??`.
    public var rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    /// Running or runnable (`TASK_RUNNING`).
    public static let running: TaskState = "RU"
    /// Interruptible sleep.
    public static let interruptible: TaskState = "IN"
    /// Uninterruptible sleep (the state hung-task reports are about).
    public static let uninterruptible: TaskState = "UN"
    /// Stopped.
    public static let stopped: TaskState = "ST"
    /// Traced.
    public static let traced: TaskState = "TR"
    /// Zombie.
    public static let zombie: TaskState = "ZO"
    /// Dead.
    public static let dead: TaskState = "DE"
    /// Idle kernel thread (`TASK_IDLE`).
    public static let idle: TaskState = "ID"

    /// The state codes `foreach` accepts as a filter and `ps` prints.
    public static let knownCodes: Set<String> = ["RU", "IN", "UN", "ST", "TR", "ZO", "DE", "SW", "WA", "PA", "ID", "NE", "EX", "??"]

    public var description: String { rawValue }
}
