import CrashSiftModel
import CrashSiftText

/// The state shared by the splitter and the grammars while one input is parsed: the bytes,
/// the transcript being built, and the bookkeeping that proves no line is lost.
///
/// It borrows the input buffer, so it lives only inside `TranscriptParser.parse`.
struct ParseContext {
    /// The input bytes.
    let base: UnsafeBufferPointer<UInt8>
    /// Where lines start and end.
    let lineIndex: LineIndex
    /// The result under construction.
    var transcript: Transcript
    /// Interned function and module names: a 100 MB `foreach bt` has a few thousand distinct
    /// names, so sharing one `String` each saves most allocations.
    var symbols = SymbolTable()
    /// Lines whose end was moved to cut off a pasted annotation (`<--- …`), by line number.
    var annotatedLineEnds: [Int: Int] = [:]

    init(base: UnsafeBufferPointer<UInt8>, lineIndex: LineIndex, source: String) {
        self.base = base
        self.lineIndex = lineIndex
        self.transcript = Transcript(source: source, lineCount: lineIndex.count, blankRuns: lineIndex.blankRuns)
    }

    /// The number of lines.
    var lineCount: Int { lineIndex.count }

    /// Line `number` with blanks trimmed from both ends (and any annotation cut off).
    @inline(__always)
    func line(_ number: Int) -> Line {
        var range = lineIndex.contentRange(ofLine: number)
        if !annotatedLineEnds.isEmpty, let end = annotatedLineEnds[number] { range = range.lowerBound..<end }
        return Line(number: number, untrimmed: range, in: base)
    }

    /// A cursor over the trimmed content of `line`.
    @inline(__always)
    func cursor(_ line: Line) -> Lexer.Cursor { Lexer.Cursor(base, line.range) }

    /// The text of `range`; invalid UTF-8 becomes U+FFFD.
    func string(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: base[range]), as: UTF8.self)
    }

    /// The text of `range`, shared with earlier equal names.
    @inline(__always)
    mutating func intern(_ range: Range<Int>) -> String {
        symbols.intern(range, in: base)
    }

    /// Records what line `number` turned out to be.
    @inline(__always)
    mutating func setRole(_ role: LineRole, _ number: Int) {
        transcript.lineRoles[number - 1] = role
    }

    /// The column (from 1) of byte `offset` on line `number`.
    func column(of offset: Int, onLine number: Int) -> Int {
        offset - lineIndex.startOffset(ofLine: number) + 1
    }

    /// A diagnostic located at byte `offset` of line `number`.
    func diagnostic(_ severity: Diagnostic.Severity, _ message: Diagnostic.Message, line number: Int, offset: Int? = nil) -> Diagnostic {
        let byteColumn = offset.map { self.column(of: $0, onLine: number) } ?? 1
        return Diagnostic(severity, message, at: SourceLocation(line: number, column: byteColumn))
    }

    /// Adds a diagnostic about the transcript as a whole (not about one task).
    mutating func diagnose(_ severity: Diagnostic.Severity, _ message: Diagnostic.Message, line number: Int, offset: Int? = nil) {
        transcript.diagnostics.append(diagnostic(severity, message, line: number, offset: offset))
    }

    /// Marks `line` as crash output that no grammar understood.
    mutating func markUnrecognized(_ line: Line) {
        setRole(.unrecognized, line.number)
        transcript.unrecognized.append(line.number)
    }

    /// Records an elision marker found outside any backtrace.
    mutating func recordElision(_ line: Line) -> Elision {
        let elision = Elision(line: line.number, text: string(line.range))
        setRole(.elision, line.number)
        transcript.elisions.append(elision)
        return elision
    }
}

/// One line of input as the grammars see it: trimmed of blanks at both ends.
struct Line {
    /// The line number, from 1.
    let number: Int
    /// The content without leading and trailing blanks (empty for a blank line).
    let range: Range<Int>
    /// The width of the leading blanks, with tab stops every 8 columns.
    let indentation: Int

    @inline(__always)
    init(number: Int, untrimmed: Range<Int>, in base: UnsafeBufferPointer<UInt8>) {
        self.number = number
        var start = untrimmed.lowerBound
        var end = untrimmed.upperBound
        var width = 0
        while start < end {
            let byte = base[start]
            if byte == ASCII.space {
                width += 1
            } else if byte == ASCII.tab {
                width = (width / 8 + 1) * 8
            } else {
                break
            }
            start += 1
        }
        while end > start, ASCII.isWhitespace(base[end - 1]) { end -= 1 }
        self.range = start..<end
        self.indentation = width
    }

    /// True when the line is empty or only blanks.
    @inline(__always) var isBlank: Bool { range.isEmpty }
}
