import CrashSiftModel
import CrashSiftText

/// Makes ``KernelReport``s of the reports the finder located in a log block: reads, inside each
/// report's lines, the `CPU: N PID: N Comm: …` line, `Hardware name:`, `RIP:`, `Code:`, the
/// register rows, `Modules linked in:` and the call traces.
enum KernelReportBuilder {
    /// Finds the reports of log block `output` (whose records are `records`) and adds them to the transcript.
    static func addReports(in output: LineSpan, records: Range<Int>, context: inout ParseContext) {
        guard !records.isEmpty else { return }
        let located = KernelReportFinder.findReports(in: context.base, lineIndex: context.lineIndex, lines: output.first...output.last)
        // The finder reads the raw lines; a header inside a pasted note (`<== BUG: here`
        // alone on its line, cut off as an annotation) or inside an elision marker
        // (`...BUG: snipped...`) is a person's text, not the kernel's.
        for report in located where ![.annotation, .elision].contains(context.transcript.lineRoles[report.headerLine - 1]) {
            context.transcript.log.reports.append(build(report, records: records, context: &context))
        }
    }

    /// A report's lines stop being read after this many records in a row that neither look
    /// like report lines nor were printed close in time to the report (see ``build(_:records:context:)``).
    static let unrelatedRecordLimit = 5
    /// Records printed within this many seconds of the report's previous record belong to it
    /// (a report is printed in one burst: `Mem-Info:` tables, lock lists, per-CPU lines).
    static let burstSeconds = 1.0

    /// The report for `located`, with the details read from its lines.
    ///
    /// The finder ends a report without a closing line only where the next report starts; here
    /// its extent is cut back to the last record that belongs to it: a report-shaped line
    /// (trace, registers, `CPU:` line, indented continuation, `---[ … ]---`) or a line printed
    /// in the same burst as the record before it.
    static func build(_ located: FoundReport, records: Range<Int>, context: inout ParseContext) -> KernelReport {
        let log = context.transcript.log
        // The header can sit on a continuation line of a record (an unstamped `BUG:` line
        // kept with the stamped line above it): that record is the report's first.
        var first = firstRecord(atOrAfter: located.firstLine, in: log.records, within: records)
        if first > records.lowerBound, log.records[first - 1].lastLine >= located.firstLine { first -= 1 }
        let end = firstRecord(atOrAfter: located.lastLine + 1, in: log.records, within: records)
        var reader = ReportReader(report: KernelReport(
            kind: located.kind, title: located.title, altTitles: located.altTitles, crashType: located.crashType,
            line: located.headerLine, endLine: located.lastLine, records: first..<end, corrupted: located.corrupted,
            corruptedReason: located.corruptedReason, guiltyFrame: located.guiltyFrame, isInformational: located.kind.isInformational || located.kind == .oops && !located.isCrash,
            isSyzkallerCrash: located.isCrash
        ))
        var lastKept = first
        var lastKeptTime: Double?
        var unrelated = 0
        for index in first..<end {
            let record = log.records[index]
            var belongs = record.line <= located.headerLine
            for number in record.line...record.lastLine {
                let message = number == record.line ? record.text : context.line(number).range
                if reader.read(message, number: number, context: &context) { belongs = true }
            }
            if !belongs, let time = record.time, let previous = lastKeptTime, (0...burstSeconds).contains(time - previous) { belongs = true }
            if belongs {
                lastKept = index
                lastKeptTime = record.time ?? lastKeptTime
                unrelated = 0
            } else {
                unrelated += 1
                if unrelated >= unrelatedRecordLimit { break }
            }
        }
        var report = reader.finish(context)
        // No record at all when the finder's lines hold none the log grammar kept (found by
        // fuzzing); the report keeps the finder's extent then.
        if first < end {
            report.records = first..<(lastKept + 1)
            report.endLine = max(located.headerLine, log.records[lastKept].lastLine)
        }
        if report.cpu == nil { report.cpu = cpuFromMessages(report, log.records, context) }
        if let location = reader.instructionLocation { nameFrame(at: location, in: &report, context) }
        return report
    }

    /// syzkaller titles a report whose trace gave no guilty frame `… in corrupted`. When the
    /// report's own `RIP:` line names a kernel function (a self-detected RCU stall on newer
    /// kernels prints the stalled location there, before a trace syzkaller's recipe does not
    /// expect), the title names that function instead; syzkaller's title stays among the
    /// alternative titles.
    private static func nameFrame(at location: ReportLineGrammar.Location, in report: inout KernelReport, _ context: ParseContext) {
        let placeholder = "corrupted"
        guard report.guiltyFrame == nil, report.title.hasSuffix(" in " + placeholder), location.mode == .kernel,
              let functionRange = location.function
        else { return }
        let function = context.string(functionRange)
        report.altTitles.insert(report.title, at: 0)
        report.title = String(report.title.dropLast(placeholder.count)) + function
        report.guiltyFrame = function
        report.corrupted = false
        report.corruptedReason = nil
    }

    /// The position of the first record of `records` whose line is at or after `line`.
    private static func firstRecord(atOrAfter line: Int, in all: [LogRecord], within records: Range<Int>) -> Int {
        var low = records.lowerBound
        var high = records.upperBound
        while low < high {
            let mid = (low + high) / 2
            if all[mid].line < line { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// The CPU named in the report's messages when it has no `CPU:` line (`Task dump for CPU 0:`,
    /// `NMI backtrace for cpu 1`, `soft lockup - CPU#3 stuck`).
    private static func cpuFromMessages(_ report: KernelReport, _ records: [LogRecord], _ context: ParseContext) -> Int? {
        for index in report.records {
            let record = records[index]
            for number in record.line...record.lastLine {
                let message = number == record.line ? record.text : context.line(number).range
                if let cpu = ReportLineGrammar.cpuMention(message, context.base) { return cpu }
            }
        }
        return nil
    }
}

