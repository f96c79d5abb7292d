/// Long runs of empty lines, which the line index and the role table keep as one entry each.
///
/// A file of nothing but newlines has as many lines as bytes: storing two offsets and a role
/// for each line would take nine times the file (a 1 GB file of newlines needed 9.3 GiB).
/// The lines of a run are empty and evenly spaced — all LF or all CRLF — so where each one
/// starts follows from the run's first offset, and an empty line's role is always `blank`.
/// Runs shorter than ``minimumLength`` are stored line by line, so ordinary input has no
/// runs and every lookup takes the direct path.
public struct BlankRuns: Hashable, Sendable {
    /// The shortest run kept as one entry. Long enough that no real crash output has one,
    /// short enough that a run costs nothing next to the lines around it.
    public static let minimumLength = 4096

    /// One run of empty lines.
    public struct Run: Hashable, Sendable {
        /// The line number (from 1) of the run's first line.
        public let firstLine: Int
        /// How many lines the run has.
        public let length: Int
        /// The byte offset where its first line starts.
        public let startOffset: Int
        /// Bytes per line: 1 for LF, 2 for CRLF.
        public let width: Int
        /// How many lines outside runs come before it: the slot of the first stored line after it.
        public let storedBefore: Int

        /// One past the last line of the run.
        var endLine: Int { firstLine + length }
        /// One past the last byte of the run.
        var endOffset: Int { startOffset + length * width }
    }

    /// The runs in line order.
    public private(set) var runs: [Run] = []
    /// The number of lines in all runs.
    public private(set) var lineCount = 0

    /// No runs.
    public init() {}

    /// True when every line is stored on its own (almost every input).
    @inlinable public var isEmpty: Bool { runs.isEmpty }

    /// Adds a run after the ones already added.
    mutating func append(firstLine: Int, length: Int, startOffset: Int, width: Int, storedBefore: Int) {
        runs.append(Run(firstLine: firstLine, length: length, startOffset: startOffset, width: width, storedBefore: storedBefore))
        lineCount += length
    }

    /// Where line `number` is kept.
    public enum Place: Equatable, Sendable {
        /// Stored on its own, at this index of the per-line tables.
        case stored(Int)
        /// The `position`-th line (from 0) of run `run`.
        case inRun(run: Int, position: Int)
    }

    /// Where line `number` (from 1) is kept. (Its own binary search, not `lastIndex(where:)`:
    /// this one runs once per line read, and the closure made it a quarter of a parse of newlines.)
    public func place(ofLine number: Int) -> Place {
        runs.withUnsafeBufferPointer { runs in
            var low = 0
            var high = runs.count
            while low < high {
                let mid = (low + high) / 2
                if runs[mid].firstLine <= number { low = mid + 1 } else { high = mid }
            }
            guard low > 0 else { return .stored(number - 1) }
            let run = runs[low - 1]
            if number < run.endLine { return .inRun(run: low - 1, position: number - run.firstLine) }
            return .stored(run.storedBefore + number - run.endLine)
        }
    }

    /// The line number of the line stored at index `slot` of the per-line tables.
    public func line(ofSlot slot: Int) -> Int {
        guard let index = lastIndex(where: { $0.storedBefore <= slot }) else { return slot + 1 }
        let run = runs[index]
        return run.endLine + slot - run.storedBefore
    }

    /// The line of a run that holds byte `offset`, if a run does.
    public func line(containing offset: Int) -> Int? {
        guard let index = lastIndex(where: { $0.startOffset <= offset }) else { return nil }
        let run = runs[index]
        return offset < run.endOffset ? run.firstLine + (offset - run.startOffset) / run.width : nil
    }

    /// Binary search: the last run for which `isBefore` holds, when it holds for a prefix of
    /// the runs (they are sorted by line, slot and offset alike).
    private func lastIndex(where isBefore: (Run) -> Bool) -> Int? {
        var low = 0
        var high = runs.count
        while low < high {
            let mid = (low + high) / 2
            if isBefore(runs[mid]) { low = mid + 1 } else { high = mid }
        }
        return low == 0 ? nil : low - 1
    }
}
