import CrashSiftModel
import CrashSiftText

/// Lines crash prints about its own work rather than about the dump: `bt: WARNING: …`,
/// `WARNING: …` (the same warning with `set scroll off`), `bt: cannot determine starting stack
/// frame…`, their continuation lines, and one-line statuses such as `(active)`.
///
/// They become diagnostics with the ids below so that a reader sees what crash said and
/// where; the text is crash's own.
enum CrashMessageGrammar {
    enum Kind {
        /// `<cmd>: text`: crash's error and info messages.
        case error
        /// `<cmd>: WARNING: text` or `WARNING: text`.
        case warning
        /// `<cmd>: NOTE: text` or `NOTE: text`.
        case note
        /// A line that continues the message above it (`[/usr/bin/crash] error trace: …`).
        case continuation
    }

    struct Message {
        var kind: Kind
        /// The whole message as printed.
        var text: Range<Int>
    }

    /// Reads a crash message line (or an error glued to the end of another line at `cursor`).
    static func parse(_ cursor: inout Lexer.Cursor) -> Message? {
        var c = cursor
        let start = c.position
        if c.consume("WARNING: ") { return finish(&cursor, .warning, start) }
        if c.consume("NOTE: ") { return finish(&cursor, .note, start) }
        // `[/usr/bin/crash] error trace: 55b29b816b00 => …` continues the error above it.
        if c.peek() == ASCII.openBracket, c.lexBracketed() != nil, c.consume(" error trace:") {
            return finish(&cursor, .continuation, start)
        }
        c.position = start
        // The second line of crash's "invalid structure member offset" family:
        // `    FILE: memory.c  LINE: 4007  FUNCTION: vm_area_dump()`.
        if c.consume("FILE: "), c.lex(upTo: UInt8(ascii: "L")) != nil, c.consume("LINE: ") {
            return finish(&cursor, .continuation, start)
        }
        c.position = start
        // `<cmd>: text` where <cmd> is a crash command (crash names the running command).
        while !c.isAtEnd, ASCII.isLower(c.base[c.position]) || ASCII.isDigit(c.base[c.position]) { c.position += 1 }
        let name = start..<c.position
        guard !name.isEmpty, c.consume(": "), !c.isAtEnd, isCrashCommand(name, c.base) else { return nil }
        if c.consume("WARNING: ") { return finish(&cursor, .warning, start) }
        if c.consume("NOTE: ") { return finish(&cursor, .note, start) }
        return finish(&cursor, .error, start)
    }

    /// Where a crash message is glued onto the end of a data line (s390x `bt -f`:
    /// `…: 0000000000000000bt: seek error: …`): the offset where `<cmd>: ` starts, after a hex digit.
    static func gluedMessageStart(in range: Range<Int>, of base: UnsafeBufferPointer<UInt8>) -> Int? {
        var at = range.lowerBound
        while at + 1 < range.upperBound {
            defer { at += 1 }
            guard base[at] == ASCII.colon, base[at + 1] == ASCII.space else { continue }
            var runStart = at
            while runStart > range.lowerBound, ASCII.isLower(base[runStart - 1]) { runStart -= 1 }
            // The name is a suffix of the lower-case run; whatever precedes it must be a hex
            // digit (`…0000bt:`, or `…00fbt:` where `f` belongs to the number).
            for candidate in runStart..<at where candidate > range.lowerBound && ASCII.isHexDigit(base[candidate - 1]) {
                if isCrashCommand(candidate..<at, base) { return candidate }
                if !ASCII.isLowerHexDigit(base[candidate]) { break }
            }
        }
        return nil
    }

    /// One-line statuses crash prints in place of a trace, and how much they matter.
    static let statuses: [(text: StaticString, severity: Diagnostic.Severity)] = [
        ("(active)", .note),
        ("(no stack)", .note),
        ("cannot find the stack info.", .warning),
        ("CPU offline", .note),
        ("Task runs in userspace", .note),
        ("Segmentation fault", .error),
        ("possible stack overflow:", .warning),
        ("(none found)", .note),
        ("---<Nested NMI>---", .warning),
    ]

    /// The status that starts the line at `cursor`, if any.
    static func parseStatus(_ cursor: inout Lexer.Cursor) -> Diagnostic.Severity? {
        for status in statuses where cursor.startsWith(status.text) {
            cursor.position = cursor.end
            return status.severity
        }
        // `[ NMI exception stack recursion: prior stack location overwritten ]`
        if cursor.startsWith("[ "), cursor.base[cursor.end - 1] == ASCII.closeBracket {
            var probe = cursor
            probe.position += 2
            if let words = probe.lex(upTo: ASCII.colon), containsRecursion(words, cursor.base) {
                cursor.position = cursor.end
                return .warning
            }
        }
        return nil
    }

    private static func containsRecursion(_ range: Range<Int>, _ base: UnsafeBufferPointer<UInt8>) -> Bool {
        let word: StaticString = "recursion"
        let count = word.utf8CodeUnitCount
        guard range.count >= count else { return false }
        return base[(range.upperBound - count)..<range.upperBound].elementsEqual(UnsafeBufferPointer(start: word.utf8Start, count: count))
    }

    private static func finish(_ cursor: inout Lexer.Cursor, _ kind: Kind, _ start: Int) -> Message {
        cursor.position = cursor.end
        return Message(kind: kind, text: start..<cursor.end)
    }

    private static func isCrashCommand(_ range: Range<Int>, _ base: UnsafeBufferPointer<UInt8>) -> Bool {
        guard range.count <= 8 else { return false }
        return CommandName.crashCommands.contains(String(decoding: UnsafeBufferPointer(rebasing: base[range]), as: UTF8.self))
    }
}

extension Diagnostic.Message {
    /// An error or informational message crash printed (`bt: cannot determine starting stack pointer`).
    static func crashError(_ text: String) -> Self { .init(text) }
    /// A warning crash printed (`bt: WARNING: possibly bogus exception frame`).
    static func crashWarning(_ text: String) -> Self { .init(text) }
    /// A note crash printed.
    static func crashNote(_ text: String) -> Self { .init(text) }
    /// A one-line status crash printed instead of a trace (`(active)`, `(no stack)`).
    static func crashStatus(_ text: String) -> Self { .init(text) }
}
