/// Byte classes for the ASCII subset that crash prints; everything else is "other".
///
/// The parser works on raw bytes (see README, "Architecture"), so these are the only
/// character tests it needs. Bytes ≥ 0x80 are never letters, digits or blanks here.
public enum ASCII {
    public static let tab: UInt8 = 0x09
    public static let newline: UInt8 = 0x0A
    public static let carriageReturn: UInt8 = 0x0D
    public static let space: UInt8 = 0x20
    public static let quote: UInt8 = 0x22          // "
    public static let hash: UInt8 = 0x23           // #
    public static let openParen: UInt8 = 0x28      // (
    public static let closeParen: UInt8 = 0x29     // )
    public static let star: UInt8 = 0x2A           // *
    public static let plus: UInt8 = 0x2B           // +
    public static let minus: UInt8 = 0x2D          // -
    public static let dot: UInt8 = 0x2E            // .
    public static let slash: UInt8 = 0x2F          // /
    public static let colon: UInt8 = 0x3A          // :
    public static let less: UInt8 = 0x3C           // <
    public static let greater: UInt8 = 0x3E        // >
    public static let openBracket: UInt8 = 0x5B    // [
    public static let closeBracket: UInt8 = 0x5D   // ]
    public static let underscore: UInt8 = 0x5F     // _

    /// Space or horizontal tab (the only blanks crash prints inside a line).
    @inline(__always) public static func isBlank(_ b: UInt8) -> Bool { b == space || b == tab }
    /// Blank, line feed, carriage return, vertical tab or form feed: what a trim removes.
    @inline(__always) public static func isWhitespace(_ b: UInt8) -> Bool {
        b == space || (b >= 0x09 && b <= 0x0D)
    }
    @inline(__always) public static func isDigit(_ b: UInt8) -> Bool { b &- 0x30 < 10 }
    @inline(__always) public static func isUpper(_ b: UInt8) -> Bool { b &- 0x41 < 26 }
    @inline(__always) public static func isLower(_ b: UInt8) -> Bool { b &- 0x61 < 26 }
    @inline(__always) public static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) &- 0x61 < 26 }
    @inline(__always) public static func isAlphanumeric(_ b: UInt8) -> Bool { isLetter(b) || isDigit(b) }
    /// A lower-case hex digit, as crash prints addresses (`%lx`).
    @inline(__always) public static func isLowerHexDigit(_ b: UInt8) -> Bool { isDigit(b) || b &- 0x61 < 6 }
    /// A hex digit of either case (register dumps of some dump formats use upper case).
    @inline(__always) public static func isHexDigit(_ b: UInt8) -> Bool { isDigit(b) || (b | 0x20) &- 0x61 < 6 }

    /// The value of a hex digit; the caller has checked ``isHexDigit(_:)``.
    @inline(__always) public static func hexValue(_ b: UInt8) -> UInt64 {
        isDigit(b) ? UInt64(b &- 0x30) : UInt64((b | 0x20) &- 0x61 &+ 10)
    }
    /// Printable ASCII or tab; used to tell text from binary garbage.
    @inline(__always) public static func isPrintable(_ b: UInt8) -> Bool { (b >= 0x20 && b < 0x7F) || b == tab }
}
