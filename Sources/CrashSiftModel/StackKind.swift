/// Which stack a frame was on: the task's own stack, or one of the per-CPU stacks the kernel
/// switches to for interrupts and exceptions.
///
/// The raw value is the stable name used in JSON and in rules (`process`, `irq`, `nmi`, …).
/// Crash's separator spellings map onto these in the parser's stack-switch table; a
/// spelling the table does not know keeps its own lower-cased name (``named(_:)``).
/// Every frame carries one, so the known kinds are plain enum cases (no string to copy).
public enum StackKind: Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The task's kernel stack (where a trace ends up after every switch).
    case process
    /// A hard-IRQ stack (`--- <IRQ stack> ---`, `--- <hard IRQ> ---`).
    case irq
    /// A soft-IRQ stack (`--- <soft IRQ> ---`).
    case softirq
    /// The NMI exception stack (`--- <NMI exception stack> ---`).
    case nmi
    /// The debug exception stack.
    case debug
    /// The stack-fault exception stack.
    case stackfault
    /// The double-fault exception stack.
    case doublefault
    /// The machine-check exception stack.
    case mce
    /// The VMM communication (#VC, SEV-ES) exception stack.
    case vc
    /// An exception stack crash could not name (`--- <exception stack> ---`, `(unknown)`).
    case exception
    /// The arm64 / riscv64 per-CPU overflow stack.
    case overflow
    /// The x86_64 KPTI entry trampoline stack.
    case entryTrampoline
    /// The ppc64 emergency stack.
    case emergency
    /// The ppc64 NMI emergency stack.
    case nmiEmergency
    /// The ppc64 machine-check emergency stack.
    case machineCheckEmergency
    /// A stack crash named in a way the parser's table does not know, by its derived name.
    case named(String)

    /// The kinds with a fixed name, in the order above.
    public static let known: [StackKind] = [
        .process, .irq, .softirq, .nmi, .debug, .stackfault, .doublefault, .mce, .vc, .exception, .overflow,
        .entryTrampoline, .emergency, .nmiEmergency, .machineCheckEmergency,
    ]

    /// The kind whose stable name is `rawValue` (a known kind, or `named(rawValue)`).
    public init(rawValue: String) {
        self = Self.known.first { $0.rawValue == rawValue } ?? .named(rawValue)
    }

    public init(stringLiteral value: String) { self.init(rawValue: value) }

    /// The stable name: `process`, `irq`, `entry-trampoline`, …
    public var rawValue: String {
        switch self {
        case .process: "process"
        case .irq: "irq"
        case .softirq: "softirq"
        case .nmi: "nmi"
        case .debug: "debug"
        case .stackfault: "stackfault"
        case .doublefault: "doublefault"
        case .mce: "mce"
        case .vc: "vc"
        case .exception: "exception"
        case .overflow: "overflow"
        case .entryTrampoline: "entry-trampoline"
        case .emergency: "emergency"
        case .nmiEmergency: "nmi-emergency"
        case .machineCheckEmergency: "machine-check-emergency"
        case .named(let name): name
        }
    }

    public var description: String { rawValue }
}
