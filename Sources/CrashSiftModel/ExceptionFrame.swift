import CrashSiftText

/// A register dump crash printed inside a backtrace: the state saved when an exception,
/// interrupt or system call entered the kernel.
///
/// On x86_64 a kernel-mode dump starts with `[exception RIP: generic_exec_single+0xfa]`
/// (``symbol``) and a user-mode dump at the bottom of a syscall stack has registers only.
/// It belongs to the frame printed just before it (``Frame/exception``); dumps with no frame
/// before them (`bt -e`, an active task's saved registers, a dump right after a stack switch)
/// are kept in ``Backtrace/exceptionFrames``.
public struct ExceptionFrame: Hashable, Sendable {
    /// Whether the interrupted context was kernel or user code.
    public enum Mode: String, Hashable, Sendable {
        /// Kernel code was interrupted (x86_64 `[exception RIP: …]`, `KERNEL-MODE`, CS ring 0).
        case kernel
        /// User code entered the kernel (syscall or interrupt from user mode, CS ring 3).
        case user
        /// The text does not say.
        case unknown
    }

    /// The first input line of the dump (its heading, its `[exception RIP: …]` line, or its first register line).
    public var line: Int
    /// Kernel or user mode.
    public var mode: Mode
    /// The interrupted location as crash printed it: `generic_exec_single+0xfa`,
    /// `__do_sys_getppid`, `unknown or invalid address`, `user space`.
    public var symbol: String?
    /// The interrupted function, when ``symbol`` names one.
    public var function: String?
    /// The offset into ``function`` in bytes, when printed (decimal or `0x` hex as crash chose).
    public var offset: Int?
    /// A heading line crash printed before the dump, verbatim and trimmed:
    /// `KERNEL-MODE EXCEPTION FRAME AT: ffffc900003f3e68`, `Hardware Interrupt [500] exception frame:`.
    public var heading: String?
    /// The address in the heading (where the saved registers are), when it has one.
    public var address: HexNumber?
    /// The saved registers, in print order.
    public var registers: RegisterSet
    /// The `bt -l` source line printed after the dump, when present.
    public var sourceLine: SourceReference?
    /// True when crash warned `possibly bogus exception frame` right after this dump.
    public var possiblyBogus: Bool
    /// The stack this dump was found on (the carrier frame's stack).
    public var stack: StackKind

    /// A dump starting on input line `line`.
    public init(
        line: Int, mode: Mode = .unknown, symbol: String? = nil, function: String? = nil, offset: Int? = nil,
        heading: String? = nil, address: HexNumber? = nil, registers: RegisterSet, sourceLine: SourceReference? = nil,
        possiblyBogus: Bool = false, stack: StackKind = .process
    ) {
        self.line = line
        self.mode = mode
        self.symbol = symbol
        self.function = function
        self.offset = offset
        self.heading = heading
        self.address = address
        self.registers = registers
        self.sourceLine = sourceLine
        self.possiblyBogus = possiblyBogus
        self.stack = stack
    }

    /// The last input line of the dump.
    public var lastLine: Int {
        max(line, registers.lines.upperBound, sourceLine?.inputLine ?? line)
    }
}
