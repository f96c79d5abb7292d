import CrashSiftModel
import CrashSiftText

/// The pre-pass that finds what mail clients, chat, web pages and terminals did to a paste,
/// repairs it when the repair is unambiguous, and says so.
///
/// It runs before the splitter and the grammars, on runs of non-blank lines ("blocks"), with
/// one small detector per kind of damage (``detectors``, in order: a quote prefix hides a line
/// number gutter, quoted-printable hides markdown escapes, and lines must be whole again before
/// doubles, wraps and truncation are judged). A detector only reads; the driver applies the
/// repairs it proposes and records a `paste…` diagnostic for every damage, repaired or not.
///
/// NOTE: the repaired text has exactly the input's lines, so the line map is the identity and
/// every `line` in the model names the input line: a stripped prefix keeps its line, a wrapped
/// line joined to the one above leaves its own line empty (and takes that line's role after
/// parsing), a doubled copy is emptied (role ``LineRole/repaired``).
struct PasteRepair {
    /// What a repair did to a line that is empty in the repaired text.
    enum Absorption: Hashable {
        /// Joined to the end of line `into` (a wrap, a quoted-printable soft break).
        case joined(into: Int)
        /// A copy of line `of`, dropped.
        case duplicate(of: Int)
        /// It held only paste markup (a quote marker, a line number).
        case markup
    }

    /// The repaired text: the input's lines, repaired (nil when nothing was repaired).
    var text: SourceFile?
    /// Input lines that are empty in ``text`` although the input line is not, and why.
    var absorbed: [Int: Absorption] = [:]
    /// One per damage found, repaired or not.
    var diagnostics: [Diagnostic] = []
    /// Lines where the paste was cut off inside a record (see ``TruncatedRecord``).
    var truncatedAt: [Int] = []

    /// Every detector, in the order they run.
    static let detectors: [any PasteDamageDetector] = [
        QuotePrefix(),
        LineNumberGutter(),
        QuotedPrintable(),
        MarkdownEscapes(),
        HTMLStrippedBrackets(),
        DoubledLines(),
        WrappedLines(),
        InterleavedLogs(),
        TruncatedRecord(),
    ]

    /// Looks for damage in `source`; nil when there is none (the common case).
    static func run(_ source: SourceFile) -> PasteRepair? {
        guard source.lineCount > 0 else { return nil }
        var lines = PasteLines(source)
        var result = PasteRepair()
        var blocks = lines.blocks()
        for detector in detectors {
            var edited = false
            for block in blocks {
                for damage in detector.detect(in: block, of: lines) {
                    result.diagnostics.append(Diagnostic(damage.severity, damage.message, line: damage.lines.lowerBound))
                    if let line = damage.truncatedAt { result.truncatedAt.append(line) }
                    for edit in damage.repair {
                        lines.apply(edit)
                        edited = true
                    }
                }
            }
            // Blocks change only when a repair emptied or joined lines.
            if edited { blocks = lines.blocks() }
        }
        guard !result.diagnostics.isEmpty else { return nil }
        if lines.isEdited {
            result.text = SourceFile(name: source.name, bytes: lines.repairedBytes())
            for number in source.lines.lineNumbers where lines.isBlank(number) {
                if !source.bytes(ofLine: number).allSatisfy(ASCII.isWhitespace) {
                    result.absorbed[number] = lines.absorbed[number] ?? .markup
                }
            }
        }
        return result
    }

    /// Gives `transcript` (parsed from ``text``) back its account of the input: roles for the
    /// lines the repair emptied, the diagnostics, the traces and reports cut off.
    func apply(to transcript: inout Transcript) {
        transcript.repairedText = text
        transcript.diagnostics += diagnostics
        for (number, absorption) in absorbed.sorted(by: { $0.key < $1.key }) {
            switch absorption {
            case .joined(into: var head):
                // A chain of joins ends at a line that kept its text.
                while case .joined(let next)? = absorbed[head] { head = next }
                let role = transcript.role(ofLine: head)
                transcript.lineRoles[number - 1] = role
                if role == .unrecognized { transcript.unrecognized.append(number) }
            case .duplicate, .markup:
                transcript.lineRoles[number - 1] = .repaired
            }
        }
        for line in truncatedAt { markTruncated(at: line, &transcript) }
    }

    /// Marks the trace or report that the paste ends in as cut off: the last task or fragment
    /// whose command's output holds `line`, else the last report that starts before it.
    private func markTruncated(at line: Int, _ transcript: inout Transcript) {
        func holds(_ command: Int) -> Bool {
            let output = transcript.commands[command].output
            return !output.isEmpty && output.first <= line && line <= output.last
        }
        if let index = transcript.tasks.lastIndex(where: { $0.line <= line && ($0.commandIndex.map(holds) ?? false) }) {
            transcript.tasks[index].backtrace.isTruncated = true
        } else if let index = transcript.fragments.lastIndex(where: { ($0.lines?.lowerBound ?? .max) <= line }) {
            transcript.fragments[index].isTruncated = true
        } else if let index = transcript.log.reports.lastIndex(where: { $0.line <= line }) {
            transcript.log.reports[index].isPartial = true
        }
    }
}

/// One kind of paste damage: finds it in a block and proposes the repair, if one is sure.
protocol PasteDamageDetector: Sendable {
    /// The damage in `block` (a run of non-blank lines) of `lines`, in line order.
    func detect(in block: ClosedRange<Int>, of lines: PasteLines) -> [PasteDamage]
}

/// Damage a detector found: where, what to say, and the repair (empty when the text is kept
/// as it is because the repair would be a guess).
struct PasteDamage {
    /// The lines concerned.
    var lines: ClosedRange<Int>
    /// A note when the repair is sure, a warning when something may be lost or left as it is.
    var severity: Diagnostic.Severity
    /// The message (its id names the damage).
    var message: Diagnostic.Message
    /// The edits that repair it.
    var repair: [PasteEdit] = []
    /// The line where the paste was cut off, for damage that makes a record partial.
    var truncatedAt: Int? = nil
}

/// One change to the text.
enum PasteEdit {
    /// Line `line` now reads `bytes`.
    case replace(line: Int, bytes: [UInt8])
    /// Line `line` is appended to line `into` (after `separator`) and left empty.
    case join(line: Int, into: Int, separator: [UInt8])
    /// Line `line` repeats line `of` and is left empty.
    case dropDuplicate(line: Int, of: Int)
}

/// The input's lines as the repair sees them: the original bytes, with the lines repaired so
/// far replaced. Line numbers never change.
struct PasteLines {
    let source: SourceFile
    private(set) var replaced: [Int: [UInt8]] = [:]
    private(set) var absorbed: [Int: PasteRepair.Absorption] = [:]

    init(_ source: SourceFile) { self.source = source }

    /// The number of lines.
    var count: Int { source.lineCount }

    /// True once a repair changed a line.
    var isEdited: Bool { !replaced.isEmpty }

    /// The current content of line `number`, without its terminator.
    @inline(__always)
    func content(_ number: Int) -> ArraySlice<UInt8> {
        if !replaced.isEmpty, let bytes = replaced[number] { return bytes[...] }
        return source.bytes(ofLine: number)
    }

    /// The current content of line `number` as text.
    func text(_ number: Int) -> String { String(decoding: content(number), as: UTF8.self) }

    /// True when line `number` is empty or only blanks now.
    func isBlank(_ number: Int) -> Bool { content(number).allSatisfy(ASCII.isWhitespace) }

    /// The runs of non-blank lines.
    func blocks() -> [ClosedRange<Int>] {
        var blocks: [ClosedRange<Int>] = []
        var start: Int?
        for number in 1...count {
            if isBlank(number) {
                if let first = start { blocks.append(first...(number - 1)) }
                start = nil
            } else if start == nil {
                start = number
            }
        }
        if let first = start { blocks.append(first...count) }
        return blocks
    }

    mutating func apply(_ edit: PasteEdit) {
        switch edit {
        case .replace(let line, let bytes):
            replaced[line] = bytes
        case .join(let line, let into, let separator):
            var head = Array(content(into))
            // A wrap at a blank leaves it at the end of the line (`fold -s`, format=flowed).
            if !separator.isEmpty { while let last = head.last, ASCII.isBlank(last) { head.removeLast() } }
            replaced[into] = head + separator + Array(PasteShapes.trimmed(content(line)))
            replaced[line] = []
            absorbed[line] = .joined(into: into)
        case .dropDuplicate(let line, let of):
            replaced[line] = []
            absorbed[line] = .duplicate(of: of)
        }
    }

    /// The repaired text: every line, LF-terminated. A repair never makes a line into two: a
    /// line break inside a line's repaired bytes (quoted-printable `=0A`, say) becomes a blank,
    /// so the repaired text keeps the input's line numbers (found by fuzzing).
    func repairedBytes() -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(source.bytes.count + 64)
        for number in 1...count {
            let line = content(number)
            if replaced[number] != nil, line.contains(where: { $0 == ASCII.newline || $0 == ASCII.carriageReturn }) {
                bytes += line.map { $0 == ASCII.newline || $0 == ASCII.carriageReturn ? ASCII.space : $0 }
            } else {
                bytes += line
            }
            bytes.append(ASCII.newline)
        }
        return bytes
    }
}
