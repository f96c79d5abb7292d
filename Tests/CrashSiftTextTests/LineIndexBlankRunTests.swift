import CrashSiftText
import Testing

/// Long runs of empty lines are kept as one entry each (``BlankRuns``); the index must answer
/// exactly as if every line were stored. Checked against a reference written from the rules of
/// ``LineIndex``'s notes, for every line and every byte offset.
@Suite struct LineIndexBlankRunTests {
    private static let long = BlankRuns.minimumLength

    /// The line ranges by the definition: a line ends at LF, a CR before the LF (or a lone CR
    /// at the very end) is not content, a trailing newline starts no line.
    private func referenceLines(_ bytes: [UInt8]) -> [(start: Int, contentEnd: Int, fullEnd: Int)] {
        var lines: [(Int, Int, Int)] = []
        var start = 0
        while start < bytes.count {
            var newline = start
            while newline < bytes.count && bytes[newline] != 0x0A { newline += 1 }
            var end = newline
            if end > start && bytes[end - 1] == 0x0D { end -= 1 }
            let next = min(newline + 1, bytes.count)
            lines.append((start, end, next))
            start = next
        }
        return lines
    }

    private func checkAgainstReference(_ text: String, expectedRuns: Int, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let bytes = Array(text.utf8)
        let index = LineIndex(bytes)
        let reference = referenceLines(bytes)
        #expect(index.blankRuns.runs.count == expectedRuns, sourceLocation: sourceLocation)
        #expect(index.count == reference.count, sourceLocation: sourceLocation)
        guard index.count == reference.count else { return }
        var mismatches = 0
        for (offset, line) in reference.enumerated() where mismatches < 5 {
            let number = offset + 1
            let expectedCRLF = line.contentEnd < bytes.count && bytes[line.contentEnd] == 0x0D
            if index.contentRange(ofLine: number) != line.start..<line.contentEnd
                || index.fullRange(ofLine: number) != line.start..<line.fullEnd
                || index.startOffset(ofLine: number) != line.start
                || index.endsWithCRLF(number, in: bytes) != expectedCRLF {
                mismatches += 1
                Issue.record("line \(number): \(index.contentRange(ofLine: number)) / \(index.fullRange(ofLine: number)), expected \(line)", sourceLocation: sourceLocation)
            }
            for byte in line.start..<line.fullEnd where index.line(containing: byte) != number {
                mismatches += 1
                Issue.record("offset \(byte) is on line \(index.line(containing: byte)), expected \(number)", sourceLocation: sourceLocation)
                break
            }
        }
        if !bytes.isEmpty { #expect(index.line(containing: bytes.count) == index.count, sourceLocation: sourceLocation) }
    }

    @Test func shortRunsAreStoredLineByLine() {
        checkAgainstReference("a\n" + String(repeating: "\n", count: Self.long - 1) + "b\n", expectedRuns: 0)
    }

    @Test func aRunBetweenLines() {
        checkAgainstReference("a\n" + String(repeating: "\n", count: Self.long) + "b\nc", expectedRuns: 1)
    }

    @Test func nothingButNewlines() {
        checkAgainstReference(String(repeating: "\n", count: 3 * Self.long), expectedRuns: 1)
    }

    @Test func runsAtTheStartAndTheEnd() {
        checkAgainstReference(String(repeating: "\n", count: Self.long) + "middle\r\n" + String(repeating: "\r\n", count: Self.long), expectedRuns: 2)
    }

    @Test func lfAndCRLFRunsSplitWhereTheTerminatorChanges() {
        let text = "x\n" + String(repeating: "\n", count: Self.long + 3) + String(repeating: "\r\n", count: Self.long) + String(repeating: "\n", count: 7) + "y"
        checkAgainstReference(text, expectedRuns: 2)
    }

    @Test func aLoneCRAtTheEndAfterARun() {
        checkAgainstReference("a\n" + String(repeating: "\n", count: Self.long) + "\r", expectedRuns: 1)
        checkAgainstReference(String(repeating: "\n", count: Self.long) + "b\rc\n" + String(repeating: "\n", count: Self.long + 1), expectedRuns: 2)
    }

    @Test func blanksWithSpacesAreOrdinaryLines() {
        checkAgainstReference(String(repeating: " \n", count: Self.long), expectedRuns: 0)
    }
}
