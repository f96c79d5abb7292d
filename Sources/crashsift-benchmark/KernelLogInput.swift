import CrashSift

/// A kernel console log, every line stamped; grep counts the stamped lines, which is the
/// number of records the log grammar must make.
enum KernelLogInput: GeneratedInput {
    typealias Summary = KernelLogGenerator.Summary
    typealias Counts = LogCounts

    static var name: String { InputChoice.log.rawValue }
    static var title: String { "a kernel log" }
    static var version: String { KernelLogGenerator.version }
    static var head: [UInt8] { Array("[    0.000000] Linux version ".utf8) }
    static var grepPattern: String { "^\\[" }
    static var grepCounts: String { "stamped lines" }

    static func expectedGrepCount(_ summary: Summary) -> Int { summary.records }

    static func generate(seed: UInt64, target: Int, _ sink: ([UInt8]) throws -> Void) throws -> Summary {
        var generator = KernelLogGenerator(seed: seed, target: target)
        return try generator.generate(sink)
    }
}

extension KernelLogGenerator.Summary: GeneratedSummary {
    static func parse(trailer: String) -> Self? { KernelLogGenerator.parseTrailer(trailer) }
}

/// What the parser found in a kernel log.
struct LogCounts: ParsedCounting {
    var lines = 0
    var records = 0
    /// Records that took continuation lines (the generator writes none).
    var multiLineRecords = 0
    /// Records without a time stamp (the generator writes none).
    var untimedRecords = 0
    /// Wrapping sum of the records' stamps in microseconds (the generator sums the same).
    var stampSum: UInt64 = 0
    var reports = 0
    /// Reports per ``KernelLogGenerator/FailureKind``, in its order.
    var kinds = [Int](repeating: 0, count: KernelLogGenerator.FailureKind.allCases.count)
    /// Reports of a kind the generator never writes.
    var otherKinds = 0
    /// Frames of the reports' call traces.
    var frames = 0
    var unreliableFrames = 0
    var tasks = 0
    var fragments = 0
    var proseLines = 0
    var unrecognized = 0
    var diagnostics = 0

    init(_ transcript: Transcript) {
        lines = transcript.lineCount
        tasks = transcript.tasks.count
        fragments = transcript.fragments.count
        unrecognized = transcript.unrecognized.count
        diagnostics = transcript.diagnostics.count
        for span in transcript.prose { proseLines += span.count }
        let log = transcript.log
        records = log.records.count
        for record in log.records {
            if record.lastLine != record.line { multiLineRecords += 1 }
            // Stamps have six decimals: rounding to µs gives back exactly what was printed.
            if let time = record.time { stampSum &+= UInt64((time * 1_000_000).rounded()) } else { untimedRecords += 1 }
        }
        reports = log.reports.count
        for report in log.reports {
            if let kind = KernelLogGenerator.FailureKind.allCases.first(where: { $0.name == report.kind.rawValue }) {
                kinds[kind.rawValue] += 1
            } else {
                otherKinds += 1
            }
            for trace in report.callTraces {
                frames += trace.frames.count
                for frame in trace.frames where !frame.reliable { unreliableFrames += 1 }
            }
        }
    }

    func mismatches(against expected: KernelLogGenerator.Summary) -> [String] {
        var found = Mismatches()
        found.check("records", records, expected.records)
        found.check("multi-line records", multiLineRecords, 0)
        found.check("untimed records", untimedRecords, 0)
        found.check("stamp checksum", stampSum, expected.stampSum)
        found.check("tasks", tasks, 0)
        found.check("fragments", fragments, 0)
        found.check("unrecognized lines", unrecognized, 0)
        found.check("reports", reports, expected.reports)
        for kind in KernelLogGenerator.FailureKind.allCases {
            found.check("\(kind.name) reports", kinds[kind.rawValue], expected.kinds[kind.rawValue])
        }
        found.check("reports of other kinds", otherKinds, 0)
        found.check("frames", frames, expected.frames)
        found.check("unreliable frames", unreliableFrames, expected.unreliableFrames)
        return found.list
    }

    var brief: String { "\(records) records, \(reports) reports, \(frames) frames in call traces, \(lines) lines" }

    var rows: [(label: String, value: String)] {
        var rows: [(label: String, value: String)] = [
            ("lines", "\(lines)"), ("records", "\(records)"), ("multi-line records", "\(multiLineRecords)"),
            ("untimed records", "\(untimedRecords)"), ("stamp checksum", "\(stampSum)"), ("reports", "\(reports)"),
        ]
        for kind in KernelLogGenerator.FailureKind.allCases { rows.append(("  \(kind.name)", "\(kinds[kind.rawValue])")) }
        rows.append(("  other kinds", "\(otherKinds)"))
        rows += [("frames in call traces", "\(frames)"), ("unreliable (?) frames", "\(unreliableFrames)"),
                 ("prose lines", "\(proseLines)"), ("unrecognized lines", "\(unrecognized)"), ("diagnostics", "\(diagnostics)")]
        return rows
    }

    var json: String {
        var object = JSONObject()
        object.add("lines", lines)
        object.add("records", records)
        object.add("multi_line_records", multiLineRecords)
        object.add("untimed_records", untimedRecords)
        object.add("stamp_checksum", string: String(stampSum))
        object.add("reports", reports)
        var kindObject = JSONObject()
        for kind in KernelLogGenerator.FailureKind.allCases { kindObject.add(kind.name, kinds[kind.rawValue]) }
        kindObject.add("other", otherKinds)
        object.add("report_kinds", raw: kindObject.text)
        object.add("frames", frames)
        object.add("unreliable_frames", unreliableFrames)
        object.add("prose_lines", proseLines)
        object.add("unrecognized_lines", unrecognized)
        object.add("diagnostics", diagnostics)
        return object.text
    }
}
