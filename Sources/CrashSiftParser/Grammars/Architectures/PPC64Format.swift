import CrashSiftModel

extension ArchitectureFormat {
    /// ppc64 and ppc64le. crash: a named exception heading (`Hardware Interrupt [500]
    /// exception frame:`), `R0:`…`R31:` three to a row, `NIP:`, `MSR:`, `OR3:`, `CTR:`, `LR:`,
    /// `XER:`, `CCR:`, `MQ:`, `DAR:`, `DSISR:`, `Syscall Result:`, then `[NIP  : sym+off]` and
    /// `[LR   : sym+off]`; separators of the `--- <Emergency Stack> ---` family.
    /// Kernel log (`show_regs`): `NIP:  … LR: … CTR: …`, `REGS: … TRAP: 0300 …`,
    /// `MSR:  … <SF,EE,…>  CR: …  XER: …`, `CFAR: … DAR: … DSISR: … IRQMASK: 0`,
    /// `GPR00: v v v v` (four to a row on 64-bit), `NIP [c000…] func+0x1/0x2`, `LR [c000…] …`,
    /// `Call Trace:` with `[sp] [ip] func+0x1/0x2` frames and `--- interrupt: 901 at func+0x1/0x2`.
    static let ppc64 = ArchitectureFormat(
        architecture: .ppc64, machines: ["ppc64", "ppc64le", "ppc"],
        crashRegisters: ["NIP", "MSR", "OR3", "CCR", "DSISR", "R31"],
        consoleRegisters: ["NIP", "MSR", "GPR00", "CFAR", "TRAP", "IRQMASK"],
        symbolicRegisters: [SymbolicRegister(prefix: "NIP [", name: "NIP"), SymbolicRegister(prefix: "LR [", name: "LR")],
        shortValueRegisters: ["IRQMASK", "SOFTE", "TRAP"],
        registerRuns: [RegisterRun(prefix: "GPR", numbered: true, namePrefix: "GPR", nameDigits: 2, continues: false)],
        textAddressPrefixes: ["c000", "c008"], addressDigits: 16,
        partialRows: ["REGS:"], codeHeadings: ["Instruction dump:"], traceSeparators: ["--- interrupt:"],
        // ppc64.c ppc64_in_emergency_stack(): `---<Emergency Stack>---`, no spaces, printed
        // before the frames of that stack; kernel.c back_trace()'s IRQ stacks in `bt -t`/`-T`.
        stackSeparators: [
            StackSeparator(spelling: "Emergency Stack", kind: .emergency, closesAbove: false),
            StackSeparator(spelling: "NMI Emergency Stack", kind: .nmiEmergency, closesAbove: false),
            StackSeparator(spelling: "Machine Check Emergency Stack", kind: .machineCheckEmergency, closesAbove: false),
            StackSeparator(spelling: "hard IRQ", kind: .irq, closesAbove: true),
            StackSeparator(spelling: "soft IRQ", kind: .softirq, closesAbove: true),
        ]
    )
}
