import CrashSift
import Testing

/// The page of `crashsift scan --html` and the case dates its time chart uses.
@Suite struct ScanReportTests {
    @Test(arguments: [
        ("Tue Mar  5 10:01:02 2024", "2024-03-05"),
        ("Thu Nov 24 10:11:12 UTC 2022", "2022-11-24"),
        ("Wed Nov 25 20:22:38 UTC 2026", "2026-11-25"),
        ("2024-03-05T10:01:02.123456+0100", "2024-03-05"),
        ("2024-03-05 10:01:02", "2024-03-05"),
    ])
    func datesWithAYear(printed: String, day: String) {
        #expect(CaseDate.day(of: printed) == day)
    }

    @Test(arguments: ["Nov 25 20:22:51", "", "Tue Foo 5 10:01:02 2024", "2024-13-05", "2024-03-05x"])
    func datesWithoutAYearOrNotDates(printed: String) {
        #expect(CaseDate.day(of: printed) == nil)
    }

    private func outcome(_ path: String, rule: String?, date: String?, fingerprint: String, message: String = "found") -> ScanOutcome {
        ScanOutcome(
            path: path, status: .analyzed, size: 100, sha256: "00",
            findings: rule.map { [ScanOutcome.FindingSummary(rule: $0, severity: "high", confidence: "confirmed", message: message)] } ?? [],
            reports: [ScanOutcome.ReportSummary(kind: "rcu-stall", title: "INFO: rcu detected stall in \(rule ?? "nothing")", line: 1)],
            fingerprint: fingerprint, date: date, dateFrom: date == nil ? nil : .sys
        )
    }

    @Test func thePageShowsStatusesRulesTimeAndGroups() {
        var builder = ScanReport.Builder()
        // Arrival order must not matter: the representative is the first path in byte order.
        builder.add(outcome("cases/b.txt", rule: "rcu-stall", date: "2025-01-10", fingerprint: "v1:aa"))
        builder.add(outcome("cases/a.txt", rule: "rcu-stall", date: "2025-04-02", fingerprint: "v1:aa", message: "CPU 3 <stalled> & spun"))
        builder.add(outcome("cases/c.txt", rule: "hung-task", date: "2025-04-20", fingerprint: "v1:bb"))
        builder.add(outcome("cases/d.txt", rule: nil, date: nil, fingerprint: "v1:cc"))
        builder.add(ScanOutcome(path: "cases/core", status: .skipped, reason: "binary: not text", size: 10))
        builder.add(ScanOutcome(path: "cases/x.gz", status: .failed, reason: "corrupt gzip"))
        let report = builder.report
        #expect(report.groups.map(\.group.count) == [2, 1, 1])
        #expect(report.groups.first?.group.representative == "cases/a.txt")
        #expect(report.findingsByMonth == ["2025-01": ["rcu-stall": 1], "2025-04": ["rcu-stall": 1, "hung-task": 1]])
        #expect(report.datedBy == [.sys: 3] && report.undated == 1)
        #expect(report.problems.map(\.path) == ["cases/core", "cases/x.gz"])

        let page = report.html(title: "Scan <of> cases", generated: "today")
        #expect(page.hasPrefix("<!DOCTYPE html>"))
        #expect(page.contains("<title>Scan &lt;of&gt; cases</title>"))
        #expect(page.contains("CPU 3 &lt;stalled&gt; &amp; spun"))
        #expect(!page.contains("<stalled>"))
        // Self-contained: nothing to fetch, no script.
        #expect(!page.contains("src=") && !page.contains("href=") && !page.contains("<script") && !page.contains("http://") && !page.contains("https://"))
        // Three charts; every month from January to April is a column, the empty ones too.
        #expect(page.components(separatedBy: "<svg").count - 1 == 3)
        for month in ["2025-01", "2025-02", "2025-03", "2025-04"] { #expect(page.contains(">\(month)</text>")) }
        #expect(page.contains("3 dated (3 from sys DATE), 1 without a date"))
        #expect(page.contains("<code>cases/a.txt</code>"))
        #expect(page.contains("corrupt gzip") && page.contains("binary: not text"))
        #expect(page.contains("rcu-stall: 2") && page.contains("hung-task: 1"))
    }

    @Test func aScanWithoutDatesSaysSo() {
        var builder = ScanReport.Builder()
        builder.add(outcome("a.txt", rule: "rcu-stall", date: nil, fingerprint: "v1:aa"))
        let page = builder.report.html(title: "t", generated: "g")
        #expect(page.contains("no input carried a date."))
        #expect(page.components(separatedBy: "<svg").count - 1 == 2)
    }

    @Test func monthsAcrossAYear() {
        #expect(ScanReport.months(from: "2024-11", to: "2025-02") == ["2024-11", "2024-12", "2025-01", "2025-02"])
        #expect(ScanReport.months(from: "2025-03", to: "2025-03") == ["2025-03"])
    }
}
