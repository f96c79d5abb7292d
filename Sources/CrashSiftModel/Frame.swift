import CrashSiftText

/// One line of a backtrace: `#4 [ffff8b24eb39fb20] generic_exec_single at ffffffff83306d6a`,
/// with whatever crash printed under it (`-f` stack words, `-l` source line, a register dump).
public struct Frame: Hashable, Sendable {
    /// Crash's frame number (`#N`). Numbers restart per stack on s390x, so they are not unique.
    public var index: Int
    /// The stack address in brackets, when it is a number (arm64 prints `[user space]`).
    public var sp: HexNumber?
    /// The function name as printed, without `+offset` (`__handle_sysrq.cold.12`, `(nfsd module)`).
    public var function: String
    /// The offset into the function when crash printed one (`bt -s`), in bytes.
    public var offset: Int?
    /// The text address (the return address, or on arm64 the call instruction).
    public var address: HexNumber?
    /// The module the address belongs to (`[crashtest]`), without brackets.
    public var module: String?
    /// The `(via X)` name: `system_call` for x86_64 `tracesys`, the lock function for `.text.lock`.
    public var via: String?
    /// True when crash marked the frame with ` *` (x86_64: frame size could not be computed).
    public var frameSizeUnknown: Bool
    /// False when crash marked the frame `(unreliable)` (ppc64).
    public var reliable: Bool
    /// The input line (from 1).
    public var line: Int
    /// The stack the frame was on.
    public var stack: StackKind
    /// The register dump printed right after this frame, if any.
    public var exception: ExceptionFrame?
    /// The `bt -l` source line printed under the frame.
    public var sourceLine: SourceReference?
    /// The `bt -f`/`-F`/`-FF` stack words printed under the frame.
    public var stackData: [StackWords]
    /// The guessed call arguments old i386 crash printed under a frame: `(5, c7681fa4, c7681fa0)`.
    public var arguments: String?

    /// A frame with the fields of its line; everything printed under it is added by the parser.
    public init(
        index: Int, sp: HexNumber?, function: String, offset: Int? = nil, address: HexNumber?,
        module: String? = nil, via: String? = nil, frameSizeUnknown: Bool = false, reliable: Bool = true,
        line: Int, stack: StackKind = .process
    ) {
        self.index = index
        self.sp = sp
        self.function = function
        self.offset = offset
        self.address = address
        self.module = module
        self.via = via
        self.frameSizeUnknown = frameSizeUnknown
        self.reliable = reliable
        self.line = line
        self.stack = stack
        self.exception = nil
        self.sourceLine = nil
        self.stackData = []
        self.arguments = nil
    }
}

/// One line of `bt -f` stack data: an address and the words stored there, as printed
/// (`-F` shows words as `sym+off` or `[slab-cache]`, so they stay text). On i386 the
/// `[RA: … SP: … FP: … SIZE: …]` summary line is kept with ``address`` nil.
public struct StackWords: Hashable, Sendable {
    /// The stack address at the start of the line.
    public var address: HexNumber?
    /// The words, verbatim.
    public var words: [String]
    /// The input line.
    public var line: Int

    /// A line of stack data.
    public init(address: HexNumber?, words: [String], line: Int) {
        self.address = address
        self.words = words
        self.line = line
    }
}
