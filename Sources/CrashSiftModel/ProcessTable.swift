import CrashSiftText

/// What one `ps` command printed (or one `foreach … ps`, which prints a single table for all
/// the tasks it selects): the command line's flags and the entries in print order.
///
/// `ps` has one layout per mutually exclusive flag (``Layout``). Every layout prints one line
/// per task, so every layout gives ``entries``; what else an entry holds (memory columns, a
/// last-run stamp, times, rlimits…) depends on the layout. `ps -S` prints counts instead.
public struct ProcessTable: Hashable, Sendable {
    /// The shape of `ps` output, chosen by the command's flags (crash accepts at most one of
    /// `-a -t -c -p -g -l -m -S -r -A`, and `-Y`).
    public enum Layout: String, Hashable, Sendable, CaseIterable {
        /// The default columns `PID PPID CPU TASK ST %MEM VSZ RSS COMM`; also `-k`, `-u`,
        /// `-G`, `-A`, `-y policy`, `-s` (KSTACKP instead of TASK), `-I` and `-H` (no header).
        case table
        /// `-Y`: `PID PPID CPU TASK POLICY PRIO COMM`.
        case policy
        /// `-l`: `[last_run] [ST]  PID: … TASK: … CPU: … COMMAND: "…"`, most recent first.
        case lastRun = "last-run"
        /// `-m`: `[d hh:mm:ss.mmm] [ST]  PID: …`, the time since each task last ran.
        case sinceLastRun = "since-last-run"
        /// `-t`: a task header, then `RUN TIME`, `START TIME`, `UTIME`/`USER TIME`, `STIME`/`SYSTEM TIME`.
        case times
        /// `-p`: the chain of parents from the idle task down, one more space per generation.
        case parents
        /// `-c`: the task, then its children indented (or `(no children)`).
        case children
        /// `-g`: a thread-group leader, then its threads indented (or `(no threads)`).
        case threadGroups = "thread-groups"
        /// `-a`: a task header, `ARG: …` and `ENV: …` with one variable per line.
        case argumentsAndEnvironment = "arguments"
        /// `-r`: a task header, then an `RLIMIT CURRENT MAXIMUM` table.
        case resourceLimits = "rlimits"
        /// `-S`: one `  ST: count` line per state.
        case summary
    }

    /// The column widths of the table layouts, which crash 8.0.2 widened (commit d8869b0).
    public enum ColumnWidths: String, Hashable, Sendable {
        /// Before 8.0.2: PID and PPID at least 5 wide, CPU 2, VSZ 7, RSS 6.
        case narrow
        /// 8.0.2 and later: PID and PPID at least 7 wide, CPU 3, VSZ and RSS 8.
        case wide
    }

    /// Which entry of ``Transcript/commands`` printed the table.
    public var commandIndex: Int
    /// The output lines read (empty when the command printed nothing).
    public var lines: LineSpan
    /// The layout the flags chose.
    public var layout: Layout
    /// The option letters given, each as `-x`, in order (`ps -us` gives `["-u", "-s"]`);
    /// for `foreach … ps` the flags after `ps`.
    public var flags: [String]
    /// The argument of `-C` (`0`, `1,3`, `all`), for `-l`/`-m` grouped by CPU.
    public var cpuSelection: String?
    /// The argument of `-y` (a scheduling policy name or number).
    public var policySelection: String?
    /// The task selectors given: pids, task addresses, names, `'regex'`; for `foreach` its
    /// selectors (`RU`, `kernel`, `bash`…).
    public var selectors: [String]
    /// The state `foreach` selected tasks by (`foreach UN ps`), when it was given one.
    public var stateFilter: TaskState?
    /// True when `foreach` ran `ps`.
    public var isForeach: Bool
    /// The column names of the header line as printed (`PID`, `PPID`, `CPU`, `TASK`, `ST`,
    /// `%MEM`, `VSZ`, `RSS`, `COMM`); empty when no header was printed (`-H`, other layouts).
    public var columns: [String]
    /// The input line of the column header, when there was one.
    public var headerLine: Int?
    /// Narrow or wide columns, judged from how far the header's `PID` is indented.
    public var columnWidths: ColumnWidths?
    /// One entry per task line, in print order.
    public var entries: [ProcessEntry]
    /// `ps -S`: the count of tasks in each state, in crash's order (first seen first).
    public var stateCounts: [StateCount]
    /// `ps -l -C …` / `ps -m -C …`: the `CPU: n` lines that head each CPU's tasks.
    public var cpuGroups: [CPUGroup]
    /// True when a person cut lines out (`...`), so counts are lower bounds.
    public var isPartial: Bool

    /// An empty table printed by command `commandIndex` in `layout`.
    public init(
        commandIndex: Int, lines: LineSpan, layout: Layout, flags: [String] = [], cpuSelection: String? = nil,
        policySelection: String? = nil, selectors: [String] = [], stateFilter: TaskState? = nil, isForeach: Bool = false
    ) {
        self.commandIndex = commandIndex
        self.lines = lines
        self.layout = layout
        self.flags = flags
        self.cpuSelection = cpuSelection
        self.policySelection = policySelection
        self.selectors = selectors
        self.stateFilter = stateFilter
        self.isForeach = isForeach
        columns = []
        headerLine = nil
        columnWidths = nil
        entries = []
        stateCounts = []
        cpuGroups = []
        isPartial = false
    }

    /// The entries crash marked active (`>` or `-`): the tasks running on a CPU in the dump.
    public var activeEntries: [ProcessEntry] { entries.filter(\.isActive) }

    /// The entries listed directly under entry number `index` (its children for `-p`/`-c`,
    /// its threads for `-g`).
    public func entries(listedUnder index: Int) -> [ProcessEntry] {
        entries.filter { $0.listedUnder == index }
    }

    /// A `ps -S` line: `  RU: 12`.
    public struct StateCount: Hashable, Sendable {
        /// The state code as printed.
        public var state: TaskState
        /// How many tasks are in that state.
        public var count: Int
        /// The input line.
        public var line: Int

        /// A count of `count` tasks in `state`, printed on `line`.
        public init(state: TaskState, count: Int, line: Int) {
            self.state = state
            self.count = count
            self.line = line
        }
    }

    /// A `CPU: 2` (or `CPU: 3 [OFFLINE]`) line that heads one CPU's tasks under `ps -l -C` / `ps -m -C`.
    public struct CPUGroup: Hashable, Sendable {
        /// The CPU number.
        public var cpu: Int
        /// True for `[OFFLINE]`: crash lists no task for that CPU.
        public var isOffline: Bool
        /// The input line.
        public var line: Int

        /// The heading of `cpu`'s group on `line`.
        public init(cpu: Int, isOffline: Bool, line: Int) {
            self.cpu = cpu
            self.isOffline = isOffline
            self.line = line
        }
    }
}
