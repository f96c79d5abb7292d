extension HexNumber {
    /// Reads 1 to 16 hex digits (either case) at `offset`; nil, with `offset` unchanged, when
    /// there is no digit or more than 16 follow. On success `offset` is after the last digit.
    ///
    /// Addresses and register values are almost always exactly 16 lower-case digits, so that
    /// case is read eight bytes at a time (SWAR); anything else goes digit by digit.
    @inlinable @inline(__always)
    public static func read(_ base: UnsafeBufferPointer<UInt8>, at offset: inout Int, end: Int) -> HexNumber? {
        if end - offset >= 16, let raw = base.baseAddress {
            let pointer = UnsafeRawPointer(raw + offset)
            if let high = eightLowercaseDigits(pointer.loadUnaligned(as: UInt64.self)),
               let low = eightLowercaseDigits(pointer.loadUnaligned(fromByteOffset: 8, as: UInt64.self)),
               offset + 16 == end || !ASCII.isHexDigit(base[offset + 16])
            {
                offset += 16
                return HexNumber(uncheckedValue: high << 32 | low, digits: 16)
            }
        }
        var value: UInt64 = 0
        var at = offset
        while at < end {
            let byte = base[at]
            let digit = byte &- 0x30
            let letter = (byte | 0x20) &- 0x61
            if digit < 10 {
                value = value << 4 | UInt64(digit)
            } else if letter < 6 {
                value = value << 4 | UInt64(letter &+ 10)
            } else {
                break
            }
            at += 1
            if at - offset > 16 { return nil }
        }
        guard at > offset else { return nil }
        defer { offset = at }
        return HexNumber(value, digits: at - offset)
    }

    /// The value of eight ASCII lower-case hex digits loaded little-endian (first digit in the
    /// low byte), or nil if any byte is not `0-9a-f`.
    @inlinable @inline(__always)
    static func eightLowercaseDigits(_ word: UInt64) -> UInt64? {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        guard word & highBits == 0 else { return nil }
        // For bytes below 0x80, adding (0x80 - k) sets a byte's high bit exactly when byte >= k,
        // without carrying into the next byte.
        let atLeast0 = (word &+ ones &* 0x50) & highBits  // >= '0'
        let above9 = (word &+ ones &* 0x46) & highBits    // >= ':'
        let atLeastA = (word &+ ones &* 0x1F) & highBits  // >= 'a'
        let aboveF = (word &+ ones &* 0x19) & highBits    // >= 'g'
        let valid = (atLeast0 & ~above9) | (atLeastA & ~aboveF)
        guard valid == highBits else { return nil }
        // Digits keep their low nibble; letters (bit 6 set) get 9 added: 'a' (0x61) → 1 + 9.
        var nibbles = (word & (ones &* 0x0F)) &+ ((word >> 6) & ones) &* 9
        // Pair up nibbles, then bytes, then half-words; the first digit is the most significant.
        nibbles = ((nibbles << 4) | (nibbles >> 8)) & 0x00FF_00FF_00FF_00FF
        nibbles = ((nibbles << 8) | (nibbles >> 16)) & 0x0000_FFFF_0000_FFFF
        return ((nibbles << 16) | (nibbles >> 32)) & 0xFFFF_FFFF
    }
}
