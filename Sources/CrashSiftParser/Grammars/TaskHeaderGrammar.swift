import CrashSiftText

/// The task header crash prints before each task's output:
/// `PID: 260624  TASK: ffff92a0156ce480  CPU: 0   COMMAND: "runc:[2:INIT]"`.
///
/// Widths changed in crash 8.0.2 (PID 5→7, CPU 2→3 columns), so the header is read by
/// keywords, never by columns. The command name may contain spaces, brackets and colons;
/// it runs to the *last* quote of the line. Pasted articles sometimes redact it and drop the
/// quotes, so an unquoted rest of line is accepted too.
enum TaskHeaderGrammar {
    struct Header {
        var pid: Int
        var taskAddress: HexNumber?
        var cpu: Int?
        /// The command name's bytes, without quotes.
        var command: Range<Int>?
        /// False when the line stops before `COMMAND: "…"` is complete.
        var isComplete: Bool
    }

    /// Reads a header from `cursor`; nil (reading nothing) unless the line starts `PID: <digits>`.
    static func parse(_ cursor: inout Lexer.Cursor) -> Header? {
        var c = cursor
        guard c.consume("PID:") else { return nil }
        c.skipBlanks()
        guard let pid = c.lexDecimal(), c.isAtEnd || c.peek().map(ASCII.isBlank) == true else { return nil }
        var header = Header(pid: pid, taskAddress: nil, cpu: nil, command: nil, isComplete: false)
        defer { cursor = c }

        c.skipBlanks()
        guard c.consume("TASK:") else { return header }
        c.skipBlanks()
        header.taskAddress = c.lexHex()
        guard header.taskAddress != nil else { return header }

        c.skipBlanks()
        guard c.consume("CPU:") else { return header }
        c.skipBlanks()
        if c.consume(UInt8(ascii: "?")) {
            header.cpu = nil
        } else if let cpu = c.lexDecimal() {
            header.cpu = cpu
        } else {
            return header
        }

        c.skipBlanks()
        guard c.consume("COMMAND:") else { return header }
        c.skipBlanks()
        if c.peek() == ASCII.quote {
            if let name = c.lexQuotedToLastQuote() {
                header.command = name
                header.isComplete = true
            } else {
                // An opening quote with no closing one: the line was cut.
                header.command = (c.position + 1)..<c.end
                c.position = c.end
            }
        } else if !c.isAtEnd {
            header.command = c.rest
            header.isComplete = true
            c.position = c.end
        }
        return header
    }
}
