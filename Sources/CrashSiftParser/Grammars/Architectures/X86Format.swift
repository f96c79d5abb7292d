import CrashSiftModel

extension ArchitectureFormat {
    /// x86_64: crash's `RIP`/`RSP`/`ORIG_RAX` rows; the kernel's `RIP: 0010:func+0x1/0x2`,
    /// `RSP: 0018:…`, `RAX: …` rows. Kernel text at `ffffffff8…`, modules at `ffffffffa…`/`ffffffffc…`.
    static let x86_64 = ArchitectureFormat(
        architecture: .x86_64, machines: ["x86_64", "amd64"],
        crashRegisters: ["RIP", "RSP", "RAX", "RBX", "RCX", "RDX", "RSI", "RDI", "RBP", "ORIG_RAX"],
        consoleRegisters: ["RIP", "RSP", "RAX", "RBX", "RCX", "RDX", "RSI", "RDI", "RBP"],
        symbolicRegisters: [], shortValueRegisters: [], registerRuns: [],
        textAddressPrefixes: ["ffffffff8", "ffffffff9", "ffffffffa", "ffffffffc"], addressDigits: 16
    )

    /// 32-bit x86: crash's `EIP`, `EAX`…, `DS`/`ES`/`FS`/`GS` rows and `(via X)` frames;
    /// the kernel's `EIP: 0060:[<c10a0e0e>]`, `EAX: …`. Kernel text at `c0…`/`c1…`, 8 digits.
    static let x86 = ArchitectureFormat(
        architecture: .x86, machines: ["i386", "i486", "i586", "i686", "x86"],
        crashRegisters: ["EIP", "ESP", "EAX", "EBX", "ECX", "EDX", "ESI", "EDI", "EBP", "ORIG_EAX"],
        consoleRegisters: ["EIP", "ESP", "EAX", "EBX", "ECX", "EDX", "ESI", "EDI", "EBP"],
        symbolicRegisters: [], shortValueRegisters: [], registerRuns: [],
        textAddressPrefixes: ["c0", "c1", "c2"], addressDigits: 8
    )
}
