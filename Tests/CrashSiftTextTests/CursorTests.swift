import CrashSiftText
import Testing

/// A `Cursor` call that must fail on its input and leave the position where it was.
struct FailingRead: Sendable, CustomTestStringConvertible {
    var name: String
    var input: String
    /// Where the cursor starts (bytes skipped before the call).
    var start: Int
    /// The end of the cursor's range, when it is shorter than the input.
    var end: Int?
    var read: @Sendable (inout Lexer.Cursor) -> Bool

    init(_ name: String, _ input: String, start: Int = 0, end: Int? = nil,
         _ read: @escaping @Sendable (inout Lexer.Cursor) -> Bool) {
        self.name = name
        self.input = input
        self.start = start
        self.end = end
        self.read = read
    }

    var testDescription: String { "\(name) on \(input.debugDescription) from \(start)" }
}

@Suite struct CursorTests {
    // MARK: Basics

    @Test func startsAtTheRangeAndStopsAtItsEnd() {
        let (state, _) = withCursor("xxPID: 1yy", range: 2..<8) { c in
            (c.position, c.end, c.rest, c.isAtEnd, c.peek(), c.peek(5), c.peek(6), c.base.count)
        }
        #expect(state.0 == 2)
        #expect(state.1 == 8)
        #expect(state.2 == 2..<8)
        #expect(state.3 == false)
        #expect(state.4 == UInt8(ascii: "P"))
        #expect(state.5 == UInt8(ascii: "1"))
        #expect(state.6 == nil)           // "y" exists in the buffer but lies past the end
        #expect(state.7 == 10)
    }

    @Test func emptyRangeIsAtEnd() {
        let (state, position) = withCursor("abc", range: 3..<3) { c in
            (c.isAtEnd, c.peek(), c.rest.isEmpty, c.skipBlanks(), c.lexWord(), c.lexToken())
        }
        #expect(state.0)
        #expect(state.1 == nil)
        #expect(state.2)
        #expect(state.3 == 0)
        #expect(state.4 == nil)
        #expect(state.5 == nil)
        #expect(position == 3)
    }

    @Test func emptyBufferHasNothingToRead() {
        let (result, position) = withCursor(bytes: []) { c in
            (c.isAtEnd, c.lexHex(), c.lexDecimal(), c.lexLabel(), c.lexSymbolReference(), c.lexStackSwitch(),
             c.lexQuotedToLastQuote(), c.lexBracketed(), c.lexParenthesized(), c.consume(ASCII.space), c.consume(""))
        }
        #expect(result.0)
        #expect(result.1 == nil)
        #expect(result.2 == nil)
        #expect(result.3 == nil)
        #expect(result.4 == nil)
        #expect(result.5 == nil)
        #expect(result.6 == nil)
        #expect(result.7 == nil)
        #expect(result.8 == nil)
        #expect(result.9 == false)
        #expect(result.10 == true)        // the empty literal always matches
        #expect(position == 0)
    }

    @Test func skipBlanksSkipsSpacesAndTabsOnly() {
        #expect(withCursor("  \t x") { $0.skipBlanks() } == (4, 4))
        #expect(withCursor("x  ") { $0.skipBlanks() } == (0, 0))
        #expect(withCursor("\r x") { $0.skipBlanks() } == (0, 0))
        #expect(withCursor("\n x") { $0.skipBlanks() } == (0, 0))
        #expect(withCursor("\u{0} x") { $0.skipBlanks() } == (0, 0))
        #expect(withCursor("   ") { $0.skipBlanks() } == (3, 3))
        #expect(withCursor("      ", range: 0..<2) { $0.skipBlanks() } == (2, 2))
        #expect(withCursor("a   b", start: 1) { $0.skipBlanks() } == (3, 4))
    }

    @Test func consumeBlanksNeedsAtLeastOne() {
        #expect(withCursor(" \tx") { $0.consumeBlanks() } == (true, 2))
        #expect(withCursor("x") { $0.consumeBlanks() } == (false, 0))
        #expect(withCursor("") { $0.consumeBlanks() } == (false, 0))
    }

    @Test func consumeByte() {
        #expect(withCursor("[x") { $0.consume(ASCII.openBracket) } == (true, 1))
        #expect(withCursor("x[") { $0.consume(ASCII.openBracket) } == (false, 0))
        #expect(withCursor("[", range: 0..<0) { $0.consume(ASCII.openBracket) } == (false, 0))
        #expect(withCursor(bytes: [0xFF, 0]) { $0.consume(0xFF) && $0.consume(0) } == (true, 2))
    }

    @Test func consumeLiteral() {
        #expect(withCursor("PID: 1") { $0.consume("PID:") } == (true, 4))
        #expect(withCursor("PIDX 1") { $0.consume("PID:") } == (false, 0))
        #expect(withCursor("pid: 1") { $0.consume("PID:") } == (false, 0))
        #expect(withCursor("PID") { $0.consume("PID:") } == (false, 0))
        #expect(withCursor("PID:", range: 0..<3) { $0.consume("PID:") } == (false, 0))
        #expect(withCursor("  --- <x> ---", start: 2) { $0.consume("---") } == (true, 5))
        #expect(withCursor("abc") { $0.consume("") } == (true, 0))
        #expect(withCursor("a") { $0.consume("a") } == (true, 1))
        #expect(withCursor("é!") { $0.consume("é") } == (true, 2))
    }

    @Test func startsWithReadsNothing() {
        #expect(withCursor("WARNING: x") { $0.startsWith("WARNING: ") } == (true, 0))
        #expect(withCursor("WARNING:x") { $0.startsWith("WARNING: ") } == (false, 0))
        #expect(withCursor("xx0x1f", start: 2) { $0.startsWith("0x") } == (true, 2))
        #expect(withCursor("0x", range: 0..<1) { $0.startsWith("0x") } == (false, 0))
        #expect(withCursor("") { $0.startsWith("") } == (true, 0))
    }

    // MARK: lexHex

    @Test(arguments: [
        ("ffff8b1d9df09e40", 0xffff_8b1d_9df0_9e40, 16, 16),
        ("ffff8b1d9df09e40 at", 0xffff_8b1d_9df0_9e40, 16, 16),
        ("0123456789abcdef", 0x0123_4567_89ab_cdef, 16, 16),
        ("FFFFFFFFFFFFFFFF]", UInt64.max, 16, 16),
        ("DEADbeef:", 0xdead_beef, 8, 8),
        ("0010  SS", 0x10, 4, 4),
        ("0", 0, 1, 1),
        ("12.5", 0x12, 2, 2),
        ("b6/0x120", 0xb6, 2, 2),
        ("12-", 0x12, 2, 2),
        ("12\u{0}", 0x12, 2, 2),
        ("12é", 0x12, 2, 2),       // bytes ≥ 0x80 are not letters
    ] as [(String, UInt64, Int, Int)])
    func lexHexReads(input: String, value: UInt64, digits: Int, position: Int) throws {
        let (number, end) = withCursor(input) { $0.lexHex() }
        let read = try #require(number)
        #expect(read.value == value)
        #expect(Int(read.digits) == digits)
        #expect(end == position)
    }

    @Test func lexHexKeepsLeadingZeros() throws {
        let number = try #require(withCursor("000000055076903e") { $0.lexHex() }.result)
        #expect(number.description == "000000055076903e")
    }

    @Test func lexHexStopsAtTheEndOfTheRange() throws {
        // What lies past the end (a glued "g", more digits) is not looked at.
        #expect(withCursor("12g", range: 0..<2) { $0.lexHex() } == (HexNumber(0x12, digits: 2), 2))
        #expect(withCursor("ffffffffffffffff0", range: 0..<16) { $0.lexHex()?.value } == (UInt64.max, 16))
        #expect(withCursor("[abcd]", range: 1..<3) { $0.lexHex() } == (HexNumber(0xab, digits: 2), 3))
    }

    // MARK: lexPrefixedHex

    @Test(arguments: [
        ("0x1f", 0x1f, true, 4),
        ("0x1f/0x20", 0x1f, true, 4),
        ("0x0", 0, true, 3),
        ("0xffffffffffffffff", UInt64.max, true, 18),
        ("1f", 0x1f, false, 2),
        ("37]", 0x37, false, 2),
        ("0", 0, false, 1),
        ("00", 0, false, 2),
    ] as [(String, UInt64, Bool, Int)])
    func lexPrefixedHexReads(input: String, value: UInt64, hadPrefix: Bool, position: Int) throws {
        let (result, end) = withCursor(input) { $0.lexPrefixedHex() }
        let read = try #require(result)
        #expect(read.number.value == value)
        #expect(read.hadPrefix == hadPrefix)
        #expect(end == position)
    }

    @Test func lexPrefixedHexDigitCountExcludesThePrefix() throws {
        let read = try #require(withCursor("0x0010") { $0.lexPrefixedHex() }.result)
        #expect(read.number.description == "0010")
    }

    // MARK: lexDecimal

    @Test(arguments: [
        ("42", 42, 2),
        ("0010", 10, 4),
        ("0", 0, 1),
        ("260624  TASK", 260_624, 6),
        ("32801109.627113", 32_801_109, 8),
        ("123abc", 123, 3),                              // stops at the first non-digit
        ("12:", 12, 2),
        ("999999999999999999", 999_999_999_999_999_999, 18),
        ("000000000000000000", 0, 18),
    ] as [(String, Int, Int)])
    func lexDecimalReads(input: String, value: Int, position: Int) {
        #expect(withCursor(input) { $0.lexDecimal() } == (value, position))
    }

    @Test func lexDecimalStopsAtTheEndOfTheRange() {
        #expect(withCursor("1234", range: 1..<3) { $0.lexDecimal() } == (23, 3))
        #expect(withCursor("9999999999999999999", range: 0..<18) { $0.lexDecimal() } == (999_999_999_999_999_999, 18))
    }

    // MARK: lexWord

    @Test(arguments: [
        ("machine_kexec at", "machine_kexec", 13),
        ("bt:\tx", "bt:", 3),
        ("<IRQ>", "<IRQ>", 5),
        ("a\rb c", "a\rb", 3),                            // CR is not a blank
        ("é\u{0}x y", "é\u{0}x", 4),
        ("\"runc:[2:INIT]\"", "\"runc:[2:INIT]\"", 15),
    ])
    func lexWordReads(input: String, word: String, position: Int) {
        let (range, end) = withCursor(input) { $0.lexWord() }
        #expect(slice(input, range) == word)
        #expect(end == position)
    }

    @Test func lexWordStopsAtTheEndOfTheRange() {
        let (range, end) = withCursor("abcdef", range: 1..<4) { $0.lexWord() }
        #expect(range == 1..<4)
        #expect(end == 4)
    }

    // MARK: lex(upTo:)

    @Test func lexUpToStopsBeforeTheByte() {
        let (range, position) = withCursor("CPU 3: x") { $0.lex(upTo: ASCII.colon) }
        #expect(range == 0..<5)
        #expect(position == 5)                            // at the colon, not past it
    }

    @Test func lexUpToTheNextByteIsEmpty() {
        #expect(withCursor(":x") { $0.lex(upTo: ASCII.colon) } == (0..<0, 0))
        #expect(withCursor("ab:x", start: 2) { $0.lex(upTo: ASCII.colon) } == (2..<2, 2))
    }

    @Test func lexUpToFindsTheFirstOccurrence() {
        #expect(withCursor("a:b:c") { $0.lex(upTo: ASCII.colon) } == (0..<1, 1))
        #expect(withCursor(bytes: [1, 0, 2, 0]) { $0.lex(upTo: 0) } == (0..<1, 1))
    }

    // MARK: lexBracketed

    @Test(arguments: [
        ("[crashtest]", "crashtest", 11),
        ("[ffff8b1d9df09e40] f", "ffff8b1d9df09e40", 18),
        ("[exception RIP: generic_exec_single+0xfa]", "exception RIP: generic_exec_single+0xfa", 41),
        ("[   35.047479][ T5851]", "   35.047479", 14),
        ("[]", "", 2),
        ("[a[b]c]", "a[b", 5),                            // no nesting: the first ']' closes
        ("[é]", "é", 4),
    ])
    func lexBracketedReads(input: String, inner: String, position: Int) {
        let (range, end) = withCursor(input) { $0.lexBracketed() }
        #expect(slice(input, range) == inner)
        #expect(end == position)
    }

    // MARK: lexParenthesized

    @Test(arguments: [
        ("(via system_call)", "via system_call", 17),
        ("(unreliable) x", "unreliable", 12),
        ("(user space)", "user space", 12),
        ("(a(b)c) d", "a(b)c", 7),                        // balanced
        ("((x)) (y)", "(x)", 5),
        ("()", "", 2),
        ("(a]b)", "a]b", 5),
    ])
    func lexParenthesizedReads(input: String, inner: String, position: Int) {
        let (range, end) = withCursor(input) { $0.lexParenthesized() }
        #expect(slice(input, range) == inner)
        #expect(end == position)
    }

    // MARK: lexQuotedToLastQuote

    @Test(arguments: [
        ("\"runc:[2:INIT]\"", "runc:[2:INIT]", 15),
        ("\"bash\"", "bash", 6),
        ("\"bash\"  ", "bash", 6),
        ("\"a\"b\"", "a\"b", 5),                          // crash does not escape quotes in names
        ("\"a\" \"b\"", "a\" \"b", 7),
        ("\"\"", "", 2),
        ("\"kworker/0:1H\"", "kworker/0:1H", 14),
        ("\"é\"", "é", 4),
    ])
    func lexQuotedToLastQuoteReads(input: String, inner: String, position: Int) {
        let (range, end) = withCursor(input) { $0.lexQuotedToLastQuote() }
        #expect(slice(input, range) == inner)
        #expect(end == position)
    }

    @Test func lexQuotedToLastQuoteLooksOnlyInsideTheRange() {
        let input = "COMMAND: \"a\" \"b\""
        let (range, end) = withCursor(input, range: 9..<12) { $0.lexQuotedToLastQuote() }
        #expect(slice(input, range) == "a")
        #expect(end == 12)
    }

    // MARK: lexLabel

    @Test(arguments: [
        ("RIP: ffffffff83306d6a", false, "RIP", 4),
        ("ORIG_RAX: ffffffffffffffff", false, "ORIG_RAX", 9),
        ("R8: 0000000000000001", false, "R8", 3),
        ("PID: 260624", false, "PID", 4),
        ("A:", false, "A", 2),
        ("CS:0010", false, "CS", 3),                      // the label alone needs no blank after
        ("RIP:", true, "RIP", 4),
        ("Rip:", true, "Rip", 4),
        ("MSR_sPR:", true, "MSR_sPR", 8),
    ])
    func lexLabelReads(input: String, allowLowercase: Bool, name: String, position: Int) {
        let (range, end) = withCursor(input) { $0.lexLabel(allowLowercase: allowLowercase) }
        #expect(slice(input, range) == name)
        #expect(end == position)
    }

    @Test func lexLabelAfterSkippingBlanks() {
        let input = "    RBP: ffff8b24eb39fb68   R8: 0000000000000001"
        let (names, end) = withCursor(input) { c -> [String?] in
            var names: [String?] = []
            c.skipBlanks()
            names.append(slice(input, c.lexLabel()))
            c.skipBlanks()
            _ = c.lexHex()
            names.append(slice(input, c.lexLabel()))      // blanks not skipped yet
            c.skipBlanks()
            names.append(slice(input, c.lexLabel()))
            return names
        }
        #expect(names == ["RBP", nil, "R8"])
        #expect(end == 31)
    }

    // MARK: lexStackSwitch

    @Test(arguments: [
        ("--- <IRQ stack> ---", "IRQ stack"),
        ("--- <NMI exception stack> ---", "NMI exception stack"),
        ("---<Emergency Stack>---", "Emergency Stack"),
        ("--- <(unknown) exception stack> ---", "(unknown) exception stack"),
        ("--- <IRQ stack> ---   ", "IRQ stack"),
        ("---\t<IRQ stack>\t---", "IRQ stack"),
        ("---   <IRQ stack>   ---", "IRQ stack"),
        ("--- <soft IRQ> --- \t", "soft IRQ"),
        ("--- <> ---", ""),                               // documented: the name may be empty
    ])
    func lexStackSwitchReads(input: String, name: String) {
        let (range, end) = withCursor(input) { $0.lexStackSwitch() }
        #expect(slice(input, range) == name)
        #expect(end == input.utf8.count)
    }

    @Test func lexStackSwitchStopsAtTheEndOfTheRange() {
        let input = "--- <IRQ stack> --- trailing"
        let (range, end) = withCursor(input, range: 0..<19) { $0.lexStackSwitch() }
        #expect(slice(input, range) == "IRQ stack")
        #expect(end == 19)
    }

    // MARK: lexSymbolReference

    @Test(arguments: [
        ("sched_show_task+0xb6/0x120", "sched_show_task+0xb6/0x120"),
        ("crashtest_spin_forever+37", "crashtest_spin_forever+37"),
        ("func+0x10/0x20 [mod]", "func+0x10/0x20 [mod]"),
        ("func+0x10/0x20 [mod]  (x)", "func+0x10/0x20 [mod]"),
        ("kmalloc_oob_right+0xac/0xc3 [test_kasan]", "kmalloc_oob_right+0xac/0xc3 [test_kasan]"),
        ("f+0x1/0x2 [nf-conntrack_2]", "f+0x1/0x2 [nf-conntrack_2]"),
        ("wp_page_copy.isra.81+0x332/0x590", "wp_page_copy.isra.81+0x332/0x590"),
        ("sched_show_task+0xb6/0x120 rest", "sched_show_task+0xb6/0x120"),
        ("f+0x10", "f+0x10"),
        ("f+10/20", "f+10/20"),
        ("a+b+0x10", "a+b+0x10"),                         // the last '+' starts the offset
        ("_$LT$T$GT$::fmt+0x1/0x2", "_$LT$T$GT$::fmt+0x1/0x2"),
        // A module is taken only with exactly one space before it and a plain name inside.
        ("func+0x10/0x20  [mod]", "func+0x10/0x20"),
        ("func+0x10/0x20 [<ffff>]", "func+0x10/0x20"),
        ("func+0x10/0x20 []", "func+0x10/0x20"),
        ("func+0x10/0x20 [mod]x", "func+0x10/0x20"),
        ("func+0x10/0x20 [mod", "func+0x10/0x20"),
        ("func+0x10/0x20\t[mod]", "func+0x10/0x20"),
        ("func+0x10/0x20 [my mod]", "func+0x10/0x20"),
    ])
    func lexSymbolReferenceReads(input: String, reference: String) {
        let (range, end) = withCursor(input) { $0.lexSymbolReference() }
        #expect(slice(input, range) == reference)
        #expect(end == reference.utf8.count)
    }

    @Test func lexSymbolReferenceStartsAtThePosition() {
        let input = "    [exception RIP: crashtest_spin_forever+37]"
        // Over the text between the brackets, after the label.
        let (range, end) = withCursor(input, range: 5..<45, start: 20) { $0.lexSymbolReference() }
        #expect(range == 20..<45)
        #expect(slice(input, range) == "crashtest_spin_forever+37")
        #expect(end == 45)
    }

    // MARK: Consume on success: every failure leaves the position alone

    static let failures: [FailingRead] = [
        FailingRead("consume(byte)", "x", { $0.consume(ASCII.colon) }),
        FailingRead("consume(literal)", "PID", { $0.consume("PID:") }),
        FailingRead("consume(literal) past end", "PID:", end: 3, { $0.consume("PID:") }),
        FailingRead("consume(literal) at start", "  PIX:", start: 2, { $0.consume("PID:") }),
        FailingRead("consumeBlanks", "ab", start: 1, { $0.consumeBlanks() }),
        FailingRead("lexHex empty", "", { $0.lexHex() != nil }),
        FailingRead("lexHex not hex", "xyz", { $0.lexHex() != nil }),
        FailingRead("lexHex leading blank", " 12", { $0.lexHex() != nil }),
        FailingRead("lexHex glued letter", "12g", { $0.lexHex() != nil }),
        FailingRead("lexHex glued letter after hex letters", "abcx", { $0.lexHex() != nil }),
        FailingRead("lexHex glued underscore", "ab_c", { $0.lexHex() != nil }),
        FailingRead("lexHex 17 digits", "ffffffffffffffff0", { $0.lexHex() != nil }),
        FailingRead("lexHex 17 zeros", "00000000000000000", { $0.lexHex() != nil }),
        FailingRead("lexHex 17 digits mid-line", "RIP: 1ffffffffffffffff", start: 5, { $0.lexHex() != nil }),
        FailingRead("lexHex 0x", "0x1f", { $0.lexHex() != nil }),
        FailingRead("lexPrefixedHex 0x alone", "0x", { $0.lexPrefixedHex() != nil }),
        FailingRead("lexPrefixedHex 0x then non-hex", "0xg", { $0.lexPrefixedHex() != nil }),
        FailingRead("lexPrefixedHex 0x then blank", "0x 1", { $0.lexPrefixedHex() != nil }),
        FailingRead("lexPrefixedHex upper-case X", "0X1f", { $0.lexPrefixedHex() != nil }),
        FailingRead("lexPrefixedHex glued", "0x1fz", { $0.lexPrefixedHex() != nil }),
        FailingRead("lexPrefixedHex 17 digits", "0x1ffffffffffffffff", { $0.lexPrefixedHex() != nil }),
        FailingRead("lexPrefixedHex 00x", "00x1", { $0.lexPrefixedHex() != nil }),
        FailingRead("lexDecimal empty", "", { $0.lexDecimal() != nil }),
        FailingRead("lexDecimal letters", "abc", { $0.lexDecimal() != nil }),
        FailingRead("lexDecimal sign", "-1", { $0.lexDecimal() != nil }),
        FailingRead("lexDecimal fullwidth", "\u{FF11}", { $0.lexDecimal() != nil }),
        FailingRead("lexDecimal 19 digits", "1000000000000000000", { $0.lexDecimal() != nil }),
        FailingRead("lexDecimal 19 digits mid-line", "#1000000000000000000 ", start: 1, { $0.lexDecimal() != nil }),
        FailingRead("lexWord at blank", "a b", start: 1, { $0.lexWord() != nil }),
        FailingRead("lexWord at end", "ab", start: 2, { $0.lexWord() != nil }),
        FailingRead("lex(upTo:) missing", "abc", { $0.lex(upTo: ASCII.colon) != nil }),
        FailingRead("lex(upTo:) past end", "ab:", end: 2, { $0.lex(upTo: ASCII.colon) != nil }),
        FailingRead("lexBracketed unterminated", "[abc", { $0.lexBracketed() != nil }),
        FailingRead("lexBracketed not first", "x[a]", { $0.lexBracketed() != nil }),
        FailingRead("lexBracketed close past end", "[abc]", end: 4, { $0.lexBracketed() != nil }),
        FailingRead("lexParenthesized unbalanced", "(a(b)c", { $0.lexParenthesized() != nil }),
        FailingRead("lexParenthesized unterminated", "(abc", { $0.lexParenthesized() != nil }),
        FailingRead("lexParenthesized not first", "x(a)", { $0.lexParenthesized() != nil }),
        FailingRead("lexParenthesized close past end", "(ab)", end: 3, { $0.lexParenthesized() != nil }),
        FailingRead("lexQuotedToLastQuote unterminated", "\"abc", { $0.lexQuotedToLastQuote() != nil }),
        FailingRead("lexQuotedToLastQuote lone quote", "\"", { $0.lexQuotedToLastQuote() != nil }),
        FailingRead("lexQuotedToLastQuote not first", "a\"b\"", { $0.lexQuotedToLastQuote() != nil }),
        FailingRead("lexQuotedToLastQuote close past end", "COMMAND: \"ab\"", start: 9, end: 12,
                    { $0.lexQuotedToLastQuote() != nil }),
        FailingRead("lexLabel leading blank", " R8: 1", { $0.lexLabel() != nil }),
        FailingRead("lexLabel lower case", "rip: 1", { $0.lexLabel() != nil }),
        FailingRead("lexLabel mixed case", "Rip: 1", { $0.lexLabel() != nil }),
        FailingRead("lexLabel lower first with allowLowercase", "rip: 1", { $0.lexLabel(allowLowercase: true) != nil }),
        FailingRead("lexLabel two words", "Syscall Result: 1", { $0.lexLabel(allowLowercase: true) != nil }),
        FailingRead("lexLabel no colon", "RIP ffff", { $0.lexLabel() != nil }),
        FailingRead("lexLabel blank before colon", "RIP : ffff", { $0.lexLabel() != nil }),
        FailingRead("lexLabel at end", "RIP", { $0.lexLabel() != nil }),
        FailingRead("lexLabel colon past end", "RIP:", end: 3, { $0.lexLabel() != nil }),
        FailingRead("lexLabel digit first", "8R: 1", { $0.lexLabel() != nil }),
        FailingRead("lexLabel underscore first", "_A: 1", { $0.lexLabel() != nil }),
        FailingRead("lexLabel dash", "R-8: 1", { $0.lexLabel() != nil }),
        FailingRead("lexLabel colon only", ": 1", { $0.lexLabel() != nil }),
        FailingRead("lexStackSwitch trailing text", "--- <IRQ stack> --- x", { $0.lexStackSwitch() != nil }),
        FailingRead("lexStackSwitch no closing dashes", "--- <IRQ stack>", { $0.lexStackSwitch() != nil }),
        FailingRead("lexStackSwitch two closing dashes", "--- <IRQ stack> --", { $0.lexStackSwitch() != nil }),
        FailingRead("lexStackSwitch split dashes", "--- <IRQ stack> -- -", { $0.lexStackSwitch() != nil }),
        FailingRead("lexStackSwitch two opening dashes", "-- <IRQ stack> ---", { $0.lexStackSwitch() != nil }),
        FailingRead("lexStackSwitch no angle brackets", "--- IRQ stack ---", { $0.lexStackSwitch() != nil }),
        FailingRead("lexStackSwitch unclosed name", "--- <IRQ stack ---", { $0.lexStackSwitch() != nil }),
        FailingRead("lexStackSwitch text after name", "--- <IRQ> stack ---", { $0.lexStackSwitch() != nil }),
        FailingRead("lexStackSwitch not first", "x--- <IRQ stack> ---", { $0.lexStackSwitch() != nil }),
        FailingRead("lexStackSwitch leading blank", " --- <IRQ stack> ---", { $0.lexStackSwitch() != nil }),
        FailingRead("lexStackSwitch closing dashes past end", "--- <IRQ stack> ---", end: 17,
                    { $0.lexStackSwitch() != nil }),
        FailingRead("lexSymbolReference no offset", "sched_show_task", { $0.lexSymbolReference() != nil }),
        FailingRead("lexSymbolReference plus only", "func+", { $0.lexSymbolReference() != nil }),
        FailingRead("lexSymbolReference no symbol", "+0x10", { $0.lexSymbolReference() != nil }),
        FailingRead("lexSymbolReference bare 0x", "func+0x", { $0.lexSymbolReference() != nil }),
        FailingRead("lexSymbolReference bad offset", "func+0xzz", { $0.lexSymbolReference() != nil }),
        FailingRead("lexSymbolReference glued offset", "func+0x10x", { $0.lexSymbolReference() != nil }),
        FailingRead("lexSymbolReference empty length", "func+0x10/", { $0.lexSymbolReference() != nil }),
        FailingRead("lexSymbolReference bad length", "func+0x10/zz", { $0.lexSymbolReference() != nil }),
        FailingRead("lexSymbolReference two lengths", "func+0x10/0x20/0x30", { $0.lexSymbolReference() != nil }),
        FailingRead("lexSymbolReference text after length", "func+0x10/0x20]", { $0.lexSymbolReference() != nil }),
        FailingRead("lexSymbolReference offset past end", "func+0x10", end: 5, { $0.lexSymbolReference() != nil }),
        FailingRead("lexSymbolReference blank after plus", "func+ 0x10", { $0.lexSymbolReference() != nil }),
        FailingRead("lexSymbolReference leading blank", " func+0x10", { $0.lexSymbolReference() != nil }),
        FailingRead("lexSymbolReference upper-case 0X", "func+0X10", { $0.lexSymbolReference() != nil }),
        FailingRead("lexSymbolReference 17-digit offset", "f+0x1ffffffffffffffff", { $0.lexSymbolReference() != nil }),
    ]

    @Test(arguments: failures)
    func failedReadsLeaveThePositionAlone(read: FailingRead) {
        let bytes = Array(read.input.utf8)
        let (succeeded, position) = withCursor(bytes: bytes, range: 0..<(read.end ?? bytes.count), start: read.start, read.read)
        #expect(!succeeded)
        #expect(position == read.start)
    }

    // MARK: lexToken

    @Test(arguments: [
        ("42", .decimal, "42"),
        ("0010", .decimal, "0010"),
        ("0000000000000001", .decimal, "0000000000000001"),
        ("0x1f", .hex, "0x1f"),
        ("0x10", .hex, "0x10"),                           // a 0x prefix always makes it hex
        ("ffff8b1d9df09e40", .hex, "ffff8b1d9df09e40"),
        ("000000055076903e", .hex, "000000055076903e"),
        ("DEADBEEF", .hex, "DEADBEEF"),
        ("#0", .frameNumber, "#0"),
        ("#12 [", .frameNumber, "#12"),
        ("#12\tx", .frameNumber, "#12"),
        ("[ffff8b1d9df09e40]", .stackAddress, "[ffff8b1d9df09e40]"),
        ("[0010] x", .stackAddress, "[0010]"),
        ("[crashtest]", .bracketed, "[crashtest]"),
        ("[]", .bracketed, "[]"),
        ("[<ffffffffaaaca6f6>]", .bracketed, "[<ffffffffaaaca6f6>]"),
        ("[exception RIP: f+0x1]", .bracketed, "[exception RIP: f+0x1]"),
        ("[ ffff]", .bracketed, "[ ffff]"),
        ("[12g]", .bracketed, "[12g]"),
        ("(unreliable)", .parenthesized, "(unreliable)"),
        ("(via system_call) x", .parenthesized, "(via system_call)"),
        ("\"bash\"", .quotedString, "\"bash\""),
        ("\"a b\" c", .quotedString, "\"a b\""),
        ("RIP: 1", .label, "RIP:"),
        ("ORIG_RAX:", .label, "ORIG_RAX:"),
        ("R8:\t1", .label, "R8:"),
        ("--- <IRQ stack> ---", .stackSwitch, "--- <IRQ stack> ---"),
        ("---<Emergency Stack>---  ", .stackSwitch, "---<Emergency Stack>---  "),
        ("sched_show_task+0xb6/0x120", .symbolReference, "sched_show_task+0xb6/0x120"),
        ("f+0x1/0x2 [mod] x", .symbolReference, "f+0x1/0x2 [mod]"),
        ("at", .word, "at"),
        ("bt:", .word, "bt:"),
        ("Rip:", .word, "Rip:"),
        ("RIP:x", .word, "RIP:x"),
        ("RCU", .word, "RCU"),
        ("#", .word, "#"),
        ("#x", .word, "#x"),
        ("#12:", .word, "#12:"),
        ("#1000000000000000000", .word, "#1000000000000000000"),
        ("-", .word, "-"),
        ("---", .word, "---"),
        ("--- <IRQ stack> --- x", .word, "---"),
        ("12g", .word, "12g"),
        ("0x", .word, "0x"),
        ("ffffffffffffffff0", .word, "ffffffffffffffff0"),  // too wide for a HexNumber
        ("12345678901234567", .word, "12345678901234567"),  // documented: digit runs over 16 are words
        ("[abc", .word, "[abc"),
        ("(abc", .word, "(abc"),
        ("é", .word, "é"),
        ("\u{0}", .word, "\u{0}"),
        ("a\u{0}b c", .word, "a\u{0}b"),
    ] as [(String, TokenKind, String)])
    func lexTokenClassifies(input: String, kind: TokenKind, text: String) throws {
        let (token, position) = withCursor(input) { $0.lexToken() }
        let read = try #require(token)
        #expect(read.kind == kind)
        #expect(slice(input, read.range) == text)
        #expect(position == read.range.upperBound)
    }

    @Test func lexTokenSkipsLeadingBlanks() throws {
        let input = " \t #3 x"
        let (token, position) = withCursor(input) { $0.lexToken() }
        #expect(try #require(token) == Token(.frameNumber, 3..<5))
        #expect(position == 5)
    }

    @Test func lexTokenSkipsTrailingBlanksBeforeReturningNil() {
        // Documented: the one read that moves on failure; it only skips blanks.
        #expect(withCursor("  \t ") { $0.lexToken() } == (nil, 4))
        #expect(withCursor("x  ", start: 1) { $0.lexToken() } == (nil, 3))
        #expect(withCursor("") { $0.lexToken() } == (nil, 0))
    }

    @Test func lexTokenQuotedStringEndsAtTheNextQuote() {
        // Documented: unlike `lexQuotedToLastQuote`, the token ends at the next quote, and an
        // unterminated string runs to the end of the line.
        #expect(lexemes("\"a\"b\"") == [Lexeme(.quotedString, "\"a\""), Lexeme(.word, "b\"")])
        #expect(lexemes("\"abc def") == [Lexeme(.quotedString, "\"abc def")])
        #expect(lexemes("x \"") == [Lexeme(.word, "x"), Lexeme(.quotedString, "\"")])
    }

    @Test func lexTokenRespectsTheEndOfTheRange() {
        let input = "RIP:x [abc] ffff"
        // The range cuts the line after "RIP:", inside the brackets, and inside the number.
        #expect(withCursor(input, range: 0..<4) { $0.lexToken()?.kind } == (.label, 4))
        #expect(withCursor(input, range: 6..<9) { $0.lexToken()?.kind } == (.word, 9))
        #expect(withCursor(input, range: 12..<14) { $0.lexToken()?.kind } == (.hex, 14))
    }
}
