/// What kind of failure a kernel report describes. The raw value is the stable name used in
/// JSON and in rules.
///
/// Some kinds are not failures in themselves but carry a stack (`taskDump`, `nmiBacktrace`,
/// `oomInvoked`): they are reports so that their call traces are kept, and they are marked
/// informational (``isInformational``).
public enum ReportKind: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// `Kernel panic - not syncing: …` and other panics.
    case panic
    /// An RCU stall: `INFO: rcu_sched self-detected stall on CPU`, `rcu: INFO: rcu_preempt detected stalls on CPUs/tasks`, expedited and tasks variants.
    case rcuStall = "rcu-stall"
    /// `watchdog: BUG: soft lockup - CPU#N stuck for Ns!`.
    case softLockup = "soft-lockup"
    /// `NMI watchdog: Watchdog detected hard LOCKUP on cpu N`.
    case hardLockup = "hard-lockup"
    /// `INFO: task X:PID blocked for more than N seconds.`
    case hungTask = "hung-task"
    /// `BUG: kernel NULL pointer dereference, address: …` (and the older spelling).
    case nullPointerDereference = "null-pointer-dereference"
    /// `BUG: unable to handle page fault for address: …`, kernel paging requests, `Unable to handle kernel paging request` (arm64).
    case pageFault = "page-fault"
    /// `general protection fault: …`.
    case generalProtectionFault = "general-protection-fault"
    /// `kernel BUG at file:line!` and `BUG: …` reports without a more specific kind.
    case kernelBug = "kernel-bug"
    /// `Oops: …` and `Internal error: Oops` with no more specific header.
    case oops
    /// `WARNING: CPU: N PID: N at file:line function` (and the older spelling).
    case warning
    /// `X invoked oom-killer` (informational: the allocation that started it).
    case oomInvoked = "oom-invoked"
    /// `Out of memory: Killed process …`, `Kernel panic - not syncing: Out of memory…`.
    case outOfMemory = "out-of-memory"
    /// Machine check and APEI/GHES hardware errors.
    case machineCheck = "machine-check"
    /// `csd: Detected non-responsive CSD lock` and its `got unstuck` sequel.
    case csdLock = "csd-lock"
    /// `NMI backtrace for cpu N` (informational).
    case nmiBacktrace = "nmi-backtrace"
    /// `Task dump for CPU N:` (informational; printed by RCU stalls).
    case taskDump = "task-dump"
    /// `sysrq: Trigger a crash`.
    case sysrq
    /// `Kernel panic - not syncing: Attempted to kill init!`.
    case killedInit = "killed-init"
    /// `Kernel panic - not syncing: stack-protector: Kernel stack is corrupted in: …`.
    case stackProtector = "stack-protector"
    /// `PANIC: double fault`, `traps: PANIC: double fault`.
    case doubleFault = "double-fault"
    /// `list_add corruption`, `list_del corruption`, `BUG: corrupted list`.
    case listCorruption = "list-corruption"
    /// `BUG: spinlock …` and other lock-state bugs.
    case spinlockBug = "spinlock-bug"
    /// `BUG: scheduling while atomic`, sleeping in atomic context.
    case schedulingWhileAtomic = "scheduling-while-atomic"
    /// Lockdep reports: possible deadlocks, inconsistent lock state, bad unlock balance…
    case lockdep
    /// KASAN reports.
    case kasan
    /// KMSAN reports.
    case kmsan
    /// UBSAN reports.
    case ubsan
    /// KFENCE reports.
    case kfence
    /// KCSAN data races.
    case kcsan
    /// kmemleak `unreferenced object` reports.
    case memoryLeak = "memory-leak"
    /// `divide error`, arithmetic traps.
    case divideError = "divide-error"
    /// A report the table knows but that fits none of the kinds above.
    case other

    /// Kinds that carry a stack but do not describe a failure by themselves.
    public var isInformational: Bool {
        switch self {
        case .taskDump, .nmiBacktrace, .oomInvoked: true
        default: false
        }
    }

    public var description: String { rawValue }
}
