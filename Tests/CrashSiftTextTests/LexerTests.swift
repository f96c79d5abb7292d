import CrashSiftText
import Testing

/// Real lines, copied from /work/shared/seed/000_79b6ff3febb81350.txt (a knowledge-base article
/// with crash output pasted in) and /work/shared/corpus/real/rt-rcu-stall/bt-a.txt.
private enum RealLines {
    static let taskHeader = #"PID: 260624  TASK: ffff92a0156ce480  CPU: 0   COMMAND: "runc:[2:INIT]""#
    static let indentedTaskHeader = #"    PID: 260624  TASK: ffff92a0156ce480  CPU: 0   COMMAND: "runc:[2:INIT]""#
    static let burnTaskHeader = #"PID: 137      TASK: ffff8880061ba100  CPU: 3    COMMAND: "burn""#
    static let unquotedTaskHeader = "PID: 425416  TASK: ffff8b257ca8d3c0  CPU: 40  COMMAND: XXXXXXXXXXXXXXXXX"
    static let frame = " #0 [ffff8b1d9df09e40] crash_nmi_callback at ffffffff83245e57"
    static let moduleFrame = "#13 [ffffc900003f3f10] crashtest_preempt_spin at ffffffffc020c0a4 [crashtest]"
    static let exceptionRIP = "    [exception RIP: generic_exec_single+0xfa]"
    static let exceptionRIPWithMarker = "        [exception RIP: generic_exec_single+0xfa]                           <---"
    static let exceptionRIPDecimal = "    [exception RIP: crashtest_spin_forever+37]"
    static let registers = "    RBP: ffff8b24eb39fb68   R8: 0000000000000001   R9: 000000055076903e"
    static let registersRIP = "    RIP: ffffffff83306d6a  RSP: ffff8b24eb39fb20  RFLAGS: 00000202"
    static let registersOrigRAX = "    ORIG_RAX: ffffffffffffffff  CS: 0010  SS: 0000"
    static let nmiSwitch = "--- <NMI exception stack> ---"
    static let irqSwitchIndented = "    --- <IRQ stack> ---"
    static let logCallTrace = "[32801109.627113]  <IRQ>  [<ffffffffaaaca6f6>] sched_show_task+0xb6/0x120"
    static let logCallTraceUnreliable = "    [32801109.627177]  <EOI>  [<ffffffffaab06d6a>] ? generic_exec_single+0xfa/0x1b0"
    static let kasanCallTrace = "[   35.054853][ T5851]  ? kmalloc_oob_right+0xac/0xc3 [test_kasan]"
    static let panic = "Kernel panic - not syncing: RCU Stall"
    static let crashPrompt = "    crash> bt"
    static let elision = "[...]"

    static let all = [
        taskHeader, indentedTaskHeader, burnTaskHeader, unquotedTaskHeader, frame, moduleFrame,
        exceptionRIP, exceptionRIPWithMarker, exceptionRIPDecimal, registers, registersRIP,
        registersOrigRAX, nmiSwitch, irqSwitchIndented, logCallTrace, logCallTraceUnreliable,
        kasanCallTrace, panic, crashPrompt, elision,
    ]
}

@Suite struct LexerTests {
    // MARK: Real lines

    @Test func taskHeader() {
        #expect(lexemes(RealLines.taskHeader) == [
            Lexeme(.label, "PID:"),
            Lexeme(.decimal, "260624"),
            Lexeme(.label, "TASK:"),
            Lexeme(.hex, "ffff92a0156ce480"),
            Lexeme(.label, "CPU:"),
            Lexeme(.decimal, "0"),
            Lexeme(.label, "COMMAND:"),
            Lexeme(.quotedString, #""runc:[2:INIT]""#),
        ])
    }

    @Test func taskHeaderRanges() {
        #expect(Lexer.tokens(in: RealLines.taskHeader) == [
            Token(.label, 0..<4),
            Token(.decimal, 5..<11),
            Token(.label, 13..<18),
            Token(.hex, 19..<35),
            Token(.label, 37..<41),
            Token(.decimal, 42..<43),
            Token(.label, 46..<54),
            Token(.quotedString, 55..<70),
        ])
        #expect(RealLines.taskHeader.utf8.count == 70)
    }

    @Test func otherTaskHeaders() {
        #expect(lexemes(RealLines.indentedTaskHeader) == lexemes(RealLines.taskHeader))
        #expect(lexemes(RealLines.burnTaskHeader) == [
            Lexeme(.label, "PID:"), Lexeme(.decimal, "137"),
            Lexeme(.label, "TASK:"), Lexeme(.hex, "ffff8880061ba100"),
            Lexeme(.label, "CPU:"), Lexeme(.decimal, "3"),
            Lexeme(.label, "COMMAND:"), Lexeme(.quotedString, #""burn""#),
        ])
        #expect(lexemes(RealLines.unquotedTaskHeader) == [
            Lexeme(.label, "PID:"), Lexeme(.decimal, "425416"),
            Lexeme(.label, "TASK:"), Lexeme(.hex, "ffff8b257ca8d3c0"),
            Lexeme(.label, "CPU:"), Lexeme(.decimal, "40"),
            Lexeme(.label, "COMMAND:"), Lexeme(.word, "XXXXXXXXXXXXXXXXX"),
        ])
    }

    @Test func frame() {
        #expect(lexemes(RealLines.frame) == [
            Lexeme(.frameNumber, "#0"),
            Lexeme(.stackAddress, "[ffff8b1d9df09e40]"),
            Lexeme(.word, "crash_nmi_callback"),
            Lexeme(.word, "at"),
            Lexeme(.hex, "ffffffff83245e57"),
        ])
        #expect(Lexer.tokens(in: RealLines.frame).first?.range == 1..<3)
    }

    @Test func frameWithModule() {
        #expect(lexemes(RealLines.moduleFrame) == [
            Lexeme(.frameNumber, "#13"),
            Lexeme(.stackAddress, "[ffffc900003f3f10]"),
            Lexeme(.word, "crashtest_preempt_spin"),
            Lexeme(.word, "at"),
            Lexeme(.hex, "ffffffffc020c0a4"),
            Lexeme(.bracketed, "[crashtest]"),
        ])
    }

    @Test func exceptionRIP() {
        #expect(lexemes(RealLines.exceptionRIP) == [
            Lexeme(.bracketed, "[exception RIP: generic_exec_single+0xfa]"),
        ])
        #expect(lexemes(RealLines.exceptionRIPWithMarker) == [
            Lexeme(.bracketed, "[exception RIP: generic_exec_single+0xfa]"),
            Lexeme(.word, "<---"),
        ])
    }

    @Test func exceptionRIPContents() {
        // A grammar lexes between the brackets again.
        let line = Array(RealLines.exceptionRIPDecimal.utf8)
        let outer = Lexer.tokens(in: 0..<line.count, of: line)
        #expect(outer == [Token(.bracketed, 4..<46)])
        let inner = Lexer.tokens(in: 5..<45, of: line)
        #expect(inner.map(\.kind) == [.word, .label, .symbolReference])
        #expect(inner.map { String(decoding: line[$0.range], as: UTF8.self) }
            == ["exception", "RIP:", "crashtest_spin_forever+37"])
    }

    @Test func registerRows() {
        #expect(lexemes(RealLines.registers) == [
            Lexeme(.label, "RBP:"),
            Lexeme(.hex, "ffff8b24eb39fb68"),
            Lexeme(.label, "R8:"),
            Lexeme(.decimal, "0000000000000001"),   // shape only: the grammar reads it as hex
            Lexeme(.label, "R9:"),
            Lexeme(.hex, "000000055076903e"),
        ])
        #expect(lexemes(RealLines.registersRIP) == [
            Lexeme(.label, "RIP:"), Lexeme(.hex, "ffffffff83306d6a"),
            Lexeme(.label, "RSP:"), Lexeme(.hex, "ffff8b24eb39fb20"),
            Lexeme(.label, "RFLAGS:"), Lexeme(.decimal, "00000202"),
        ])
        #expect(lexemes(RealLines.registersOrigRAX) == [
            Lexeme(.label, "ORIG_RAX:"), Lexeme(.hex, "ffffffffffffffff"),
            Lexeme(.label, "CS:"), Lexeme(.decimal, "0010"),
            Lexeme(.label, "SS:"), Lexeme(.decimal, "0000"),
        ])
    }

    @Test func stackSwitches() {
        #expect(lexemes(RealLines.nmiSwitch) == [Lexeme(.stackSwitch, "--- <NMI exception stack> ---")])
        #expect(lexemes(RealLines.irqSwitchIndented) == [Lexeme(.stackSwitch, "--- <IRQ stack> ---")])
        #expect(Lexer.tokens(in: RealLines.irqSwitchIndented) == [Token(.stackSwitch, 4..<23)])
    }

    @Test func logCallTrace() {
        #expect(lexemes(RealLines.logCallTrace) == [
            Lexeme(.bracketed, "[32801109.627113]"),
            Lexeme(.word, "<IRQ>"),
            Lexeme(.bracketed, "[<ffffffffaaaca6f6>]"),
            Lexeme(.symbolReference, "sched_show_task+0xb6/0x120"),
        ])
        #expect(lexemes(RealLines.logCallTraceUnreliable) == [
            Lexeme(.bracketed, "[32801109.627177]"),
            Lexeme(.word, "<EOI>"),
            Lexeme(.bracketed, "[<ffffffffaab06d6a>]"),
            Lexeme(.word, "?"),
            Lexeme(.symbolReference, "generic_exec_single+0xfa/0x1b0"),
        ])
    }

    @Test func kasanCallTraceWithModule() {
        #expect(lexemes(RealLines.kasanCallTrace) == [
            Lexeme(.bracketed, "[   35.054853]"),
            Lexeme(.bracketed, "[ T5851]"),
            Lexeme(.word, "?"),
            Lexeme(.symbolReference, "kmalloc_oob_right+0xac/0xc3 [test_kasan]"),
        ])
    }

    @Test func prose() {
        #expect(lexemes(RealLines.panic) == [
            Lexeme(.word, "Kernel"), Lexeme(.word, "panic"), Lexeme(.word, "-"), Lexeme(.word, "not"),
            Lexeme(.word, "syncing:"), Lexeme(.word, "RCU"), Lexeme(.word, "Stall"),
        ])
        #expect(lexemes(RealLines.crashPrompt) == [Lexeme(.word, "crash>"), Lexeme(.word, "bt")])
        #expect(lexemes(RealLines.elision) == [Lexeme(.bracketed, "[...]")])
    }

    // MARK: Ranges and buffers

    @Test func emptyAndBlankInputsHaveNoTokens() {
        #expect(Lexer.tokens(in: "").isEmpty)
        #expect(Lexer.tokens(in: "  \t  ").isEmpty)
        let bytes = Array("abc".utf8)
        #expect(Lexer.tokens(in: 0..<0, of: bytes).isEmpty)
        #expect(Lexer.tokens(in: 1..<1, of: bytes).isEmpty)
        #expect(Lexer.tokens(in: 3..<3, of: bytes).isEmpty)    // at the end of the buffer
        #expect(Lexer.tokens(in: 0..<0, of: []).isEmpty)
    }

    @Test func rangesAreOffsetsIntoTheWholeBuffer() {
        let bytes = Array("xx RIP: 1f yy".utf8)
        #expect(Lexer.tokens(in: 3..<10, of: bytes) == [Token(.label, 3..<7), Token(.hex, 8..<10)])
        // A range ending at the end of the buffer.
        #expect(Lexer.tokens(in: 11..<13, of: bytes) == [Token(.word, 11..<13)])
    }

    @Test func aRangeCutsTokens() {
        let bytes = Array("sched_show_task+0xb6/0x120".utf8)
        #expect(Lexer.tokens(in: 0..<20, of: bytes) == [Token(.symbolReference, 0..<20)])   // "…+0xb6"
        #expect(Lexer.tokens(in: 0..<21, of: bytes) == [Token(.word, 0..<21)])              // "…+0xb6/"
        #expect(Lexer.tokens(in: 16..<20, of: bytes) == [Token(.hex, 16..<20)])             // "0xb6"
    }

    @Test func linesOfASourceFile() throws {
        // CRLF line ends do not leak into tokens when lexing a line's content range.
        let file = SourceFile(name: "bt.txt", text: "\(RealLines.frame)\r\n\(RealLines.nmiSwitch)\r\n\(RealLines.registers)\n")
        #expect(file.lineCount == 3)
        let kinds = file.lines.lineNumbers.map { number in
            Lexer.tokens(in: file.lines.contentRange(ofLine: number), of: file.bytes).map(\.kind)
        }
        #expect(kinds == [
            [.frameNumber, .stackAddress, .word, .word, .hex],
            [.stackSwitch],
            [.label, .hex, .label, .decimal, .label, .hex],
        ])
        let last = try #require(Lexer.tokens(in: file.lines.contentRange(ofLine: 1), of: file.bytes).last)
        #expect(file.text(last.range) == "ffffffff83245e57")
    }

    @Test func fullRangeIncludesTheLineEndInTheLastToken() {
        // Documented: CR is not a blank, so lexing a *full* CRLF range glues it to the last token.
        let file = SourceFile(name: "t", text: "RIP: 1f\r\n")
        let tokens = Lexer.tokens(in: file.lines.fullRange(ofLine: 1), of: file.bytes)
        #expect(tokens.map(\.kind) == [.label, .word])
        #expect(tokens.last.map { file.text($0.range) } == "1f\r\n")
    }

    @Test func highBytesAndNULAreWordBytes() {
        #expect(lexemes("naïve café") == [Lexeme(.word, "naïve"), Lexeme(.word, "café")])
        let bytes: [UInt8] = [0x80, 0xFF, 0x20, 0x00, 0x00, 0x09, 0x52, 0x38, 0x3A, 0x20, 0xFE]
        #expect(Lexer.tokens(in: 0..<bytes.count, of: bytes) == [
            Token(.word, 0..<2), Token(.word, 3..<5), Token(.label, 6..<9), Token(.word, 10..<11),
        ])
    }

    @Test func textAndByteEntryPointsAgree() {
        for line in RealLines.all {
            let bytes = Array(line.utf8)
            #expect(Lexer.tokens(in: line) == Lexer.tokens(in: 0..<bytes.count, of: bytes), "\(line)")
        }
    }

    // MARK: Invariants over real lines

    @Test(arguments: RealLines.all)
    func tokensTileTheLine(line: String) {
        let bytes = Array(line.utf8)
        let tokens = Lexer.tokens(in: line)
        #expect(!tokens.isEmpty)
        var offset = 0
        for token in tokens {
            #expect(!token.range.isEmpty)
            #expect(token.range.lowerBound >= offset)
            // Only blanks between tokens.
            #expect(bytes[offset..<token.range.lowerBound].allSatisfy(ASCII.isBlank))
            offset = token.range.upperBound
        }
        #expect(offset <= bytes.count)
        #expect(bytes[offset...].allSatisfy(ASCII.isBlank))
    }

    @Test(arguments: RealLines.all)
    func tokensOfAPrefixedRangeAreShifted(line: String) {
        // The same line inside a bigger buffer gives the same tokens, moved.
        let prefix = Array("junk\r\n".utf8)
        let bytes = prefix + Array(line.utf8) + Array("\nmore".utf8)
        let shifted = Lexer.tokens(in: prefix.count..<(prefix.count + line.utf8.count), of: bytes)
        let expected = Lexer.tokens(in: line).map { Token($0.kind, ($0.range.lowerBound + prefix.count)..<($0.range.upperBound + prefix.count)) }
        #expect(shifted == expected)
    }
}
