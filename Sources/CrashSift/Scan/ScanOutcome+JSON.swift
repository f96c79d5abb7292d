import Foundation

extension ScanOutcome {
    /// The outcome as one JSON line's value, keys in the order of the contract (schema first).
    public var json: JSONValue {
        var root = JSONObject()
        root.set("schema", Self.schema)
        root.set("path", path)
        root.set("status", status.rawValue)
        root.set("reason", reason.map(JSONValue.string) ?? .null)
        root.set("size", size.map(JSONValue.int) ?? .null)
        root.set("sha256", sha256.map(JSONValue.string) ?? .null)
        root.set("findings", .array(findings.map { finding in
            var object = JSONObject()
            object.set("rule", finding.rule)
            object.set("severity", finding.severity)
            object.set("confidence", finding.confidence)
            object.set("message", finding.message)
            return object.value
        }))
        root.set("reports", .array(reports.map { report in
            var object = JSONObject()
            object.set("kind", report.kind)
            object.set("title", report.title)
            object.set("line", report.line)
            object.set("fingerprint", report.fingerprint)
            return object.value
        }))
        root.set("fingerprint", fingerprint.map(JSONValue.string) ?? .null)
        root.set("diagnosticsCount", diagnosticsCount)
        // Milliseconds to 0.1 ms: enough to compare, and stable to read.
        root.set("elapsedMs", .double((elapsedMs * 10).rounded() / 10))
        root.set("firstSeen", firstSeen)
        root.set("date", date)
        root.set("dateFrom", dateFrom?.rawValue)
        return root.value
    }

    /// The outcome as a JSON line (no newline).
    public var jsonLine: String { json.serialized(pretty: false) }

    /// What one line of a scan's JSON Lines holds.
    public enum Line: Sendable {
        case outcome(ScanOutcome)
        /// A summary line (recomputed by `crashsift summarize`, so not decoded).
        case summary
    }

    /// Reads one line of `crashsift.scan/1` JSON Lines; throws a message when it is not one.
    public static func decode(line: some StringProtocol) throws(ScanLineError) -> Line {
        let data = Data(line.utf8)
        let object: [String: Any]
        do {
            guard let parsed = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw ScanLineError(message: "not a JSON object")
            }
            object = parsed
        } catch let error as ScanLineError {
            throw error
        } catch {
            throw ScanLineError(message: "not JSON")
        }
        guard let schema = object["schema"] as? String else { throw ScanLineError(message: "no \"schema\" key") }
        guard schema == Self.schema else { throw ScanLineError(message: "schema \"\(schema)\", expected \"\(Self.schema)\"") }
        if object["summary"] != nil { return .summary }
        do {
            return .outcome(try JSONDecoder().decode(ScanOutcome.self, from: data))
        } catch {
            throw ScanLineError(message: "not a scan outcome (\(Self.describe(error)))")
        }
    }

    private static func describe(_ error: Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        switch error {
        case .keyNotFound(let key, _): return "missing \"\(key.stringValue)\""
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "bad \"\(context.codingPath.map(\.stringValue).joined(separator: "."))\""
        @unknown default: return "\(error)"
        }
    }
}

/// A line of JSON Lines that is not a `crashsift.scan/1` line.
public struct ScanLineError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
