/// A hexadecimal number as crash prints addresses and register values: its value and how
/// many digits were printed, so `0010` stays `0010` and `ffffffff8106ce8c` needs no `String`.
///
/// Crash prints hex in lower case without `0x`; ``description`` gives it back that way.
/// Numbers wider than 16 digits do not fit and are kept as text by the grammars.
public struct HexNumber: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The numeric value.
    public var value: UInt64
    /// How many digits were printed, leading zeros included (1...16).
    public var digits: UInt8

    /// A number `value` printed with `digits` digits (at least as many as the value needs).
    @inlinable
    public init(_ value: UInt64, digits: Int) {
        self.value = value
        let needed = value == 0 ? 1 : (64 - value.leadingZeroBitCount + 3) / 4
        self.digits = UInt8(clamping: max(needed, min(digits, 16)))
    }

    /// A number whose `digits` the caller knows to be right (1...16, enough for `value`).
    @inlinable
    init(uncheckedValue value: UInt64, digits: UInt8) {
        self.value = value
        self.digits = digits
    }

    /// Parses lower- or upper-case hex digits (no `0x`); nil when empty, not hex, or over 16 digits.
    public init?(_ text: some StringProtocol) {
        let utf8 = Array(text.utf8)
        guard !utf8.isEmpty, utf8.count <= 16, utf8.allSatisfy(ASCII.isHexDigit) else { return nil }
        var value: UInt64 = 0
        for byte in utf8 { value = value << 4 | ASCII.hexValue(byte) }
        self.init(value, digits: utf8.count)
    }

    /// Orders by value; equal values order by width (`1` < `0001`), so the order agrees with
    /// `==`, which compares both.
    public static func < (lhs: HexNumber, rhs: HexNumber) -> Bool {
        (lhs.value, lhs.digits) < (rhs.value, rhs.digits)
    }

    /// Lower-case hex, zero-padded to the printed width, without `0x`.
    public var description: String {
        let text = String(value, radix: 16)
        let padding = Int(digits) - text.utf8.count
        return padding > 0 ? String(repeating: "0", count: padding) + text : text
    }
}
