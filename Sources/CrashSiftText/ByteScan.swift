/// Word-at-a-time byte searches for the hot loops of the grammars (SWAR: eight bytes per step
/// in a `UInt64`), with byte-by-byte tails.
public enum ByteScan {
    @usableFromInline static var ones: UInt64 { 0x0101_0101_0101_0101 }
    @usableFromInline static var highBits: UInt64 { 0x8080_8080_8080_8080 }

    /// The high bit of each byte of `word` that equals `byte` (other bits may be set in bytes
    /// after the first match, so only the lowest set bit is exact).
    @usableFromInline @inline(__always)
    static func matches(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        let x = word ^ (ones &* UInt64(byte))
        return (x &- ones) & ~x & highBits
    }

    /// The offset of the first space at or after `start` and before `end` (or `end`), and
    /// whether a `+` came before it.
    @inlinable @inline(__always)
    public static func firstSpace(_ base: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> (offset: Int, sawPlus: Bool) {
        var at = start
        var sawPlus = false
        if let raw = base.baseAddress {
            while at + 8 <= end {
                let word = UnsafeRawPointer(raw + at).loadUnaligned(as: UInt64.self)
                let spaces = matches(word, 0x20)
                let plus = matches(word, 0x2B)
                if spaces != 0 {
                    let position = spaces.trailingZeroBitCount / 8
                    // Only a `+` before the space counts.
                    if plus != 0, plus.trailingZeroBitCount / 8 < position { sawPlus = true }
                    return (at + position, sawPlus)
                }
                if plus != 0 { sawPlus = true }
                at += 8
            }
        }
        while at < end, base[at] != 0x20 {
            if base[at] == 0x2B { sawPlus = true }
            at += 1
        }
        return (at, sawPlus)
    }
}
