import CrashSiftText

/// The lines of a kernel log that a report search reads, by number.
struct KernelLogView {
    let base: UnsafeRawBufferPointer
    let lineIndex: LineIndex
    let lines: ClosedRange<Int>

    /// The bytes of line `number`, without its line terminator.
    @inline(__always)
    func line(_ number: Int) -> UnsafeRawBufferPointer {
        base.subBuffer(lineIndex.contentRange(ofLine: number))
    }

    /// The bytes from the start of the first line to the end of the last line's content.
    var bytes: UnsafeRawBufferPointer {
        base.subBuffer(lineIndex.startOffset(ofLine: lines.lowerBound)..<lineIndex.contentRange(ofLine: lines.upperBound).upperBound)
    }
}

/// What the literal scan learned about one line that contains at least one literal of the
/// rules (a header, a marker): the only lines the finder looks at more closely.
struct ReportLineMark {
    let line: Int
    /// The first ``KernelReportTable/headers`` entry this line starts a report of (its text is
    /// there, no suppression matches, and the line is not cut short by a printk replay).
    var header: Int?
    /// The first ``ExtraReportHeaders/headers`` entry confirmed on this line.
    var extraHeader: Int?
    /// The match of that extra header's pattern in the line (its title, unsanitised).
    var extraHeaderText: Range<Int>?
    var flags: CompiledReportRules.LineFlags
}

/// Finds the marked lines of a range with one pass of the literal prefilter over its bytes,
/// then checks each hit line against the literals, suppressions and extra-header patterns.
enum ReportLineMarks {
    /// The marks of every line of `view` that contains a literal, in line order.
    static func scan(_ view: KernelLogView, rules: CompiledReportRules, matchers: ReportMatchers) -> [ReportLineMark] {
        let bytes = view.bytes
        let rangeStart = view.lineIndex.startOffset(ofLine: view.lines.lowerBound)
        var marks: [ReportLineMark] = []
        var offset = 0
        var line = view.lines.lowerBound
        while offset < bytes.count, let hitEnd = rules.literalScan.firstEnd(in: bytes, from: offset) {
            // The line holding the hit: walk forward (a binary search costs more than a few
            // steps on short gaps).
            let hit = rangeStart + hitEnd - 1
            line = lineContaining(hit, from: line, view: view)
            guard line <= view.lines.upperBound else { break }
            let content = view.lineIndex.contentRange(ofLine: line)
            if hit < content.upperBound {
                if let mark = classify(line: line, view: view, rules: rules, matchers: matchers) { marks.append(mark) }
            }
            guard line < view.lines.upperBound else { break }
            line += 1
            offset = view.lineIndex.startOffset(ofLine: line) - rangeStart
        }
        // A line followed by `** replaying previous printk message **` was cut short and is
        // printed again: it starts no report.
        for index in marks.indices where marks[index].flags.contains(.replayMarker) {
            let previousLine = marks[index].line - 1
            if index > 0, marks[index - 1].line == previousLine {
                marks[index - 1].header = nil
            }
        }
        return marks
    }

    /// The number of the line that holds byte `offset`, searching forward from `line`.
    private static func lineContaining(_ offset: Int, from line: Int, view: KernelLogView) -> Int {
        var line = line
        var steps = 0
        while line < view.lines.upperBound, view.lineIndex.startOffset(ofLine: line + 1) <= offset {
            line += 1
            steps += 1
            if steps == 64 {
                return view.lineIndex.line(containing: offset)
            }
        }
        return line
    }

    /// The mark of `line`, or nil when none of its literals has an effect after checking.
    static func classify(line: Int, view: KernelLogView, rules: CompiledReportRules, matchers: ReportMatchers) -> ReportLineMark? {
        let text = view.line(line)
        var mark = ReportLineMark(line: line, header: nil, extraHeader: nil, flags: [])
        var found = false
        for literal in rules.literals {
            guard ReportBytes.contains(literal.bytes, in: text) else { continue }
            found = true
            switch literal.effect {
            case .header(let index):
                // Literals come in table order: the first header that holds wins.
                guard mark.header == nil else { continue }
                let header = rules.headers[index]
                if !header.suppressions.contains(where: { matchers.matches($0, text) }) {
                    mark.header = index
                }
            case .extraHeader(let index):
                guard mark.extraHeader == nil else { continue }
                let context = ConsoleLinePrefix.context(of: text, mayHaveLogin: true)
                let message = ConsoleLinePrefix.strip(text, context: context).message
                let extra = rules.extraHeaders[index]
                if let match = matchers.firstRange(extra.pattern, text.subBuffer(message)) {
                    mark.extraHeader = index
                    mark.extraHeaderText = (match.lowerBound + message.lowerBound)..<(match.upperBound + message.lowerBound)
                }
            case .flags(let flags):
                mark.flags.formUnion(flags)
            }
        }
        return found ? mark : nil
    }
}

/// Reads marks in line order for a walk over consecutive lines.
struct ReportMarkCursor {
    private let marks: [ReportLineMark]
    private var index: Int

    /// A cursor at the first mark on or after `line`.
    init(_ marks: [ReportLineMark], from line: Int) {
        self.marks = marks
        var low = 0
        var high = marks.count
        while low < high {
            let middle = (low + high) / 2
            if marks[middle].line < line { low = middle + 1 } else { high = middle }
        }
        index = low
    }

    /// The mark of `line`, if it has one; lines must be asked for in increasing order.
    mutating func mark(at line: Int) -> ReportLineMark? {
        while index < marks.count, marks[index].line < line { index += 1 }
        return index < marks.count && marks[index].line == line ? marks[index] : nil
    }
}
