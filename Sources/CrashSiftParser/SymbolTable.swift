/// Interns byte strings: equal names share one `String`.
///
/// Keyed by a 64-bit FNV-1a hash; a hit is confirmed by comparing bytes, and a collision
/// simply makes a fresh string, so the table can never return a wrong name.
struct SymbolTable {
    private var strings: [UInt64: String] = [:]

    /// The string for `bytes`, made once per distinct name.
    @inline(__always)
    mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        if let known = strings[hash] {
            if known.utf8.elementsEqual(bytes) { return known }
            return String(decoding: bytes, as: UTF8.self)
        }
        let made = String(decoding: bytes, as: UTF8.self)
        strings[hash] = made
        return made
    }
}
