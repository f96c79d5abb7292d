import CrashSiftText

// Damage that adds or removes characters on each line (a prefix, an encoding, an escape);
// the repairs rewrite lines in place, so every line keeps its number.

/// Quote prefixes of an e-mail or chat reply on every line of a run: `> `, `>> `, `> > `, `| `.
///
/// Stripped when every line of the run carries the same prefix (a line of only `>` is a quoted
/// blank line). Not taken for `ps` rows, whose active marker is a `>` before the PID, nor for
/// markdown tables (`| a | b |`).
struct QuotePrefix: PasteDamageDetector {
    func detect(in block: ClosedRange<Int>, of lines: PasteLines) -> [PasteDamage] {
        var damages: [PasteDamage] = []
        var run: [(line: Int, key: [UInt8], content: Int)] = []
        func flush() {
            defer { run = [] }
            guard run.count >= 2, let key = run.first?.key else { return }
            var contentLines = 0
            for entry in run {
                let content = lines.content(entry.line)[entry.content...]
                if PasteShapes.trimmed(content).isEmpty { continue }
                contentLines += 1
                if key == [ASCII.verticalBar], content.last == ASCII.verticalBar { return }  // a table
                // `>  1234  …`: an active `ps` row, not a quote.
                if key == [ASCII.greater], let first = content.first, ASCII.isBlank(first),
                   let next = content.dropFirst().first(where: { !ASCII.isBlank($0) }), ASCII.isDigit(next)
                {
                    return
                }
            }
            guard contentLines >= 1, let first = run.first?.line, let last = run.last?.line else { return }
            let edits = run.map { PasteEdit.replace(line: $0.line, bytes: Array(lines.content($0.line)[$0.content...])) }
            damages.append(PasteDamage(
                lines: first...last, severity: .note,
                message: .pasteQuotePrefix(PasteShapes.describe(first...last), String(decoding: key, as: UTF8.self)),
                repair: edits
            ))
        }
        for number in block {
            let content = lines.content(number)
            guard let (key, start) = Self.prefix(content) else {
                flush()
                continue
            }
            if let current = run.first?.key, current != key { flush() }
            run.append((number, key, start))
        }
        flush()
        return damages
    }

    /// The quote prefix of `s`: its levels without blanks (the key that must agree along the
    /// run) and where the quoted text starts (after one blank following the last level).
    static func prefix(_ s: PasteShapes.Bytes) -> (key: [UInt8], start: Int)? {
        var at = s.startIndex
        var key: [UInt8] = []
        if at < s.endIndex, s[at] == ASCII.verticalBar {
            key = [ASCII.verticalBar]
            at += 1
            if at < s.endIndex, s[at] == ASCII.space { at += 1 } else if at < s.endIndex { return nil }
            return (key, at)
        }
        while at < s.endIndex, s[at] == ASCII.greater {
            key.append(ASCII.greater)
            at += 1
            if at < s.endIndex, s[at] == ASCII.space, at + 1 < s.endIndex, s[at + 1] == ASCII.greater { at += 1 }
        }
        guard !key.isEmpty else { return nil }
        if at < s.endIndex, s[at] == ASCII.space { at += 1 }
        return (key, at)
    }
}

/// Line numbers an editor, `cat -n` or `grep -n` put before every line: `    12\t`, `12:`, `12-`.
///
/// Stripped when every line of a run of at least three carries one and the numbers count up
/// by one; a blank between the number and the text (`  12 text`) is not taken, since `ps` rows
/// start the same way.
struct LineNumberGutter: PasteDamageDetector {
    func detect(in block: ClosedRange<Int>, of lines: PasteLines) -> [PasteDamage] {
        var damages: [PasteDamage] = []
        var run: [(line: Int, content: Int)] = []
        var previous: (number: Int, tab: Bool)?
        func flush() {
            defer { run = []; previous = nil }
            guard run.count >= 3, let first = run.first?.line, let last = run.last?.line else { return }
            damages.append(PasteDamage(
                lines: first...last, severity: .note, message: .pasteLineNumbers(PasteShapes.describe(first...last)),
                repair: run.map { PasteEdit.replace(line: $0.line, bytes: Array(lines.content($0.line)[$0.content...])) }
            ))
        }
        for line in block {
            guard let gutter = Self.gutter(lines.content(line)) else {
                flush()
                continue
            }
            if let previous, previous.number + 1 != gutter.number || previous.tab != gutter.tab { flush() }
            run.append((line, gutter.content))
            previous = (gutter.number, gutter.tab)
        }
        flush()
        return damages
    }

    /// `   12\t…` (tab), `12:…` or `12-…` (colon or dash).
    static func gutter(_ s: PasteShapes.Bytes) -> (number: Int, tab: Bool, content: Int)? {
        var at = PasteShapes.firstNonBlank(s)
        let digits = at
        var number = 0
        while at < s.endIndex, ASCII.isDigit(s[at]), at - digits < 8 {
            number = number * 10 + Int(s[at] - 0x30)
            at += 1
        }
        guard at > digits, at < s.endIndex else { return nil }
        switch s[at] {
        case ASCII.tab: return (number, true, at + 1)
        case ASCII.colon, ASCII.minus:
            // `grep -n` prints the number at the start of the line.
            return digits == s.startIndex ? (number, false, at + 1) : nil
        default: return nil
        }
    }
}

/// Quoted-printable left in a paste: `=3D` for `=`, `=20` for a trailing blank, and soft line
/// breaks (`=` at the end of a line of at most 76 bytes) that cut long lines.
///
/// Decoded only in a block that shows `=3D` or at least two soft breaks; soft breaks join the
/// next line.
struct QuotedPrintable: PasteDamageDetector {
    func detect(in block: ClosedRange<Int>, of lines: PasteLines) -> [PasteDamage] {
        // `=3D` anywhere, or two soft breaks: one `=` at the end of a line is too common.
        var softBreaks = 0
        guard block.contains(where: { line in
            let s = lines.content(line)
            if PasteShapes.contains(s, "=3D") { return true }
            if Self.isSoftBreak(s) { softBreaks += 1 }
            return softBreaks >= 2
        }) else { return [] }
        var edits: [PasteEdit] = []
        var head: Int?  // the line a soft break joins the next one to
        var joins = 0
        for line in block {
            let content = lines.content(line)
            var (decoded, soft) = Self.decode(content)
            if soft { decoded.removeLast() }
            if let into = head {
                edits.append(.replace(line: line, bytes: decoded))
                edits.append(.join(line: line, into: into, separator: []))
                joins += 1
                if !soft { head = nil }
            } else {
                if !decoded.elementsEqual(content) { edits.append(.replace(line: line, bytes: decoded)) }
                if soft { head = line }
            }
        }
        return [PasteDamage(
            lines: block, severity: .note,
            message: .pasteQuotedPrintable(PasteShapes.describe(block), joins),
            repair: edits
        )]
    }

    /// One `=` at the end of a line cut at 60 to 76 bytes (not a `=====` rule).
    static func isSoftBreak(_ s: PasteShapes.Bytes) -> Bool {
        s.last == ASCII.equals && (60...76).contains(s.count) && s[s.endIndex - 2] != ASCII.equals
    }

    /// The bytes of `s` with `=XX` decoded; `soft` when it ends in a soft line break (the `=`
    /// is still at the end of the bytes).
    static func decode(_ s: PasteShapes.Bytes) -> (bytes: [UInt8], soft: Bool) {
        var out: [UInt8] = []
        out.reserveCapacity(s.count)
        var at = s.startIndex
        while at < s.endIndex {
            let byte = s[at]
            if byte == ASCII.equals, let high = upperHex(s, at + 1), let low = upperHex(s, at + 2) {
                out.append(high << 4 | low)
                at += 3
                continue
            }
            out.append(byte)
            at += 1
        }
        return (out, s.last == ASCII.equals)
    }

    private static func upperHex(_ s: PasteShapes.Bytes, _ at: Int) -> UInt8? {
        guard at < s.endIndex else { return nil }
        let b = s[at]
        if ASCII.isDigit(b) { return b - 0x30 }
        if b >= 0x41, b <= 0x46 { return b - 0x41 + 10 }
        return nil
    }
}

/// Markdown escapes a chat or wiki put before characters it treats as markup: `\_\_schedule`,
/// `\*`, `\#`, `\[`, `\<`.
///
/// Unescaped on frame lines (`#3 [sp] f at a`, `f+0x1/0x2`, `[exception RIP: f+0x1]`) that hold
/// `\_`, `\*` or `\#`; other lines are left alone (the kernel prints ACPI paths like `\_SB_`).
struct MarkdownEscapes: PasteDamageDetector {
    static let escaped: Set<UInt8> = [ASCII.underscore, ASCII.star, ASCII.hash, ASCII.openBracket, ASCII.closeBracket, ASCII.less, ASCII.greater, 0x60]

    func detect(in block: ClosedRange<Int>, of lines: PasteLines) -> [PasteDamage] {
        var edits: [PasteEdit] = []
        var touched: [Int] = []
        for line in block {
            let s = lines.content(line)
            guard s.contains(0x5C), Self.hasEscape(s) else { continue }
            var out: [UInt8] = []
            var at = s.startIndex
            while at < s.endIndex {
                if s[at] == 0x5C, at + 1 < s.endIndex, Self.escaped.contains(s[at + 1]) {
                    out.append(s[at + 1])
                    at += 2
                } else {
                    out.append(s[at])
                    at += 1
                }
            }
            // Only where a function name stands: the kernel prints ACPI paths like `\_SB_`.
            let unescaped = out[...]
            guard PasteShapes.frameBracket(unescaped) != nil || PasteShapes.hasSymbolOffsetSize(unescaped)
                || PasteShapes.contains(unescaped, "exception RIP: ")
            else { continue }
            edits.append(.replace(line: line, bytes: out))
            touched.append(line)
        }
        guard let first = touched.first, let last = touched.last else { return [] }
        return [PasteDamage(lines: first...last, severity: .note, message: .pasteMarkdownEscapes(PasteShapes.describe(first...last)), repair: edits)]
    }

    static func hasEscape(_ s: PasteShapes.Bytes) -> Bool {
        var at = s.startIndex
        while at + 1 < s.endIndex {
            if s[at] == 0x5C, s[at + 1] == ASCII.underscore || s[at + 1] == ASCII.star || s[at + 1] == ASCII.hash { return true }
            at += 1
        }
        return false
    }
}

/// Angle brackets an HTML page took as tags or dropped: `[ffffffff81234567] f+0x1/0x2` for
/// `[<ffffffff81234567>] f+0x1/0x2`, `[] f+0x1/0x2`, `--- ---` for `--- <IRQ stack> ---`, and
/// a log line left empty where `<IRQ>`, `<EOI>` or `<TASK>` stood.
///
/// The first is repaired (the brackets are put back); `[]` lost the address, so it is removed
/// and the frame kept without one; the stack names cannot be guessed, so those lines are kept
/// as they are, with a warning.
struct HTMLStrippedBrackets: PasteDamageDetector {
    func detect(in block: ClosedRange<Int>, of lines: PasteLines) -> [PasteDamage] {
        var damages: [PasteDamage] = []
        var restored: [Int] = []
        var lost: [Int] = []
        var restoreEdits: [PasteEdit] = []
        for line in block {
            let s = lines.content(line)
            // Cheap tests first: this runs on every line of every input.
            if Self.hasBareAddressOrEmptyBrackets(s), PasteShapes.frameBracket(s) == nil, PasteShapes.hasSymbolOffsetSize(s),
               // ppc64 prints `NIP [c000…] f+0x1/0x2` and `LR [c000…] …` without angle brackets.
               !Self.bracketedRegisterPrefixes.contains(where: { PasteShapes.contains(s, $0) }) {
                if let repaired = Self.restoreAddresses(s) {
                    restoreEdits.append(.replace(line: line, bytes: repaired.bytes))
                    if repaired.lostAddress { lost.append(line) } else { restored.append(line) }
                }
                continue
            }
            let text = PasteShapes.trimmed(s)
            guard let first = text.first, first == ASCII.minus || first == ASCII.openBracket || first == ASCII.less else { continue }
            if Self.isEmptySeparator(text) {
                damages.append(PasteDamage(lines: line...line, severity: .warning, message: .pasteHTMLStrippedBrackets(PasteShapes.describe(line...line), Self.emptySeparator)))
            } else if text.count <= 24, let stamp = PasteShapes.timestamp(s), PasteShapes.trimmed(s[stamp.rest...]).isEmpty,
                      Self.isTraceLine(lines, line + 1, in: block),
                      // The kernel prints empty lines too: only right after `Call Trace:`, where
                      // `<TASK>` or `<IRQ>` stands, or where other brackets were lost.
                      !lost.isEmpty || (block.contains(line - 1) && PasteShapes.contains(lines.content(line - 1), "Call Trace:"))
            {
                damages.append(PasteDamage(lines: line...line, severity: .warning, message: .pasteHTMLStrippedBrackets(PasteShapes.describe(line...line), Self.emptyMarker)))
            }
        }
        if let first = (restored + lost).min(), let last = (restored + lost).max() {
            let what = lost.isEmpty
                ? "the angle brackets around \(restored.count) call-trace address\(restored.count == 1 ? "" : "es") were put back"
                : "\(lost.count) call-trace address\(lost.count == 1 ? " was" : "es were") lost with the brackets (`[]`); those frames are kept without an address"
                    + (restored.isEmpty ? "" : ", and the brackets around \(restored.count) other\(restored.count == 1 ? "" : "s") were put back")
            damages.insert(PasteDamage(
                lines: first...last, severity: lost.isEmpty ? .note : .warning,
                message: .pasteHTMLStrippedBrackets(PasteShapes.describe(first...last), what), repair: restoreEdits
            ), at: 0)
        }
        return damages.sorted { $0.lines.lowerBound < $1.lines.lowerBound }
    }

    /// Register lines that print a bare bracketed address (the architecture tables' symbolic registers ending in `[`).
    static let bracketedRegisterPrefixes: [String] = ArchitectureFormat.all.flatMap(\.symbolicRegisters).map { "\($0.prefix)" }
        .filter { $0.hasSuffix("[") }

    static let emptySeparator = "a stack-switch separator without its stack name (`--- <IRQ stack> ---` with the name taken as an HTML tag); kept as it is, since the stack cannot be told"
    static let emptyMarker = "a log line inside a call trace is empty where a `<IRQ>`, `<EOI>`, `<NMI>` or `<TASK>` marker was taken as an HTML tag; kept as it is, so the frames' stacks are not known"

    /// Whether `s` holds `[]` or `[` with 8 to 16 hex digits and `]` (no angle brackets).
    static func hasBareAddressOrEmptyBrackets(_ s: PasteShapes.Bytes) -> Bool {
        var at = s.startIndex
        while let open = s[at...].firstIndex(of: ASCII.openBracket) {
            let digits = PasteShapes.hexRun(s, open + 1)
            let close = open + 1 + digits
            if (digits == 0 || (8...16).contains(digits)), close < s.endIndex, s[close] == ASCII.closeBracket { return true }
            at = open + 1
        }
        return false
    }

    /// `---  ---` (or `--- ---`): only dashes and blanks, two groups of three dashes.
    static func isEmptySeparator(_ s: PasteShapes.Bytes) -> Bool {
        guard s.count >= 6, PasteShapes.hasPrefix(s, "---"), s.suffix(3).elementsEqual("---".utf8) else { return false }
        let middle = s.dropFirst(3).dropLast(3)
        return !middle.isEmpty && middle.allSatisfy(ASCII.isBlank)
    }

    /// A frame line of a log call trace near `line` (the line exists and shows `f+0x1/0x2`).
    static func isTraceLine(_ lines: PasteLines, _ line: Int, in block: ClosedRange<Int>) -> Bool {
        guard block.contains(line) else { return false }
        let s = lines.content(line)
        return PasteShapes.hasSymbolOffsetSize(s) || PasteShapes.contains(s, "Call Trace:")
    }

    /// `[hex]` → `[<hex>]` for 8 to 16 hex digits, and `[] ` removed; nil when neither occurs.
    /// A ppc64 trace prints two bracketed numbers, `[sp] [address] f+0x1/0x2`, without angle
    /// brackets: a line with two is left alone unless it is x86's `RIP: 0010:[…] […] f`.
    static func restoreAddresses(_ s: PasteShapes.Bytes) -> (bytes: [UInt8], lostAddress: Bool)? {
        var bracketed = 0
        var at = s.startIndex
        while let open = s[at...].firstIndex(of: ASCII.openBracket) {
            let digits = PasteShapes.hexRun(s, open + 1)
            if (8...16).contains(digits), open + 1 + digits < s.endIndex, s[open + 1 + digits] == ASCII.closeBracket { bracketed += 1 }
            at = open + 1
        }
        if bracketed > 1, !PasteShapes.contains(s, "RIP: ") { return nil }
        var out: [UInt8] = []
        var changed = false
        var lost = false
        at = s.startIndex
        while at < s.endIndex {
            if s[at] == ASCII.openBracket {
                let digits = PasteShapes.hexRun(s, at + 1)
                let close = at + 1 + digits
                if (8...16).contains(digits), close < s.endIndex, s[close] == ASCII.closeBracket {
                    out += [ASCII.openBracket, ASCII.less]
                    out += s[(at + 1)..<close]
                    out += [ASCII.greater, ASCII.closeBracket]
                    at = close + 1
                    changed = true
                    continue
                }
                if digits == 0, close < s.endIndex, s[close] == ASCII.closeBracket {
                    at = close + 1
                    while at < s.endIndex, s[at] == ASCII.space { at += 1 }
                    if let last = out.last, !ASCII.isBlank(last) { out.append(ASCII.space) }
                    changed = true
                    lost = true
                    continue
                }
            }
            out.append(s[at])
            at += 1
        }
        return changed ? (out, lost) : nil
    }
}

extension ASCII {
    static var verticalBar: UInt8 { 0x7C }
    static var equals: UInt8 { 0x3D }
}

extension Diagnostic.Message {
    /// The verb for `lines` (``PasteShapes/describe(_:)``: `line 3` or `lines 3–9`).
    private static func agreeing(_ lines: String, _ singular: String, _ plural: String) -> String {
        lines.hasPrefix("lines ") ? plural : singular
    }

    fileprivate static func pasteQuotePrefix(_ lines: String, _ prefix: String) -> Self {
        .init("\(lines) \(agreeing(lines, "is", "are")) quoted with `\(prefix)` (an e-mail or chat reply); the prefix was stripped")
    }

    fileprivate static func pasteLineNumbers(_ lines: String) -> Self {
        .init("\(lines) \(agreeing(lines, "starts", "start")) with consecutive line numbers (an editor, `cat -n` or `grep -n`); the numbers were stripped")
    }

    fileprivate static func pasteQuotedPrintable(_ lines: String, _ joins: Int) -> Self {
        .init("\(lines) \(agreeing(lines, "is", "are")) quoted-printable (`=3D`, `=20`, `=` at the end of a line); decoded" + (joins > 0 ? ", and \(joins) soft line break\(joins == 1 ? "" : "s") joined" : ""))
    }

    fileprivate static func pasteMarkdownEscapes(_ lines: String) -> Self {
        .init("\(lines) \(agreeing(lines, "holds", "hold")) markdown escapes (`\\_`, `\\*`, `\\#`); unescaped")
    }

    fileprivate static func pasteHTMLStrippedBrackets(_ lines: String, _ what: String) -> Self {
        .init("\(lines): angle brackets were stripped as HTML: \(what)")
    }
}
