import CrashSiftModel

/// How one architecture shows itself in crash's output and in the kernel's log: the machine
/// names `sys` prints, the register names of its dumps, the console lines that print a
/// register as a location or a run of registers after one label, and where its kernel text
/// lives. One value per architecture, one file each (`ARM64Format.swift`, …); the parsers
/// read these tables, never a spelling of their own.
struct ArchitectureFormat: Sendable {
    /// A console line that prints one register whose value is a location:
    /// arm64 `lr : invoke_syscall+0x48/0x114`, ppc64 `LR [c0000000007f2b94] __handle_sysrq+0xe4/0x270`.
    struct SymbolicRegister: Sendable {
        /// The line starts with this (after the log prefix and blanks).
        var prefix: StaticString
        /// The register's name in the set.
        var name: String
    }

    /// A console row that prints several registers after one label: ppc64 `GPR08: v v v v`
    /// (GPR08…GPR11), s390x `Krnl GPRS: v v v v` and its continuation rows (R0…R15).
    struct RegisterRun: Sendable {
        /// The label up to the number or colon (`GPR`, `Krnl GPRS:`).
        var prefix: StaticString
        /// True when a decimal first-register number and a colon follow ``prefix`` (`GPR08:`).
        var numbered: Bool
        /// Registers are named this plus their number (`GPR` → `GPR08`, `R` → `R3`).
        var namePrefix: String
        /// Digits of the number in a name (2: `GPR08`; 1: `R3`, no padding).
        var nameDigits: Int
        /// Rows of bare hex values right after the labelled row continue the run (s390x).
        var continues: Bool
    }

    /// A stack-switch separator of crash's `bt` (`--- <IRQ stack> ---`, ppc64's
    /// `---<Emergency Stack>---`): the text between `<` and `>`, and what it means.
    struct StackSeparator: Sendable {
        /// The text between `<` and `>`, exactly.
        let spelling: StaticString
        let kind: StackKind
        /// True when the separator ends the stack printed above it (x86_64, arm64: printed
        /// when the unwinder leaves a stack); false when it starts the one below (ppc64: printed
        /// when the walk moves onto that stack).
        let closesAbove: Bool
    }

    var architecture: Architecture
    /// `sys` `MACHINE:` values (without the speed), lower-cased.
    var machines: [String]
    /// Register names of crash's `bt` dumps that this architecture alone prints.
    var crashRegisters: Set<String>
    /// Register names of the kernel's console dumps that this architecture alone prints.
    var consoleRegisters: Set<String>
    /// Console lines printing a register as a location.
    var symbolicRegisters: [SymbolicRegister]
    /// Console registers printed with fewer than four digits (ppc64 `IRQMASK: 0`).
    var shortValueRegisters: Set<String>
    /// Console rows printing a run of registers.
    var registerRuns: [RegisterRun]
    /// Kernel text addresses start with one of these (as printed, lower-case) …
    var textAddressPrefixes: [String]
    /// … and are printed with this many digits.
    var addressDigits: Int
    /// Console rows of a register dump that also print other things: the pairs read before
    /// the first word that is not one are kept (ppc64 `REGS: … TRAP: 0300   Not tainted  (…)`);
    /// a row that gives none still belongs to the dump (s390x's PSW bits `R:0 T:1 IO:1 …`).
    var partialRows: [StaticString] = []
    /// Headings of the instruction bytes printed with a dump, like x86's `Code:` (ppc64
    /// `Instruction dump:`, s390x `Krnl Code:`); rows of instruction words may follow.
    var codeHeadings: [StaticString] = []
    /// Lines inside a call trace that are not frames and do not end it (ppc64 `--- interrupt: 901 at …`).
    var traceSeparators: [StaticString] = []
    /// Headings after which one frame-shaped line is not part of the trace (s390x
    /// `Last Breaking-Event-Address:`).
    var frameAsideHeadings: [StaticString] = []

    /// Lines a fault report prints between its header and its register dump, as prefixes
    /// (arm64's `Mem abort info:` and the fields decoded under it); the page-table walk
    /// `[0000000000000008] pgd=…` is ``pageTableWalk``.
    var faultDetails: [StaticString] = []
    /// What follows the bracketed address of a page-table walk line (arm64 `] pgd=`).
    var pageTableWalk: StaticString?
    /// The stack-switch separators crash prints for this architecture (spellings from crash's
    /// x86_64.c, arm64.c, ppc64.c; see the format notes).
    var stackSeparators: [StackSeparator] = []

    /// Every architecture's partial rows, code headings, trace separators and aside headings.
    static let partialRows = all.flatMap(\.partialRows)
    static let faultDetails = all.flatMap(\.faultDetails)
    static let pageTableWalks = all.compactMap(\.pageTableWalk)
    static let codeHeadings = all.flatMap(\.codeHeadings)
    static let traceSeparators = all.flatMap(\.traceSeparators)
    static let frameAsideHeadings = all.flatMap(\.frameAsideHeadings)

    /// Every architecture's table.
    static let all: [ArchitectureFormat] = [.x86_64, .x86, .arm64, .arm, .ppc64, .s390x]

    /// The table of `architecture`.
    static func format(of architecture: Architecture) -> ArchitectureFormat {
        all.first { $0.architecture == architecture }!
    }

    /// The architecture of `sys`'s `MACHINE:` value (`x86_64`, `aarch64`, `ppc64le`, `s390x`, `i686`).
    static func architecture(machine: String) -> Architecture? {
        let name = machine.lowercased()
        return all.first { $0.machines.contains(name) }?.architecture
    }

    /// The architecture whose crash register names appear in `names` (the first name that
    /// only one architecture prints decides).
    static func architecture(crashRegisters names: some Sequence<String>) -> Architecture? {
        for name in names {
            if let format = all.first(where: { $0.crashRegisters.contains(name) }) { return format.architecture }
        }
        return nil
    }

    /// The architecture whose console register names appear in `names`.
    static func architecture(consoleRegisters names: some Sequence<String>) -> Architecture? {
        for name in names {
            if let format = all.first(where: { $0.consoleRegisters.contains(name) }) { return format.architecture }
        }
        return nil
    }

    /// The architecture whose kernel text holds most of `addresses` (as printed), when more
    /// than half of them agree.
    static func architecture(frameAddresses addresses: [String]) -> Architecture? {
        guard !addresses.isEmpty else { return nil }
        var counts: [Architecture: Int] = [:]
        for address in addresses {
            for format in all where address.count == format.addressDigits
                && format.textAddressPrefixes.contains(where: { address.hasPrefix($0) }) {
                counts[format.architecture, default: 0] += 1
                break
            }
        }
        guard let best = counts.max(by: { $0.value < $1.value }), best.value * 2 > addresses.count else { return nil }
        return best.key
    }
}
