import CrashSiftText
import Testing

@Suite struct SourceFileTests {
    @Test func keepsNameAndBytesExactly() {
        let bytes: [UInt8] = [0x61, 0x0D, 0x0A, 0x00, 0xFF, 0x0A]
        let file = SourceFile(name: "vmcore.txt", bytes: bytes)
        #expect(file.name == "vmcore.txt")
        #expect(file.bytes == bytes)
        #expect(file.lineCount == 2)
        #expect(file.lines.count == 2)
    }

    @Test func textInitializerUsesUTF8() {
        let text = "PID: 1\r\n  é\tx\n"
        let fromText = SourceFile(name: "<stdin>", text: text)
        let fromBytes = SourceFile(name: "<stdin>", bytes: Array(text.utf8))
        #expect(fromText.bytes == fromBytes.bytes)
        #expect(fromText.bytes.count == 15)
        #expect(fromText.lineCount == 2)
        #expect(fromText.name == "<stdin>")
    }

    @Test func emptyFile() {
        let file = SourceFile(name: "empty", text: "")
        #expect(file.lineCount == 0)
        #expect(file.lines.lineNumbers.isEmpty)
        #expect(file.text(0..<0) == "")
    }

    @Test func linesAsBytesAndText() {
        let file = SourceFile(name: "t", text: "crash> bt\r\nPID: 0  \n\n--- <IRQ stack> ---")
        #expect(file.lineCount == 4)
        #expect(Array(file.bytes(ofLine: 1)) == Array("crash> bt".utf8))
        #expect(file.text(ofLine: 1) == "crash> bt")
        #expect(file.text(ofLine: 2) == "PID: 0  ")  // trailing blanks are content
        #expect(file.text(ofLine: 3) == "")
        #expect(file.bytes(ofLine: 3).isEmpty)
        #expect(file.text(ofLine: 4) == "--- <IRQ stack> ---")
    }

    @Test func bytesOfLineKeepsBufferOffsets() {
        let file = SourceFile(name: "t", text: "ab\ncd")
        let second = file.bytes(ofLine: 2)
        #expect(second.startIndex == 3)
        #expect(second.endIndex == 5)
        #expect(second.first == UInt8(ascii: "c"))
    }

    @Test func lineTextReplacesInvalidUTF8() {
        // "a", a lone continuation byte, "b"; then a truncated two-byte sequence at the very end.
        let file = SourceFile(name: "t", bytes: [0x61, 0x80, 0x62, 0x0A, 0x63, 0xC3])
        #expect(file.text(ofLine: 1) == "a\u{FFFD}b")
        #expect(file.text(ofLine: 2) == "c\u{FFFD}")
        #expect(Array(file.bytes(ofLine: 1)) == [0x61, 0x80, 0x62])
    }

    @Test func lineTextKeepsValidMultiByteUTF8AndNUL() {
        let file = SourceFile(name: "t", bytes: [0x78, 0xC3, 0xA9, 0x00, 0x79, 0x0A])
        #expect(file.text(ofLine: 1) == "xé\u{0}y")
        #expect(file.text(ofLine: 1).utf8.count == 5)
    }

    @Test func textOfARange() {
        let file = SourceFile(name: "t", text: "ab\ncd\n")
        #expect(file.text(0..<2) == "ab")
        #expect(file.text(1..<5) == "b\ncd")       // ranges may span lines
        #expect(file.text(6..<6) == "")            // an empty range at the very end
        #expect(file.text(0..<file.bytes.count) == "ab\ncd\n")
        let bad = SourceFile(name: "t", bytes: [0xFF, 0xFE])
        #expect(bad.text(0..<2) == "\u{FFFD}\u{FFFD}")
        #expect(bad.text(1..<1) == "")
    }

    @Test func contentRangesPointIntoTheFileBytes() {
        let file = SourceFile(name: "t", text: "x\r\nyz\r\n")
        let range = file.lines.contentRange(ofLine: 2)
        #expect(file.text(range) == "yz")
        #expect(file.text(file.lines.fullRange(ofLine: 2)) == "yz\r\n")
        #expect(file.lines.endsWithCRLF(2, in: file.bytes))
    }
}
