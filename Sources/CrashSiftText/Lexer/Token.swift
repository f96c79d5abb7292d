/// One token of crash output: what kind it is and where its bytes are.
///
/// Tokens hold byte ranges into the input, never `String`s.
public struct Token: Hashable, Sendable {
    /// What the bytes are.
    public var kind: TokenKind
    /// The token's bytes, as offsets into the input buffer.
    public var range: Range<Int>

    /// A token of `kind` over `range`.
    public init(_ kind: TokenKind, _ range: Range<Int>) {
        self.kind = kind
        self.range = range
    }
}

/// The kinds of token crash prints. The lexer classifies by shape; grammars decide meaning
/// (a `decimal` token such as `0010` is also a valid hex register value).
public enum TokenKind: String, Hashable, Sendable, CaseIterable {
    /// Decimal digits only: `42`, `0010`. Like `hex`, at most 16 digits; longer runs are words.
    case decimal
    /// Hex digits with at least one letter, or with a `0x` prefix: `ffff8b1d9df09e40`, `0x1f`;
    /// at most 16 digits (what fits a ``HexNumber``), either case.
    case hex
    /// A frame number: `#12`.
    case frameNumber
    /// A stack address in brackets, as at the start of a frame: `[ffff8b1d9df09e40]`.
    case stackAddress
    /// A symbol with an offset and optional length and module: `sched_show_task+0xb6/0x120 [mod]`.
    case symbolReference
    /// An upper-case key followed by a colon: a register name (`RIP:`, `R8:`) or a header key (`PID:`).
    case label
    /// A string in double quotes, as crash prints `COMMAND: "bash"`; the quotes are included.
    /// The token ends at the *next* quote; an unterminated one runs to the end of the line
    /// (and has no closing quote). For crash's `COMMAND: "<comm>"`, whose name may itself
    /// contain quotes, grammars use ``Lexer/Cursor/lexQuotedToLastQuote()`` instead.
    case quotedString
    /// Any other bracketed text on one line: `[crashtest]`, `[exception RIP: f+0x1]`, `[...]`.
    case bracketed
    /// Parenthesised text on one line: `(via system_call)`, `(unreliable)`, `(user space)`.
    case parenthesized
    /// A whole stack-switch marker: `--- <IRQ stack> ---`, `---<Emergency Stack>---`.
    case stackSwitch
    /// A run of other non-blank bytes: `at`, `machine_kexec`, `bt:`.
    case word
}
