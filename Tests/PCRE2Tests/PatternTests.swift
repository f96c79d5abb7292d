import PCRE2
import Testing

@Suite("Pattern compilation and options")
struct PatternTests {
    @Test("JIT is used by default")
    func jitByDefault() throws {
        let pattern = try Pattern(#"^ #(\d+) \[([0-9a-f]+)\] (\S+) at ([0-9a-f]+)"#)
        #expect(pattern.isJIT)
        #expect(pattern.captureCount == 4)
        #expect(pattern.source == #"^ #(\d+) \[([0-9a-f]+)\] (\S+) at ([0-9a-f]+)"#)
    }

    @Test("noJIT is honoured and matches the same as JIT")
    func noJITHonoured() throws {
        let interpreted = try Pattern(#"(\w+)@(\w+)"#, options: .noJIT)
        let jitted = try Pattern(#"(\w+)@(\w+)"#)
        #expect(!interpreted.isJIT)
        #expect(interpreted.options == .noJIT)
        let subject = "mail root@localhost now"
        let expected = try #require(try jitted.firstMatch(in: subject))
        #expect(try interpreted.firstMatch(in: subject) == expected)
        #expect(expected.captures == [5..<19, 5..<9, 10..<19])
    }

    @Test("capture names come from the name table")
    func captureNames() throws {
        let pattern = try Pattern(#"PID: (?<pid>\d+)\s+TASK: (?<task>[0-9a-f]+)\s+CPU: (\d+)\s+COMMAND: "(?<command>[^"]*)""#)
        #expect(pattern.captureCount == 4)
        #expect(pattern.captureNames == ["pid": 1, "task": 2, "command": 4])
        #expect(try Pattern("(a)(b)").captureNames.isEmpty)
    }

    @Test("duplicate names map to the lowest group number")
    func duplicateNames() throws {
        let pattern = try Pattern(#"(?J)(?<v>a)|(?<v>b)"#)
        #expect(pattern.captureNames == ["v": 1])
    }

    @Test("caseInsensitive")
    func caseInsensitive() throws {
        #expect(try Pattern("kernel panic", options: .caseInsensitive).isMatch("Kernel PANIC - not syncing"))
        #expect(try !Pattern("kernel panic").isMatch("Kernel PANIC - not syncing"))
    }

    @Test("extended ignores whitespace and comments")
    func extended() throws {
        let pattern = try Pattern("""
            (\\d+)   # a number
            \\s* - \\s*
            (\\d+)   # another
            """, options: .extended)
        let match = try #require(try pattern.firstMatch(in: "range 10 - 20"))
        #expect(match.string(1, in: "range 10 - 20") == "10")
        #expect(match.string(2, in: "range 10 - 20") == "20")
    }

    @Test("dotAll lets . match a newline")
    func dotAll() throws {
        #expect(try Pattern("a.b", options: .dotAll).isMatch("a\nb"))
        #expect(try !Pattern("a.b").isMatch("a\nb"))
    }

    @Test("anchored matches only at the start offset")
    func anchored() throws {
        let pattern = try Pattern("b", options: .anchored)
        #expect(try !pattern.isMatch("ab"))
        #expect(try pattern.firstMatch(in: "ab", from: 1)?.range == 1..<2)
    }

    @Test("literal treats metacharacters as bytes")
    func literal() throws {
        let pattern = try Pattern("a(b.*", options: .literal)
        #expect(try pattern.firstMatch(in: "xa(b.*y")?.range == 1..<6)
        #expect(try !pattern.isMatch("xa(bcd"))
        #expect(pattern.captureCount == 0)
    }

    @Test("utf makes . match a whole character instead of a byte")
    func utfDot() throws {
        #expect(try Pattern("^.$", options: .utf).isMatch("é"))
        #expect(try !Pattern("^.$").isMatch("é"))
        #expect(try Pattern("^..$").isMatch("é"))
    }

    @Test("Pattern is shareable: a value copy uses the same compiled code")
    func copiesShareCode() throws {
        let original = try Pattern("x+")
        let copy = original
        #expect(try copy.firstMatch(in: "axxb")?.range == 1..<3)
        #expect(copy.isJIT == original.isJIT)
    }
}
