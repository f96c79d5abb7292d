import CrashSiftText

/// Everything `bt` printed for one task: frames, stack switches, register dumps,
/// `-t` text symbols, and the places where a person cut lines out.
public struct Backtrace: Hashable, Sendable {
    /// The frames in print order (innermost first).
    public var frames: [Frame]
    /// The stacks the trace ran over, in order; each names the frames it holds.
    public var segments: [StackSegment]
    /// Register dumps with no frame before them (`bt -e`, saved registers of an active task,
    /// a dump right after a stack switch), in print order.
    public var exceptionFrames: [ExceptionFrame]
    /// `bt -t` / `-T` lines: text symbols found on the stack (the `START:` line has ``TextSymbol/isStart``).
    public var textSymbols: [TextSymbol]
    /// `bt -f` stack words printed before any frame line (the frame was cut out of a paste).
    public var stackData: [StackWords]
    /// Human elision lines (`[...]`, `...`) inside the trace: the frame counts are partial.
    public var elisions: [Elision]
    /// The input lines of the trace body (after the task header), if it has any.
    public var lines: ClosedRange<Int>?
    /// True when the paste ends inside the trace (its last line cut off; see the
    /// `pasteTruncatedRecord` diagnostic).
    public var isTruncated: Bool

    /// An empty trace.
    public init() {
        frames = []
        segments = []
        exceptionFrames = []
        textSymbols = []
        stackData = []
        elisions = []
        lines = nil
        isTruncated = false
    }

    /// True when a person cut lines out of the trace, or the paste ends inside it, so counts
    /// are lower bounds.
    public var isPartial: Bool { !elisions.isEmpty || isTruncated }

    /// True when nothing was printed under the header (an idle task under `bt -n idle`, `foreach -R`).
    public var isEmpty: Bool { frames.isEmpty && exceptionFrames.isEmpty && textSymbols.isEmpty && stackData.isEmpty }

    /// The frames that were on `stack`.
    public func frames(on stack: StackKind) -> [Frame] { frames.filter { $0.stack == stack } }
}

/// One stretch of a backtrace on one stack, with the separator that ended (or started) it.
public struct StackSegment: Hashable, Sendable {
    /// Which stack.
    public var kind: StackKind
    /// The name crash printed in the separator (`IRQ stack`, `NMI exception stack`), if one was printed.
    public var name: String?
    /// The input line of the separator, if one was printed.
    public var separatorLine: Int?
    /// Positions in ``Backtrace/frames`` of the frames on this stack.
    public var frames: Range<Int>

    /// A segment of `kind` holding `frames`.
    public init(kind: StackKind, name: String? = nil, separatorLine: Int? = nil, frames: Range<Int>) {
        self.kind = kind
        self.name = name
        self.separatorLine = separatorLine
        self.frames = frames
    }
}

/// A `bt -t`/`-T` line: a text address found on the stack, `[ffffc90000164c38] machine_kexec at ffffffff81079c4f`,
/// or the `START: machine_kexec at ffffffff81079c4f` line of `-t`.
public struct TextSymbol: Hashable, Sendable {
    /// The stack address in brackets (nil for `START:`).
    public var sp: HexNumber?
    /// The function name.
    public var function: String
    /// The offset, when printed.
    public var offset: Int?
    /// The text address.
    public var address: HexNumber?
    /// The module, when the address is in one.
    public var module: String?
    /// True for the `START:` line.
    public var isStart: Bool
    /// The input line.
    public var line: Int
    /// The stack the address was found on.
    public var stack: StackKind

    /// A text-symbol line.
    public init(
        sp: HexNumber?, function: String, offset: Int? = nil, address: HexNumber?, module: String? = nil,
        isStart: Bool = false, line: Int, stack: StackKind = .process
    ) {
        self.sp = sp
        self.function = function
        self.offset = offset
        self.address = address
        self.module = module
        self.isStart = isStart
        self.line = line
        self.stack = stack
    }
}

/// A line where a person cut output out: `[...]`, `...`, `...snip...`.
public struct Elision: Hashable, Sendable {
    /// The input line.
    public var line: Int
    /// The marker as written, trimmed.
    public var text: String

    /// An elision marker on `line`.
    public init(line: Int, text: String) {
        self.line = line
        self.text = text
    }
}
