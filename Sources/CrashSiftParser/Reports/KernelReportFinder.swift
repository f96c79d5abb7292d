import CrashSiftModel
import CrashSiftText

/// Finds the failure reports of a kernel log, classifies them and titles them the way
/// syzkaller's `pkg/report` does.
///
/// The walk: one literal scan marks the lines worth a closer look (``ReportLineMarks``). A
/// line with a report header starts a crash report, unless it continues the crash report
/// that is open (`invalid opcode` after `kernel BUG at`, …); `Kernel panic - not syncing`
/// always starts its own report. Informational headers (``ExtraReportHeaders``) start a
/// report only when no crash report is open. A report ends where the next one starts, at
/// its closing `---[ end trace … ]---` / `---[ end Kernel panic … ]---` line, at the `=====`
/// rule that closes a sanitizer report opened by one, before a new boot (`Linux version`),
/// or at the end of the range.
///
/// Each crash report's title is what syzkaller's `Parse` gives for the log from its header
/// on (``SyzkallerReportParse``), computed on the log itself, not on the report's extent: a
/// panic split off into its own report does not change the title of the report before it.
enum KernelReportFinder {
    /// All reports in lines `lines` (1-based input line numbers, inclusive) of the buffer, in order.
    /// The first one with `isCrash` is the report syzkaller's Parse would return for that text.
    static func findReports(in base: UnsafeBufferPointer<UInt8>, lineIndex: LineIndex, lines: ClosedRange<Int>) -> [FoundReport] {
        guard lines.lowerBound >= 1, lines.upperBound <= lineIndex.count else { return [] }
        let rules = CompiledReportRules.shared
        let matchers = ReportMatchers(slots: rules.slotCount)
        let view = KernelLogView(base: UnsafeRawBufferPointer(base), lineIndex: lineIndex, lines: lines)
        let marks = ReportLineMarks.scan(view, rules: rules, matchers: matchers)
        guard !marks.isEmpty else { return [] }
        var walk = ReportWalk(view: view, marks: marks, rules: rules, matchers: matchers)
        return walk.run()
    }

    /// Whether line `number` holds a crash report's header (`BUG: unable to handle …`,
    /// `WARNING: CPU: 0 PID: 1 at …`, `Kernel panic - not syncing: …`): how a log pasted
    /// without any stamps is recognised.
    static func holdsCrashHeader(line number: Int, in base: UnsafeBufferPointer<UInt8>, lineIndex: LineIndex) -> Bool {
        let rules = CompiledReportRules.shared
        let view = KernelLogView(base: UnsafeRawBufferPointer(base), lineIndex: lineIndex, lines: number...number)
        guard rules.literalScan.firstEnd(in: view.line(number), from: 0) != nil else { return false }
        let mark = ReportLineMarks.classify(line: number, view: view, rules: rules, matchers: ReportMatchers(slots: rules.slotCount))
        return mark?.header != nil
    }
}

/// The state of one walk over the marked lines of a range: the reports made so far and the
/// one that is open.
private struct ReportWalk {
    let view: KernelLogView
    let marks: [ReportLineMark]
    let rules: CompiledReportRules
    let matchers: ReportMatchers
    let parser: SyzkallerReportParse

    /// A report being built; its extent is final once it is closed.
    struct Draft {
        var report: FoundReport
        /// An extra header's kind when the report is informational.
        var extraKind: ReportKind?
        /// The report started after a `=====` rule and ends at the next one.
        var closesAtRule: Bool
        /// Whether the extent is final (a later line can no longer join the report).
        var closed: Bool
    }

    /// The reports so far, in order; only the last may be open.
    var drafts: [Draft] = []

    /// A walk over `marks`, the marked lines of `view`.
    init(view: KernelLogView, marks: [ReportLineMark], rules: CompiledReportRules, matchers: ReportMatchers) {
        self.view = view
        self.marks = marks
        self.rules = rules
        self.matchers = matchers
        let hangup = marks.contains { $0.flags.contains(.consoleHangup) }
        parser = SyzkallerReportParse(view: view, marks: marks, rules: rules, matchers: matchers, hasConsoleHangup: hangup)
    }

    /// The open report (the last one, when not closed), if any.
    private var openIndex: Int? {
        guard let last = drafts.indices.last, !drafts[last].closed else { return nil }
        return last
    }

    /// Whether the open report is a crash report.
    private var openIsCrash: Bool {
        openIndex.map { drafts[$0].report.isCrash } ?? false
    }

    /// Walks every mark, then closes the report still open at the end of the range.
    mutating func run() -> [FoundReport] {
        for mark in marks {
            step(mark)
        }
        if let open = openIndex { close(open, lastLine: view.lines.upperBound) }
        return drafts.map(\.report)
    }

    /// What one marked line does: close the open report, start a report, or nothing (a
    /// continuation or an informational header inside a crash report).
    private mutating func step(_ mark: ReportLineMark) {
        let line = mark.line
        // A closing line ends the open crash report (with no crash report open, the panic's
        // closing line is still a header, as it is for syzkaller).
        if let open = openIndex, !mark.flags.isDisjoint(with: [.endTrace, .endKernelPanic]), line > drafts[open].report.headerLine {
            if drafts[open].report.isCrash || mark.header == nil {
                close(open, lastLine: line)
                return
            }
        }
        if let open = openIndex, drafts[open].closesAtRule, mark.flags.contains(.ruleCandidate), line > drafts[open].report.headerLine,
           isRule(line) {
            close(open, lastLine: line)
            return
        }
        if let headerIndex = mark.header {
            if openIsCrash && mark.flags.contains(.continuation) && !mark.flags.contains(.panicNotSyncing) {
                return
            }
            startCrashReport(at: line, headerIndex: headerIndex)
            return
        }
        if let extraIndex = mark.extraHeader {
            let extra = rules.extraHeaders[extraIndex]
            if let open = openIndex {
                if drafts[open].report.isCrash { return }
                if extra.continuesOpenReport && drafts[open].extraKind == extra.kind { return }
            }
            startInformationalReport(at: line, extraIndex: extraIndex, textRange: mark.extraHeaderText)
            return
        }
        if mark.flags.contains(.bootBanner), let open = openIndex, line > drafts[open].report.headerLine, isBootBanner(line) {
            close(open, lastLine: line - 1)
        }
    }

    // MARK: Starting and closing reports

    /// Ends report `index` at `lastLine` (never before its header).
    private mutating func close(_ index: Int, lastLine: Int) {
        drafts[index].report.lastLine = max(lastLine, drafts[index].report.headerLine)
        drafts[index].closed = true
    }

    /// Closes the open report before `line` (and before its lead-in line) and returns where the
    /// new report's extent starts and whether it was opened by a rule.
    private mutating func openBefore(_ line: Int) -> (firstLine: Int, openedByRule: Bool) {
        var firstLine = line
        var openedByRule = false
        let previous = line - 1
        if previous >= view.lines.lowerBound, let leadIn = leadIn(previous) {
            let open = openIndex
            let claimedByClosedReport = drafts.last.map { $0.closed && $0.report.lastLine >= previous } ?? false
            let isOpenHeader = open.map { drafts[$0].report.headerLine >= previous } ?? false
            if !claimedByClosedReport && !isOpenHeader {
                firstLine = previous
                openedByRule = leadIn == .rule
            }
        }
        if let open = openIndex { close(open, lastLine: firstLine - 1) }
        return (firstLine, openedByRule)
    }

    /// Starts a crash report at header line `line`, titled as syzkaller would title the log
    /// from there on.
    private mutating func startCrashReport(at line: Int, headerIndex: Int) {
        let (firstLine, openedByRule) = openBefore(line)
        let outcome = parser.parse(headerLine: line, headerIndex: headerIndex)
        var kind = outcome.kind
        if rules.headers[headerIndex].kind == .panic {
            kind = panicKind(line) ?? kind
        }
        let report = FoundReport(
            headerLine: line, firstLine: firstLine, lastLine: line, kind: kind, title: outcome.title,
            altTitles: outcome.altTitles, crashType: outcome.crashType, corrupted: outcome.corruptedReason != nil,
            corruptedReason: outcome.corruptedReason, guiltyFrame: outcome.guiltyFrame, isCrash: true)
        drafts.append(Draft(report: report, extraKind: nil, closesAtRule: openedByRule, closed: false))
    }

    /// Starts an informational report at line `line`, titled by its header's text.
    private mutating func startInformationalReport(at line: Int, extraIndex: Int, textRange: Range<Int>?) {
        let (firstLine, openedByRule) = openBefore(line)
        let extra = rules.extraHeaders[extraIndex]
        let text = view.line(line)
        let rawTitle = ReportBytes.string(textRange.map { text.subBuffer($0) } ?? text)
        let title = parser.sanitize(rawTitle)
        let report = FoundReport(
            headerLine: line, firstLine: firstLine, lastLine: line, kind: extra.kind, title: title, altTitles: [],
            crashType: CrashTypeTable.unknown, corrupted: false, corruptedReason: nil, guiltyFrame: nil, isCrash: false)
        drafts.append(Draft(report: report, extraKind: extra.kind, closesAtRule: openedByRule, closed: false))
    }

    // MARK: Line shapes

    /// Lines the kernel prints just before a report header, as part of the report.
    enum LeadIn: Equatable {
        /// `------------[ cut here ]------------` before a WARNING or BUG.
        case cutHere
        /// A `=====` rule before a sanitizer or lockdep report.
        case rule
        /// `sysrq: Trigger a crash` before the panic it causes.
        case sysrq
    }

    /// The shortest run of `=` taken for a rule.
    private static let minimumRuleLength = 20

    /// The message of `line`, its console prefix stripped.
    private func message(_ line: Int) -> UnsafeRawBufferPointer {
        let text = view.line(line)
        let context = ConsoleLinePrefix.context(of: text, mayHaveLogin: true)
        return text.subBuffer(ConsoleLinePrefix.strip(text, context: context).message)
    }

    /// What kind of lead-in line `line` is, if it is one.
    private func leadIn(_ line: Int) -> LeadIn? {
        let text = message(line)
        if ReportBytes.contains("------------[ cut here ]------------", in: text) { return .cutHere }
        if isRule(line) { return .rule }
        if ReportBytes.contains("sysrq: Trigger a crash", in: text) || ReportBytes.contains("SysRq : Trigger a crash", in: text) { return .sysrq }
        return nil
    }

    /// Whether the message of `line` is a rule of `=` (surrounding blanks allowed).
    private func isRule(_ line: Int) -> Bool {
        var equals = 0
        for byte in message(line) {
            if byte == UInt8(ascii: "=") {
                equals += 1
            } else if !ASCII.isWhitespace(byte) {
                return false
            }
        }
        return equals >= Self.minimumRuleLength
    }

    /// Whether `line` is the first line of a kernel booting (`Linux version …`).
    private func isBootBanner(_ line: Int) -> Bool {
        ReportBytes.hasPrefix("Linux version ", message(line))
    }

    /// The kind of a `Kernel panic - not syncing: …` report from its message, when it is more
    /// specific than a panic.
    private func panicKind(_ line: Int) -> ReportKind? {
        let text = message(line)
        for entry in KernelReportTable.panicKinds where ReportBytes.contains(Array(entry.messageContains.utf8), in: text) {
            return entry.kind
        }
        return nil
    }
}
