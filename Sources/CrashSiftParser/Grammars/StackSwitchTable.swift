import CrashSiftModel
import CrashSiftText

/// Every stack-switch separator crash prints, and what it means.
///
/// On x86_64, arm64 and riscv64 a separator is printed when the unwinder *leaves* a stack,
/// so it closes the frames printed above it; ppc64's emergency-stack markers are printed when
/// the walk *moves onto* that stack, so they open the frames below them. Spellings are from
/// crash's x86_64.c, arm64.c, riscv64.c, ppc64.c and kernel.c (see the format notes).
enum StackSwitchTable {
    struct Entry {
        /// The text between `<` and `>`, exactly.
        let spelling: StaticString
        let kind: StackKind
        /// True when the separator ends the stack printed above it; false when it starts the one below.
        let closesAbove: Bool
    }

    static let entries: [Entry] = [
        Entry(spelling: "IRQ stack", kind: .irq, closesAbove: true),
        Entry(spelling: "NMI exception stack", kind: .nmi, closesAbove: true),
        Entry(spelling: "DEBUG exception stack", kind: .debug, closesAbove: true),
        Entry(spelling: "STACKFAULT exception stack", kind: .stackfault, closesAbove: true),
        Entry(spelling: "DOUBLEFAULT exception stack", kind: .doublefault, closesAbove: true),
        Entry(spelling: "MCE exception stack", kind: .mce, closesAbove: true),
        Entry(spelling: "VC exception stack", kind: .vc, closesAbove: true),
        Entry(spelling: "(unknown) exception stack", kind: .exception, closesAbove: true),
        Entry(spelling: "exception stack", kind: .exception, closesAbove: true),
        Entry(spelling: "entry trampoline stack", kind: .entryTrampoline, closesAbove: true),
        Entry(spelling: "ENTRY TRAMPOLINE stack", kind: .entryTrampoline, closesAbove: true),
        Entry(spelling: "Overflow stack", kind: .overflow, closesAbove: true),
        Entry(spelling: "OVERFLOW stack", kind: .overflow, closesAbove: true),
        Entry(spelling: "hard IRQ", kind: .irq, closesAbove: true),
        Entry(spelling: "soft IRQ", kind: .softirq, closesAbove: true),
        Entry(spelling: "Emergency Stack", kind: .emergency, closesAbove: false),
        Entry(spelling: "NMI Emergency Stack", kind: .nmiEmergency, closesAbove: false),
        Entry(spelling: "Machine Check Emergency Stack", kind: .machineCheckEmergency, closesAbove: false),
    ]

    /// The entry for the separator name `name`, or nil when crash never prints that spelling.
    static func entry(named name: Range<Int>, in base: UnsafeBufferPointer<UInt8>) -> Entry? {
        let bytes = UnsafeBufferPointer(rebasing: base[name])
        for entry in entries where entry.spelling.utf8CodeUnitCount == bytes.count {
            if bytes.elementsEqual(UnsafeBufferPointer(start: entry.spelling.utf8Start, count: bytes.count)) {
                return entry
            }
        }
        return nil
    }

    /// A kind for a spelling not in the table: the name in lower case, without a trailing
    /// `stack`/`exception stack`, blanks as dashes (`Foo Bar stack` → `foo-bar`).
    static func fallbackKind(for name: String) -> StackKind {
        var words = name.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" })
        if words.last == "stack" { words.removeLast() }
        if words.last == "exception" { words.removeLast() }
        let joined = words.joined(separator: "-")
        return StackKind(rawValue: joined.isEmpty ? "unknown" : joined)
    }
}
