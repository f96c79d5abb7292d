import PCRE2
import Testing

/// Compiles `pattern` and returns the error it must throw.
private func compileError(_ pattern: String, options: Pattern.Options = []) throws -> PatternError {
    do {
        _ = try Pattern(pattern, options: options)
    } catch {
        return error
    }
    Issue.record("pattern \(pattern.debugDescription) compiled but should not have")
    throw CompileErrorTests.UnexpectedSuccess()
}

@Suite("Compile errors")
struct CompileErrorTests {
    struct UnexpectedSuccess: Error {}

    @Test("missing parenthesis: message, code, offset at the end, caret past the last character")
    func caretAtEndOfPattern() throws {
        let error = try compileError("a(b")
        #expect(error == .compile(pattern: "a(b", code: 114, message: "missing closing parenthesis", offset: 3))
        #expect(error.code == 114)
        #expect(error.description == """
            missing closing parenthesis at offset 3
              a(b
                 ^
            """)
    }

    @Test("caret under the offending character in the middle of the pattern")
    func caretInMiddle() throws {
        let error = try compileError("a)b")
        guard case .compile(_, _, let message, let offset) = error else {
            Issue.record("expected a compile error, got \(error)")
            return
        }
        #expect(message == "unmatched closing parenthesis")
        #expect(offset == 1)
        #expect(error.description == "unmatched closing parenthesis at offset 1\n  a)b\n   ^")
    }

    @Test("caret at offset 0")
    func caretAtStart() throws {
        let error = try compileError("*a")
        #expect(error.description.hasSuffix("at offset 0\n  *a\n  ^"))
    }

    @Test("offset is in UTF-8 bytes, caret column is in Characters", arguments: [[], Pattern.Options.utf])
    func multiByteCaret(options: Pattern.Options) throws {
        // "é" is 2 bytes, so the error offset 3 is the end of the pattern: column 2.
        let error = try compileError("é(", options: options)
        guard case .compile(_, _, _, let offset) = error else {
            Issue.record("expected a compile error, got \(error)")
            return
        }
        #expect(offset == 3)
        #expect(error.description == "missing closing parenthesis at offset 3\n  é(\n    ^")
    }

    @Test("a decomposed character (e + U+0301) is one column")
    func graphemeClusterIsOneColumn() throws {
        let pattern = "e\u{301})x"
        let error = try compileError(pattern)
        guard case .compile(_, _, _, let offset) = error else {
            Issue.record("expected a compile error, got \(error)")
            return
        }
        #expect(offset == 3)  // e (1 byte) + U+0301 (2 bytes)
        #expect(error.description == "unmatched closing parenthesis at offset 3\n  \(pattern)\n   ^")
    }

    @Test("wide characters: caret under the character after three 3-byte ones")
    func cjkCaret() throws {
        let error = try compileError("漢字語)")
        #expect(error.description == "unmatched closing parenthesis at offset 9\n  漢字語)\n     ^")
    }

    @Test("a multi-line pattern shows only the line with the error")
    func multiLinePattern() throws {
        let error = try compileError("(?x) a b\n  c )\n d")
        #expect(error.description == "unmatched closing parenthesis at offset 13\n    c )\n      ^")
    }

    @Test("tabs in the pattern are kept in the caret padding")
    func tabsInPadding() throws {
        let error = try compileError("\t(?<n")
        #expect(error.description.hasSuffix("\n  \t(?<n\n  \t    ^"))
    }

    @Test("a CR before the LF of a CRLF line ending is not printed")
    func crlfPatternLine() throws {
        let error = try compileError("a)\r\nb")
        #expect(error.description == "unmatched closing parenthesis at offset 1\n  a)\n   ^")
    }

    @Test("other compile errors carry PCRE2's text", arguments: [
        ("ab\\", "\\ at end of pattern"),
        ("[z-a]", "range out of order in character class"),
        ("a{3,2}", "numbers out of order in {} quantifier"),
    ])
    func messages(pattern: String, expectedMessage: String) throws {
        let error = try compileError(pattern)
        guard case .compile(let reported, _, let message, _) = error else {
            Issue.record("expected a compile error, got \(error)")
            return
        }
        #expect(reported == pattern)
        #expect(message == expectedMessage)
        #expect(error.description.hasPrefix(expectedMessage + " at offset "))
    }

    @Test("\\K inside a lookaround is rejected, so match ranges can never be inverted")
    func backslashKInLookaroundRejected() throws {
        let error = try compileError("(?<=\\Ka)b")
        #expect(error.code != 0)
    }

    @Test("literal mode rejects options PCRE2 cannot combine with it")
    func literalWithExtendedRejected() throws {
        let error = try compileError("a b", options: [.literal, .extended])
        #expect(error.description.contains("at offset"))
    }
}
