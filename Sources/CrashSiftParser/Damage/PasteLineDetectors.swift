import CrashSiftText

// Damage to the lines themselves: doubled, wrapped, interleaved, cut off.

/// Every line pasted twice in a row (a terminal or paste glitch): `A A B B C C`.
///
/// Taken when a block of at least two different lines is made only of equal pairs; the second
/// of each pair is dropped.
struct DoubledLines: PasteDamageDetector {
    func detect(in block: ClosedRange<Int>, of lines: PasteLines) -> [PasteDamage] {
        guard block.count >= 4, block.count % 2 == 0 else { return [] }
        var distinct = false
        var line = block.lowerBound
        while line < block.upperBound {
            let content = lines.content(line)
            guard content.elementsEqual(lines.content(line + 1)) else { return [] }
            if line > block.lowerBound, !content.elementsEqual(lines.content(line - 1)) { distinct = true }
            line += 2
        }
        guard distinct else { return [] }
        let edits = stride(from: block.lowerBound, to: block.upperBound, by: 2).map { PasteEdit.dropDuplicate(line: $0 + 1, of: $0) }
        return [PasteDamage(lines: block, severity: .note, message: .pasteDoubledLines(PasteShapes.describe(block)), repair: edits)]
    }
}

/// Lines a mail client or terminal wrapped.
///
/// A `bt` frame split before its address (`#3 [ffffb5a1c1c0fe40] smp_call_function_single` /
/// `at ffffffff8e12f8ee`) or after its stack pointer is always joined. A log record wrapped at
/// 72, 76, 78 or 80 columns is joined when the block is a log (time stamps), no line is longer
/// than the wrap width, the continuation has no time stamp and does not start with a blank or
/// a bracket or a `<marker>`, its first word would not have fitted on the line above, and the block shows at
/// least two such wraps.
struct WrappedLines: PasteDamageDetector {
    static let widths = [72, 76, 78, 80]

    func detect(in block: ClosedRange<Int>, of lines: PasteLines) -> [PasteDamage] {
        var damages: [PasteDamage] = []
        var frameJoins: [PasteEdit] = []
        var joined: [Int] = []
        var line = block.lowerBound
        while line < block.upperBound {
            if Self.isFrameSplit(lines.content(line), lines.content(line + 1)) {
                frameJoins.append(.join(line: line + 1, into: line, separator: [ASCII.space]))
                joined.append(line)
                line += 2
            } else {
                line += 1
            }
        }
        if let first = joined.first, let last = joined.last {
            damages.append(PasteDamage(
                lines: first...(last + 1), severity: .note,
                message: .pasteWrappedFrame(PasteShapes.describe(first...(last + 1)), joined.count), repair: frameJoins
            ))
        }
        if let logWraps = logWraps(in: block, of: lines, skipping: Set(joined.flatMap { [$0, $0 + 1] })) { damages.append(logWraps) }
        return damages
    }

    /// `#3 [sp] function` + `at address`, or `#3 [sp]` + `function at address`.
    static func isFrameSplit(_ head: PasteShapes.Bytes, _ next: PasteShapes.Bytes) -> Bool {
        guard let bracket = PasteShapes.frameBracket(head), !PasteShapes.contains(head, " at ") else { return false }
        let digits = PasteShapes.hexRun(head, bracket + 1)
        guard digits >= 8, bracket + 1 + digits < head.endIndex, head[bracket + 1 + digits] == ASCII.closeBracket else { return false }
        let rest = PasteShapes.trimmed(head[(bracket + 2 + digits)...])
        let continuation = PasteShapes.trimmed(next)
        if rest.isEmpty {
            // `function at address`
            guard let at = PasteShapes.find(continuation, " at ", from: continuation.startIndex) else { return false }
            return at > continuation.startIndex && !continuation[..<at].contains(ASCII.space) && PasteShapes.hexRun(continuation, at + 4) >= 8
        }
        return PasteShapes.hasPrefix(continuation, "at ") && PasteShapes.hexRun(continuation, continuation.startIndex + 3) >= 8
    }

    private func logWraps(in block: ClosedRange<Int>, of lines: PasteLines, skipping: Set<Int>) -> PasteDamage? {
        var stamped = 0
        var longest = 0
        for line in block {
            let content = lines.content(line)
            longest = max(longest, PasteShapes.trimmed(content).isEmpty ? 0 : content.count)
            if PasteShapes.timestamp(content) != nil { stamped += 1 }
        }
        guard stamped >= 3, let width = Self.widths.first(where: { $0 >= longest }) else { return nil }
        var edits: [PasteEdit] = []
        var wrapped: [Int] = []
        var head = block.lowerBound
        for line in block.dropFirst() where !skipping.contains(line) {
            let content = lines.content(line)
            let previous = lines.content(line - 1)
            if PasteShapes.timestamp(previous) != nil || wrapped.last == line - 1,
               PasteShapes.timestamp(content) == nil, let first = content.first,
               !ASCII.isBlank(first), first != ASCII.openBracket, first != ASCII.less || Self.isCodeByte(content),
               previous.count + 1 + Self.firstWordLength(content) > width
            {
                edits.append(.join(line: line, into: head, separator: [ASCII.space]))
                wrapped.append(line)
            } else {
                head = line
            }
        }
        guard wrapped.count >= 2, let first = wrapped.first, let last = wrapped.last else { return nil }
        return PasteDamage(
            lines: (first - 1)...last, severity: .note,
            message: .pasteWrappedLine(PasteShapes.describe((first - 1)...last), wrapped.count, width), repair: edits
        )
    }

    /// `<c7> 04 25 …`: the faulting byte of a wrapped `Code:` line, not a `<TASK>` marker.
    static func isCodeByte(_ s: PasteShapes.Bytes) -> Bool {
        s.count >= 4 && PasteShapes.hexRun(s, s.startIndex + 1) == 2 && s[s.startIndex + 3] == ASCII.greater
    }

    static func firstWordLength(_ s: PasteShapes.Bytes) -> Int {
        s.firstIndex(where: ASCII.isBlank).map { $0 - s.startIndex } ?? s.count
    }
}

/// Two logs interleaved: lines of two consoles alternating, so the time stamps go back and
/// forth.
///
/// Reported when, in a block of stamped lines, the time goes back at least three times and
/// on at least one step in five. Not repaired: the records are kept in input order.
struct InterleavedLogs: PasteDamageDetector {
    func detect(in block: ClosedRange<Int>, of lines: PasteLines) -> [PasteDamage] {
        var previous: Double?
        var steps = 0
        var backwards = 0
        var first: Int?
        var last = block.lowerBound
        for line in block {
            guard let stamp = PasteShapes.timestamp(lines.content(line)) else { continue }
            if first == nil { first = line }
            last = line
            if let previous {
                steps += 1
                if stamp.seconds < previous { backwards += 1 }
            }
            previous = stamp.seconds
        }
        guard let first, backwards >= 3, backwards * 5 >= steps else { return [] }
        return [PasteDamage(lines: first...last, severity: .warning, message: .pasteInterleavedLogs(PasteShapes.describe(first...last), backwards, steps))]
    }
}

/// A paste cut off inside a record: its last line is a `bt` frame without its address, a call
/// trace frame cut inside `function+0x1a/0x40` or `[<address>]`, a register row whose last
/// value is short, or a log trace opened with `<TASK>` and never closed.
///
/// Only the last block of the input is looked at. Not repaired; the trace or report is marked
/// partial.
struct TruncatedRecord: PasteDamageDetector {
    static let registers: Set<String> = [
        "RAX", "RBX", "RCX", "RDX", "RSI", "RDI", "RBP", "RSP", "RIP", "R8", "R9", "R10", "R11", "R12", "R13", "R14", "R15",
    ]

    func detect(in block: ClosedRange<Int>, of lines: PasteLines) -> [PasteDamage] {
        // Only the last block: every line after it is blank.
        guard block.upperBound == lines.count || ((block.upperBound + 1)...lines.count).allSatisfy(lines.isBlank) else { return [] }
        let line = block.upperBound
        let content = lines.content(line)
        // A person's `...` at the end is an elision, which the grammars record.
        if PasteShapes.trimmed(content).allSatisfy({ $0 == ASCII.dot || $0 == ASCII.openBracket || $0 == ASCII.closeBracket }) { return [] }
        let reason: String
        // Frame addresses are as long as the other frames' (crash pads them on x86_64 and
        // arm64, not on s390x, whose kernel text can start at 0x100000).
        let otherAddresses = block.dropLast().compactMap { Self.frameAddressDigits(lines.content($0)) }
        if let why = Self.cutFrame(content, shortestAddress: otherAddresses.min() ?? 6) ?? Self.cutRegisters(content) {
            reason = why
        } else if let open = block.last(where: { PasteShapes.contains(lines.content($0), "<TASK>") }),
                  !(open...line).contains(where: { PasteShapes.contains(lines.content($0), "</TASK>") || PasteShapes.contains(lines.content($0), "---[ end trace") })
        {
            reason = "the call trace opened with `<TASK>` on line \(open) has no `</TASK>`"
        } else {
            return []
        }
        return [PasteDamage(lines: line...line, severity: .warning, message: .pasteTruncatedRecord(line, reason), truncatedAt: line)]
    }

    /// The number of digits of a `bt` frame line's address (` at ffffffff8107…`), or nil.
    static func frameAddressDigits(_ s: PasteShapes.Bytes) -> Int? {
        guard let bracket = PasteShapes.frameBracket(s), let at = PasteShapes.find(s, " at ", from: bracket) else { return nil }
        let digits = PasteShapes.hexRun(s, at + 4)
        return digits > 0 ? digits : nil
    }

    /// Why a frame line is cut, or nil; a `bt` frame's address is cut when it is shorter than
    /// `shortestAddress` digits (the shortest of the frames above it).
    static func cutFrame(_ s: PasteShapes.Bytes, shortestAddress: Int = 6) -> String? {
        if let bracket = PasteShapes.frameBracket(s) {
            let digits = PasteShapes.hexRun(s, bracket + 1)
            let close = bracket + 1 + digits
            if close >= s.endIndex || s[close] != ASCII.closeBracket { return "the frame's stack pointer is cut" }
            guard let at = PasteShapes.find(s, " at ", from: close) else { return "the frame has no address (` at …`)" }
            let address = PasteShapes.hexRun(s, at + 4)
            if address < shortestAddress { return "the frame's address is cut" }
            if digits >= 16, address < digits { return "the frame's address is shorter than its stack pointer" }
            return nil
        }
        // A call-trace frame: `[<ffffffff8123…` or `function+0x1a/` without its size.
        let text = PasteShapes.trimmed(s)
        if let open = PasteShapes.find(text, "[<", from: text.startIndex), PasteShapes.find(text, ">]", from: open) == nil {
            return "the frame's address is cut"
        }
        if let plus = PasteShapes.find(text, "+0x", from: text.startIndex), !PasteShapes.hasSymbolOffsetSize(text) {
            let digits = PasteShapes.hexRun(text, plus + 3)
            if plus + 3 + digits == text.endIndex || (plus + 4 + digits == text.endIndex && text.last == ASCII.slash)
                || (plus + 6 + digits == text.endIndex && text.suffix(3).elementsEqual("/0x".utf8))
            {
                return "the frame's offset and size are cut"
            }
        }
        return nil
    }

    /// Why a register row is cut (a general register with fewer than 16 digits after others
    /// with 16), or nil.
    static func cutRegisters(_ s: PasteShapes.Bytes) -> String? {
        let words = PasteShapes.text(s).split(separator: " ")
        var lengths: [Int] = []
        var index = 0
        while index + 1 < words.count {
            let name = words[index]
            if name.hasSuffix(":"), registers.contains(String(name.dropLast())) {
                let value = words[index + 1]
                guard value.utf8.allSatisfy(ASCII.isHexDigit) else { return nil }
                lengths.append(value.utf8.count)
                index += 2
            } else if index == words.count - 1, !lengths.isEmpty, name.utf8.allSatisfy({ ASCII.isUpper($0) || ASCII.isDigit($0) }) {
                return "the row ends at a register name without its value"
            } else {
                return nil
            }
        }
        guard index == words.count, lengths.count >= 2, let last = lengths.last, last < 16,
              lengths.dropLast().allSatisfy({ $0 == 16 })
        else { return nil }
        return "the last register value has \(last) digits, not 16"
    }
}

extension Diagnostic.Message {
    fileprivate static func pasteDoubledLines(_ lines: String) -> Self {
        .init("\(lines): every line was pasted twice; the copies were dropped")
    }

    fileprivate static func pasteWrappedFrame(_ lines: String, _ count: Int) -> Self {
        .init("\(lines): \(count) frame line\(count == 1 ? " was" : "s were") wrapped before the address; joined")
    }

    fileprivate static func pasteWrappedLine(_ lines: String, _ count: Int, _ width: Int) -> Self {
        .init("\(lines): \(count) log lines wrapped at \(width) columns were joined to the line above")
    }

    fileprivate static func pasteInterleavedLogs(_ lines: String, _ backwards: Int, _ steps: Int) -> Self {
        .init("\(lines): the time stamps go back \(backwards) times in \(steps) steps; two logs seem interleaved (lines of two consoles alternating); the records are kept in input order")
    }

    fileprivate static func pasteTruncatedRecord(_ line: Int, _ reason: String) -> Self {
        .init("the paste ends inside a record on line \(line): \(reason); the trace is partial")
    }
}
