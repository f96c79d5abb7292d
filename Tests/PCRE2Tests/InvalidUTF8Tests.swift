import PCRE2
import Testing

@Suite("Subjects that are not valid UTF-8")
struct InvalidUTF8Tests {
    /// A task line whose COMMAND holds junk bytes: 0xFF and 0xFE never occur in UTF-8, 0xC3 is a
    /// lead byte without its continuation, 0xA9 a stray continuation byte.
    static let junkLine: [UInt8] = Array(#"PID: 7  COMMAND: "ab"#.utf8) + [0xFF, 0xFE, 0xC3] + Array("cd".utf8)
        + [0xA9] + Array(#"""#.utf8)

    @Test("without utf, invalid bytes match bytewise")
    func bytewise() throws {
        let pattern = try Pattern(#"COMMAND: "([^"]*)""#)
        let match = try #require(try pattern.firstMatch(in: Self.junkLine))
        #expect(match.bytes(1, in: Self.junkLine).map(Array.init) == [0x61, 0x62, 0xFF, 0xFE, 0xC3, 0x63, 0x64, 0xA9])
        // Decoding for display replaces each bad sequence, the bytes stay exact.
        #expect(match.string(1, in: Self.junkLine)?.hasPrefix("ab\u{FFFD}") == true)
        #expect(try Pattern(#"\xff\xfe"#).firstMatch(in: Self.junkLine)?.range == 20..<22)
        #expect(try Pattern("b..c").firstMatch(in: Self.junkLine) == nil)
        #expect(try Pattern("b...c").firstMatch(in: Self.junkLine)?.range == 19..<24)
    }

    @Test("with utf, invalid bytes never match but do not make matching fail")
    func utfModeSurvives() throws {
        let pattern = try Pattern(#"COMMAND: "([^"]*)""#, options: .utf)
        #expect(try pattern.firstMatch(in: Self.junkLine) == nil)
        let words = try Pattern(#"[a-z]+"#, options: .utf).matches(in: Self.junkLine)
        #expect(words.map { $0.string(in: Self.junkLine) } == ["ab", "cd"])
        #expect(try Pattern(".", options: .utf).matches(in: [0xFF, 0xC3, 0xA9, 0xFE]).map(\.range) == [1..<3])
    }

    @Test("with utf, starting inside a multi-byte character neither crashes nor throws")
    func utfStartInsideCharacter() throws {
        let subject = Array("éa".utf8)
        let pattern = try Pattern(".", options: .utf)
        #expect(try pattern.firstMatch(in: subject, from: 1)?.range == 2..<3)
        #expect(try pattern.matches(in: subject, from: 1).map(\.range) == [2..<3])
    }

    @Test("with utf, every truncated or overlong sequence is survivable", arguments: [
        [0xC3] as [UInt8], [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
    ])
    func malformedSequences(junk: [UInt8]) throws {
        let subject = Array("x".utf8) + junk + Array("y".utf8)
        let found = try Pattern(".", options: .utf).matches(in: subject)
        #expect(found.map { $0.string(in: subject) } == ["x", "y"])
    }
}
