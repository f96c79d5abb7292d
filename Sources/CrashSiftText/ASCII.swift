/// Byte classes for the ASCII subset that crash prints; everything else is "other".
///
/// The parser works on raw bytes (see README, "Architecture"), so these are the only
/// character tests it needs. Bytes ≥ 0x80 are never letters, digits or blanks here.
public enum ASCII {
    @inlinable public static var tab: UInt8 { 0x09 }
    @inlinable public static var newline: UInt8 { 0x0A }
    @inlinable public static var carriageReturn: UInt8 { 0x0D }
    @inlinable public static var space: UInt8 { 0x20 }
    @inlinable public static var quote: UInt8 { 0x22 }          // "
    @inlinable public static var hash: UInt8 { 0x23 }           // #
    @inlinable public static var openParen: UInt8 { 0x28 }      // (
    @inlinable public static var closeParen: UInt8 { 0x29 }     // )
    @inlinable public static var star: UInt8 { 0x2A }           // *
    @inlinable public static var plus: UInt8 { 0x2B }           // +
    @inlinable public static var minus: UInt8 { 0x2D }          // -
    @inlinable public static var dot: UInt8 { 0x2E }            // .
    @inlinable public static var slash: UInt8 { 0x2F }          // /
    @inlinable public static var colon: UInt8 { 0x3A }          // :
    @inlinable public static var less: UInt8 { 0x3C }           // <
    @inlinable public static var greater: UInt8 { 0x3E }        // >
    @inlinable public static var openBracket: UInt8 { 0x5B }    // [
    @inlinable public static var closeBracket: UInt8 { 0x5D }   // ]
    @inlinable public static var underscore: UInt8 { 0x5F }     // _

    /// Space or horizontal tab (the only blanks crash prints inside a line).
    @inlinable @inline(__always) public static func isBlank(_ b: UInt8) -> Bool { b == space || b == tab }
    /// Blank, line feed, carriage return, vertical tab or form feed: what a trim removes.
    @inlinable @inline(__always) public static func isWhitespace(_ b: UInt8) -> Bool {
        b == space || (b >= 0x09 && b <= 0x0D)
    }
    @inlinable @inline(__always) public static func isDigit(_ b: UInt8) -> Bool { b &- 0x30 < 10 }
    @inlinable @inline(__always) public static func isUpper(_ b: UInt8) -> Bool { b &- 0x41 < 26 }
    @inlinable @inline(__always) public static func isLower(_ b: UInt8) -> Bool { b &- 0x61 < 26 }
    @inlinable @inline(__always) public static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) &- 0x61 < 26 }
    @inlinable @inline(__always) public static func isAlphanumeric(_ b: UInt8) -> Bool { isLetter(b) || isDigit(b) }
    /// A lower-case hex digit, as crash prints addresses (`%lx`).
    @inlinable @inline(__always) public static func isLowerHexDigit(_ b: UInt8) -> Bool { isDigit(b) || b &- 0x61 < 6 }
    /// A hex digit of either case (register dumps of some dump formats use upper case).
    @inlinable @inline(__always) public static func isHexDigit(_ b: UInt8) -> Bool { isDigit(b) || (b | 0x20) &- 0x61 < 6 }

    /// The value of a hex digit; the caller has checked ``isHexDigit(_:)``.
    @inlinable @inline(__always) public static func hexValue(_ b: UInt8) -> UInt64 {
        isDigit(b) ? UInt64(b &- 0x30) : UInt64((b | 0x20) &- 0x61 &+ 10)
    }
    /// Printable ASCII or tab; used to tell text from binary garbage.
    @inlinable @inline(__always) public static func isPrintable(_ b: UInt8) -> Bool { (b >= 0x20 && b < 0x7F) || b == tab }
}
