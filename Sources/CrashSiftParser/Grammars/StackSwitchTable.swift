import CrashSiftModel
import CrashSiftText

/// Every stack-switch separator crash prints, and what it means: each architecture's
/// (``ArchitectureFormat/stackSeparators``, in its own file) and riscv64's, which has no table.
///
/// On x86_64, arm64 and riscv64 a separator is printed when the unwinder *leaves* a stack,
/// so it closes the frames printed above it; ppc64's emergency-stack markers are printed when
/// the walk *moves onto* that stack, so they open the frames below them. A separator is looked
/// up whatever the task's architecture: the spellings never mean different things.
enum StackSwitchTable {
    typealias Entry = ArchitectureFormat.StackSeparator

    /// riscv64.c: `--- <IRQ stack> ---` as on x86_64 and arm64, and `--- <OVERFLOW stack> ---`.
    static let riscv64: [Entry] = [
        Entry(spelling: "OVERFLOW stack", kind: .overflow, closesAbove: true),
    ]

    static let entries: [Entry] = ArchitectureFormat.all.flatMap(\.stackSeparators) + riscv64

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
