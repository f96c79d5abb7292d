import CrashSiftModel
import CrashSiftText

/// The console register lines whose shape depends on the architecture, read through the
/// tables of `Architectures/`: a register printed as a location (arm64 `lr :`, ppc64 `LR [`),
/// a run of registers after one label (ppc64 `GPR08:`, s390x `Krnl GPRS:` and its rows),
/// flags after a value (`pstate: 60400005 (nZCv …)`, `MSR:  … <SF,EE,…>`) and short values
/// (`IRQMASK: 0`).
extension ReportLineGrammar {
    /// A register printed as a location: its name, the address when printed, the symbol.
    struct SymbolicRegister {
        var name: String
        var address: HexNumber?
        var symbol: Range<Int>?
        /// More registers printed on the same line (arm64 before 4.x: `pc : [<…>] lr : [<…>] pstate: 200001c5`).
        var rest: Range<Int>?
    }

    /// Every architecture's symbolic-register prefixes, in table order.
    private static let symbolicRegisters: [ArchitectureFormat.SymbolicRegister] = ArchitectureFormat.all.flatMap(\.symbolicRegisters)
    /// Every architecture's register runs.
    static let registerRuns: [ArchitectureFormat.RegisterRun] = ArchitectureFormat.all.flatMap(\.registerRuns)
    /// Names printed with fewer than four digits.
    private static let shortValueRegisters: Set<String> = ArchitectureFormat.all.reduce(into: []) { $0.formUnion($1.shortValueRegisters) }

    /// Reads `lr : func+0x1/0x2`, `lr : [<ffffffc000d394c4>]`, `LR [c000…] func+0x1/0x2`.
    static func symbolicRegister(_ range: Range<Int>, _ base: UnsafeBufferPointer<UInt8>) -> SymbolicRegister? {
        var c = Lexer.Cursor(base, range)
        c.skipBlanks()
        guard let entry = symbolicRegisters.first(where: { c.consume($0.prefix) }) else { return nil }
        c.skipBlanks()
        var register = SymbolicRegister(name: entry.name)
        var probe = c
        // arm64 before 4.x: `lr : [<ffffffc000d394c4>]`; ppc64: `LR [c000…]` (the `[` is in the prefix).
        let angled = probe.consume("[<")
        if let address = probe.lexHex() {
            let closed = angled ? probe.consume(">]") : (probe.consume(ASCII.closeBracket) || true)
            if closed, probe.isAtEnd || probe.peek().map(ASCII.isBlank) == true {
                register.address = address
                c = probe
                c.skipBlanks()
            }
        }
        if register.address != nil, !c.isAtEnd,
           symbolicRegisters.contains(where: { c.startsWith($0.prefix) }) || registerRow(c.rest, base) != nil {
            register.rest = c.rest
            return register
        }
        var end = c.end
        while end > c.position, ASCII.isBlank(base[end - 1]) { end -= 1 }
        if end > c.position { register.symbol = c.position..<end }
        guard register.address != nil || register.symbol != nil else { return nil }
        return register
    }

    /// A run of registers: the names and the values' ranges.
    struct RegisterRunRow {
        var run: ArchitectureFormat.RegisterRun
        /// The number of the first register of the row.
        var first: Int
        var values: [(HexNumber, Range<Int>)]
    }

    /// Reads `GPR08: v v v v` or `Krnl GPRS: v v v v`.
    static func registerRunRow(_ range: Range<Int>, _ base: UnsafeBufferPointer<UInt8>) -> RegisterRunRow? {
        var c = Lexer.Cursor(base, range)
        c.skipBlanks()
        for run in registerRuns {
            var probe = c
            guard probe.consume(run.prefix) else { continue }
            var first = 0
            if run.numbered {
                guard let number = probe.lexDecimal(), probe.consume(ASCII.colon) else { continue }
                first = number
            }
            guard let values = hexValues(&probe), !values.isEmpty else { continue }
            return RegisterRunRow(run: run, first: first, values: values)
        }
        return nil
    }

    /// Reads a row of bare hex values of four digits or more (a run's continuation row).
    static func bareValueRow(_ range: Range<Int>, _ base: UnsafeBufferPointer<UInt8>) -> [(HexNumber, Range<Int>)]? {
        var c = Lexer.Cursor(base, range)
        guard let values = hexValues(&c), !values.isEmpty, values.allSatisfy({ $0.0.digits >= 4 }) else { return nil }
        return values
    }

    private static func hexValues(_ c: inout Lexer.Cursor) -> [(HexNumber, Range<Int>)]? {
        var values: [(HexNumber, Range<Int>)] = []
        c.skipBlanks()
        while !c.isAtEnd {
            let start = c.position
            guard let number = c.lexHex() else { return nil }
            values.append((number, start..<c.position))
            c.skipBlanks()
        }
        return values
    }

    /// A group printed after a register's value that is not a value: arm64 `(nZCv daif +PAN …)`,
    /// ppc64 `<SF,EE,ME,IR,DR,RI,LE>`. Reads it (and the blanks after it) when the cursor is at one.
    static func skipFlagGroup(_ c: inout Lexer.Cursor) -> Bool {
        var probe = c
        probe.skipBlanks()
        let close: UInt8
        switch probe.peek() {
        case ASCII.openParen: close = ASCII.closeParen
        case ASCII.less: close = ASCII.greater
        default: return false
        }
        var at = probe.position + 1
        while at < probe.end, probe.base[at] != close { at += 1 }
        guard at < probe.end else { return false }
        probe.position = at + 1
        guard probe.isAtEnd || probe.peek().map(ASCII.isBlank) == true else { return false }
        c = probe
        return true
    }

    /// A row of instruction words after a code heading: ppc64 `4e800020 60000000 <99490000> …`,
    /// s390x `          >00000000009e5a2e: 50201000\t\tst\t%r2,0(%r1)`.
    static func isInstructionRow(_ range: Range<Int>, _ base: UnsafeBufferPointer<UInt8>) -> Bool {
        var c = Lexer.Cursor(base, range)
        c.skipBlanks()
        _ = c.consume(ASCII.hash) || c.consume(ASCII.greater)
        var probe = c
        if probe.lexHex() != nil, probe.consume(ASCII.colon) { return true }
        var words = 0
        while !c.isAtEnd {
            let angled = c.consume(ASCII.less)
            guard c.lexHex() != nil, !angled || c.consume(ASCII.greater) else { return false }
            words += 1
            c.skipBlanks()
        }
        return words > 0
    }

    /// Whether `name` may be printed with fewer than four digits.
    static func allowsShortValue(_ name: Range<Int>, _ base: UnsafeBufferPointer<UInt8>) -> Bool {
        shortValueRegisters.contains(String(decoding: UnsafeBufferPointer(rebasing: base[name]), as: UTF8.self))
    }
}
