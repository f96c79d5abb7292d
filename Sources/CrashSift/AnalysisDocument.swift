/// The `crashsift analyze` JSON document (`"schema": "crashsift.analyze/1"`) for one analysed
/// input: the findings, the kernel reports, the case's versioned fingerprint
/// (``Fingerprint/case(_:)``, `v1:…`), the parser's diagnostics and the rules that failed.
///
/// ```
/// {"schema": "crashsift.analyze/1", "source": "case.txt",
///  "findings": [{"rule": "rt-csd-preempted-before-ipi", "confidence": "confirmed", …}],
///  "reports": [{"kind": "rcu-stall", "title": "INFO: rcu detected stall in …", "line": 75, …}],
///  "fingerprint": "v1:9c0e…", "diagnostics": [], "failures": []}
/// ```
///
/// Keys follow `crashsift.parse/1`: camelCase, `line` is the 1-based input line, and a key whose
/// value is not known is left out rather than set to null. README.md documents every key.
public enum AnalysisDocument {
    /// The schema id written into every document.
    public static let schema = "crashsift.analyze/1"

    /// The document for `analysis` of `source`; `includeRuledOut` adds `ruledOut[]` (the
    /// findings the input contradicts, for `--verbose`).
    public static func json(for analysis: Analysis, source: SourceFile, includeRuledOut: Bool = false) -> JSONValue {
        var root = JSONObject()
        root.set("schema", .string(schema))
        root.set("source", .string(analysis.transcript.source))
        root.set("findings", .array(analysis.findings.map(json(for:))))
        if includeRuledOut {
            root.set("ruledOut", .array(analysis.ruledOut.map { finding in
                var object = json(for: finding)
                if case .object(var pairs) = object, let ruledOut = finding.ruledOutBy {
                    pairs.append(("ruledOutBy", json(for: ruledOut, source: source)))
                    object = .object(pairs)
                }
                return object
            }))
        }
        root.set("reports", .array(analysis.reports.map(json(for:))))
        root.set("fingerprint", .string(Fingerprint.case(analysis)))
        root.set("diagnostics", .array(analysis.transcript.diagnostics.map(ParseDocument.json(for:))))
        root.set("failures", .array(analysis.failures.map { failure in
            var object = JSONObject()
            object.set("rule", .string(failure.rule))
            object.set("message", .string(failure.message))
            return object.value
        }))
        return root.value
    }

    /// A finding: its rule, how sure, the evidence lines by clause, the clauses the input does
    /// not answer with the crash commands that would, and notes on damaged evidence.
    public static func json(for finding: Finding) -> JSONValue {
        var object = JSONObject()
        object.set("rule", .string(finding.rule))
        object.set("title", .string(finding.title))
        object.set("severity", .string(finding.severity.rawValue))
        object.set("confidence", .string(finding.confidence.rawValue))
        object.set("message", .string(finding.message))
        object.set("evidence", .array(finding.evidence.map { evidence in
            var object = JSONObject()
            object.set("clause", .string(evidence.clause))
            object.set("role", evidence.role)
            object.set("line", .int(evidence.line))
            object.set("text", .string(evidence.text))
            object.set("says", .string(evidence.says))
            return object.value
        }))
        object.set("missing", .array(finding.missing.map { missing in
            var object = JSONObject()
            object.set("clause", .string(missing.clause))
            object.set("says", .string(missing.says))
            object.set("confirmWith", .array(missing.confirmWith.map { .string($0) }))
            return object.value
        }))
        object.set("confirmWith", .array(finding.confirmWith.map { .string($0) }))
        object.set("notes", .array(finding.notes.map { .string($0) }))
        return object.value
    }

    static func json(for ruledOut: RuledOut, source: SourceFile) -> JSONValue {
        var object = JSONObject()
        object.set("clause", .string(ruledOut.clause))
        object.set("says", .string(ruledOut.says))
        object.set("lines", .array(ruledOut.lines.map { line in
            var object = JSONObject()
            object.set("line", .int(line))
            object.set("text", .string(source.text(ofLine: line)))
            return object.value
        }))
        return object.value
    }

    /// A kernel report in brief; `crashsift parse` has all of it (registers, call traces, …).
    public static func json(for report: KernelReport) -> JSONValue {
        var object = JSONObject()
        object.set("kind", .string(report.kind.rawValue))
        object.set("title", .string(report.title))
        object.set("line", .int(report.line))
        object.set("cpu", report.cpu)
        object.set("pid", report.pid)
        object.set("command", report.command)
        object.set("guiltyFrame", report.guiltyFrame)
        object.set("corrupted", .bool(report.corrupted))
        object.set("corruptedReason", report.corruptedReason)
        if report.isInformational { object.set("informational", .bool(true)) }
        return object.value
    }
}
