import CrashSiftModel
import PCRE2

/// A documented failure signature, read from a rule file (see `BuiltInRules/README.md` for
/// the format): clauses over tasks, the log, per-cpu lists and the kernel, which ones are
/// required, and what a finding says.
public struct Rule: Sendable {
    /// Kebab-case, the rule file's name; never changes once released.
    public var id: String
    /// One line naming the problem.
    public var title: String
    /// How bad the problem is.
    public var severity: Severity
    /// Earlier ids of the same rule.
    public var aliases: [String]
    /// What the matcher never reads: rationale, references, affected and fixed releases.
    public var about: About
    /// The clauses, in the order they are evaluated and reported.
    public var clauses: [Clause]
    /// The finding's message.
    public var message: MessageTemplate
    /// Texts the rule must and must not find something in.
    public var examples: Examples
    /// The file the rule came from (`built-in:<id>` for the catalogue's own).
    public var file: String

    /// The roles the rule's task clauses bind, in order.
    public var roles: [String] {
        clauses.compactMap { if case .task(let task) = $0.predicate { task.role } else { nil } }
    }
}

/// How bad a problem is.
public enum Severity: String, Sendable, CaseIterable, Comparable, Codable {
    case info, low, medium, high, critical

    public static func < (a: Severity, b: Severity) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// A rule's description for people.
public struct About: Sendable, Hashable {
    public var summary: String?
    public var references: [String]
    public var affected: String?
    public var fixed: String?
    public var architectures: [String]
}

/// One condition of a rule.
public struct Clause: Sendable {
    /// Kebab-case, unique in the rule.
    public var id: String
    /// A finding needs every required clause; the others support it.
    public var isRequired: Bool
    /// `requiredGroup:` the clauses that share this name are alternatives, and a finding needs
    /// at least one of them; they do not count as supporting clauses.
    public var requiredGroup: String?
    /// When this supporting clause can be checked (its output is in the input) and is false,
    /// the finding is ruled out rather than just less sure.
    public var isDecisive: Bool
    /// What the clause means when it holds, with `{role.key}` values.
    public var says: MessageTemplate
    /// Crash commands that would supply this clause's evidence when it is missing.
    public var confirmWith: [MessageTemplate]
    /// Command lines (prefixes) whose output can answer the clause; nil for the predicate's default.
    public var answeredBy: [String]?
    /// The condition.
    public var predicate: Predicate
    /// The clause's line in the rule file.
    public var line: Int
}

/// A condition over the transcript.
public indirect enum Predicate: Sendable {
    /// A task with a call chain, state, CPU… bound to a role.
    case task(TaskPredicate)
    /// A kernel report, log record or panic message.
    case log(LogPredicate)
    /// A per-cpu list's walk: its entries.
    case perCPUList(PerCPUListPredicate)
    /// Entries of a per-cpu list's walks lie on the stacks of these roles' tasks.
    case listEntriesOnStacks(symbol: String, roles: [String])
    /// A register of a role's exception frame holds the head of a walked per-cpu list.
    case registerPointsAtList(role: String, symbol: String)
    /// The kernel's release, preemption model or architecture.
    case kernel(KernelPredicate)
    case all([Predicate])
    case any([Predicate])
    case not(Predicate)
    /// At least `count` of the predicates.
    case atLeast(Int, [Predicate])
}

/// A task bound to a role: what its call chain, state, command and CPU must be, and how it
/// relates to the other roles.
public struct TaskPredicate: Sendable {
    /// The role the task takes (`waiter`).
    public var role: String
    /// The call chain must match one of these (empty: any chain).
    public var stack: [ChainPattern]
    /// The task's state must be one of these (empty: any).
    public var states: [TaskState]
    /// The command must match this.
    public var command: NamePattern?
    /// The task must be on this CPU: a number, or a value an earlier clause matched
    /// (`{csd.target}`, a named group of its pattern).
    public var cpu: CPUConstraint?
    /// The task must be on the same CPU as the task of this role.
    public var sameCPUAs: String?
    /// The task must be on another CPU than the task of this role.
    public var otherCPUThan: String?
    /// The task must not be the task of these roles.
    public var differentFrom: [String]
    /// The task must (true) or must not (false) be the panic task.
    public var isPanicTask: Bool?
}

/// The CPU a task must be on.
public enum CPUConstraint: Sendable {
    case fixed(Int)
    /// `{name.key}`: a value of an earlier clause.
    case value(name: String, key: String)
}

/// A pattern over a call chain: frames in order, `...` for any frames between.
public struct ChainPattern: Sendable {
    public enum Step: Sendable {
        /// Any number of frames.
        case gap
        /// One frame whose function matches, optionally on a given stack, optionally only the
        /// interrupted function of an exception frame.
        case frame(NamePattern, stack: StackKind?, exceptionOnly: Bool)
    }

    public var steps: [Step]
    /// The first step must match the chain's first frame.
    public var anchoredAtTop: Bool
    /// Unreliable (`?`) frames are part of the chain.
    public var includesUnreliable: Bool
}

/// A pattern a whole name (a function, a command) must match.
public struct NamePattern: Sendable {
    /// The pattern as written, macros expanded.
    public var source: String
    /// Compiled as `^(?:source)$`.
    var pattern: Pattern
}

/// A pattern searched for inside a text (a report title, a log record).
public struct TextPattern: Sendable {
    public var source: String
    var pattern: Pattern
}

/// A kernel report, log record or panic message.
public struct LogPredicate: Sendable {
    /// A report of one of these kinds (empty: any report, when `title` is given).
    public var reportKinds: [ReportKind]
    /// The report's title must contain a match.
    public var title: TextPattern?
    /// Some log record's text must contain a match.
    public var record: TextPattern?
    /// The panic message (`sys`'s `PANIC:` or a `Kernel panic - not syncing:` report) must contain a match.
    public var panic: TextPattern?
}

/// A per-cpu list walked with `list`.
public struct PerCPUListPredicate: Sendable {
    /// The per-cpu variable (`call_single_queue`).
    public var symbol: String
    /// Some walk must have at least this many entries after its head.
    public var minimumEntries: Int
}

/// Facts about the kernel, from `sys` or the log.
public struct KernelPredicate: Sendable {
    /// A preemptible kernel (`PREEMPT`, `PREEMPT_RT`, or preemption seen in a stack or `rcu_preempt`).
    public var preemptible: Bool?
    /// A PREEMPT_RT kernel.
    public var preemptRT: Bool?
    /// The release is at least this (`3.10.0-514`).
    public var releaseAtLeast: String?
    /// The release is below this.
    public var releaseBelow: String?
    /// The machine (`x86_64`).
    public var architecture: String?
}

/// A rule's examples.
public struct Examples: Sendable {
    public var triggering: [Example]
    public var nonTriggering: [Example]
}

/// One example: crash text inline (lines starting with `↓` are the evidence lines a finding
/// must show) or a file relative to the package root.
public struct Example: Sendable {
    public var text: String?
    public var file: String?
    /// Where the example is in the rule file.
    public var line: Int
}
