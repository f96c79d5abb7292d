import CrashSiftText

/// One value that `p`, `px` or `pd` printed: `jiffies = $1 = 4294896919`,
/// `panic_cpu = $2 = {…}`, `$3 = 9792` for an expression, `per_cpu(irq_stat, 1) = $29 = {…}`
/// for one CPU's copy of a per-cpu variable (`p irq_stat:1`, `p irq_stat:a`).
public struct PrintResult: Hashable, Sendable {
    /// Which entry of ``Transcript/commands`` printed it.
    public var commandIndex: Int
    /// That command as typed: `p jiffies`, `px jiffies`, `p irq_stat:a`.
    public var commandLine: String
    /// What gdb printed before `$N`: the symbol (`jiffies`) or `per_cpu(irq_stat, 1)`; nil
    /// when the argument was an expression and gdb printed only `$N = …`.
    public var expression: String?
    /// The kernel symbol printed: the expression when it is a plain symbol, or the symbol
    /// inside `per_cpu(…)`.
    public var symbol: String?
    /// For a per-cpu print, the CPU whose copy this is.
    public var cpu: Int?
    /// True for `&per_cpu(sym, N) = $M = (void *) 0x…`: crash printed the copy's address
    /// because it does not know the variable's type.
    public var isAddressOf: Bool
    /// gdb's value-history number, the `N` of `$N`.
    public var historyNumber: Int
    /// The value.
    public var value: PrintedValue
    /// The input lines of the value, from the `= $N =` line to the closing brace.
    public var lines: LineSpan
    /// True when the value was cut short: an elision marker or the end of the paste came
    /// before its closing brace (what was printed is kept).
    public var isPartial: Bool

    /// A printed value.
    public init(
        commandIndex: Int, commandLine: String, expression: String?, symbol: String?, cpu: Int? = nil,
        isAddressOf: Bool = false, historyNumber: Int, value: PrintedValue, lines: LineSpan, isPartial: Bool = false
    ) {
        self.commandIndex = commandIndex
        self.commandLine = commandLine
        self.expression = expression
        self.symbol = symbol
        self.cpu = cpu
        self.isAddressOf = isAddressOf
        self.historyNumber = historyNumber
        self.value = value
        self.lines = lines
        self.isPartial = isPartial
    }
}

/// What `p <per-cpu symbol>` prints: the variable's C declaration and the address of each
/// CPU's copy.
///
/// ```
/// PER-CPU DATA TYPE:
///   struct llist_head call_single_queue;
/// PER-CPU ADDRESSES:
///   [0]: ffff88803f233d80
///   [1]: ffff88803f2b3d80
/// ```
public struct PerCPUTable: Hashable, Sendable {
    /// Which entry of ``Transcript/commands`` printed it.
    public var commandIndex: Int
    /// The per-cpu variable: the name in the declaration, or the command's argument when the
    /// declaration was not printed (crash's `[undetermined type]` still names it).
    public var symbol: String
    /// The declaration without the name and `;`: `struct llist_head`, `irq_cpustat_t`,
    /// `unsigned long [4]`, `[undetermined type]`; nil when the `PER-CPU DATA TYPE:` part
    /// was not printed or not pasted.
    public var typeText: String?
    /// The line of the declaration.
    public var declarationLine: Int?
    /// Each CPU's copy, in print order.
    public var addresses: [PerCPUAddress]
    /// CPUs crash reported as `cpu N is OFFLINE` instead of an address, with their lines.
    public var offlineCPUs: [PerCPUOffline]
    /// The input lines of the table.
    public var lines: LineSpan

    /// A table for `symbol` printed by command `commandIndex`.
    public init(
        commandIndex: Int, symbol: String, typeText: String? = nil, declarationLine: Int? = nil,
        addresses: [PerCPUAddress] = [], offlineCPUs: [PerCPUOffline] = [], lines: LineSpan
    ) {
        self.commandIndex = commandIndex
        self.symbol = symbol
        self.typeText = typeText
        self.declarationLine = declarationLine
        self.addresses = addresses
        self.offlineCPUs = offlineCPUs
        self.lines = lines
    }

    /// The address of `cpu`'s copy, when it was printed.
    public func address(ofCPU cpu: Int) -> HexNumber? { addresses.first { $0.cpu == cpu }?.address }

    /// The CPU whose copy is at `address`, when one is.
    public func cpu(at address: HexNumber) -> Int? { addresses.first { $0.address.value == address.value }?.cpu }
}

/// `  [3]: ffff88803f3b3d80`: one CPU's copy of a per-cpu variable.
public struct PerCPUAddress: Hashable, Sendable {
    /// The CPU.
    public var cpu: Int
    /// The address of its copy.
    public var address: HexNumber
    /// The input line.
    public var line: Int

    /// CPU `cpu`'s copy at `address`, printed on `line`.
    public init(cpu: Int, address: HexNumber, line: Int) {
        self.cpu = cpu
        self.address = address
        self.line = line
    }
}

/// `cpu 3 is OFFLINE`: a CPU whose copy crash did not print.
public struct PerCPUOffline: Hashable, Sendable {
    /// The CPU.
    public var cpu: Int
    /// The input line.
    public var line: Int

    /// CPU `cpu` reported offline on `line`.
    public init(cpu: Int, line: Int) {
        self.cpu = cpu
        self.line = line
    }
}

/// One CPU's copy of a per-cpu variable: `call_single_queue` of CPU 60.
public struct PerCPUReference: Hashable, Sendable, CustomStringConvertible {
    /// The per-cpu variable.
    public var symbol: String
    /// The CPU.
    public var cpu: Int

    /// CPU `cpu`'s copy of `symbol`.
    public init(symbol: String, cpu: Int) {
        self.symbol = symbol
        self.cpu = cpu
    }

    /// `per_cpu(call_single_queue, 60)`, as crash writes it.
    public var description: String { "per_cpu(\(symbol), \(cpu))" }
}
