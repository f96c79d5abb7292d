/// A source file and line as `bt -l` prints it under a frame: `kernel/panic.c: 250`.
public struct SourceReference: Hashable, Sendable, CustomStringConvertible {
    /// The path, verbatim (relative or absolute).
    public var file: String
    /// The line number in that file.
    public var line: Int
    /// The input line it was printed on.
    public var inputLine: Int

    /// A reference to `file`:`line`, printed on input line `inputLine`.
    public init(file: String, line: Int, inputLine: Int) {
        self.file = file
        self.line = line
        self.inputLine = inputLine
    }

    public var description: String { "\(file): \(line)" }
}
