/// Interns names read from the input: equal names share one `String`, made once.
///
/// A 100 MB `foreach bt` names a few thousand functions about a million times, so this is on
/// the hot path. Names are read eight bytes at a time:
/// - names of at most eight bytes (register names, short functions) are keyed by their bytes
///   packed into one `UInt64`, so a lookup is one multiply and a compare;
/// - longer names are hashed a word at a time and confirmed against a copy of their bytes
///   kept in an arena, also a word at a time.
///
/// Both tables use open addressing with linear probing and stay at most half full.
struct SymbolTable {
    private var shortKeys: [UInt64] = Array(repeating: 0, count: 512)
    private var shortStrings: [String] = Array(repeating: "", count: 512)
    private var shortCount = 0

    private var longHashes: [UInt64] = Array(repeating: 0, count: 1024)  // 0: empty slot
    private var longStarts: [Int] = Array(repeating: 0, count: 1024)
    private var longLengths: [Int] = Array(repeating: 0, count: 1024)
    private var longStrings: [String] = Array(repeating: "", count: 1024)
    private var longCount = 0
    private var arena: [UInt8] = []

    /// The string for the bytes at `range` of `base`.
    @inline(__always)
    mutating func intern(_ range: Range<Int>, in base: UnsafeBufferPointer<UInt8>) -> String {
        let count = range.count
        guard count > 0, let start = base.baseAddress else { return "" }
        let pointer = UnsafeRawPointer(start + range.lowerBound)
        if count <= 8 {
            let key: UInt64
            if range.lowerBound + 8 <= base.count {
                // Reading past the name is fine inside the buffer; the mask drops those bytes.
                let word = pointer.loadUnaligned(as: UInt64.self)
                key = count == 8 ? word : word & ((1 << (UInt64(count) * 8)) - 1)
            } else {
                var packed: UInt64 = 0
                for i in 0..<count { packed |= UInt64(base[range.lowerBound + i]) << (UInt64(i) * 8) }
                key = packed
            }
            // A NUL byte would let two names share a key (`a` and `a\0`); take the general path.
            if !Self.hasZeroByte(key, count: count) { return internShort(key, range, base) }
        }
        return internLong(pointer, count: count)
    }

    // MARK: - Short names

    /// Whether one of the first `count` bytes of `key` is zero (SWAR: the unused high bytes
    /// are set to 0xFF first so they never count).
    @inline(__always)
    private static func hasZeroByte(_ key: UInt64, count: Int) -> Bool {
        let unused: UInt64 = count == 8 ? 0 : ~((1 << (UInt64(count) * 8)) - 1)
        let word = key | unused
        return (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080 != 0
    }

    @inline(__always)
    private mutating func internShort(_ key: UInt64, _ range: Range<Int>, _ base: UnsafeBufferPointer<UInt8>) -> String {
        let mask = shortKeys.count - 1
        var index = Self.slot(for: key, mask: mask)
        while true {
            let stored = shortKeys[index]
            if stored == key { return shortStrings[index] }
            if stored == 0 { break }
            index = (index + 1) & mask
        }
        let string = String(decoding: UnsafeBufferPointer(rebasing: base[range]), as: UTF8.self)
        shortKeys[index] = key
        shortStrings[index] = string
        shortCount += 1
        if shortCount * 2 > shortKeys.count { growShort() }
        return string
    }

    private mutating func growShort() {
        let (oldKeys, oldStrings) = (shortKeys, shortStrings)
        shortKeys = Array(repeating: 0, count: oldKeys.count * 2)
        shortStrings = Array(repeating: "", count: oldKeys.count * 2)
        let mask = shortKeys.count - 1
        for (key, string) in zip(oldKeys, oldStrings) where key != 0 {
            var index = Self.slot(for: key, mask: mask)
            while shortKeys[index] != 0 { index = (index + 1) & mask }
            shortKeys[index] = key
            shortStrings[index] = string
        }
    }

    // MARK: - Long names

    @inline(__always)
    private mutating func internLong(_ pointer: UnsafeRawPointer, count: Int) -> String {
        let hash = Self.hash(pointer, count: count)
        let mask = longHashes.count - 1
        var index = Self.slot(for: hash, mask: mask)
        while true {
            let stored = longHashes[index]
            if stored == 0 { break }
            if stored == hash, longLengths[index] == count, equalsArena(at: longStarts[index], pointer, count: count) {
                return longStrings[index]
            }
            index = (index + 1) & mask
        }
        let bytes = UnsafeBufferPointer(start: pointer.assumingMemoryBound(to: UInt8.self), count: count)
        let string = String(decoding: bytes, as: UTF8.self)
        longHashes[index] = hash
        longStarts[index] = arena.count
        longLengths[index] = count
        longStrings[index] = string
        arena.append(contentsOf: bytes)
        longCount += 1
        if longCount * 2 > longHashes.count { growLong() }
        return string
    }

    /// A hash of `count` bytes, eight at a time (a final partial word is read overlapping the
    /// one before it, so it never reads past the name). Never 0, which marks an empty slot.
    @inline(__always)
    private static func hash(_ pointer: UnsafeRawPointer, count: Int) -> UInt64 {
        var hash = UInt64(truncatingIfNeeded: count) &* 0x9E37_79B9_7F4A_7C15
        if count >= 8 {
            var offset = 0
            while offset + 8 <= count {
                hash = (hash ^ pointer.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
                hash ^= hash >> 32
                offset += 8
            }
            if offset < count {
                hash = (hash ^ pointer.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)) &* 0xC4CE_B9FE_1A85_EC53
                hash ^= hash >> 29
            }
        } else {
            for i in 0..<count {
                hash = (hash ^ UInt64(pointer.load(fromByteOffset: i, as: UInt8.self))) &* 0x0000_0100_0000_01B3
            }
        }
        return hash | 1
    }

    @inline(__always)
    private func equalsArena(at start: Int, _ pointer: UnsafeRawPointer, count: Int) -> Bool {
        arena.withUnsafeBytes { stored in
            let stored = stored.baseAddress! + start
            if count < 8 {
                for i in 0..<count where stored.load(fromByteOffset: i, as: UInt8.self) != pointer.load(fromByteOffset: i, as: UInt8.self) {
                    return false
                }
                return true
            }
            var offset = 0
            while offset + 8 <= count {
                if stored.loadUnaligned(fromByteOffset: offset, as: UInt64.self) != pointer.loadUnaligned(fromByteOffset: offset, as: UInt64.self) {
                    return false
                }
                offset += 8
            }
            return offset == count
                || stored.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self) == pointer.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
        }
    }

    private mutating func growLong() {
        let (hashes, starts, lengths, strings) = (longHashes, longStarts, longLengths, longStrings)
        let size = hashes.count * 2
        longHashes = Array(repeating: 0, count: size)
        longStarts = Array(repeating: 0, count: size)
        longLengths = Array(repeating: 0, count: size)
        longStrings = Array(repeating: "", count: size)
        let mask = size - 1
        for old in hashes.indices where hashes[old] != 0 {
            var index = Self.slot(for: hashes[old], mask: mask)
            while longHashes[index] != 0 { index = (index + 1) & mask }
            longHashes[index] = hashes[old]
            longStarts[index] = starts[old]
            longLengths[index] = lengths[old]
            longStrings[index] = strings[old]
        }
    }

    @inline(__always)
    private static func slot(for key: UInt64, mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }
}
