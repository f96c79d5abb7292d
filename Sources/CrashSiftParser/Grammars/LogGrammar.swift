import CrashSiftModel
import CrashSiftText

/// Kernel log text: `crash> log` in all its modes, and, found by shape without a prompt,
/// `dmesg`, `vmcore-dmesg.txt`, `/dev/kmsg` dumps, syslog and journal excerpts, serial
/// consoles. Lines become ``LogRecord``s (prefix taken apart by ``LogPrefixGrammar``,
/// continuation lines kept with their record); the records are then searched for failure
/// reports (``KernelReportFinder``), and each report's call traces, `CPU:` line, registers and
/// modules are read (``KernelReportBuilder``).
enum LogGrammar: BareOutputGrammar {
    static let inferredCommandName = "log"

    /// A line with a log prefix starts a log pasted without its prompt; so does, in a log
    /// without stamps, a crash report's header (`BUG: kernel NULL pointer dereference, …`)
    /// when a report-shaped line (`CPU:`, `RIP:`, `Call Trace:`, a frame) follows within
    /// ``unstampedHeaderReach`` lines: a sentence that quotes a panic message is prose.
    static func startsBareOutput(_ line: Line, _ context: ParseContext) -> Bool {
        if let prefix = LogPrefixGrammar.parse(line, context.base), prefix.format != .plain { return true }
        // The header first: its literal scan rejects almost every line at once, while the
        // shapes below would be read for each of the next six lines of every line (prose ran
        // at 2 MB/s that way on one-letter lines; twice that now).
        let reach = min(line.number + unstampedHeaderReach, context.lineCount)
        guard line.number < reach,
              KernelReportFinder.holdsCrashHeader(line: line.number, in: context.base, lineIndex: context.lineIndex)
        else { return false }
        return ((line.number + 1)...reach).contains(where: { ReportLineGrammar.isReportShaped(context.line($0).range, context.base) })
    }

    /// How far after an unstamped header a report-shaped line must come.
    static let unstampedHeaderReach = 6

    /// An unstamped log found by its shape (`Internal error: Oops`, then `Modules linked in:`
    /// and `CPU:` lines) began at a report header up to ``unstampedHeaderLookback`` lines above
    /// when one is there: arm64 prints `Unable to handle kernel NULL pointer dereference …`
    /// and eleven lines of `Mem abort info:` before its `Internal error:` line, none of them
    /// report-shaped. The topmost header wins.
    static func startAbove(_ line: Line, notBefore floor: Int, _ context: ParseContext) -> Int? {
        if let prefix = LogPrefixGrammar.parse(line, context.base), prefix.format != .plain { return nil }
        var header: Int?
        for number in stride(from: line.number - 1, through: max(floor, line.number - unstampedHeaderLookback), by: -1)
        where KernelReportFinder.holdsCrashHeader(line: number, in: context.base, lineIndex: context.lineIndex) {
            header = number
        }
        return header
    }

    /// How far above an unstamped log's first report-shaped line its header may be.
    static let unstampedHeaderLookback = 16

    /// Prefixed lines and report-shaped lines (frames, registers, `CPU:` lines) hold a log
    /// block; other lines (console lines the kernel did not stamp, elisions) continue it only
    /// if more such lines follow.
    static func continuation(of line: Line, _ context: ParseContext) -> BareContinuation {
        if let prefix = LogPrefixGrammar.parse(line, context.base), prefix.format != .plain { return .strong }
        if ReportLineGrammar.isReportShaped(line.range, context.base) { return .strong }
        return .weak
    }

    static func parse(_ output: LineSpan, command: Int, context: inout ParseContext) {
        guard !output.isEmpty else { return }
        let firstRecord = context.transcript.log.records.count
        var previousMessageColumn = 0
        for number in output.first...output.last {
            let line = context.line(number)
            if line.isBlank || context.transcript.lineRoles[number - 1] != .blank { continue }
            let prefix = LogPrefixGrammar.parse(line, context.base)
            // A stamped line is never an elision marker (and most lines of a log are stamped).
            if prefix == nil && PastedText.isElision(line, in: context.base) {
                _ = context.recordElision(line)
                continue
            }
            context.setRole(.parsed, number)
            if let prefix {
                context.transcript.log.records.append(LogRecord(
                    line: number, text: prefix.messageStart..<line.range.upperBound, time: prefix.time,
                    date: prefix.date, level: prefix.level, facility: prefix.facility,
                    caller: prefix.caller, sequence: prefix.sequence, format: prefix.format
                ))
                previousMessageColumn = context.column(of: prefix.messageStart, onLine: number)
                continue
            }
            // crash indents the continuation lines of a multi-line record to where the message
            // started; /dev/kmsg indents its dictionary lines by one space; `log -a` wraps audit
            // records at 80 columns without indenting; `log -td` prints the dictionary
            // (`SUBSYSTEM=pci`) unindented.
            let records = context.transcript.log.records.count
            let previousFormat = records > firstRecord ? context.transcript.log.records[records - 1].format : nil
            if previousFormat == .audit
                || previousFormat != nil && isDictionaryEntry(line, context.base)
                || previousMessageColumn > 1
                && (line.indentation + 1 >= previousMessageColumn || previousFormat == .kmsg && line.indentation > 0)
            {
                context.transcript.log.records[records - 1].lastLine = number
                continue
            }
            context.transcript.log.records.append(LogRecord(line: number, text: line.range, format: .plain))
            previousMessageColumn = 0
        }
        KernelReportBuilder.addReports(in: output, records: firstRecord..<context.transcript.log.records.count, context: &context)
    }

    /// `KEY=value` with an upper-case key, as crash prints a record's dictionary.
    private static func isDictionaryEntry(_ line: Line, _ base: UnsafeBufferPointer<UInt8>) -> Bool {
        var at = line.range.lowerBound
        guard at < line.range.upperBound, ASCII.isUpper(base[at]) else { return false }
        while at < line.range.upperBound, ASCII.isUpper(base[at]) || ASCII.isDigit(base[at]) || base[at] == ASCII.underscore { at += 1 }
        return at < line.range.upperBound && base[at] == UInt8(ascii: "=")
    }
}
