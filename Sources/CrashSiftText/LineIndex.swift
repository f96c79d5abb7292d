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
    /// Byte offset of the start of every stored line, plus one sentinel: the end of the buffer.
    /// (`UInt32`: inputs are limited to 2 GiB, and half the size is half the page faults on
    /// a 100 MB input.)
    @usableFromInline let starts: [UInt32]
    /// Byte offsets one past the content of every stored line (before any CR and LF).
    @usableFromInline let contentEnds: [UInt32]
    /// Long runs of empty lines, kept as one entry each instead of in `starts` and
    /// `contentEnds` (empty for almost every input: see ``BlankRuns``).
    public let blankRuns: BlankRuns
    /// The number of lines.
    public let count: Int

    /// The largest input a line index can describe (4 GiB; readers stop at 2 GiB by default).
    public static let maximumSize = Int(UInt32.max)

    /// Indexes the lines of `bytes`, which must not be larger than ``maximumSize``.
    public init(_ bytes: [UInt8]) {
        precondition(bytes.count <= Self.maximumSize, "inputs larger than 4 GiB are not supported")
        var starts: [UInt32] = []
        var ends: [UInt32] = []
        var runs = BlankRuns()
        // A rough guess (65 bytes a line in typical crash output) avoids most regrowth.
        starts.reserveCapacity(bytes.count / 48 + 1)
        ends.reserveCapacity(bytes.count / 48 + 1)
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let count = buffer.count
            // Empty lines are held back until the next non-empty one (or a change between LF
            // and CRLF): a long run becomes one entry, a short one is stored line by line.
            var pendingStart = 0
            var pendingWidth = 0
            var pendingCount = 0
            func flushPending() {
                guard pendingCount > 0 else { return }
                if pendingCount >= BlankRuns.minimumLength {
                    runs.append(firstLine: starts.count + runs.lineCount + 1, length: pendingCount,
                                startOffset: pendingStart, width: pendingWidth, storedBefore: starts.count)
                } else {
                    for position in 0..<pendingCount {
                        let offset = UInt32(truncatingIfNeeded: pendingStart + position * pendingWidth)
                        starts.append(offset)
                        ends.append(offset)
                    }
                }
                pendingCount = 0
            }
            var start = 0
            while start < count {
                let width = base[start] == ASCII.newline ? 1
                    : base[start] == ASCII.carriageReturn && start + 1 < count && base[start + 1] == ASCII.newline ? 2 : 0
                if width > 0 {
                    if pendingCount > 0 && width != pendingWidth { flushPending() }
                    if pendingCount == 0 { pendingStart = start; pendingWidth = width }
                    pendingCount += 1
                    start += width
                    continue
                }
                flushPending()
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
            flushPending()
        }
        self.count = ends.count + runs.lineCount
        starts.append(UInt32(truncatingIfNeeded: bytes.count))
        self.starts = starts
        self.contentEnds = ends
        self.blankRuns = runs
    }

    /// The valid line numbers, `1..<count + 1` (empty for an empty buffer).
    ///
    /// A half-open range because a `ClosedRange` cannot be empty: `1...0` traps.
    public var lineNumbers: Range<Int> { 1..<(count + 1) }

    /// The bytes of line `number` (from 1) without its line terminator.
    @inlinable @inline(__always)
    public func contentRange(ofLine number: Int) -> Range<Int> {
        if blankRuns.isEmpty { return Int(starts[number - 1])..<Int(contentEnds[number - 1]) }
        return contentRangeBesideRuns(ofLine: number)
    }

    @usableFromInline func contentRangeBesideRuns(ofLine number: Int) -> Range<Int> {
        switch blankRuns.place(ofLine: number) {
        case .stored(let slot): return Int(starts[slot])..<Int(contentEnds[slot])
        case .inRun(let run, let position):
            let start = blankRuns.runs[run].startOffset + position * blankRuns.runs[run].width
            return start..<start
        }
    }

    /// The bytes of line `number` including its CR/LF terminator, if it has one.
    public func fullRange(ofLine number: Int) -> Range<Int> {
        startOffset(ofLine: number)..<(number == count ? Int(starts[starts.count - 1]) : startOffset(ofLine: number + 1))
    }

    /// Whether line `number` ended in CRLF rather than LF (or no terminator); also true for a
    /// last line that ends in a lone CR at the end of the buffer (see the type's notes).
    public func endsWithCRLF(_ number: Int, in bytes: [UInt8]) -> Bool {
        let end = contentRange(ofLine: number).upperBound
        return end < bytes.count && bytes[end] == ASCII.carriageReturn
    }

    /// The line that contains byte `offset`; an offset at the very end belongs to the last line.
    ///
    /// A line's terminator belongs to it: the CR and LF of line 3 are on line 3.
    public func line(containing offset: Int) -> Int {
        precondition(count > 0, "no lines in an empty buffer")
        if offset >= Int(starts[starts.count - 1]) { return count }
        if !blankRuns.isEmpty, let line = blankRuns.line(containing: offset) { return line }
        // Binary search for the last stored start <= offset (there is one: a run never comes
        // first unless the offset is in it).
        var low = 0
        var high = starts.count - 2
        while low < high {
            let mid = (low + high + 1) / 2
            if Int(starts[mid]) <= offset { low = mid } else { high = mid - 1 }
        }
        return blankRuns.isEmpty ? low + 1 : blankRuns.line(ofSlot: low)
    }

    /// The line and column (both from 1, column in bytes) of byte `offset`.
    ///
    /// The end of a buffer that ends in a newline is past the end of its last line: in `"ab\n"`,
    /// offset 3 is `1:4`.
    public func location(of offset: Int) -> SourceLocation {
        let line = line(containing: offset)
        return SourceLocation(line: line, column: offset - startOffset(ofLine: line) + 1)
    }

    /// The byte offset where line `number` starts.
    public func startOffset(ofLine number: Int) -> Int { contentRange(ofLine: number).lowerBound }
}
