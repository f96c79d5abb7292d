/// The byte lexer for crash's tokens.
///
/// Grammars use a ``Cursor`` to read exactly the token they expect next; ``tokens(in:of:)``
/// splits a whole line, which is what generic shapes such as register lines and tests need.
public enum Lexer {
    /// Splits `range` of `bytes` into tokens, skipping blanks.
    ///
    /// Pass a line's ``LineIndex/contentRange(ofLine:)``: CR and LF are not blanks, so a range
    /// that includes the terminator glues it to the last token.
    public static func tokens(in range: Range<Int>, of bytes: [UInt8]) -> [Token] {
        bytes.withUnsafeBufferPointer { buffer in
            var cursor = Cursor(buffer, range)
            var tokens: [Token] = []
            while let token = cursor.lexToken() { tokens.append(token) }
            return tokens
        }
    }

    /// Splits a line of text into tokens; the ranges are byte offsets into `text.utf8`.
    public static func tokens(in text: String) -> [Token] {
        let bytes = Array(text.utf8)
        return tokens(in: 0..<bytes.count, of: bytes)
    }
}
