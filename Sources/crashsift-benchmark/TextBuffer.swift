/// SplitMix64 (Steele, Lea & Flood 2014): tiny, fast, and the same sequence on every platform
/// and Swift version, so a seed always names the same file (`SystemRandomNumberGenerator`
/// cannot be seeded, and the stdlib does not promise its generators' sequences).
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in `0..<bound` (multiply-high; the bias of at most bound/2^64 does not matter here).
    mutating func below(_ bound: Int) -> Int {
        Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    mutating func int(in range: ClosedRange<Int>) -> Int { range.lowerBound + below(range.count) }

    /// True with probability `p`.
    mutating func chance(_ p: Double) -> Bool { Double(next() >> 11) * 0x1p-53 < p }

    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}

/// An append-only byte buffer with the few formatting operations crash output needs
/// (`%016lx`, `%08lx`, `%-7d`), written by hand because `String(format:)` needs Foundation
/// and `String` interpolation would dominate the generator's time.
struct TextBuffer {
    var bytes: [UInt8] = []

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    mutating func removeAll() { bytes.removeAll(keepingCapacity: true) }

    mutating func append(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    mutating func append(_ text: [UInt8]) { bytes.append(contentsOf: text) }

    mutating func append(byte: UInt8) { bytes.append(byte) }

    mutating func newline() { bytes.append(0x0A) }

    mutating func spaces(_ count: Int) {
        for _ in 0..<max(0, count) { bytes.append(0x20) }
    }

    /// `%0<width>lx`: lower-case hex, zero-padded (wider values are printed in full).
    mutating func hex(_ value: UInt64, width: Int) {
        var digits = 1
        var rest = value >> 4
        while rest != 0 {
            digits += 1
            rest >>= 4
        }
        let total = max(width, digits)
        for position in stride(from: total - 1, through: 0, by: -1) {
            let nibble = position >= 16 ? 0 : Int((value >> (UInt64(position) * 4)) & 0xF)
            bytes.append(Self.hexDigits[nibble])
        }
    }

    /// `%lx`: lower-case hex without padding.
    mutating func hex(_ value: UInt64) { hex(value, width: 1) }

    /// `%d`, or `%-<width>d` (left-aligned, padded with blanks) when `leftAlignedWidth` is given.
    mutating func decimal(_ value: Int, leftAlignedWidth: Int = 0) {
        let start = bytes.count
        if value < 0 { bytes.append(0x2D) }
        var magnitude = value.magnitude
        let digitsStart = bytes.count
        repeat {
            bytes.append(UInt8(0x30 + magnitude % 10))
            magnitude /= 10
        } while magnitude != 0
        bytes[digitsStart...].reverse()
        spaces(leftAlignedWidth - (bytes.count - start))
    }

    /// `%<width>d` (blank-padded) or `%0<width>d` (`zeroPadded`) for a value that is not negative.
    mutating func decimal(_ value: Int, rightAlignedWidth width: Int, zeroPadded: Bool = false) {
        var digits = 1
        var rest = value / 10
        while rest != 0 {
            digits += 1
            rest /= 10
        }
        for _ in 0..<max(0, width - digits) { bytes.append(zeroPadded ? 0x30 : 0x20) }
        decimal(value)
    }

    /// `%<width>s`: right-aligned in `width` columns.
    mutating func rightAligned(_ text: [UInt8], width: Int) {
        spaces(width - text.count)
        bytes.append(contentsOf: text)
    }
}
