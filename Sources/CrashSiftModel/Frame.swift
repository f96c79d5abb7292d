import CrashSiftText

/// One line of a backtrace: `#4 [ffff8b24eb39fb20] generic_exec_single at ffffffff83306d6a`,
/// with whatever crash printed under it (`-f` stack words, `-l` source line, a register dump).
///
/// A `foreach bt` of a large system has hundreds of thousands of frames, and few of them have
/// anything printed under them, so those rarer parts live in one shared, copy-on-write box
/// and a frame stays small. They read and write like ordinary properties.
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
    /// True when crash marked the frame with ` *` (x86_64: frame size could not be computed).
    public var frameSizeUnknown: Bool
    /// False when crash marked the frame `(unreliable)` (ppc64).
    public var reliable: Bool
    /// The input line (from 1).
    public var line: Int
    /// The stack the frame was on.
    public var stack: StackKind
    /// The rarely present parts; nil when the frame has none of them.
    @usableFromInline var extras: Extras?

    /// A frame with the fields of its line; everything printed under it is added by the parser.
    /// (Inlinable: the parser makes one per frame line, hundreds of thousands per input.)
    @inlinable
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
        self.frameSizeUnknown = frameSizeUnknown
        self.reliable = reliable
        self.line = line
        self.stack = stack
        self.extras = nil
        if let via { self.via = via }
    }

    /// The `(via X)` name: `system_call` for x86_64 `tracesys`, the lock function for `.text.lock`.
    public var via: String? {
        get { extras?.via }
        set { if newValue != nil || extras != nil { mutableExtras().via = newValue } }
    }

    /// The register dump printed right after this frame, if any.
    public var exception: ExceptionFrame? {
        get { extras?.exception }
        set { if newValue != nil || extras != nil { mutableExtras().exception = newValue } }
    }

    /// The `bt -l` source line printed under the frame.
    public var sourceLine: SourceReference? {
        get { extras?.sourceLine }
        set { if newValue != nil || extras != nil { mutableExtras().sourceLine = newValue } }
    }

    /// The `bt -f`/`-F`/`-FF` stack words printed under the frame.
    public var stackData: [StackWords] {
        get { extras?.stackData ?? [] }
        set { if !newValue.isEmpty || extras != nil { mutableExtras().stackData = newValue } }
    }

    /// The guessed call arguments old i386 crash printed under a frame: `(5, c7681fa4, c7681fa0)`.
    public var arguments: String? {
        get { extras?.arguments }
        set { if newValue != nil || extras != nil { mutableExtras().arguments = newValue } }
    }

    /// The function's size, printed after the offset in kernel call traces (`func+0x1/0x2`).
    public var symbolSize: Int? {
        get { extras?.symbolSize }
        set { if newValue != nil || extras != nil { mutableExtras().symbolSize = newValue } }
    }

    /// The module's build id, printed after the module name in newer kernel call traces.
    public var buildID: String? {
        get { extras?.buildID }
        set { if newValue != nil || extras != nil { mutableExtras().buildID = newValue } }
    }

    /// The box of rare parts, made for this frame alone (copied first when another frame shares it).
    private mutating func mutableExtras() -> Extras {
        if extras == nil {
            extras = Extras()
        } else if !isKnownUniquelyReferenced(&extras!) {
            extras = extras!.copy()
        }
        return extras!
    }

    public static func == (lhs: Frame, rhs: Frame) -> Bool {
        lhs.index == rhs.index && lhs.sp == rhs.sp && lhs.function == rhs.function && lhs.offset == rhs.offset
            && lhs.address == rhs.address && lhs.module == rhs.module && lhs.frameSizeUnknown == rhs.frameSizeUnknown
            && lhs.reliable == rhs.reliable && lhs.line == rhs.line && lhs.stack == rhs.stack
            && lhs.via == rhs.via && lhs.exception == rhs.exception && lhs.sourceLine == rhs.sourceLine
            && lhs.stackData == rhs.stackData && lhs.arguments == rhs.arguments
            && lhs.symbolSize == rhs.symbolSize && lhs.buildID == rhs.buildID
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(index)
        hasher.combine(sp)
        hasher.combine(function)
        hasher.combine(address)
        hasher.combine(line)
        hasher.combine(exception)
    }

    /// The box for the rare parts. Only ever mutated through `mutableExtras()`, which makes
    /// it unique first (copy on write), so sharing it between threads is safe.
    @usableFromInline
    final class Extras: @unchecked Sendable {
        var via: String?
        var exception: ExceptionFrame?
        var sourceLine: SourceReference?
        var stackData: [StackWords] = []
        var arguments: String?
        var symbolSize: Int?
        var buildID: String?

        init() {}

        func copy() -> Extras {
            let copy = Extras()
            copy.via = via
            copy.exception = exception
            copy.sourceLine = sourceLine
            copy.stackData = stackData
            copy.arguments = arguments
            copy.symbolSize = symbolSize
            copy.buildID = buildID
            return copy
        }
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
