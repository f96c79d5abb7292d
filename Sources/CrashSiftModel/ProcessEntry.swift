import CrashSiftText

/// One task as a `ps` line showed it: a table row
/// (`>     56       2   2  ffff88800526c200  RU   0.0        0        0  [khungtaskd]`) or a
/// task header, possibly stamped (`[0 00:00:00.013] [RU]  PID: 139  TASK: …  CPU: 1  COMMAND: "burn"`).
///
/// Which properties are set depends on the layout (``ProcessTable/Layout``); a property is nil
/// when the line did not print it.
public struct ProcessEntry: Hashable, Sendable {
    /// The marker crash prints before the rows of active tasks (the tasks on a CPU in the dump).
    public enum ActiveMarker: String, Hashable, Sendable {
        /// `>`: active on its CPU.
        case active = ">"
        /// `-`: active on a CPU that was offline when the dump was taken (a hypervisor dump
        /// after `smp_send_stop()`).
        case activeOnOfflineCPU = "-"
    }

    /// The input line.
    public var line: Int
    /// `>` or `-` in the table layouts; nil for a task that was not running, and for
    /// layouts that print no marker.
    public var activeMarker: ActiveMarker?
    /// The process id.
    public var pid: Int
    /// The parent's pid (`PPID`); crash 8.0.2 prints `-1` when it cannot find the parent.
    public var ppid: Int?
    /// The CPU; nil when crash printed `?` or the layout has no CPU.
    public var cpu: Int?
    /// The `task_struct` address (`TASK` column or `TASK:` in a header).
    public var taskAddress: HexNumber?
    /// `ps -s`: the saved kernel stack pointer, printed instead of the task address (`KSTACKP`).
    public var kernelStackPointer: HexNumber?
    /// The state as printed (`RU`, `UNEX`, `??`); for `foreach STATE ps` layouts that print no
    /// state, the state `foreach` selected the task by.
    public var state: TaskState?
    /// `%MEM`: the share of physical memory in use, one decimal as printed.
    public var memoryPercent: Double?
    /// `VSZ`: virtual size in KiB.
    public var virtualSizeKiB: Int?
    /// `RSS`: resident size in KiB.
    public var residentSizeKiB: Int?
    /// The kernel's `comm` (at most 15 bytes; may contain spaces), without crash's brackets or quotes.
    public var command: String
    /// True when the table printed the name in brackets (`[kswapd]`), crash's sign of a kernel
    /// thread; nil for layouts that quote the name instead.
    public var isKernelThread: Bool?
    /// `ps -Y`: the scheduling policy (`NORMAL`, `FIFO`, `RR`, `BATCH`, `IDLE`, `DEADLINE`…).
    public var policy: String?
    /// `ps -Y`: the priority.
    public var priority: Int?
    /// `ps -l`: the task's last-run stamp as printed (`sched_info.last_arrival` in nanoseconds
    /// on current kernels, read as hex only when it has hex letters, after `set radix 16`).
    public var lastRun: Int?
    /// `ps -m`: how long before its runqueue's clock the task last ran, in milliseconds
    /// (`[0 00:00:00.013]` is 13).
    public var sinceLastRunMilliseconds: Int?
    /// `ps -t`: run time, start time and CPU times.
    public var times: ProcessTimes?
    /// `ps -p`, `-c`, `-g`: how deep in its block the entry is listed (0 for the idle task of a
    /// `-p` chain, for the task given to `-c`, and for a thread-group leader).
    public var depth: Int?
    /// `ps -p`, `-c`, `-g`: the position in ``ProcessTable/entries`` of the entry this one is
    /// listed under (its parent for `-p` and `-c`, its thread-group leader for `-g`).
    public var listedUnder: Int?
    /// `ps -a`: the command line (`ARG:`), arguments separated by spaces.
    public var arguments: String?
    /// `ps -a`: the environment (`ENV:` and its continuation lines), one `NAME=value` each.
    public var environment: [String]?
    /// `ps -r`: the resource limits in print order.
    public var resourceLimits: [ResourceLimit]

    /// An entry for `pid` named `command`, printed on `line`; the rest is filled in by the layout.
    public init(line: Int, pid: Int, command: String) {
        self.line = line
        self.pid = pid
        self.command = command
        resourceLimits = []
    }

    /// True when crash marked the task active (`>` or `-`).
    public var isActive: Bool { activeMarker != nil }
}

/// `ps -t`: the times crash prints under a task header.
public struct ProcessTimes: Hashable, Sendable {
    /// `RUN TIME` as printed: `1 days, 01:35:32`, `00:02:11`, or crash's explanation when it
    /// cannot compute it (`(cannot calculate: unknown HZ value)`).
    public var runTime: String?
    /// ``runTime`` in seconds, when it has the `[N days, ]hh:mm:ss` form.
    public var runTimeSeconds: Int?
    /// `START TIME`: the task's `start_time` as printed (jiffies or nanoseconds, depending on the kernel).
    public var startTime: Int?
    /// `UTIME` (or `USER TIME` on older kernels).
    public var userTime: Int?
    /// `STIME` (or `SYSTEM TIME` on older kernels).
    public var systemTime: Int?
    /// The input lines of the times.
    public var lines: ClosedRange<Int>

    /// Times whose first line is `line`.
    public init(line: Int) {
        lines = line...line
    }
}

/// One row of `ps -r`: `    STACK    10485760     (unlimited)`.
public struct ResourceLimit: Hashable, Sendable {
    /// The limit's name as crash prints it (`CPU`, `NOFILE`, `MEMLOCK`, `(unknown)`).
    public var name: String
    /// The soft limit; nil for `(unlimited)`.
    public var current: Int?
    /// The hard limit; nil for `(unlimited)`.
    public var maximum: Int?
    /// The input line.
    public var line: Int

    /// A limit named `name` printed on `line`.
    public init(name: String, current: Int?, maximum: Int?, line: Int) {
        self.name = name
        self.current = current
        self.maximum = maximum
        self.line = line
    }
}

extension TaskState {
    /// Swapping (old kernels).
    public static let swapping: TaskState = "SW"
    /// Waking.
    public static let waking: TaskState = "WA"
    /// Parked kthread.
    public static let parked: TaskState = "PA"
    /// A new task not yet woken (`TASK_NEW`).
    public static let new: TaskState = "NE"
    /// No rule of crash's matched the state bits.
    public static let unknown: TaskState = "??"

    /// The two-letter codes crash's `task_state_string()` prints before any `EX` suffix.
    public static let baseCodes: Set<String> = ["RU", "IN", "UN", "ID", "ZO", "ST", "TR", "SW", "DE", "PA", "WA", "NE", "??"]

    /// True when crash appended `EX` (`UNEX`, `INEX`): the task's state also had
    /// `TASK_EXCLUSIVE` set, a bit of 2.4-era kernels (an exclusive wait-queue sleeper).
    public var isExclusive: Bool { rawValue.utf8.count == 4 && rawValue.hasSuffix("EX") }

    /// The state without the `EX` suffix (`UNEX` gives `UN`).
    public var withoutExclusive: TaskState { isExclusive ? TaskState(rawValue: String(rawValue.prefix(2))) : self }

    /// True for a code crash prints: a base code, optionally followed by `EX`.
    public var isKnownPSCode: Bool { TaskState.baseCodes.contains(withoutExclusive.rawValue) }
}
