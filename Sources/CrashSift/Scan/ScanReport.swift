/// `crashsift scan --html FILE`: one self-contained page about a scan (inline CSS and SVG, no
/// script, nothing fetched), for people who want to see what a year of cases looks like:
/// statuses, findings by rule, findings over time where the cases' dates are known, and the
/// fingerprint groups largest first, each with its representative input and what was found there.
public struct ScanReport: Sendable {
    /// A fingerprint group with what its representative showed.
    public struct Group: Sendable {
        public var group: ScanSummary.Group
        /// The confirmed and likely findings of the representative, as `(rule, confidence, message)`.
        public var findings: [ScanOutcome.FindingSummary]
        /// The representative's day, when known.
        public var date: String?
    }

    public var summary: ScanSummary
    public var groups: [Group]
    /// Month (`YYYY-MM`) → rule → inputs of that month with a confirmed or likely finding of the rule.
    public var findingsByMonth: [String: [String: Int]]
    /// How many analysed inputs were dated, by where the date came from; and how many were not.
    public var datedBy: [CaseDate.Source: Int]
    public var undated: Int
    /// The inputs that were not analysed: path, status, reason (the first ``problemLimit``).
    public var problems: [ScanOutcome]
    public var problemCount: Int

    /// The most problem inputs listed by name.
    public static let problemLimit = 200

    /// Collects outcomes one at a time, in any order.
    public struct Builder: Sendable {
        private var summary = ScanSummary.Builder()
        private var findingsByMonth: [String: [String: Int]] = [:]
        private var datedBy: [CaseDate.Source: Int] = [:]
        private var undated = 0
        private var problems: [ScanOutcome] = []
        private var problemCount = 0

        public init() {}

        public mutating func add(_ outcome: ScanOutcome) {
            summary.add(outcome)
            guard outcome.status == .analyzed else {
                problemCount += 1
                problems.append(outcome)
                // Keep the first in path order, so the page does not depend on the order of arrival.
                if problems.count > ScanReport.problemLimit * 2 { trimProblems() }
                return
            }
            guard let date = outcome.date, let source = outcome.dateFrom else {
                undated += 1
                return
            }
            datedBy[source, default: 0] += 1
            let month = String(date.prefix(7))
            for rule in Set(outcome.findings.filter(\.isConfirmedOrLikely).map(\.rule)) {
                findingsByMonth[month, default: [:]][rule, default: 0] += 1
            }
        }

        private mutating func trimProblems() {
            problems.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
            problems.removeLast(problems.count - ScanReport.problemLimit)
        }

        public var report: ScanReport {
            var copy = self
            if copy.problems.count > ScanReport.problemLimit { copy.trimProblems() } else {
                copy.problems.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
            }
            let summary = copy.summary.summary
            let groups = summary.groups.map { group in
                let representative = copy.summary.representative(of: group.fingerprint)
                return Group(group: group, findings: representative?.findings.filter(\.isConfirmedOrLikely) ?? [], date: representative?.date)
            }
            return ScanReport(
                summary: summary, groups: groups, findingsByMonth: copy.findingsByMonth, datedBy: copy.datedBy,
                undated: copy.undated, problems: copy.problems, problemCount: copy.problemCount
            )
        }
    }
}

extension ScanOutcome.FindingSummary {
    /// Confirmed or likely: what counts as found (possible findings are leads, not findings).
    var isConfirmedOrLikely: Bool { confidence == "confirmed" || confidence == "likely" }
}
