import CrashSiftText

/// Every task the transcript mentions, once, with what each command said about it: `bt` and
/// `foreach` headers, `ps` rows, `runq` queues, `sys`'s panic task, and the log's `CPU: N PID: N
/// Comm: …` lines.
///
/// Entries are keyed by task address (`task_struct`); a command that prints no address (the
/// log) joins the entry with its PID when exactly one entry has that PID, else gets an entry
/// of its own. Each fact keeps the line it came from; when commands disagree (a CPU, a state,
/// a command name), every value is kept and the parser adds a note saying so.
public struct TaskIndex: Hashable, Sendable {
    /// The tasks, in the order the input first mentions them.
    public private(set) var entries: [TaskIndexEntry]
    private var positionByAddress: [UInt64: Int]
    /// The first entry with each PID; ``morePositionsByPID`` holds the rest (rare: the idle
    /// tasks share PID 0), so the common case costs no array per PID.
    private var firstPositionByPID: [Int: Int]
    private var morePositionsByPID: [Int: [Int]]

    /// An empty index.
    public init() {
        entries = []
        positionByAddress = [:]
        firstPositionByPID = [:]
        morePositionsByPID = [:]
    }

    /// Makes room for `count` entries.
    public mutating func reserveCapacity(_ count: Int) {
        entries.reserveCapacity(count)
        positionByAddress.reserveCapacity(count)
        firstPositionByPID.reserveCapacity(count)
    }

    private func positions(pid: Int) -> [Int] {
        guard let first = firstPositionByPID[pid] else { return [] }
        return [first] + (morePositionsByPID[pid] ?? [])
    }

    /// The entry of the task at `address`.
    public func entry(forTask address: HexNumber) -> TaskIndexEntry? {
        positionByAddress[address.value].map { entries[$0] }
    }

    /// The entries with process id `pid` (several for PID 0, one swapper per CPU).
    public func entries(pid: Int) -> [TaskIndexEntry] {
        positions(pid: pid).map { entries[$0] }
    }

    /// The tasks any command placed on `cpu`.
    public func tasks(onCPU cpu: Int) -> [TaskIndexEntry] {
        entries.filter { $0.cpus.contains { $0.value == cpu } }
    }

    /// The task `sys` (or crash's start-up banner) names as the one that panicked.
    public var panicTask: TaskIndexEntry? { entries.first { $0.panic != nil } }

    /// The position of the entry a fact about (`pid`, `address`, `cpu`) belongs to, creating
    /// it when no entry matches.
    public mutating func position(pid: Int, address: HexNumber?, cpu: Int?) -> Int {
        if let address {
            if let position = positionByAddress[address.value] { return position }
            // An entry made from PID alone (no address printed yet) takes the address.
            if let first = firstPositionByPID[pid], morePositionsByPID[pid] == nil, entries[first].taskAddress == nil {
                entries[first].taskAddress = address
                positionByAddress[address.value] = first
                return first
            }
            return append(TaskIndexEntry(pid: pid, taskAddress: address))
        }
        let candidates = positions(pid: pid)
        if candidates.count == 1 { return candidates[0] }
        // Several tasks share the PID (the idle tasks): the CPU tells them apart.
        if let cpu, let match = candidates.first(where: { entries[$0].cpus.contains { $0.value == cpu } }) { return match }
        return append(TaskIndexEntry(pid: pid, taskAddress: nil))
    }

    /// Changes the entry at `position`.
    public mutating func update(_ position: Int, _ change: (inout TaskIndexEntry) -> Void) {
        change(&entries[position])
    }

    private mutating func append(_ entry: TaskIndexEntry) -> Int {
        entries.append(entry)
        let position = entries.count - 1
        if let address = entry.taskAddress { positionByAddress[address.value] = position }
        if firstPositionByPID[entry.pid] == nil {
            firstPositionByPID[entry.pid] = position
        } else {
            morePositionsByPID[entry.pid, default: []].append(position)
        }
        return position
    }
}

/// One task and the facts the commands printed about it.
///
/// The facts live in one array, in the order they were added (one allocation per task, which
/// matters with 150,000 tasks); the typed lists below are read from it.
public struct TaskIndexEntry: Hashable, Sendable {
    /// The process id.
    public var pid: Int
    /// The `task_struct` address, when any command printed it.
    public var taskAddress: HexNumber?
    /// Every fact, with where it was printed.
    public private(set) var facts: [Fact]

    /// One fact about a task.
    public struct Fact: Hashable, Sendable {
        /// What was printed.
        public enum Value: Hashable, Sendable {
            case pid(Int)
            case command(String)
            case cpu(Int)
            case state(TaskState)
            case parentPID(Int)
            case runQueuePlace(RunQueuePlace)
            /// A backtrace of the task: its position in ``Transcript/tasks``.
            case backtrace(Int)
            /// `sys` or crash's start-up banner names this task as the panic task.
            case panicTask
        }

        public var value: Value
        public var source: TaskFactSource
    }

    /// A task known so far only by its PID and maybe its address.
    public init(pid: Int, taskAddress: HexNumber?) {
        self.pid = pid
        self.taskAddress = taskAddress
        facts = []
        facts.reserveCapacity(5)  // a bt header gives five facts: one allocation, not three
    }

    /// Adds `value`, printed at `source`.
    public mutating func add(_ value: Fact.Value, from source: TaskFactSource) {
        facts.append(Fact(value: value, source: source))
    }

    private func list<Value>(_ read: (Fact.Value) -> Value?) -> [TaskFact<Value>] {
        facts.compactMap { fact in read(fact.value).map { TaskFact($0, source: fact.source) } }
    }

    /// The PID as each command printed it (two PIDs for one task address is a conflict).
    public var pids: [TaskFact<Int>] { list { if case .pid(let value) = $0 { value } else { nil } } }
    /// The command name (`comm`) as each command printed it.
    public var commands: [TaskFact<String>] { list { if case .command(let value) = $0 { value } else { nil } } }
    /// The CPU as each command printed it.
    public var cpus: [TaskFact<Int>] { list { if case .cpu(let value) = $0 { value } else { nil } } }
    /// The scheduler state as each command printed it (`ps`, `foreach RU bt`).
    public var states: [TaskFact<TaskState>] { list { if case .state(let value) = $0 { value } else { nil } } }
    /// The parent's PID (`ps`).
    public var parentPIDs: [TaskFact<Int>] { list { if case .parentPID(let value) = $0 { value } else { nil } } }
    /// Where the task sits on a run queue (`runq`): current, or queued with its priority.
    public var runQueuePlaces: [TaskFact<RunQueuePlace>] { list { if case .runQueuePlace(let value) = $0 { value } else { nil } } }
    /// Where `sys` or crash's start-up banner names this task as the panic task.
    public var panic: TaskFactSource? { facts.first { $0.value == .panicTask }?.source }
    /// Positions in ``Transcript/tasks`` of this task's backtraces.
    public var backtraces: [Int] { facts.compactMap { if case .backtrace(let position) = $0.value { position } else { nil } } }

    /// The command name first printed.
    public var command: String? { facts.lazy.compactMap { if case .command(let value) = $0.value { value } else { nil } }.first }
    /// The CPU first printed.
    public var cpu: Int? { facts.lazy.compactMap { if case .cpu(let value) = $0.value { value } else { nil } }.first }
    /// The state first printed.
    public var state: TaskState? { facts.lazy.compactMap { if case .state(let value) = $0.value { value } else { nil } }.first }
}

/// Where a task was on a run queue, as `runq` printed it.
public struct RunQueuePlace: Hashable, Sendable {
    /// How the task sits on the queue.
    public enum Role: String, Hashable, Sendable {
        /// `CURRENT:` — running on the CPU.
        case current
        /// Queued on the real-time priority array.
        case realTime = "rt"
        /// Queued on the CFS tree.
        case fair = "cfs"
        /// Queued on another scheduling class's queue (deadline, EEVDF…).
        case other
    }

    /// The CPU of the run queue.
    public var cpu: Int
    /// Current or queued, and where.
    public var role: Role
    /// The printed priority (`[120]`), when queued.
    public var priority: Int?

    /// A place on CPU `cpu`'s run queue.
    public init(cpu: Int, role: Role, priority: Int? = nil) {
        self.cpu = cpu
        self.role = role
        self.priority = priority
    }
}

/// A value one command printed about a task, and where it printed it.
public struct TaskFact<Value: Hashable & Sendable>: Hashable, Sendable {
    /// The value.
    public var value: Value
    /// The command and line it came from.
    public var source: TaskFactSource

    /// `value`, printed at `source`.
    public init(_ value: Value, source: TaskFactSource) {
        self.value = value
        self.source = source
    }
}

/// The command and line a task fact came from.
public struct TaskFactSource: Hashable, Sendable, CustomStringConvertible {
    /// Which kind of output printed the fact.
    public enum Kind: String, Hashable, Sendable {
        /// A `bt` or `foreach … bt` task header.
        case backtrace
        /// A `ps` row.
        case process
        /// A `runq` line.
        case runQueue
        /// `sys` or crash's start-up banner.
        case system
        /// A kernel log line (`CPU: N PID: N Comm: …`, `Task dump for CPU N:`).
        case log
    }

    /// The kind of output.
    public var kind: Kind
    /// The input line.
    public var line: Int
    /// Which entry of ``Transcript/commands`` printed it, when known.
    public var commandIndex: Int?

    /// A fact printed on `line` by output of `kind`.
    public init(_ kind: Kind, line: Int, commandIndex: Int? = nil) {
        self.kind = kind
        self.line = line
        self.commandIndex = commandIndex
    }

    /// `ps (line 1900)`.
    public var description: String { "\(kind.rawValue) (line \(line))" }
}
