import CrashSiftModel

extension ArchitectureFormat {
    /// s390x. crash: `PSW:  w w (sym+off)`, `GPRS:` four values to a row and three rows of
    /// bare values, lowcore blocks (`LOWCORE INFO:`, `-psw      : 0x… 0x…`, `-general
    /// registers:`); frame numbers restart on each stack. Kernel log (`show_registers`):
    /// `Krnl PSW : w w (func+0x1/0x2)`, a `R:0 T:1 IO:1 …` row, `Krnl GPRS: v v v v` and three
    /// rows of four more (R0…R15), `Krnl Code:`, then `Call Trace:` with ` [<addr>] func+0x1/0x2`
    /// and `([<addr>] func+0x1/0x2)` frames, and `Last Breaking-Event-Address:`.
    static let s390x = ArchitectureFormat(
        architecture: .s390x, machines: ["s390x", "s390"],
        crashRegisters: ["PSW", "GPRS", "general registers"],
        consoleRegisters: ["R0"],
        symbolicRegisters: [],
        shortValueRegisters: [],
        registerRuns: [
            RegisterRun(prefix: "Krnl GPRS:", numbered: false, namePrefix: "R", nameDigits: 1, continues: true),
            RegisterRun(prefix: "User GPRS:", numbered: false, namePrefix: "R", nameDigits: 1, continues: true),
        ],
        textAddressPrefixes: ["00000000000", "000003ff"], addressDigits: 16,
        partialRows: ["R:"], codeHeadings: ["Krnl Code:", "User Code:"], frameAsideHeadings: ["Last Breaking-Event-Address:"]
    )
}
