import CrashSiftText

/// One register as crash printed it: its name (`RIP`, `ORIG_RAX`, `X29`, `NIP`, `PSW`) and value.
public struct Register: Hashable, Sendable {
    /// The value: a hex number when it is one (almost always), otherwise the printed text
    /// (s390x `PSW`/`GPRS` print several words; a damaged dump may print anything).
    public enum Value: Hashable, Sendable, CustomStringConvertible {
        /// A single hex number of at most 16 digits.
        case hex(HexNumber)
        /// Anything else, verbatim.
        case text(String)

        /// The number, when the value is one.
        public var number: HexNumber? {
            if case .hex(let number) = self { return number }
            return nil
        }

        /// The value as printed (hex without `0x`, zero-padded to the printed width).
        public var description: String {
            switch self {
            case .hex(let number): number.description
            case .text(let text): text
            }
        }
    }

    /// The name exactly as crash printed it, without the colon.
    public var name: String
    /// The value.
    public var value: Value
    /// A symbol crash printed next to the value (arm64 `PC: … [el1_sync]`, ppc64
    /// `[NIP  : queued_spin_lock_slowpath+1204]`, s390x `PSW: … (sym+off)`), verbatim.
    public var symbol: String?

    /// A register `name` with `value`. (Inlinable: one per register of every dump.)
    @inlinable
    public init(name: String, value: Value, symbol: String? = nil) {
        self.name = name
        self.value = value
        self.symbol = symbol
    }
}

/// The registers of one exception frame or one user-mode entry, in the order crash printed them.
public struct RegisterSet: Hashable, Sendable {
    /// The registers in print order.
    public var registers: [Register]
    /// The input lines the registers were printed on.
    public var lines: ClosedRange<Int>

    /// A register set printed on `lines`.
    public init(registers: [Register] = [], lines: ClosedRange<Int>) {
        self.registers = registers
        self.lines = lines
    }

    /// The number of registers.
    public var count: Int { registers.count }

    /// The register called `name` (as printed, e.g. `RIP`), if the set has it. (Searched
    /// from the end: the registers asked for most, `CS` and `SS`, are printed last.)
    public subscript(name: String) -> Register? {
        registers.last { $0.name == name }
    }

    /// The names of the registers, in print order.
    public var names: [String] { registers.map(\.name) }
}
