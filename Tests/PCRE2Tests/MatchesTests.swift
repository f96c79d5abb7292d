import PCRE2
import Testing

@Suite("All matches in a buffer")
struct MatchesTests {
    static let frame = #"^ #(\d+) \[([0-9a-f]+)\] (\S+) at ([0-9a-f]+)( \[\w+\])?$"#

    static let backtrace = """
        PID: 4123   TASK: ffff8b24dd2467ac  CPU: 12  COMMAND: "java"
         #0 [ffff8b24eb39fb70] native_queued_spin_lock_slowpath at ffffffff83306e92
         #1 [ffff8b24eb39fb98] _raw_spin_lock_irqsave at ffffffff83a0b1c4
        [32801000.001582] INFO: rcu_preempt self-detected stall on CPU
         #2 [ffff8b24eb39fbb8] mlx5e_poll_rx_cq at ffffffffc0a1b2c3 [mlx5_core]
        """

    @Test("multiline: every frame line of a multi-line buffer")
    func multilineFrames() throws {
        let pattern = try Pattern(Self.frame, options: .multiline)
        let buffer = Array(Self.backtrace.utf8)
        let found = try pattern.matches(in: buffer)
        #expect(found.count == 3)
        #expect(found.map { $0.string(1, in: buffer) } == ["0", "1", "2"])
        #expect(found.map { $0.string(3, in: buffer) } == [
            "native_queued_spin_lock_slowpath", "_raw_spin_lock_irqsave", "mlx5e_poll_rx_cq",
        ])
        #expect(found.map { $0[5] == nil } == [true, true, false])
        #expect(found[2].string(5, in: buffer) == " [mlx5_core]")
        // Without multiline, ^ and $ are the buffer's ends, so nothing matches.
        #expect(try Pattern(Self.frame).matches(in: buffer).isEmpty)
    }

    @Test("CRLF line endings need (*ANYCRLF) or .anyCRLF for $ to match")
    func crlfLines() throws {
        let buffer = Array(Self.backtrace.split(separator: "\n").joined(separator: "\r\n").utf8) + [13, 10]
        let lfOnly = try Pattern(Self.frame, options: .multiline)
        let verb = try Pattern("(*ANYCRLF)" + Self.frame, options: .multiline)
        let option = try Pattern(Self.frame, options: [.multiline, .anyCRLF])
        #expect(try lfOnly.matches(in: buffer).isEmpty)
        let viaVerb = try verb.matches(in: buffer)
        #expect(viaVerb.count == 3)
        #expect(try option.matches(in: buffer) == viaVerb)
        // The captured address stops before the CR.
        #expect(viaVerb[1].string(4, in: buffer) == "ffffffff83a0b1c4")
    }

    @Test("empty matches advance without skipping a non-empty match at the same place")
    func emptyMatchAdvance() throws {
        #expect(try Pattern("x*").matches(in: "axb").map(\.range) == [0..<0, 1..<2, 2..<2, 3..<3])
        #expect(try Pattern("a??").matches(in: "a").map(\.range) == [0..<0, 0..<1, 1..<1])
        let long = [UInt8](repeating: 0x2E, count: 10_000)
        #expect(try Pattern("z*").matches(in: long).count == 10_001)
    }

    @Test("an empty match before CRLF skips the whole CRLF when CRLF is a newline")
    func emptyMatchAdvanceOverCRLF() throws {
        let pattern = try Pattern("(*ANYCRLF)$", options: .multiline)
        // Stepping one byte would also report offset 2, between CR and LF.
        #expect(try pattern.matches(in: "a\r\nb").map(\.range) == [1..<1, 4..<4])
    }

    @Test("an empty match advances by a whole character in utf mode, by a byte otherwise")
    func emptyMatchAdvanceUTF() throws {
        #expect(try Pattern("x*", options: .utf).matches(in: "é").map(\.range) == [0..<0, 2..<2])
        #expect(try Pattern("x*").matches(in: "é").map(\.range) == [0..<0, 1..<1, 2..<2])
    }

    @Test("an anchored pattern with \\K still terminates")
    func anchoredBackslashKTerminates() throws {
        let found = try Pattern(#"a?\K"#, options: .anchored).matches(in: "aab")
        #expect(found.map(\.range) == [1..<1, 2..<2])
    }

    @Test("matches(from:) starts inside the buffer")
    func matchesFrom() throws {
        let pattern = try Pattern(#"#(\d)"#)
        #expect(try pattern.matches(in: Self.backtrace, from: 80).map { $0.string(1, in: Self.backtrace) } == ["1", "2"])
    }
}
