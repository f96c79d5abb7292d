#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where each line of a byte buffer starts and ends; lines are numbered from 1.
///
/// A line ends at LF; a CR right before the LF is not part of the line's content, so CRLF
/// and LF files give the same lines. A CR anywhere else inside a line is content. A final
/// line without a newline is still a line, and a CR at the very end of the buffer is taken
/// as a CRLF cut off after its CR (it is dropped from the content too). A trailing newline
/// does not start another line; an empty buffer has no lines, and `"\n"` has one empty line.
/// Built with `memchr`, which is the fastest way to find newlines here (see the toolchain
/// notes).
public struct LineIndex: Sendable {
    /// Byte offset of the start of every line, plus one sentinel: the end of the buffer.
    /// (`UInt32`: inputs are limited to 2 GiB, and half the size is half the page faults on
    /// a 100 MB input.)
    @usableFromInline let starts: [UInt32]
    /// Byte offsets one past the content of every line (before any CR and LF).
    @usableFromInline let contentEnds: [UInt32]

    /// The largest input a line index can describe (4 GiB; readers stop at 2 GiB by default).
    public static let maximumSize = Int(UInt32.max)

    /// Indexes the lines of `bytes`, which must not be larger than ``maximumSize``.
    public init(_ bytes: [UInt8]) {
        precondition(bytes.count <= Self.maximumSize, "inputs larger than 4 GiB are not supported")
        var starts: [UInt32] = []
        var ends: [UInt32] = []
        // A rough guess (65 bytes a line in typical crash output) avoids most regrowth.
        starts.reserveCapacity(bytes.count / 48 + 1)
        ends.reserveCapacity(bytes.count / 48 + 1)
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let count = buffer.count
            var start = 0
            while start < count {
                starts.append(UInt32(truncatingIfNeeded: start))
                let remaining = count - start
                if let hit = memchr(base + start, Int32(ASCII.newline), remaining) {
                    let newline = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                    var end = newline
                    if end > start && base[end - 1] == ASCII.carriageReturn { end -= 1 }
                    ends.append(UInt32(truncatingIfNeeded: end))
                    start = newline + 1
                } else {
                    var end = count
                    if end > start && base[end - 1] == ASCII.carriageReturn { end -= 1 }
                    ends.append(UInt32(truncatingIfNeeded: end))
                    start = count
                }
            }
            starts.append(UInt32(truncatingIfNeeded: count))
        }
        if starts.isEmpty { starts.append(0) }
        self.starts = starts
        self.contentEnds = ends
    }

    /// The number of lines.
    @inlinable public var count: Int { contentEnds.count }

    /// The valid line numbers, `1..<count + 1` (empty for an empty buffer).
    ///
    /// A half-open range because a `ClosedRange` cannot be empty: `1...0` traps.
    public var lineNumbers: Range<Int> { 1..<(count + 1) }

    /// The bytes of line `number` (from 1) without its line terminator.
    @inlinable @inline(__always)
    public func contentRange(ofLine number: Int) -> Range<Int> {
        Int(starts[number - 1])..<Int(contentEnds[number - 1])
    }

    /// The bytes of line `number` including its CR/LF terminator, if it has one.
    public func fullRange(ofLine number: Int) -> Range<Int> {
        Int(starts[number - 1])..<Int(starts[number])
    }

    /// Whether line `number` ended in CRLF rather than LF (or no terminator); also true for a
    /// last line that ends in a lone CR at the end of the buffer (see the type's notes).
    public func endsWithCRLF(_ number: Int, in bytes: [UInt8]) -> Bool {
        let end = Int(contentEnds[number - 1])
        return end < bytes.count && bytes[end] == ASCII.carriageReturn
    }

    /// The line that contains byte `offset`; an offset at the very end belongs to the last line.
    ///
    /// A line's terminator belongs to it: the CR and LF of line 3 are on line 3.
    public func line(containing offset: Int) -> Int {
        precondition(count > 0, "no lines in an empty buffer")
        // Binary search for the last start <= offset.
        var low = 0
        var high = count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if Int(starts[mid]) <= offset { low = mid } else { high = mid - 1 }
        }
        return low + 1
    }

    /// The line and column (both from 1, column in bytes) of byte `offset`.
    ///
    /// The end of a buffer that ends in a newline is past the end of its last line: in `"ab\n"`,
    /// offset 3 is `1:4`.
    public func location(of offset: Int) -> SourceLocation {
        let line = line(containing: offset)
        return SourceLocation(line: line, column: offset - Int(starts[line - 1]) + 1)
    }

    /// The byte offset where line `number` starts.
    public func startOffset(ofLine number: Int) -> Int { Int(starts[number - 1]) }
}
