import CrashSiftModel

extension ArchitectureFormat {
    /// x86_64: crash's `RIP`/`RSP`/`ORIG_RAX` rows; the kernel's `RIP: 0010:func+0x1/0x2`,
    /// `RSP: 0018:…`, `RAX: …` rows. Kernel text at `ffffffff8…`, modules at `ffffffffa…`/`ffffffffc…`.
    static let x86_64 = ArchitectureFormat(
        architecture: .x86_64, machines: ["x86_64", "amd64"],
        crashRegisters: ["RIP", "RSP", "RAX", "RBX", "RCX", "RDX", "RSI", "RDI", "RBP", "ORIG_RAX"],
        consoleRegisters: ["RIP", "RSP", "RAX", "RBX", "RCX", "RDX", "RSI", "RDI", "RBP"],
        symbolicRegisters: [], shortValueRegisters: [], registerRuns: [],
        textAddressPrefixes: ["ffffffff8", "ffffffff9", "ffffffffa", "ffffffffc"], addressDigits: 16,
        // x86_64.c: `--- <%s exception stack> ---` (IST names from x86_64_exception_stacks_init()),
        // the DWARF unwinder's and Xen's generic one, the KPTI entry trampoline in two spellings.
        stackSeparators: [
            StackSeparator(spelling: "IRQ stack", kind: .irq, closesAbove: true),
            StackSeparator(spelling: "NMI exception stack", kind: .nmi, closesAbove: true),
            StackSeparator(spelling: "DEBUG exception stack", kind: .debug, closesAbove: true),
            StackSeparator(spelling: "STACKFAULT exception stack", kind: .stackfault, closesAbove: true),
            StackSeparator(spelling: "DOUBLEFAULT exception stack", kind: .doublefault, closesAbove: true),
            StackSeparator(spelling: "MCE exception stack", kind: .mce, closesAbove: true),
            StackSeparator(spelling: "VC exception stack", kind: .vc, closesAbove: true),
            StackSeparator(spelling: "(unknown) exception stack", kind: .exception, closesAbove: true),
            StackSeparator(spelling: "exception stack", kind: .exception, closesAbove: true),
            StackSeparator(spelling: "entry trampoline stack", kind: .entryTrampoline, closesAbove: true),
            StackSeparator(spelling: "ENTRY TRAMPOLINE stack", kind: .entryTrampoline, closesAbove: true),
        ]
    )

    /// 32-bit x86: crash's `EIP`, `EAX`…, `DS`/`ES`/`FS`/`GS` rows and `(via X)` frames;
    /// the kernel's `EIP: 0060:[<c10a0e0e>]`, `EAX: …`. Kernel text at `c0…`/`c1…`, 8 digits.
    static let x86 = ArchitectureFormat(
        architecture: .x86, machines: ["i386", "i486", "i586", "i686", "x86"],
        crashRegisters: ["EIP", "ESP", "EAX", "EBX", "ECX", "EDX", "ESI", "EDI", "EBP", "ORIG_EAX"],
        consoleRegisters: ["EIP", "ESP", "EAX", "EBX", "ECX", "EDX", "ESI", "EDI", "EBP"],
        symbolicRegisters: [], shortValueRegisters: [], registerRuns: [],
        textAddressPrefixes: ["c0", "c1", "c2"], addressDigits: 8,
        // kernel.c back_trace(): 4K-stack kernels' separate IRQ stacks, in `bt -t`/`-T`.
        stackSeparators: [
            StackSeparator(spelling: "hard IRQ", kind: .irq, closesAbove: true),
            StackSeparator(spelling: "soft IRQ", kind: .softirq, closesAbove: true),
        ]
    )
}
