import CrashSiftText

/// One CPU's run queue as one `runq` command printed it: the CPU line, its current task, and
/// the queues of runnable tasks under it.
///
/// ```
/// CPU 2 RUNQUEUE: ffff88803f332c00
///   CURRENT: PID: 150    TASK: ffff88803fd8c200  COMMAND: "crashtest_spin/"
///   RT PRIO_ARRAY: ffff88803f332e40
///      [ 98] PID: 35     TASK: ffff888004b48000  COMMAND: "rcuc/2"
///   CFS RB_ROOT: ffff88803f332cb0
///      [no tasks queued]
/// ```
///
/// The other layouts fill other properties: `runq -t` the run-queue ``clock`` and the current
/// task's ``RunQueueTask/lastRun``, `runq -m` ``currentRunMilliseconds``, `runq -T`
/// ``lagSeconds``, `runq -g` task groups (``SchedulerQueue/groups``). Every CPU of every `runq`
/// command is one `RunQueue`.
public struct RunQueue: Hashable, Sendable {
    /// The CPU number.
    public var cpu: Int
    /// The input line of the CPU line.
    public var line: Int
    /// Which entry of ``Transcript/commands`` printed it.
    public var commandIndex: Int?
    /// The `struct rq` address (`RUNQUEUE: ADDR`), when printed.
    public var address: HexNumber?
    /// True for `CPU 3 [OFFLINE]`: crash printed nothing else for this CPU.
    public var isOffline: Bool
    /// The task running on the CPU (`CURRENT: PID: …`; with `-t` and `-m` the task line of the CPU).
    public var current: RunQueueTask?
    /// The running task's address when crash printed it without a task (`CURRENT: ADDR`).
    public var currentAddress: HexNumber?
    /// `runq -t`: the run queue's clock in nanoseconds (`CPU 0: 18447204039`).
    public var clock: Int?
    /// `runq -m`: how long the current task has run, in milliseconds (`[0 00:00:00.014]`).
    public var currentRunMilliseconds: Int?
    /// `runq -T`: how far this CPU's clock is behind the most recent one, in seconds (`CPU 1: 0.04 secs`).
    public var lagSeconds: Double?
    /// The queues in print order: `RT PRIO_ARRAY` then `CFS RB_ROOT` (CFS kernels), `ACTIVE` then
    /// `EXPIRED PRIO_ARRAY` (O(1) kernels), or the root task group's `RT_RQ` and `CFS_RQ` (`-g`).
    public var queues: [SchedulerQueue]

    /// A run queue of `cpu` whose CPU line is `line`.
    public init(
        cpu: Int, line: Int, commandIndex: Int? = nil, address: HexNumber? = nil, isOffline: Bool = false,
        current: RunQueueTask? = nil, queues: [SchedulerQueue] = []
    ) {
        self.cpu = cpu
        self.line = line
        self.commandIndex = commandIndex
        self.address = address
        self.isOffline = isOffline
        self.current = current
        self.queues = queues
    }

    /// Every queued task, depth first through task groups, in print order within each queue.
    public var queuedTasks: [RunQueueTask] { queues.flatMap(\.allTasks) }
}

/// A queue of runnable tasks inside a run queue: a scheduling class's queue (`RT PRIO_ARRAY`,
/// `CFS RB_ROOT`, O(1)'s `ACTIVE`/`EXPIRED PRIO_ARRAY`) or a task group's (`TASK_GROUP: ADDR
/// CFS_RQ: ADDR`), with the groups nested in it.
public struct SchedulerQueue: Hashable, Sendable {
    /// The scheduling class or O(1) array the queue belongs to.
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        /// Real-time (`RT PRIO_ARRAY`, `RT_RQ`).
        case realTime = "rt"
        /// The fair class (`CFS RB_ROOT`, `CFS_RQ`).
        case fair = "cfs"
        /// O(1) scheduler: the active array.
        case active
        /// O(1) scheduler: the expired array.
        case expired
    }

    /// The class or array.
    public var kind: Kind
    /// The queue's address: the `PRIO_ARRAY`, `RB_ROOT`, `RT_RQ` or `CFS_RQ` value.
    public var address: HexNumber?
    /// The `task_group` address (`runq -g`, and group entries), when printed.
    public var taskGroup: HexNumber?
    /// How crash named the group's level: `ROOT_TASK_GROUP`, `INIT_TASK_GROUP`, `TASK_GROUP`;
    /// nil for a class queue.
    public var groupLabel: String?
    /// The cgroup name crash printed in angle brackets (`<libvirt>`), without them.
    public var groupName: String?
    /// The priority slot a real-time group entry sits in (`[  0] TASK_GROUP: …`).
    public var priority: Int?
    /// True when crash printed `(THROTTLED)`.
    public var isThrottled: Bool
    /// The tasks directly in this queue, in print order (`[no tasks queued]` leaves it empty).
    public var tasks: [RunQueueTask]
    /// The task groups nested in this queue, in print order.
    public var groups: [SchedulerQueue]
    /// The input line of the queue's heading.
    public var line: Int

    /// A queue of `kind` whose heading is on `line`.
    public init(
        kind: Kind, address: HexNumber?, taskGroup: HexNumber? = nil, groupLabel: String? = nil, groupName: String? = nil,
        priority: Int? = nil, isThrottled: Bool = false, tasks: [RunQueueTask] = [], groups: [SchedulerQueue] = [], line: Int
    ) {
        self.kind = kind
        self.address = address
        self.taskGroup = taskGroup
        self.groupLabel = groupLabel
        self.groupName = groupName
        self.priority = priority
        self.isThrottled = isThrottled
        self.tasks = tasks
        self.groups = groups
        self.line = line
    }

    /// This queue's tasks and, after them, those of its groups (depth first).
    public var allTasks: [RunQueueTask] { tasks + groups.flatMap(\.allTasks) }
}

/// A task line of `runq`: `[120] PID: 137    TASK: ffff88803fbe8000  COMMAND: "burn"`.
public struct RunQueueTask: Hashable, Sendable {
    /// The process id.
    public var pid: Int
    /// The `task_struct` address.
    public var taskAddress: HexNumber?
    /// The kernel's `comm`, without the quotes.
    public var command: String
    /// The priority crash printed in brackets (`[120]`, `[ 98]`; the prio-array slot for
    /// real-time tasks). An O(1) task printed under the one before it shares its priority.
    public var priority: Int?
    /// True for `runq -g`'s `[CURRENT]` mark: the task is running, not waiting.
    public var isCurrent: Bool
    /// `runq -t`: the task's last-run timestamp in nanoseconds.
    public var lastRun: Int?
    /// The input line.
    public var line: Int

    /// A task on `line`.
    public init(pid: Int, taskAddress: HexNumber?, command: String, priority: Int? = nil, isCurrent: Bool = false, lastRun: Int? = nil, line: Int) {
        self.pid = pid
        self.taskAddress = taskAddress
        self.command = command
        self.priority = priority
        self.isCurrent = isCurrent
        self.lastRun = lastRun
        self.line = line
    }
}
