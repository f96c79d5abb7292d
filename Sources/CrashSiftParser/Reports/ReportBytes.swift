#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Literal byte searches on lines (`memmem`/`memchr`), the prefilters of the report finder.
enum ReportBytes {
    /// The offset of the first occurrence of `needle` in `haystack` at or after `start`, or nil.
    ///
    /// `memchr` finds candidates for the first byte and `memcmp` checks the rest (glibc's
    /// `memmem` is a GNU extension that Swift's Glibc module does not export).
    @inline(__always)
    static func find(_ needle: UnsafeRawBufferPointer, in haystack: UnsafeRawBufferPointer, from start: Int = 0) -> Int? {
        guard needle.count > 0 else { return start <= haystack.count ? start : nil }
        guard start >= 0, let base = haystack.baseAddress, let needleBase = needle.baseAddress else { return nil }
        let first = Int32(needle[0])
        let rest = needle.count - 1
        var position = start
        let lastStart = haystack.count - needle.count
        while position <= lastStart {
            guard let hit = memchr(base + position, first, lastStart - position + 1) else { return nil }
            let offset = base.distance(to: UnsafeRawPointer(hit))
            if rest == 0 || memcmp(base + offset + 1, needleBase + 1, rest) == 0 { return offset }
            position = offset + 1
        }
        return nil
    }

    /// The offset of the first occurrence of the literal `needle` at or after `start`, or nil.
    @inline(__always)
    static func find(_ needle: StaticString, in haystack: UnsafeRawBufferPointer, from start: Int = 0) -> Int? {
        find(UnsafeRawBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount), in: haystack, from: start)
    }

    /// Whether `haystack` contains the literal `needle`.
    @inline(__always)
    static func contains(_ needle: StaticString, in haystack: UnsafeRawBufferPointer) -> Bool {
        find(needle, in: haystack) != nil
    }

    /// Whether `bytes` starts with the literal `prefix`.
    @inline(__always)
    static func hasPrefix(_ prefix: StaticString, _ bytes: UnsafeRawBufferPointer) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard bytes.count >= count, let base = bytes.baseAddress else { return false }
        return memcmp(base, prefix.utf8Start, count) == 0
    }

    /// Whether `bytes` ends with the literal `suffix`.
    @inline(__always)
    static func hasSuffix(_ suffix: StaticString, _ bytes: UnsafeRawBufferPointer) -> Bool {
        let count = suffix.utf8CodeUnitCount
        guard bytes.count >= count, let base = bytes.baseAddress else { return false }
        return memcmp(base + bytes.count - count, suffix.utf8Start, count) == 0
    }

    /// Whether `haystack` contains `needle`.
    @inline(__always)
    static func contains(_ needle: [UInt8], in haystack: UnsafeRawBufferPointer) -> Bool {
        needle.withUnsafeBytes { find($0, in: haystack) != nil }
    }

    /// The offset of the first occurrence of `needle` in `haystack`, or nil.
    @inline(__always)
    static func find(_ needle: [UInt8], in haystack: UnsafeRawBufferPointer, from start: Int = 0) -> Int? {
        needle.withUnsafeBytes { find($0, in: haystack, from: start) }
    }

    /// The offset of the first byte `byte` at or after `start`, or nil.
    @inline(__always)
    static func find(byte: UInt8, in haystack: UnsafeRawBufferPointer, from start: Int = 0) -> Int? {
        guard let base = haystack.baseAddress, start < haystack.count else { return nil }
        guard let hit = memchr(base + start, Int32(byte), haystack.count - start) else { return nil }
        return base.distance(to: UnsafeRawPointer(hit))
    }

    /// `bytes` as text (invalid UTF-8 as U+FFFD), for titles and other values that leave the finder.
    static func string(_ bytes: UnsafeRawBufferPointer) -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}

extension UnsafeRawBufferPointer {
    /// The bytes `range` of this buffer, rebased to start at 0.
    @inline(__always)
    func subBuffer(_ range: Range<Int>) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: self[range])
    }

    /// The bytes from `start` to the end, rebased to start at 0.
    @inline(__always)
    func subBuffer(from start: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: self[start...])
    }
}
