/// The text of log records, read from the input they point into.
public enum LogText {
    /// The whole message of `record`: its first line's message, then each continuation line
    /// without its indentation, joined by newlines.
    public static func text(of record: LogRecord, in source: SourceFile) -> String {
        var text = source.text(record.text)
        if record.lastLine > record.line {
            for number in (record.line + 1)...record.lastLine {
                let line = source.text(ofLine: number)
                text += "\n" + line.drop(while: { $0 == " " || $0 == "\t" })
            }
        }
        return text
    }

    /// The wall-clock date of `record` as printed, when it has one.
    public static func date(of record: LogRecord, in source: SourceFile) -> String? {
        record.date.map { source.text($0) }
    }
}
