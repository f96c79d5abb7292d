/// What a scan found, counted: inputs by status, findings by rule, and the groups of inputs
/// that share a case fingerprint, largest first.
///
/// A summary is a function of the outcomes alone, whatever their order: the scans of N shards,
/// summarised together (`crashsift summarize`), give the same summary as one whole scan.
public struct ScanSummary: Sendable, Hashable {
    /// Inputs that share a case fingerprint.
    public struct Group: Sendable, Hashable {
        public var fingerprint: String
        public var count: Int
        /// The first of the group's paths in byte order (the same in every shard layout).
        public var representative: String
        /// The rules with a confirmed or likely finding in the representative.
        public var rules: [String]
        /// The title of the representative's first kernel report, when it has one.
        public var title: String?
    }

    public var inputs = 0
    public var byStatus: [ScanOutcome.Status: Int] = [:]
    /// Rule id → how many inputs have a finding of that rule (any confidence).
    public var findingsByRule: [String: Int] = [:]
    /// Bytes of analysed input.
    public var bytes = 0
    public var groups: [Group] = []

    public init() {}

    /// The summary of `outcomes`.
    public init<Outcomes: Sequence>(_ outcomes: Outcomes) where Outcomes.Element == ScanOutcome {
        var builder = Builder()
        for outcome in outcomes { builder.add(outcome) }
        self = builder.summary
    }

    /// Counts outcomes one at a time, so a scan need not keep them all.
    public struct Builder: Sendable {
        private var summary_ = ScanSummary()
        private var members: [String: (count: Int, representative: ScanOutcome)] = [:]

        public init() {}

        public mutating func add(_ outcome: ScanOutcome) {
            summary_.inputs += 1
            summary_.byStatus[outcome.status, default: 0] += 1
            guard outcome.status == .analyzed else { return }
            summary_.bytes += outcome.size ?? 0
            for rule in Set(outcome.findings.map(\.rule)) { summary_.findingsByRule[rule, default: 0] += 1 }
            guard let fingerprint = outcome.fingerprint else { return }
            if let known = members[fingerprint] {
                let representative = outcome.path.utf8.lexicographicallyPrecedes(known.representative.path.utf8) ? outcome : known.representative
                members[fingerprint] = (known.count + 1, representative)
            } else {
                members[fingerprint] = (1, outcome)
            }
        }

        /// The representative outcome of the group `fingerprint` so far (its first path in byte order).
        public func representative(of fingerprint: String) -> ScanOutcome? {
            members[fingerprint]?.representative
        }

        public var summary: ScanSummary {
            var result = summary_
            result.groups = members.map { fingerprint, member in
                Group(
                    fingerprint: fingerprint, count: member.count, representative: member.representative.path,
                    rules: member.representative.findings.filter { $0.confidence == "confirmed" || $0.confidence == "likely" }.map(\.rule),
                    title: member.representative.reports.first?.title
                )
            }.sorted { ($0.count, $1.fingerprint) > ($1.count, $0.fingerprint) }
            return result
        }
    }

    /// The summary as the last JSON line of a scan: `{"schema": "crashsift.scan/1", "summary": {…}}`.
    public var json: JSONValue {
        var summary = JSONObject()
        summary.set("inputs", inputs)
        var statuses = JSONObject()
        for status in ScanOutcome.Status.allCases { statuses.set(status.rawValue, byStatus[status] ?? 0) }
        summary.set("byStatus", statuses.value)
        var rules = JSONObject()
        for (rule, count) in findingsByRule.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }) { rules.set(rule, count) }
        summary.set("findingsByRule", rules.value)
        summary.set("bytes", bytes)
        summary.set("groups", .array(groups.map { group in
            var object = JSONObject()
            object.set("fingerprint", group.fingerprint)
            object.set("count", group.count)
            object.set("representative", group.representative)
            object.set("rules", .array(group.rules.map { .string($0) }))
            object.set("title", group.title)
            return object.value
        }))
        var root = JSONObject()
        root.set("schema", ScanOutcome.schema)
        root.set("summary", summary.value)
        return root.value
    }

    /// The summary for people: counts, then each group (count, fingerprint, what its
    /// representative input shows, and that input's path), largest first.
    public var text: String {
        var text = "\(inputs) inputs: "
        text += ScanOutcome.Status.allCases.map { "\(byStatus[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", ")
        text += "; \(groups.count) fingerprint group\(groups.count == 1 ? "" : "s")\n"
        for group in groups {
            let what = group.rules.isEmpty ? (group.title ?? "no finding, no kernel report") : group.rules.joined(separator: ", ")
            let count = String(group.count)
            text += "\n" + String(repeating: " ", count: max(0, 6 - count.count)) + count + "  \(group.fingerprint)  \(what)\n"
            text += "        e.g. \(group.representative)\n"
        }
        return text
    }
}
