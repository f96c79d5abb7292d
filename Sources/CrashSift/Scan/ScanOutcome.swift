import Foundation

/// What scanning one input gave: one per input, always, whatever happened to it (a
/// `crashsift.scan/1` JSON line).
public struct ScanOutcome: Sendable, Hashable, Codable {
    /// What became of the input.
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        /// Read and analysed (possibly with no finding).
        case analyzed
        /// Could not be read or analysed: unreadable, corrupt or truncated archive, …
        case failed
        /// Deliberately not analysed: empty, binary, over the size limit, excluded by its shard.
        case skipped
    }

    /// A finding, as a scan keeps it.
    public struct FindingSummary: Sendable, Hashable, Codable {
        public var rule: String
        public var severity: String
        public var confidence: String
        public var message: String

        public init(rule: String, severity: String, confidence: String, message: String) {
            self.rule = rule
            self.severity = severity
            self.confidence = confidence
            self.message = message
        }
    }

    /// A kernel report of the input's log, as a scan keeps it.
    public struct ReportSummary: Sendable, Hashable, Codable {
        public var kind: String
        public var title: String
        public var line: Int
        /// The report's own versioned fingerprint (`v1:…`).
        public var fingerprint: String?

        public init(kind: String, title: String, line: Int, fingerprint: String? = nil) {
            self.kind = kind
            self.title = title
            self.line = line
            self.fingerprint = fingerprint
        }
    }

    /// The input's name: a file path, or `archive.tar.gz:path/in/archive` for an archive member.
    public var path: String
    public var status: Status
    /// Why the input was skipped or failed; nil when analysed.
    public var reason: String?
    /// The input's size in bytes (after decompression), when known.
    public var size: Int?
    /// The lower-case hex SHA-256 of the bytes analysed, when they were read.
    public var sha256: String?
    public var findings: [FindingSummary]
    public var reports: [ReportSummary]
    /// The case's versioned fingerprint (`v1:…`), when analysed.
    public var fingerprint: String?
    /// How many diagnostics the parser gave.
    public var diagnosticsCount: Int
    /// Wall-clock time spent on the input, in milliseconds.
    public var elapsedMs: Double
    /// The date of the input's first dated log record, as printed (`Tue Mar  5 10:01:02 2024`), when one has a date.
    public var firstSeen: String?
    /// The day the case happened (`YYYY-MM-DD`), when known: see ``dateFrom``.
    public var date: String?
    /// Where ``date`` came from: a dated log record, `sys`'s `DATE:`, or the file's modification time.
    public var dateFrom: CaseDate.Source?

    public init(
        path: String, status: Status, reason: String? = nil, size: Int? = nil, sha256: String? = nil,
        findings: [FindingSummary] = [], reports: [ReportSummary] = [], fingerprint: String? = nil,
        diagnosticsCount: Int = 0, elapsedMs: Double = 0, firstSeen: String? = nil,
        date: String? = nil, dateFrom: CaseDate.Source? = nil
    ) {
        self.path = path
        self.status = status
        self.reason = reason
        self.size = size
        self.sha256 = sha256
        self.findings = findings
        self.reports = reports
        self.fingerprint = fingerprint
        self.diagnosticsCount = diagnosticsCount
        self.elapsedMs = elapsedMs
        self.firstSeen = firstSeen
        self.date = date
        self.dateFrom = dateFrom
    }

    /// The schema of a scan's JSON lines.
    public static let schema = "crashsift.scan/1"
}
