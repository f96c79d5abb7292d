import CrashSiftText
import Testing

@Suite struct LineIndexTests {
    /// The content of every line of `text`, as the index sees it.
    private func contents(_ text: String) -> [String] {
        let bytes = Array(text.utf8)
        let index = LineIndex(bytes)
        return index.lineNumbers.map { String(decoding: bytes[index.contentRange(ofLine: $0)], as: UTF8.self) }
    }

    // MARK: Splitting

    @Test(arguments: [
        ("", []),
        ("\n", [""]),
        ("\n\n", ["", ""]),
        ("\r\n", [""]),
        ("a", ["a"]),
        ("a\n", ["a"]),
        ("a\nb", ["a", "b"]),
        ("a\nb\n", ["a", "b"]),
        ("a\n\nb", ["a", "", "b"]),
        ("a\n\n", ["a", ""]),
        ("\na", ["", "a"]),
        ("a\r\nb\r\n", ["a", "b"]),
        ("a\r\nb", ["a", "b"]),
        ("a\r\nb\nc\r\n\r\nd", ["a", "b", "c", "", "d"]),
        ("a\rb\n", ["a\rb"]),
        ("\ra\n", ["\ra"]),
        ("a\r\r\n", ["a\r"]),
        ("a\n\r", ["a", ""]),
        ("abc\r", ["abc"]),
        ("  \t \n", ["  \t "]),
    ] as [(String, [String])])
    func splitsLines(text: String, expected: [String]) {
        #expect(contents(text) == expected)
        #expect(LineIndex(Array(text.utf8)).count == expected.count)
    }

    @Test func emptyBufferHasNoLines() {
        let index = LineIndex([])
        #expect(index.count == 0)
        #expect(index.lineNumbers.isEmpty)
        #expect(index.lineNumbers.count == 0)
        #expect(Array(index.lineNumbers) == [])
    }

    @Test func aLoneNewlineIsOneEmptyLine() {
        let index = LineIndex(Array("\n".utf8))
        #expect(index.count == 1)
        #expect(Array(index.lineNumbers) == [1])
        #expect(index.contentRange(ofLine: 1) == 0..<0)
        #expect(index.fullRange(ofLine: 1) == 0..<1)
        #expect(index.startOffset(ofLine: 1) == 0)
        #expect(!index.endsWithCRLF(1, in: Array("\n".utf8)))
    }

    @Test(arguments: [("a", 1), ("a\n", 1), ("a\nb", 2), ("a\nb\n", 2), ("\n\n\n", 3), ("x\r\ny\r\nz", 3)])
    func lineNumbersAreOneThroughCount(text: String, count: Int) {
        let index = LineIndex(Array(text.utf8))
        #expect(index.count == count)
        #expect(Array(index.lineNumbers) == Array(1...count))
        #expect(index.lineNumbers.first == 1)
        #expect(index.lineNumbers.last == count)
    }

    // MARK: Ranges

    /// `ab␍␊cd␊e`: offsets 0 1 2(CR) 3(LF) | 4 5 6(LF) | 7, 8 bytes.
    private static let mixed = Array("ab\r\ncd\ne".utf8)

    @Test func contentRangeExcludesTheTerminator() {
        let index = LineIndex(Self.mixed)
        #expect(index.count == 3)
        #expect(index.contentRange(ofLine: 1) == 0..<2)
        #expect(index.contentRange(ofLine: 2) == 4..<6)
        #expect(index.contentRange(ofLine: 3) == 7..<8)
    }

    @Test func fullRangeIncludesTheTerminator() {
        let index = LineIndex(Self.mixed)
        #expect(index.fullRange(ofLine: 1) == 0..<4)
        #expect(index.fullRange(ofLine: 2) == 4..<7)
        #expect(index.fullRange(ofLine: 3) == 7..<8)
        // The full ranges tile the buffer.
        #expect(index.lineNumbers.map { index.fullRange(ofLine: $0).count }.reduce(0, +) == Self.mixed.count)
    }

    @Test func startOffsets() {
        let index = LineIndex(Self.mixed)
        #expect(index.lineNumbers.map(index.startOffset(ofLine:)) == [0, 4, 7])
    }

    @Test func endsWithCRLF() {
        let index = LineIndex(Self.mixed)
        #expect(index.endsWithCRLF(1, in: Self.mixed))
        #expect(!index.endsWithCRLF(2, in: Self.mixed))
        #expect(!index.endsWithCRLF(3, in: Self.mixed))
    }

    @Test func aLoneCRInsideALineIsContent() {
        let bytes = Array("a\rb\nc".utf8)
        let index = LineIndex(bytes)
        #expect(index.count == 2)
        #expect(index.contentRange(ofLine: 1) == 0..<3)
        #expect(!index.endsWithCRLF(1, in: bytes))
    }

    @Test func aFinalCRWithoutLFIsDroppedLikeACRLF() {
        // Documented: a CRLF cut off after its CR at the end of the input.
        let bytes = Array("a\nbc\r".utf8)
        let index = LineIndex(bytes)
        #expect(index.count == 2)
        #expect(index.contentRange(ofLine: 2) == 2..<4)
        #expect(index.fullRange(ofLine: 2) == 2..<5)
        #expect(index.endsWithCRLF(2, in: bytes))
    }

    @Test func aTrailingNewlineDoesNotAddALine() {
        let bytes = Array("first\nsecond\n".utf8)
        let index = LineIndex(bytes)
        #expect(index.count == 2)
        #expect(index.fullRange(ofLine: 2) == 6..<13)
        #expect(index.fullRange(ofLine: 2).upperBound == bytes.count)
    }

    // MARK: line(containing:) and location(of:)

    @Test(arguments: zip([0, 1, 2, 3, 4, 5, 6, 7, 8], [1, 1, 1, 1, 2, 2, 2, 3, 3]))
    func lineContaining(offset: Int, line: Int) {
        #expect(LineIndex(Self.mixed).line(containing: offset) == line)
    }

    @Test func lineContainingAtTheEndOfABufferWithATrailingNewline() {
        // "a\n\nb\n": line 1 = 0..<2, line 2 = 2..<3, line 3 = 3..<5; offset 5 is one past the end.
        let index = LineIndex(Array("a\n\nb\n".utf8))
        #expect([0, 1, 2, 3, 4, 5].map(index.line(containing:)) == [1, 1, 2, 3, 3, 3])
    }

    @Test func lineContainingInABufferOfEmptyLines() {
        let index = LineIndex(Array("\n\n\n".utf8))
        #expect([0, 1, 2, 3].map(index.line(containing:)) == [1, 2, 3, 3])
    }

    @Test func lineContainingLineStartsAndLastBytes() {
        let bytes = Array("alpha\nbeta\r\ngamma\n".utf8)
        let index = LineIndex(bytes)
        for number in index.lineNumbers {
            let full = index.fullRange(ofLine: number)
            #expect(index.line(containing: full.lowerBound) == number)
            #expect(index.line(containing: full.upperBound - 1) == number)
            let content = index.contentRange(ofLine: number)
            #expect(index.line(containing: content.upperBound) == number)
        }
        #expect(index.line(containing: bytes.count) == 3)
    }

    @Test func locationColumnsCountBytes() {
        // "é" is two bytes; a tab is one column.
        let bytes = Array("é\tx\n\t\tRIP: 1\n".utf8)
        let index = LineIndex(bytes)
        #expect(index.location(of: 0) == SourceLocation(line: 1, column: 1))
        #expect(index.location(of: 1) == SourceLocation(line: 1, column: 2))   // inside "é"
        #expect(index.location(of: 2) == SourceLocation(line: 1, column: 3))   // the tab
        #expect(index.location(of: 3) == SourceLocation(line: 1, column: 4))   // "x"
        #expect(index.location(of: 4) == SourceLocation(line: 1, column: 5))   // its newline
        #expect(index.location(of: 5) == SourceLocation(line: 2, column: 1))
        #expect(index.location(of: 7) == SourceLocation(line: 2, column: 3))   // "R"
        #expect(index.location(of: 7).description == "2:3")
    }

    @Test func locationOnePastTheEndIsOnTheLastLine() {
        let bytes = Array("ab\ncd".utf8)
        #expect(LineIndex(bytes).location(of: bytes.count) == SourceLocation(line: 2, column: 3))
        let withNewline = Array("ab\n".utf8)
        #expect(LineIndex(withNewline).location(of: withNewline.count) == SourceLocation(line: 1, column: 4))
    }

    @Test func locationAndStartOffsetAgree() {
        let bytes = Array("PID: 1\n #0 [ffff] f at 1\r\n\n    RIP: 2".utf8)
        let index = LineIndex(bytes)
        for offset in 0..<bytes.count {
            let location = index.location(of: offset)
            #expect(index.startOffset(ofLine: location.line) + location.column - 1 == offset)
            #expect(index.fullRange(ofLine: location.line).contains(offset))
        }
    }

    // MARK: Against a naive splitter

    /// Lines the slow, obvious way: split at LF, then drop one CR at the end of each line.
    private static func naiveLines(_ bytes: [UInt8]) -> [Range<Int>] {
        var lines: [Range<Int>] = []
        var start = 0
        for (i, byte) in bytes.enumerated() where byte == ASCII.newline {
            lines.append(start..<i)
            start = i + 1
        }
        if start < bytes.count { lines.append(start..<bytes.count) }
        return lines.map { range in
            range.count > 0 && bytes[range.upperBound - 1] == ASCII.carriageReturn
                ? range.lowerBound..<(range.upperBound - 1) : range
        }
    }

    @Test(arguments: [1, 2, 3, 42, 1_000])
    func matchesANaiveSplitter(seed: UInt64) {
        // A deterministic linear congruential generator; bytes biased to LF, CR, blanks and letters.
        var state = seed
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        let alphabet: [UInt8] = [0x0A, 0x0A, 0x0D, 0x20, 0x09, 0x61, 0x62, 0x00, 0xFF, 0xC3, 0xA9]
        var bytes: [UInt8] = []
        for _ in 0..<(Int(next() % 5_000)) {
            if next() % 50 == 0 {
                bytes += Array(repeating: 0x78, count: Int(next() % 9_000))  // a long line
            }
            bytes.append(alphabet[Int(next() % UInt64(alphabet.count))])
        }
        let index = LineIndex(bytes)
        let expected = Self.naiveLines(bytes)
        #expect(index.count == expected.count)
        #expect(index.lineNumbers.map(index.contentRange(ofLine:)) == expected)
        var offset = 0
        for number in index.lineNumbers {
            let full = index.fullRange(ofLine: number)
            #expect(full.lowerBound == offset)
            offset = full.upperBound
        }
        #expect(offset == bytes.count)
    }
}
