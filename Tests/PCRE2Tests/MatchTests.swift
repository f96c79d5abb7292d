import PCRE2
import Testing

@Suite("Single matches, captures and subjects")
struct MatchTests {
    let frameLine = Array(" #5 [ffff8b24eb39fb70] smp_call_function_single at ffffffff83306e92".utf8)

    @Test("captures by index, with the whole match at index 0")
    func capturesByIndex() throws {
        let pattern = try Pattern(#"^ #(\d+) \[([0-9a-f]+)\] (\S+) at ([0-9a-f]+)"#)
        let match = try #require(try pattern.firstMatch(in: frameLine))
        #expect(match.range == 0..<frameLine.count)
        #expect(match.captures.count == 5)
        #expect(match[0] == match.range)
        #expect(match[1] == 2..<3)
        #expect(match.string(1, in: frameLine) == "5")
        #expect(match.string(2, in: frameLine) == "ffff8b24eb39fb70")
        #expect(match.string(3, in: frameLine) == "smp_call_function_single")
        #expect(match.string(4, in: frameLine) == "ffffffff83306e92")
        #expect(match.bytes(3, in: frameLine).map(Array.init) == Array("smp_call_function_single".utf8))
        #expect(match.string(in: frameLine) == String(decoding: frameLine, as: UTF8.self))
    }

    @Test("an index that is not a group reads as nil instead of trapping")
    func outOfRangeIndex() throws {
        let match = try #require(try Pattern("(a)").firstMatch(in: "a"))
        #expect(match[1] == 0..<1)
        #expect(match[2] == nil)
        #expect(match[-1] == nil)
        #expect(match.string(7, in: Array("a".utf8)) == nil)
    }

    @Test("captures by name, including an unset optional group")
    func capturesByName() throws {
        let pattern = try Pattern(#"(?<sign>-)?(?<digits>\d+)(?:\.(?<fraction>\d+))?"#)
        let subject = Array("load 42 now".utf8)
        let match = try #require(try pattern.firstMatch(in: subject))
        #expect(match["sign"] == nil)
        #expect(match[1] == nil)
        #expect(match["digits"] == 5..<7)
        #expect(match["fraction"] == nil)
        #expect(match.captures == [5..<7, nil, 5..<7, nil])
        #expect(match.string(named: "digits", in: subject) == "42")
        #expect(match.string(named: "sign", in: subject) == nil)
        #expect(match["nonexistent"] == nil)

        let negative = try #require(try pattern.firstMatch(in: "-3.25"))
        #expect(negative["sign"] == 0..<1)
        #expect(negative.string(named: "fraction", in: "-3.25") == "25")
    }

    @Test("an unset group before a set one reads as nil")
    func unsetGroupBeforeSetGroup() throws {
        let match = try #require(try Pattern("(a)?(b)").firstMatch(in: "xb"))
        #expect(match[1] == nil)
        #expect(match[2] == 1..<2)
    }

    @Test("duplicate names resolve to the group that took part")
    func duplicateNameResolution() throws {
        let pattern = try Pattern(#"(?J)(?<v>a)|(?<v>b)"#)
        #expect(try pattern.firstMatch(in: "b")?["v"] == 0..<1)
        #expect(try pattern.firstMatch(in: "b")?[1] == nil)
        #expect(try pattern.firstMatch(in: "a")?["v"] == 0..<1)
    }

    @Test("from: starts the search inside the subject")
    func fromOffset() throws {
        let pattern = try Pattern("foo")
        let subject = Array("foo bar foo baz".utf8)
        #expect(try pattern.firstMatch(in: subject)?.range == 0..<3)
        #expect(try pattern.firstMatch(in: subject, from: 1)?.range == 8..<11)
        #expect(try pattern.firstMatch(in: subject, from: 9) == nil)
        #expect(try pattern.firstMatch(in: subject, from: subject.count) == nil)
    }

    @Test("from: keeps earlier bytes visible to lookbehind, and ^ still means offset 0")
    func fromOffsetContext() throws {
        let subject = Array("ab".utf8)
        #expect(try Pattern("(?<=a)b").firstMatch(in: subject, from: 1)?.range == 1..<2)
        #expect(try Pattern("^b").firstMatch(in: subject, from: 1) == nil)
        #expect(try Pattern(#"\bb"#).firstMatch(in: subject, from: 1) == nil)
    }

    @Test("an offset outside the subject throws instead of returning no match", arguments: [-1, 4, 100])
    func badOffsetThrows(start: Int) throws {
        let error = #expect(throws: PatternError.self) {
            try Pattern("a").firstMatch(in: Array("abc".utf8), from: start)
        }
        #expect(error?.code == -33)
        #expect(error?.isLimitExceeded == false)
    }

    @Test("slices report ranges in the base array's indices and see only their own bytes")
    func arraySlice() throws {
        let buffer = Array("xxfoo|foo|fooxx".utf8)
        let slice = buffer[6..<9]
        let pattern = try Pattern(#"\Afoo\z"#)
        let match = try #require(try pattern.firstMatch(in: slice))
        #expect(match.range == 6..<9)
        #expect(match.string(in: buffer) == "foo")
        #expect(match.string(in: slice) == "foo")
        #expect(try Pattern("foo").matches(in: buffer[2...]).map(\.range) == [2..<5, 6..<9, 10..<13])
        #expect(try Pattern("foo").matches(in: buffer[2...], from: 7).map(\.range) == [10..<13])
        #expect(try Pattern("foo").isMatch(buffer[0..<4]) == false)
        let error = #expect(throws: PatternError.self) { try pattern.firstMatch(in: slice, from: 0) }
        #expect(error?.code == -33)
    }

    @Test("raw buffers are matched in place and bytes(in:) points into them")
    func rawBuffer() throws {
        let pattern = try Pattern(#"CPU: (\d+)"#)
        let subject = Array("PID: 7  TASK: ffff  CPU: 13  COMMAND: \"nginx\"".utf8)
        try subject.withUnsafeBytes { raw in
            let match = try #require(try pattern.firstMatch(in: raw))
            let cpu = try #require(match.bytes(1, in: raw))
            #expect(cpu.baseAddress == raw.baseAddress! + 25)
            #expect(Array(cpu) == Array("13".utf8))
            #expect(match.string(1, in: raw) == "13")
            #expect(try pattern.isMatch(raw))
            #expect(try pattern.matches(in: raw).count == 1)
        }
    }

    @Test("strings match by UTF-8 offsets")
    func stringSubject() throws {
        let subject = "héllo wörld"
        let match = try #require(try Pattern("w(ö)r").firstMatch(in: subject))
        #expect(match.range == 7..<11)  // "héllo " is 7 bytes, "ö" is 2
        #expect(match.string(in: subject) == "wör")
        #expect(match.string(1, in: subject) == "ö")
        #expect(try Pattern("o").matches(in: subject).map(\.range) == [5..<6])  // h é(2) l l o
    }

    @Test("empty subjects and empty patterns")
    func emptyInputs() throws {
        #expect(try Pattern("").firstMatch(in: [UInt8]())?.range == 0..<0)
        #expect(try Pattern("x*").firstMatch(in: "")?.range == 0..<0)
        #expect(try Pattern("x").firstMatch(in: "") == nil)
        #expect(try Pattern("x").matches(in: [UInt8]()).isEmpty)
        #expect(try Pattern("").matches(in: "ab").map(\.range) == [0..<0, 1..<1, 2..<2])
    }

    @Test("NUL bytes in pattern and subject are ordinary bytes")
    func nulBytes() throws {
        let pattern = try Pattern("a\u{0}b")
        #expect(try pattern.firstMatch(in: [0x78, 0x61, 0x00, 0x62])?.range == 1..<4)
    }
}
