import Foundation

extension ScanReport {
    /// The page: `title` in its heading, `generated` (a date, the command) under it.
    public func html(title: String, generated: String) -> String {
        var page = HTMLPage()
        page.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        page.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        page.raw("<title>\(HTMLPage.escape(title))</title>\n<style>\n\(Self.style)</style>\n</head>\n<body>\n")
        page.raw("<header><h1>\(HTMLPage.escape(title))</h1><p class=\"meta\">\(HTMLPage.escape(generated))</p></header>\n")

        let analysed = summary.byStatus[.analyzed] ?? 0
        page.raw("<section class=\"cards\">")
        for (label, value) in [("inputs", summary.inputs), ("analysed", analysed), ("skipped", summary.byStatus[.skipped] ?? 0),
                               ("failed", summary.byStatus[.failed] ?? 0), ("case fingerprints", summary.groups.count)] {
            page.raw("<div class=\"card\"><span class=\"value\">\(value)</span><span class=\"label\">\(label)</span></div>")
        }
        page.raw("</section>\n")

        page.raw("<section><h2>Inputs by status</h2>\n")
        page.raw(statusChart())
        page.raw("</section>\n")

        page.raw("<section><h2>Findings by rule</h2>\n<p class=\"note\">Inputs with a finding of each rule, any confidence.</p>\n")
        page.raw(summary.findingsByRule.isEmpty ? "<p>No rule found anything.</p>\n" : ruleChart())
        page.raw("</section>\n")

        page.raw("<section><h2>Findings over time</h2>\n")
        page.raw(timeChart())
        page.raw("</section>\n")

        page.raw("<section><h2>Case fingerprint groups, largest first</h2>\n")
        page.raw("<p class=\"note\">Inputs that share a case fingerprint (the confirmed and likely rules and the kernel reports' recipe) are one group; its representative is its first input in path order.</p>\n")
        if groups.isEmpty { page.raw("<p>No input was analysed.</p>\n") }
        for (rank, item) in groups.prefix(Self.groupLimit).enumerated() { page.raw(groupCard(rank + 1, item)) }
        if groups.count > Self.groupLimit {
            page.raw("<p class=\"note\">… and \(groups.count - Self.groupLimit) smaller groups (crashsift scan --group lists them all).</p>\n")
        }
        page.raw("</section>\n")

        page.raw("<section><h2>Skipped and failed inputs</h2>\n")
        page.raw(problemTable())
        page.raw("</section>\n</body>\n</html>\n")
        return page.text
    }

    /// The most groups shown with their excerpt.
    static let groupLimit = 50

    // MARK: - Charts (inline SVG)

    private static let statusColors: [ScanOutcome.Status: String] = [.analyzed: "#2e7d32", .skipped: "#9e9e9e", .failed: "#c62828"]
    private static let palette = ["#1565c0", "#ef6c00", "#6a1b9a", "#00838f", "#ad1457", "#558b2f", "#4e342e", "#757575"]

    /// One bar split by status, with a legend.
    private func statusChart() -> String {
        let width = 640.0
        var svg = "<svg class=\"chart\" viewBox=\"0 0 \(Int(width)) 56\" width=\"\(Int(width))\" height=\"56\" role=\"img\" aria-label=\"inputs by status\">"
        var x = 0.0
        let total = Double(max(summary.inputs, 1))
        for status in ScanOutcome.Status.allCases {
            let count = summary.byStatus[status] ?? 0
            guard count > 0 else { continue }
            let w = width * Double(count) / total
            svg += "<rect x=\"\(f(x))\" y=\"0\" width=\"\(f(w))\" height=\"24\" fill=\"\(Self.statusColors[status]!)\"><title>\(status.rawValue): \(count)</title></rect>"
            x += w
        }
        var legendX = 0
        for status in ScanOutcome.Status.allCases {
            svg += "<rect x=\"\(legendX)\" y=\"36\" width=\"12\" height=\"12\" fill=\"\(Self.statusColors[status]!)\"/>"
            svg += "<text x=\"\(legendX + 16)\" y=\"46\">\(status.rawValue) \(summary.byStatus[status] ?? 0)</text>"
            legendX += 150
        }
        return svg + "</svg>\n"
    }

    /// The rules by count, largest first, as colours for both rule charts.
    private var ruleOrder: [String] {
        summary.findingsByRule.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map(\.key)
    }

    private func color(of rule: String) -> String {
        let index = ruleOrder.firstIndex(of: rule) ?? Self.palette.count - 1
        return Self.palette[min(index, Self.palette.count - 1)]
    }

    /// Horizontal bars: one per rule.
    private func ruleChart() -> String {
        let rules = ruleOrder
        let maximum = Double(summary.findingsByRule.values.max() ?? 1)
        let label = 260.0, bar = 360.0, row = 26.0
        let height = Int(row * Double(rules.count) + 4)
        var svg = "<svg class=\"chart\" viewBox=\"0 0 \(Int(label + bar + 60)) \(height)\" width=\"\(Int(label + bar + 60))\" height=\"\(height)\" role=\"img\" aria-label=\"findings by rule\">"
        for (index, rule) in rules.enumerated() {
            let count = summary.findingsByRule[rule] ?? 0
            let y = Double(index) * row
            let w = max(2, bar * Double(count) / maximum)
            svg += "<text x=\"\(f(label - 8))\" y=\"\(f(y + 17))\" text-anchor=\"end\">\(HTMLPage.escape(rule))</text>"
            svg += "<rect x=\"\(f(label))\" y=\"\(f(y + 4))\" width=\"\(f(w))\" height=\"18\" fill=\"\(color(of: rule))\"><title>\(HTMLPage.escape(rule)): \(count)</title></rect>"
            svg += "<text x=\"\(f(label + w + 6))\" y=\"\(f(y + 17))\">\(count)</text>"
        }
        return svg + "</svg>\n"
    }

    /// Every month from the first dated input's to the last's (at most the last 60), a column
    /// per month stacked by rule (the six commonest, then `other`).
    private func timeChart() -> String {
        let dated = datedBy.values.reduce(0, +)
        let sources = CaseDate.Source.allCases.compactMap { source in datedBy[source].map { "\($0) from \(Self.sourceLabel[source]!)" } }
        var text = "<p class=\"note\">Analysed inputs with a confirmed or likely finding, by the month the case happened: "
            + (dated == 0 ? "no input carried a date." : "\(dated) dated (\(sources.joined(separator: ", "))), \(undated) without a date.") + "</p>\n"
        guard let first = findingsByMonth.keys.min(), let last = findingsByMonth.keys.max() else {
            return text + (dated == 0 ? "" : "<p>No dated input had a confirmed or likely finding.</p>\n")
        }
        var months = Self.months(from: first, to: last)
        if months.count > 60 { months = Array(months.suffix(60)) }
        let shown = Array(ruleOrder.prefix(6))
        func stack(_ month: String) -> [(String, Int)] {
            let counts = findingsByMonth[month] ?? [:]
            var parts = shown.compactMap { rule in counts[rule].map { (rule, $0) } }
            let other = counts.filter { !shown.contains($0.key) }.values.reduce(0, +)
            if other > 0 { parts.append(("other", other)) }
            return parts
        }
        let maximum = max(1, months.map { stack($0).map(\.1).reduce(0, +) }.max() ?? 1)
        let left = 40.0, plot = 220.0, column = max(10.0, min(48.0, 640.0 / Double(months.count)))
        let width = max(640, left + column * Double(months.count) + 10)
        let top = 10.0
        // The legend, laid out first: as many rows as its entries need.
        let legendRules = shown + (findingsByMonth.values.contains { $0.keys.contains { !shown.contains($0) } } ? ["other"] : [])
        var legend: [(rule: String, x: Double, row: Int)] = []
        var legendX = left, row = 0
        for rule in legendRules {
            let entryWidth = 24 + Double(rule.count) * 6.2
            if legendX + entryWidth > width, legendX > left { legendX = left; row += 1 }
            legend.append((rule, legendX, row))
            legendX += entryWidth
        }
        let height = top + plot + 40 + Double(row + 1) * 18
        var svg = "<svg class=\"chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"\(Int(width))\" height=\"\(Int(height))\" role=\"img\" aria-label=\"findings over time\">"
        // The axis and its scale.
        svg += "<line x1=\"\(f(left))\" y1=\"\(f(top))\" x2=\"\(f(left))\" y2=\"\(f(top + plot))\" stroke=\"#999\"/>"
        svg += "<line x1=\"\(f(left))\" y1=\"\(f(top + plot))\" x2=\"\(f(width - 10))\" y2=\"\(f(top + plot))\" stroke=\"#999\"/>"
        svg += "<text x=\"\(f(left - 6))\" y=\"\(f(top + 10))\" text-anchor=\"end\">\(maximum)</text>"
        svg += "<text x=\"\(f(left - 6))\" y=\"\(f(top + plot))\" text-anchor=\"end\">0</text>"
        let labelEvery = max(1, Int((Double(months.count) * 56 / 640).rounded(.up)))
        for (index, month) in months.enumerated() {
            let x = left + Double(index) * column
            var y = top + plot
            for (rule, count) in stack(month) {
                let h = plot * Double(count) / Double(maximum)
                y -= h
                let fill = rule == "other" ? Self.palette.last! : color(of: rule)
                svg += "<rect x=\"\(f(x + 2))\" y=\"\(f(y))\" width=\"\(f(column - 4))\" height=\"\(f(h))\" fill=\"\(fill)\"><title>\(month) \(HTMLPage.escape(rule)): \(count)</title></rect>"
            }
            if index % labelEvery == 0 {
                svg += "<text x=\"\(f(x + column / 2))\" y=\"\(f(top + plot + 16))\" text-anchor=\"middle\" class=\"small\">\(month)</text>"
            }
        }
        for (rule, x, row) in legend {
            let fill = rule == "other" ? Self.palette.last! : color(of: rule)
            let y = top + plot + 30 + Double(row) * 18
            svg += "<rect x=\"\(f(x))\" y=\"\(f(y))\" width=\"12\" height=\"12\" fill=\"\(fill)\"/>"
            svg += "<text x=\"\(f(x + 16))\" y=\"\(f(y + 10))\" class=\"small\">\(HTMLPage.escape(rule))</text>"
        }
        text += svg + "</svg>\n"
        return text
    }

    private static let sourceLabel: [CaseDate.Source: String] = [.log: "a dated log line", .sys: "sys DATE", .file: "the file's modification time"]

    /// `YYYY-MM` months from `first` to `last`, both included.
    public static func months(from first: String, to last: String) -> [String] {
        guard var year = Int(first.prefix(4)), var month = Int(first.suffix(2)) else { return [first] }
        var months: [String] = []
        while months.count < 1200 {
            let name = String(format: "%04d-%02d", year, month)
            months.append(name)
            if name >= last { break }
            month += 1
            if month > 12 { month = 1; year += 1 }
        }
        return months
    }

    // MARK: - Groups and problems

    private func groupCard(_ rank: Int, _ item: Group) -> String {
        let group = item.group
        var html = "<article class=\"group\"><h3><span class=\"count\">\(group.count)</span> "
        html += group.count == 1 ? "input" : "inputs"
        if !group.rules.isEmpty { html += " · " + group.rules.map { "<span class=\"rule\" style=\"border-color:\(color(of: $0))\">\(HTMLPage.escape($0))</span>" }.joined(separator: " ") }
        html += "</h3>\n"
        if let title = group.title { html += "<p class=\"title\">\(HTMLPage.escape(title))</p>\n" }
        html += "<p class=\"path\">#\(rank) · representative: <code>\(HTMLPage.escape(group.representative))</code>"
        if let date = item.date { html += " · \(date)" }
        html += " · <code class=\"fp\">\(HTMLPage.escape(group.fingerprint))</code></p>\n"
        if !item.findings.isEmpty {
            html += "<blockquote>"
            for finding in item.findings {
                html += "<p><b>\(HTMLPage.escape(finding.rule))</b> (\(HTMLPage.escape(finding.confidence)), \(HTMLPage.escape(finding.severity))): \(HTMLPage.escape(finding.message))</p>"
            }
            html += "</blockquote>\n"
        } else if group.title == nil {
            html += "<p class=\"note\">No finding and no kernel report: inputs in which no rule and no report grammar found anything.</p>\n"
        }
        return html + "</article>\n"
    }

    private func problemTable() -> String {
        guard problemCount > 0 else { return "<p>Every input was analysed.</p>\n" }
        var html = "<table><thead><tr><th>input</th><th>status</th><th>reason</th></tr></thead><tbody>"
        for outcome in problems {
            html += "<tr><td><code>\(HTMLPage.escape(outcome.path))</code></td><td class=\"\(outcome.status.rawValue)\">\(outcome.status.rawValue)</td><td>\(HTMLPage.escape(outcome.reason ?? ""))</td></tr>"
        }
        html += "</tbody></table>\n"
        if problemCount > problems.count { html += "<p class=\"note\">… and \(problemCount - problems.count) more (the scan's JSON lines list them all).</p>\n" }
        return html
    }

    private func f(_ value: Double) -> String { String(format: "%.1f", value) }

    private static let style = """
        body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; margin: 24px auto; max-width: 1000px; padding: 0 16px; color: #212121; }
        h1 { font-size: 24px; margin: 0; } h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid #e0e0e0; } h3 { font-size: 15px; margin: 0 0 4px; }
        .meta, .note { color: #616161; font-size: 13px; }
        .cards { display: flex; gap: 12px; flex-wrap: wrap; margin-top: 16px; }
        .card { border: 1px solid #e0e0e0; border-radius: 6px; padding: 8px 14px; min-width: 110px; }
        .card .value { display: block; font-size: 22px; font-weight: 600; } .card .label { color: #616161; font-size: 12px; }
        svg.chart { display: block; max-width: 100%; height: auto; } svg text { font-size: 12px; fill: #212121; } svg text.small { font-size: 10px; }
        .group { border: 1px solid #e0e0e0; border-radius: 6px; padding: 10px 14px; margin: 10px 0; }
        .group .count { font-size: 18px; } .rule { border-left: 4px solid; padding-left: 4px; font-family: ui-monospace, monospace; font-size: 13px; }
        .title { margin: 2px 0; font-family: ui-monospace, monospace; font-size: 13px; } .path { margin: 2px 0; font-size: 12px; color: #616161; }
        .fp { color: #9e9e9e; } blockquote { margin: 6px 0 0; padding: 2px 10px; border-left: 3px solid #bdbdbd; background: #fafafa; font-size: 13px; }
        blockquote p { margin: 4px 0; } table { border-collapse: collapse; width: 100%; font-size: 13px; }
        th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #eee; vertical-align: top; } td.failed { color: #c62828; } td.skipped { color: #757575; }

        """
}

/// The page under construction, and HTML escaping.
struct HTMLPage {
    private(set) var text = ""

    mutating func raw(_ html: String) { text += html }

    /// `text` with `&`, `<`, `>`, `"` and `'` escaped, for element content and attribute values.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
