/// Which stack a frame was on: the task's own stack, or one of the per-CPU stacks the kernel
/// switches to for interrupts and exceptions.
///
/// The raw value is the stable name used in JSON and in rules (`process`, `irq`, `nmi`, …).
/// Crash's separator spellings map onto these in the parser's stack-switch table; a
/// spelling the table does not know keeps its own lower-cased name.
public struct StackKind: RawRepresentable, Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The stable name, e.g. `irq`.
    public var rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    /// The task's kernel stack (where a trace ends up after every switch).
    public static let process: StackKind = "process"
    /// A hard-IRQ stack (`--- <IRQ stack> ---`, `--- <hard IRQ> ---`).
    public static let irq: StackKind = "irq"
    /// A soft-IRQ stack (`--- <soft IRQ> ---`).
    public static let softirq: StackKind = "softirq"
    /// The NMI exception stack (`--- <NMI exception stack> ---`).
    public static let nmi: StackKind = "nmi"
    /// The debug exception stack.
    public static let debug: StackKind = "debug"
    /// The stack-fault exception stack.
    public static let stackfault: StackKind = "stackfault"
    /// The double-fault exception stack.
    public static let doublefault: StackKind = "doublefault"
    /// The machine-check exception stack.
    public static let mce: StackKind = "mce"
    /// The VMM communication (#VC, SEV-ES) exception stack.
    public static let vc: StackKind = "vc"
    /// An exception stack crash could not name (`--- <exception stack> ---`, `(unknown)`).
    public static let exception: StackKind = "exception"
    /// The arm64 / riscv64 per-CPU overflow stack.
    public static let overflow: StackKind = "overflow"
    /// The x86_64 KPTI entry trampoline stack.
    public static let entryTrampoline: StackKind = "entry-trampoline"
    /// The ppc64 emergency stack.
    public static let emergency: StackKind = "emergency"
    /// The ppc64 NMI emergency stack.
    public static let nmiEmergency: StackKind = "nmi-emergency"
    /// The ppc64 machine-check emergency stack.
    public static let machineCheckEmergency: StackKind = "machine-check-emergency"

    public var description: String { rawValue }
}
