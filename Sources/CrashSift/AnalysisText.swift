/// The `crashsift analyze` text for people: each finding with its evidence lines grouped by
/// clause, what the input does not show and the crash commands that would, then the kernel
/// reports and the rules that failed.
///
/// ```
/// CRITICAL (confirmed) RT kernel deadlock: a task preempted between queueing a csd and …
///   rule rt-csd-preempted-before-ipi
///
///   PID 260624 on CPU 0 waits in csd_lock_wait for a call_single_data that PID 260617, …
///
///   Evidence
///     rcu-stall-panic: the kernel panicked on an RCU stall ("Kernel panic - not syncing: RCU Stall")
///       line 103: [32801109.627240] Kernel panic - not syncing: RCU Stall
/// ```
///
/// Text taken from the input (evidence lines, commands, titles) has its control characters
/// replaced by `?`, so a pasted escape sequence cannot reach the terminal; with
/// ``Options/color`` off the output holds no escape sequence at all.
public enum AnalysisText {
    /// How to render.
    public struct Options: Sendable, Hashable {
        /// Colour with ANSI escape sequences (for a terminal).
        public var color: Bool
        /// Also show the ruled-out findings, with the lines that ruled them out.
        public var verbose: Bool
        /// The column prose is wrapped at (input lines are never wrapped).
        public var width: Int

        /// Options for plain text, wrapped at 100 columns.
        public init(color: Bool = false, verbose: Bool = false, width: Int = 100) {
            self.color = color
            self.verbose = verbose
            self.width = width
        }
    }

    /// The text for `analysis` of `source`, ending with a newline.
    public static func render(_ analysis: Analysis, source: SourceFile, options: Options = Options()) -> String {
        var out = Output(options: options)
        let reports = analysis.reports.count
        out.line(out.style(.bold, clean(analysis.transcript.source)) + ": "
            + count(analysis.findings.count, "finding") + ", " + count(reports, "kernel report"))
        out.blank()
        if analysis.findings.isEmpty {
            out.line("No known failure signature found.")
            out.blank()
        }
        for finding in analysis.findings {
            render(finding, into: &out)
        }
        if options.verbose {
            renderRuledOut(analysis.ruledOut, source: source, into: &out)
        }
        renderReports(analysis.reports, into: &out)
        if !analysis.failures.isEmpty {
            out.line(out.style(.bold, "Notes"))
            for failure in analysis.failures {
                out.wrapped(clean(failure.description), indent: 2, hanging: 4)
            }
            out.blank()
        }
        let diagnostics = analysis.transcript.diagnostics.count
        if diagnostics > 0 {
            out.line(out.style(.dim, "Parser diagnostics: \(diagnostics) (`crashsift parse` lists them)."))
        }
        while out.text.hasSuffix("\n\n") { out.text.removeLast() }
        return out.text
    }

    // MARK: - Findings

    static func render(_ finding: Finding, into out: inout Output) {
        let severity = out.style(severityStyle(finding.severity), finding.severity.rawValue.uppercased())
        let confidence = out.style(confidenceStyle(finding.confidence), "(\(finding.confidence.rawValue))")
        out.wrapped("\(severity) \(confidence) \(out.style(.bold, clean(finding.title)))", indent: 0, hanging: 2)
        out.line("  " + out.style(.dim, "rule \(finding.rule)"))
        out.blank()
        out.wrapped(clean(finding.message), indent: 2, hanging: 2)
        out.blank()

        if !finding.evidence.isEmpty {
            out.line("  " + out.style(.bold, "Evidence"))
            for group in groups(finding.evidence) {
                out.wrapped(out.style(.bold, group[0].clause) + ": " + clean(group[0].says), indent: 4, hanging: 8)
                let mixedRoles = Set(group.map(\.role)).count > 1
                for evidence in group {
                    let role = mixedRoles ? evidence.role.map { " (\($0))" } ?? "" : ""
                    out.line("      " + out.style(.dim, "line \(evidence.line)\(role):") + " " + clean(trimmed(evidence.text)))
                }
            }
            out.blank()
        }
        if !finding.missing.isEmpty {
            out.line("  " + out.style(.bold, "Not shown by this input") + " (run these in crash to check)")
            for missing in finding.missing {
                out.wrapped(out.style(.bold, missing.clause) + ": " + clean(missing.says), indent: 4, hanging: 8)
                for command in missing.confirmWith {
                    out.line("      " + out.style(.cyan, "crash> " + clean(command)))
                }
            }
            out.blank()
        }
        if !finding.notes.isEmpty {
            out.line("  " + out.style(.bold, "Notes"))
            for note in finding.notes { out.wrapped(clean(note), indent: 4, hanging: 6) }
            out.blank()
        }
    }

    /// Consecutive evidence of the same clause, in order.
    static func groups(_ evidence: [Evidence]) -> [[Evidence]] {
        var groups: [[Evidence]] = []
        for item in evidence {
            if let last = groups.last?.last, last.clause == item.clause {
                groups[groups.count - 1].append(item)
            } else {
                groups.append([item])
            }
        }
        return groups
    }

    static func renderRuledOut(_ findings: [Finding], source: SourceFile, into out: inout Output) {
        out.line(out.style(.bold, "Ruled out") + (findings.isEmpty ? ": none" : ""))
        for finding in findings {
            out.wrapped("\(finding.rule) (\(finding.severity.rawValue)): \(clean(finding.title))", indent: 2, hanging: 4)
            guard let ruledOut = finding.ruledOutBy else { continue }
            out.wrapped(out.style(.bold, ruledOut.clause) + " does not hold: " + clean(ruledOut.says), indent: 4, hanging: 8)
            for line in ruledOut.lines {
                out.line("      " + out.style(.dim, "answered by line \(line):") + " " + clean(trimmed(source.text(ofLine: line))))
            }
        }
        out.blank()
    }

    // MARK: - Reports

    static func renderReports(_ reports: [KernelReport], into out: inout Output) {
        guard !reports.isEmpty else {
            out.line(out.style(.bold, "Kernel reports") + ": none in the log")
            out.blank()
            return
        }
        out.line(out.style(.bold, "Kernel reports"))
        let lineWidth = reports.map { "line \($0.line)".count }.max() ?? 0
        let kindWidth = reports.map(\.kind.rawValue.count).max() ?? 0
        for report in reports {
            let place = "line \(report.line)".padded(to: lineWidth)
            let kind = report.kind.rawValue.padded(to: kindWidth)
            out.line("  " + out.style(.dim, place) + "  " + kind + "  " + clean(report.title))
            var facts: [String] = []
            if let cpu = report.cpu { facts.append("CPU \(cpu)") }
            if let pid = report.pid { facts.append("PID \(pid)") }
            if let command = report.command { facts.append("command \"\(clean(command))\"") }
            if let frame = report.guiltyFrame { facts.append("guilty frame \(clean(frame))") }
            if report.isInformational { facts.append("informational") }
            if report.corrupted { facts.append("corrupted" + (report.corruptedReason.map { " (\(clean($0)))" } ?? "")) }
            if !facts.isEmpty {
                // Wrapped between facts, never inside one.
                let units = facts.enumerated().map { $0.offset < facts.count - 1 ? $0.element + "," : $0.element }
                out.wrapped(units: units, indent: lineWidth + kindWidth + 6, hanging: lineWidth + kindWidth + 6)
            }
        }
        out.blank()
    }

    // MARK: - Text

    static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }

    static func trimmed(_ text: String) -> Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
        guard let first = text.firstIndex(where: { !isSpace($0) }), let last = text.lastIndex(where: { !isSpace($0) }) else { return "" }
        return text[first...last]
    }

    /// `text` with control characters (escape sequences included) replaced by `?`; tabs and newlines become spaces.
    static func clean(_ text: some StringProtocol) -> String {
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) else { return String(text) }
        return String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
            if scalar == "\t" || scalar == "\n" { return " " }
            return scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) ? "?" : scalar
        }))
    }

    static func severityStyle(_ severity: Severity) -> Style {
        switch severity {
        case .critical: .boldRed
        case .high: .red
        case .medium: .yellow
        case .low: .cyan
        case .info: .dim
        }
    }

    static func confidenceStyle(_ confidence: Confidence) -> Style {
        switch confidence {
        case .confirmed: .green
        case .likely: .yellow
        case .possible: .dim
        }
    }

    /// ANSI styles.
    enum Style: String {
        case bold = "1"
        case dim = "2"
        case red = "31"
        case boldRed = "1;31"
        case green = "32"
        case yellow = "33"
        case cyan = "36"
    }

    /// The text being built.
    struct Output {
        let options: Options
        var text = ""

        func style(_ style: Style, _ text: String) -> String {
            options.color ? "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m" : text
        }

        mutating func line(_ line: String) {
            text += line
            text += "\n"
        }

        mutating func blank() {
            if !text.isEmpty && !text.hasSuffix("\n\n") { text += "\n" }
        }

        /// `prose` wrapped at the width: the first line indented by `indent`, the others by
        /// `hanging`. Escape sequences do not count towards the width.
        mutating func wrapped(_ prose: String, indent: Int, hanging: Int) {
            wrapped(units: prose.split(separator: " ", omittingEmptySubsequences: true), indent: indent, hanging: hanging)
        }

        /// `units` joined by spaces and wrapped at the width between units.
        mutating func wrapped(units: [some StringProtocol], indent: Int, hanging: Int) {
            var current = String(repeating: " ", count: indent)
            var visible = indent
            var lineHasWord = false
            for word in units {
                let length = Output.visibleLength(word)
                if lineHasWord && visible + 1 + length > options.width {
                    line(current)
                    current = String(repeating: " ", count: hanging)
                    visible = hanging
                    lineHasWord = false
                }
                if lineHasWord {
                    current += " "
                    visible += 1
                }
                current += word
                visible += length
                lineHasWord = true
            }
            line(current)
        }

        static func visibleLength(_ word: some StringProtocol) -> Int {
            var length = 0
            var inEscape = false
            for scalar in word.unicodeScalars {
                if inEscape {
                    if scalar == "m" { inEscape = false }
                } else if scalar == "\u{1B}" {
                    inEscape = true
                } else {
                    length += 1
                }
            }
            return length
        }
    }
}

extension String {
    fileprivate func padded(to length: Int) -> String {
        count >= length ? self : self + String(repeating: " ", count: length - count)
    }
}
