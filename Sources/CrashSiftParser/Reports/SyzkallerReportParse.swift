import CrashSiftModel

/// The title, type and corruption of one report, computed the way syzkaller's `Parse` does
/// for a log whose first report starts at a given header line.
///
/// It gathers the report text as syzkaller does (lines of the header's context, prefixes
/// stripped, questionable frames dropped, a panic that follows enough lines left out), takes
/// the part before the next report for the title, tries the header's formats, reads the
/// guilty frame, checks the report for corruption and sanitises the titles.
struct SyzkallerReportParse {
    /// What syzkaller would report.
    struct Outcome {
        var title: String
        var altTitles: [String]
        var crashType: String
        var corruptedReason: String?
        var guiltyFrame: String?
        var kind: ReportKind
    }

    /// At most this many lines after the header are read: syzkaller reads to the end of the
    /// log, which for a long log with many reports would read it once per report. Every real
    /// report fits many times over.
    static let windowLines = 5_000

    /// Reading also stops at a stamped line printed this many seconds after the stamped line
    /// before it: a report is printed in one burst, and a console log of a long-running
    /// machine goes on with hours of unrelated messages that syzkaller's logs (a few seconds
    /// of a fuzzer's console) never have.
    static let quietSeconds = 10

    /// Reading also stops after this many lines in a row that are neither marked (a report
    /// header, a trace heading, a stack marker, …) nor frames (`+0x`): the noise of a busy
    /// machine's log after a report holds no title and no trace.
    static let quietLines = 100

    /// Lines read after the next report has started. Without caller tags the title does not
    /// look there, only the corruption check does (for the first trace heading); with them the
    /// report goes on in its own context, interleaved with the other report.
    static let linesAfterNextReport = 300
    static let linesAfterNextReportWithCallerTags = 2_000

    let view: KernelLogView
    let marks: [ReportLineMark]
    let rules: CompiledReportRules
    let matchers: ReportMatchers
    /// Whether the log contains a GCE console hang-up, which makes every report corrupted.
    let hasConsoleHangup: Bool

    /// Parses the report whose header is line `headerLine`, a line of header `headerIndex`.
    func parse(headerLine: Int, headerIndex: Int) -> Outcome {
        let header = rules.headers[headerIndex]
        let windowEnd = min(view.lines.upperBound, headerLine + Self.windowLines)
        var gathered = gatherReport(headerLine: headerLine, windowEnd: windowEnd)
        var description = gathered.text.withUnsafeBytes { text in
            describe(text.subBuffer(0..<gathered.titleEnd), header: header)
        }
        if description.title.isEmpty {
            // The header text was cut by prefix stripping: use the raw lines up to the last header.
            var raw: [UInt8] = []
            for number in headerLine...gathered.lastHeaderLine {
                if number > headerLine { raw.append(0x0A) }
                raw.append(contentsOf: view.line(number))
            }
            gathered.text = raw
            description = raw.withUnsafeBytes { describe($0, header: header) }
            if description.title.isEmpty {
                description.title = ReportBytes.string(view.line(headerLine))
            }
        }
        var corruptedReason = description.corruptedReason
        if corruptedReason == nil {
            corruptedReason = gathered.text.withUnsafeBytes { corruption(title: description.title, report: $0, format: description.format) }
        }
        if hasConsoleHangup && corruptedReason == nil {
            corruptedReason = "console hang-up (serialport: VM disconnected.)"
        }
        let title = sanitize(description.title)
        var altTitles: [String] = []
        for alternative in description.altTitles {
            let sanitized = sanitize(alternative)
            if !altTitles.contains(sanitized) { altTitles.append(sanitized) }
        }
        return Outcome(
            title: title,
            altTitles: altTitles.sorted(),
            crashType: CrashTypeTable.type(ofTitle: title),
            corruptedReason: corruptedReason,
            guiltyFrame: guiltyFrame(inTitle: title),
            kind: description.format?.kind ?? header.kind)
    }

    /// `title` sanitised as syzkaller does before reporting it.
    func sanitize(_ title: String) -> String {
        ReportTitleSanitizer.sanitize(title, with: rules, matchers: matchers)
    }

    /// The function a title names (`… in FUNC`, syzkaller's FRAME), or nil; nil too for the
    /// placeholder `corrupted` that stands for a frame that could not be found.
    func guiltyFrame(inTitle title: String) -> String? {
        let utf8 = Array(title.utf8)
        let frame = utf8.withUnsafeBytes { bytes -> String? in
            guard let groups = matchers.firstMatch(rules.frameInTitle, bytes), let name = groups[1] else { return nil }
            return ReportBytes.string(bytes.subBuffer(name))
        }
        return frame == GuiltyFrameExtractor.missingFrame ? nil : frame
    }

    // MARK: Gathering the report text

    /// The report text and where its title part ends.
    struct Gathered {
        /// The lines kept, prefixes stripped, each followed by a newline.
        var text: [UInt8]
        /// The length of the part before the next report (for logs without caller tags).
        var titleEnd: Int
        /// The last line, from the header on, that matched a header.
        var lastHeaderLine: Int
    }

    /// syzkaller's `findReport`: the lines from the header on that belong to its context.
    func gatherReport(headerLine: Int, windowEnd: Int) -> Gathered {
        var cursor = ReportMarkCursor(marks, from: headerLine)
        let headerText = view.line(headerLine)
        let headerMark = cursor.mark(at: headerLine)
        let context = ConsoleLinePrefix.context(of: headerText, mayHaveLogin: headerMark?.flags.contains(.login) ?? false)
        let keepsWholeReport: Bool = if case .caller = context { true } else { false }
        let minimumLinesBeforePanic = ReportBytes.contains("BUG: KMSAN:", in: headerText) ? 16 : 22

        var text: [UInt8] = []
        text.reserveCapacity(8 * 1024)
        var titleEnd = 0
        var reachedNextReport = false
        var lastHeaderLine = headerLine
        var keptLines = 0
        var skippingRest = false
        var allCPUBacktrace = false

        var lastLine = windowEnd
        var lastSeconds: Int?
        var lastMarkedLine = headerLine
        for number in headerLine...windowEnd {
            if number > lastLine { break }
            let line = view.line(number)
            let mark = number == headerLine ? headerMark : cursor.mark(at: number)
            let flags = mark?.flags ?? []
            let isHeader = number == headerLine
            let lineContext = ConsoleLinePrefix.context(of: line, mayHaveLogin: flags.contains(.login))
            // Interleaved contexts (caller tags) each keep their own time.
            if lineContext == context, let seconds = ConsoleLinePrefix.wholeSeconds(of: line) {
                if let previous = lastSeconds, seconds - previous > Self.quietSeconds { break }
                lastSeconds = seconds
            }
            let (message, questionable) = ConsoleLinePrefix.strip(line, context: lineContext)
            if mark != nil || ReportBytes.contains("+0x", in: line) {
                lastMarkedLine = number
            } else if number - lastMarkedLine > Self.quietLines {
                break
            }
            if let mark {
                if mark.header != nil {
                    lastHeaderLine = number
                    if !isHeader && !reachedNextReport && !flags.contains(.continuation) { reachedNextReport = true }
                }
                if !isHeader && !reachedNextReport && flags.contains(.stackCarryingInfo) { reachedNextReport = true }
                if reachedNextReport && lastLine == windowEnd {
                    let allowance = keepsWholeReport ? Self.linesAfterNextReportWithCallerTags : Self.linesAfterNextReport
                    lastLine = min(windowEnd, number + allowance)
                }
            }
            if !isHeader && (questionable || lineContext != context && (!allCPUBacktrace || !lineContext.isCPU)) { continue }
            keptLines += 1
            var skipLine = skippingRest
            if flags.contains(.disablesLockDebugging) {
                skipLine = true
            } else if flags.contains(.sendsNMIs) {
                // Backtraces of all CPUs follow, each in its CPU's context: keep them.
                allCPUBacktrace = true
            } else if !flags.isDisjoint(with: [.panicNotSyncing, .circularLocking]) && keptLines > minimumLinesBeforePanic {
                // The panic (panic_on_warn) or lockdep report that the report itself caused:
                // its stack repeats the report's, so the rest is left out once the report has
                // enough lines of its own.
                skippingRest = true
                skipLine = true
            }
            if !isHeader && skipLine { continue }
            text.append(contentsOf: line.subBuffer(message))
            text.append(0x0A)
            if !reachedNextReport || keepsWholeReport { titleEnd = text.count }
        }
        return Gathered(text: text, titleEnd: titleEnd, lastHeaderLine: lastHeaderLine)
    }

    // MARK: Title

    /// The title of a report text before sanitising, and how it was obtained.
    struct Description {
        var title = ""
        var corruptedReason: String?
        var altTitles: [String] = []
        var format: CompiledReportRules.Format?
    }

    /// syzkaller's `extractDescription`: the format whose title matches first in `text`, its
    /// title with its arguments and guilty frames, or the header line itself.
    func describe(_ text: UnsafeRawBufferPointer, header: CompiledReportRules.Header) -> Description {
        var description = Description()
        var startPosition = text.count
        var matchedTitle = false
        var corrupted: String?
        for format in header.formats {
            guard var groups = matchers.firstMatch(format.title, text), let titleRange = groups[0] else { continue }
            if titleRange.lowerBound > startPosition { continue }
            if titleRange.lowerBound == startPosition && !description.title.isEmpty { continue }
            if titleRange.lowerBound < startPosition {
                description.title = ""
                description.format = nil
                startPosition = titleRange.lowerBound
            }
            matchedTitle = true
            if let report = format.report {
                guard let reportGroups = matchers.firstMatch(report, text) else { continue }
                groups = reportGroups
            }
            let arguments = groups.dropFirst().map { $0.map { ReportBytes.string(text.subBuffer($0)) } ?? "" }
            var frames: [GuiltyFrameExtractor.Frame] = []
            corrupted = nil
            if let stack = format.stack {
                let extractor = GuiltyFrameExtractor(rules: rules, matchers: matchers)
                let extracted = extractor.frames(stack, in: text.subBuffer(from: groups[0]!.lowerBound))
                frames = extracted.frames
                if !extracted.complete { corrupted = "extracted no frames" }
            }
            let fullArguments = arguments + frames.map(\.canonical)
            description.title = format.template.render(fullArguments)
            description.altTitles += format.alternatives.map { $0.render(fullArguments) }
            for sequence in partiallyStrippedArguments(arguments, frames) {
                let alternative = format.template.render(sequence)
                if alternative != description.title { description.altTitles.append(alternative) }
                description.altTitles += format.alternatives.map { $0.render(sequence) }
            }
            description.altTitles = unique(description.altTitles)
            description.format = format
        }
        if description.title.isEmpty {
            if matchedTitle { corrupted = "matched title but not report regexp" }
            guard let position = ReportBytes.find(header.literal, in: text) else {
                description.corruptedReason = corrupted
                return description
            }
            let end = ReportBytes.find(byte: 0x0A, in: text, from: position) ?? text.count
            description.title = ReportBytes.string(text.subBuffer(position..<end))
        }
        if corrupted == nil, description.format?.corrupted == true {
            corrupted = "report format is marked as corrupted"
        }
        description.corruptedReason = corrupted
        return description
    }

    /// The arguments with the frames as printed, and with each syscall prefix stripped from
    /// them, for alternative titles (only sequences where stripping changed something).
    private func partiallyStrippedArguments(_ arguments: [String], _ frames: [GuiltyFrameExtractor.Frame]) -> [[String]] {
        var sequences: [[String]] = []
        for index in 0...rules.syscallPrefixes.count {
            let prefix = index == 0 ? "" : rules.syscallPrefixes[index - 1]
            var add = index == 0
            var list: [String] = []
            for frame in frames {
                let trimmed = frame.raw.hasPrefix(prefix) ? String(frame.raw.dropFirst(prefix.count)) : frame.raw
                if trimmed != frame.raw { add = true }
                list.append(trimmed)
            }
            if add { sequences.append(arguments + list) }
        }
        return sequences
    }

    /// `strings` without repeats, in first-seen order.
    private func unique(_ strings: [String]) -> [String] {
        var seen = Set<String>()
        return strings.filter { seen.insert($0).inserted }
    }

    // MARK: Corruption

    /// syzkaller's `isCorrupted`: a timestamp inside the title, or a report that should have a
    /// stack trace but has none, or a trace heading without frames after it.
    func corruption(title: String, report: UnsafeRawBufferPointer, format: CompiledReportRules.Format?) -> String? {
        let titleBytes = Array(title.utf8)
        if titleBytes.withUnsafeBytes({ matchers.matches(rules.timestampInTitle, $0) }) {
            return "title matches corrupted regexp"
        }
        guard let format, !format.noStackTrace else { return nil }
        var hasStackTrace = false
        for (index, start) in rules.traceStarts.enumerated() {
            guard let found = matchers.firstRange(start, report) else { continue }
            let lines = ReportTextLines(report.subBuffer(from: found.lowerBound))
            if lines.count < 4 { return "call trace is missed" }
            var corrupted = true
            for lineNumber in 1..<min(16, lines.count) {
                let line = lines[lineNumber]
                if matchers.matches(rules.traceStartAny, line) { break }
                if ReportBytes.contains("(stack is not available)", in: line) || rules.frameLines.contains(where: { matchers.matches($0, line) }) {
                    hasStackTrace = true
                    corrupted = false
                    break
                }
            }
            if index != rules.riscvTraceStart && corrupted { return "no frames in a stack trace" }
        }
        return hasStackTrace ? nil : "no stack trace in report"
    }
}

/// The lines of a report text, split at every newline (a final newline gives a last, empty
/// line, as Go's `bytes.Split` does).
struct ReportTextLines {
    let text: UnsafeRawBufferPointer
    private var ranges: [Range<Int>] = []

    /// The lines of `text` (which must outlive this value).
    init(_ text: UnsafeRawBufferPointer) {
        self.text = text
        var start = 0
        while let newline = ReportBytes.find(byte: 0x0A, in: text, from: start) {
            ranges.append(start..<newline)
            start = newline + 1
        }
        ranges.append(start..<text.count)
    }

    var count: Int { ranges.count }

    subscript(index: Int) -> UnsafeRawBufferPointer { text.subBuffer(ranges[index]) }
}

