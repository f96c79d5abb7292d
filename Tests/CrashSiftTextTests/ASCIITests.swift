import CrashSiftText
import Testing

@Suite struct ASCIITests {
    /// Every byte value.
    private static let allBytes = (0...255).map(UInt8.init)

    /// The bytes of `characters`.
    private static func bytes(_ characters: String) -> Set<UInt8> { Set(characters.utf8) }

    private static let upper = bytes("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    private static let lower = bytes("abcdefghijklmnopqrstuvwxyz")
    private static let digits = bytes("0123456789")

    @Test func constantsAreTheirCharacters() {
        let pairs: [(UInt8, Character)] = [
            (ASCII.tab, "\t"), (ASCII.newline, "\n"), (ASCII.carriageReturn, "\r"), (ASCII.space, " "),
            (ASCII.quote, "\""), (ASCII.hash, "#"), (ASCII.openParen, "("), (ASCII.closeParen, ")"),
            (ASCII.star, "*"), (ASCII.plus, "+"), (ASCII.minus, "-"), (ASCII.dot, "."), (ASCII.slash, "/"),
            (ASCII.colon, ":"), (ASCII.less, "<"), (ASCII.greater, ">"), (ASCII.openBracket, "["),
            (ASCII.closeBracket, "]"), (ASCII.underscore, "_"),
        ]
        for (byte, character) in pairs {
            #expect(byte == character.asciiValue, "\(character.debugDescription)")
        }
    }

    @Test func classesAgreeWithTheirDefinitionOnEveryByte() {
        let letters = Self.upper.union(Self.lower)
        let hex = Self.digits.union(Self.bytes("abcdefABCDEF"))
        let lowerHex = Self.digits.union(Self.bytes("abcdef"))
        for b in Self.allBytes {
            #expect(ASCII.isBlank(b) == (b == 0x20 || b == 0x09), "\(b)")
            #expect(ASCII.isWhitespace(b) == [0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20].contains(b), "\(b)")
            #expect(ASCII.isDigit(b) == Self.digits.contains(b), "\(b)")
            #expect(ASCII.isUpper(b) == Self.upper.contains(b), "\(b)")
            #expect(ASCII.isLower(b) == Self.lower.contains(b), "\(b)")
            #expect(ASCII.isLetter(b) == letters.contains(b), "\(b)")
            #expect(ASCII.isAlphanumeric(b) == (letters.contains(b) || Self.digits.contains(b)), "\(b)")
            #expect(ASCII.isHexDigit(b) == hex.contains(b), "\(b)")
            #expect(ASCII.isLowerHexDigit(b) == lowerHex.contains(b), "\(b)")
            #expect(ASCII.isPrintable(b) == ((0x20...0x7E).contains(b) || b == 0x09), "\(b)")
        }
    }

    @Test func highBytesAreNeverLettersDigitsOrBlanks() {
        for b in UInt8(0x80)...UInt8(0xFF) {
            #expect(!ASCII.isLetter(b) && !ASCII.isDigit(b) && !ASCII.isBlank(b) && !ASCII.isHexDigit(b)
                && !ASCII.isWhitespace(b) && !ASCII.isPrintable(b), "\(b)")
        }
    }

    @Test func hexValues() {
        for (offset, b) in "0123456789abcdef".utf8.enumerated() {
            #expect(ASCII.hexValue(b) == UInt64(offset))
        }
        for (offset, b) in "ABCDEF".utf8.enumerated() {
            #expect(ASCII.hexValue(b) == UInt64(offset + 10))
        }
    }
}
