import CrashSiftText

// Helpers shared by the suites of this target. Not a suite.

/// Swift Testing also declares a `SourceLocation`; in this module the name means ours.
typealias SourceLocation = CrashSiftText.SourceLocation

/// Runs `body` on a cursor over `range` (default: everything) of `bytes`, starting at `start`
/// (default: the start of the range); returns what `body` returned and where the cursor ended.
func withCursor<R>(
    bytes: [UInt8],
    range: Range<Int>? = nil,
    start: Int? = nil,
    _ body: (inout Lexer.Cursor) -> R
) -> (result: R, position: Int) {
    bytes.withUnsafeBufferPointer { buffer in
        var cursor = Lexer.Cursor(buffer, range ?? 0..<bytes.count)
        if let start { cursor.position = start }
        let result = body(&cursor)
        return (result, cursor.position)
    }
}

/// ``withCursor(bytes:range:start:_:)`` over the UTF-8 of `text`.
func withCursor<R>(
    _ text: String,
    range: Range<Int>? = nil,
    start: Int? = nil,
    _ body: (inout Lexer.Cursor) -> R
) -> (result: R, position: Int) {
    withCursor(bytes: Array(text.utf8), range: range, start: start, body)
}

/// The text of `range` of the UTF-8 of `text`, or nil for a nil range.
func slice(_ text: String, _ range: Range<Int>?) -> String? {
    guard let range else { return nil }
    return String(decoding: Array(text.utf8)[range], as: UTF8.self)
}

/// A token as kind and text, so whole lines can be compared in one `#expect`.
struct Lexeme: Equatable, CustomStringConvertible {
    var kind: TokenKind
    var text: String

    init(_ kind: TokenKind, _ text: String) {
        self.kind = kind
        self.text = text
    }

    var description: String { "\(kind)(\(text))" }
}

/// The tokens of `text`, as kinds and texts.
func lexemes(_ text: String) -> [Lexeme] {
    let bytes = Array(text.utf8)
    return Lexer.tokens(in: text).map { Lexeme($0.kind, String(decoding: bytes[$0.range], as: UTF8.self)) }
}
