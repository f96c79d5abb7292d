import CrashSiftModel

/// One failure report found in a kernel log.
///
/// Made by ``KernelReportFinder``; the log grammar turns each one into the model's
/// `KernelReport`. Line numbers are input lines, from 1.
struct FoundReport: Sendable, Equatable {
    /// The input line of the header line (`BUG: …`, `WARNING: …`, `Task dump for CPU 0:` …).
    var headerLine: Int
    /// The first input line of the report's extent: the header, or the lead-in line just before
    /// it that the kernel prints as part of the report (`------------[ cut here ]------------`,
    /// a `=====` rule, `sysrq: Trigger a crash`).
    var firstLine: Int
    /// The last input line that belongs to the report (before the next independent report, a
    /// closing `---[ end trace … ]---` or rule, a new boot, or the end of the range).
    var lastLine: Int
    /// What kind of failure this is.
    var kind: ReportKind
    /// The title, as syzkaller's `pkg/report` would give it (sanitised: numbers, addresses and
    /// offsets replaced, at most 120 bytes). Informational reports get their header text,
    /// sanitised the same way.
    var title: String
    /// syzkaller's alternative titles, used by it to deduplicate.
    var altTitles: [String]
    /// syzkaller's TYPE name (`HANG`, `WARNING`, `KASAN-READ`, …); `UNKNOWN` when syzkaller
    /// has none for the title (and for informational reports).
    var crashType: String
    /// Whether syzkaller would call the report corrupted (truncated, interleaved, no frames).
    var corrupted: Bool
    /// Why it is corrupted, in syzkaller's words, when it is.
    var corruptedReason: String?
    /// The function named in the title (`… in FUNC`), when there is one.
    var guiltyFrame: String?
    /// False for informational reports that syzkaller does not report (task dumps, NMI
    /// backtraces, OOM-killer invocations, CSD-lock and machine-check messages, bare `Oops:`).
    var isCrash: Bool
}
