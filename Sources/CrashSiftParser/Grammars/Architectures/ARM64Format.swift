import CrashSiftModel

extension ArchitectureFormat {
    /// arm64. crash: `PC: … [sym]`, `LR: …`, `SP: …  PSTATE: …`, `X29:`…`X0:` three to a row,
    /// user frames end with `ORIG_X0:`, `SYSCALLNO:`, `PSTATE:` (compat tasks print `R0`…`R14`
    /// with `PC`, `LR`, `SP`); separators `--- <IRQ stack> ---`, `--- <Overflow stack> ---`.
    /// Kernel log (`__show_regs`): `pstate: 60400005 (nZCv daif +PAN …)`, `pc : func+0x1/0x2`,
    /// `lr : func+0x1/0x2`, `sp : …`, `x29: … x28: …` (names padded: `x9 : `), then
    /// `Call trace:` with ` func+0x1/0x2` frames, the first marked ` (P)` in newer kernels.
    static let arm64 = ArchitectureFormat(
        architecture: .arm64, machines: ["aarch64", "arm64"],
        crashRegisters: ["X29", "X28", "X0", "PSTATE", "ORIG_X0", "SYSCALLNO"],
        consoleRegisters: ["x29", "x28", "x0", "pstate"],
        symbolicRegisters: [
            SymbolicRegister(prefix: "pc :", name: "pc"), SymbolicRegister(prefix: "lr :", name: "lr"),
            // Before 4.x: `PC is at func+0x1/0x2`, `LR is at …`, then `pc : [<…>] lr : [<…>] pstate: …`.
            SymbolicRegister(prefix: "PC is at", name: "pc"), SymbolicRegister(prefix: "LR is at", name: "lr"),
        ],
        shortValueRegisters: [], registerRuns: [],
        textAddressPrefixes: ["ffff8000", "ffff8001", "ffffff80", "ffffffc0", "ffffffd0", "ffffffe0", "ffff2000", "ffffa000"],
        addressDigits: 16,
        // arch/arm64/mm/fault.c: mem_abort_decode, data_abort_decode and show_pte, printed
        // between `Unable to handle kernel … at virtual address …` and `Internal error:`.
        faultDetails: [
            "Mem abort info:", "ESR = ", "EC = ", "SET = ", "EA = ", "FSC = ",
            "Data abort info:", "ISV = ", "CM = ", "GCS = ", "Access size = ", "SSE = ", "SF = ",
            "user pgtable:", "swapper pgtable:",
        ],
        pageTableWalk: "] pgd=",
        // arm64.c arm64_switch_stack(), arm64_switch_stack_from_overflow().
        stackSeparators: [
            StackSeparator(spelling: "IRQ stack", kind: .irq, closesAbove: true),
            StackSeparator(spelling: "Overflow stack", kind: .overflow, closesAbove: true),
        ]
    )

    /// 32-bit ARM. Kernel log: `pc : [<80b0f484>]    lr : [<801a7168>]    psr: 200f0013`,
    /// `r10: …  r9 : …`, frames `[<818df678>] (dump_backtrace) from [<818df774>] (show_stack+0x18/0x1c)`.
    static let arm = ArchitectureFormat(
        architecture: .arm, machines: ["arm", "armv7l", "armv6l"],
        crashRegisters: [], consoleRegisters: ["psr"],
        symbolicRegisters: [], shortValueRegisters: [], registerRuns: [],
        textAddressPrefixes: ["80", "c0"], addressDigits: 8
    )
}
