/// A position in an input: line and column, both counted from 1; the column counts bytes,
/// not characters, so it is exact for invalid UTF-8 and for tabs (a tab is one column).
public struct SourceLocation: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The line, from 1.
    public var line: Int
    /// The byte column, from 1.
    public var column: Int

    /// A location at `line` and `column` (both from 1).
    public init(line: Int, column: Int = 1) {
        self.line = line
        self.column = column
    }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }

    /// `line:column`, as compilers print it.
    public var description: String { "\(line):\(column)" }
}
