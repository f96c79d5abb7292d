/// One input: its name (a path, `<stdin>`, or an archive member) and its bytes, with a line index.
///
/// Everything downstream refers to the input by line number and byte range; `String`s are
/// made only for the values that leave the parser.
public struct SourceFile: Hashable, Sendable {
    /// How the input is named in messages: a path, `<stdin>`, or `archive.tar.gz:member`.
    public let name: String
    /// The input exactly as read.
    public let bytes: [UInt8]
    /// Where each line starts and ends.
    public let lines: LineIndex

    /// Wraps `bytes`, indexing its lines.
    public init(name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
        self.lines = LineIndex(bytes)
    }

    /// Wraps the UTF-8 of `text`; convenient for tests and embedding.
    public init(name: String, text: String) {
        self.init(name: name, bytes: Array(text.utf8))
    }

    /// The number of lines.
    public var lineCount: Int { lines.count }

    /// The content of line `number` (from 1), without its terminator, as bytes. (Inlinable: the
    /// paste-damage pre-pass calls it for every line, many times.)
    @inlinable
    public func bytes(ofLine number: Int) -> ArraySlice<UInt8> {
        bytes[lines.contentRange(ofLine: number)]
    }

    /// The content of line `number` (from 1) as text; invalid UTF-8 becomes U+FFFD.
    public func text(ofLine number: Int) -> String {
        String(decoding: bytes(ofLine: number), as: UTF8.self)
    }

    /// The text of `range` (byte offsets); invalid UTF-8 becomes U+FFFD.
    public func text(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }
}

extension SourceFile {
    /// Equal when the names and the bytes are equal (the line index follows from the bytes).
    public static func == (lhs: SourceFile, rhs: SourceFile) -> Bool {
        lhs.name == rhs.name && lhs.bytes == rhs.bytes
    }

    /// Hashes the name and the size; equal files hash equally without reading every byte.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(bytes.count)
    }
}
