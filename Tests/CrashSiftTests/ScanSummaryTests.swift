@testable import CrashSift
import Foundation
import Testing

/// Scan outcomes as JSON lines, their summary, and shards.
@Suite struct ScanSummaryTests {
    static func outcome(_ path: String, _ status: ScanOutcome.Status = .analyzed, fingerprint: String? = nil, rules: [String] = []) -> ScanOutcome {
        ScanOutcome(
            path: path, status: status, reason: status == .analyzed ? nil : "empty", size: status == .analyzed ? 100 : nil,
            sha256: status == .analyzed ? String(repeating: "a", count: 64) : nil,
            findings: rules.map { .init(rule: $0, severity: "high", confidence: "confirmed", message: "m") },
            reports: [.init(kind: "rcu-stall", title: "INFO: rcu detected stall in foo", line: 3, fingerprint: "v1:00")],
            fingerprint: status == .analyzed ? fingerprint : nil, diagnosticsCount: 2, elapsedMs: 1.25
        )
    }

    @Test func anOutcomeLineHasTheContractsKeysInOrderAndReadsBack() throws {
        let outcome = Self.outcome("cases/a.txt", fingerprint: "v1:abc", rules: ["rcu-stall"])
        let line = outcome.jsonLine
        #expect(line.hasPrefix(#"{"schema":"crashsift.scan/1","path":"cases/a.txt","status":"analyzed","reason":null,"size":100,"sha256":"#))
        #expect(line.contains(#""fingerprint":"v1:abc","diagnosticsCount":2,"elapsedMs":1.3"#) || line.contains(#""fingerprint":"v1:abc","diagnosticsCount":2,"elapsedMs":1.2"#))
        guard case .outcome(let read) = try ScanOutcome.decode(line: line) else { Issue.record("not an outcome"); return }
        #expect(read.path == outcome.path)
        #expect(read.findings == outcome.findings)
        #expect(read.reports == outcome.reports)
        #expect(read.fingerprint == "v1:abc")
    }

    @Test func summaryLinesAndBadLinesAreTold() throws {
        let summary = ScanSummary([Self.outcome("a", fingerprint: "v1:1")])
        guard case .summary = try ScanOutcome.decode(line: summary.json.serialized(pretty: false)) else { Issue.record("not a summary"); return }
        #expect(throws: ScanLineError.self) { try ScanOutcome.decode(line: "{\"schema\": \"crashsift.analyze/1\"}") }
        #expect(throws: ScanLineError.self) { try ScanOutcome.decode(line: "not json") }
        #expect(throws: ScanLineError.self) { try ScanOutcome.decode(line: #"{"schema": "crashsift.scan/1", "path": "x"}"#) }
    }

    @Test func summaryCountsStatusesRulesAndGroupsLargestFirst() {
        let summary = ScanSummary([
            Self.outcome("b/2.txt", fingerprint: "v1:csd", rules: ["csd-lock-wait", "rcu-stall"]),
            Self.outcome("a/1.txt", fingerprint: "v1:csd", rules: ["csd-lock-wait", "rcu-stall"]),
            Self.outcome("c.txt", fingerprint: "v1:oops", rules: ["null-pointer-dereference"]),
            Self.outcome("empty.txt", .skipped),
            Self.outcome("bad.gz", .failed),
        ])
        #expect(summary.inputs == 5)
        #expect(summary.byStatus == [.analyzed: 3, .skipped: 1, .failed: 1])
        #expect(summary.findingsByRule == ["csd-lock-wait": 2, "rcu-stall": 2, "null-pointer-dereference": 1])
        #expect(summary.bytes == 300)
        #expect(summary.groups.map(\.fingerprint) == ["v1:csd", "v1:oops"])
        #expect(summary.groups[0].count == 2)
        #expect(summary.groups[0].representative == "a/1.txt")
        #expect(summary.groups[0].rules == ["csd-lock-wait", "rcu-stall"])
        #expect(summary.text.contains("5 inputs: 3 analyzed, 1 failed, 1 skipped; 2 fingerprint groups"))
        #expect(summary.text.contains("     2  v1:csd  csd-lock-wait, rcu-stall\n        e.g. a/1.txt"))
    }

    /// Every input falls in exactly one shard, and the shards' summaries together are the whole.
    @Test func shardsPartitionTheInputsAndSummariseToTheWhole() {
        let outcomes = (0..<500).map { Self.outcome("cases/\($0).txt", fingerprint: "v1:\($0 % 7)", rules: $0 % 3 == 0 ? ["rcu-stall"] : []) }
        let shards = (0..<4).map { ScanShard(index: $0, count: 4) }
        for outcome in outcomes {
            #expect(shards.filter { $0.contains(outcome.path) }.count == 1)
        }
        let parts = shards.map { shard in outcomes.filter { shard.contains($0.path) } }
        #expect(parts.allSatisfy { $0.count > 80 })
        #expect(ScanSummary(parts.reversed().flatMap { $0 }) == ScanSummary(outcomes))
    }

    @Test func shardSpellings() {
        #expect(ScanShard("0/4") == ScanShard(index: 0, count: 4))
        #expect(ScanShard("3/4") == ScanShard(index: 3, count: 4))
        for bad in ["4/4", "-1/4", "1/0", "1", "a/b", "1/2/3"] { #expect(ScanShard(bad) == nil, "\(bad)") }
        // FNV-1a 64 of "a", the published value: shards must agree across machines and versions.
        #expect(ScanShard.hash("a") == 0xaf63_dc4c_8601_ec8c)
    }
}
