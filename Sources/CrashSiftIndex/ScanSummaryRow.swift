import Foundation
import GRDB

/// One past scan as the index keeps it, to say "new since the scan of <date> (N inputs)".
public struct ScanSummaryRow: Sendable, Hashable {
    public var id: ScanIndex.ScanID
    public var startedAt: Date
    /// Nil when the scan never finished (the process died before ``ScanIndex/finishScan(_:interrupted:)``).
    public var finishedAt: Date?
    /// True when Ctrl-C stopped the scan: it saw only part of its inputs.
    public var interrupted: Bool
    public var catalogueVersion: String
    /// The scan's command-line arguments.
    public var arguments: [String]
    /// How many outcomes the scan recorded, reused ones included.
    public var inputCount: Int
    /// How many of them were reused from the index rather than analysed.
    public var reusedCount: Int

    init(row: Row) {
        id = ScanIndex.ScanID(rawValue: row["id"])
        startedAt = row["startedAt"]
        finishedAt = row["finishedAt"]
        interrupted = row["interrupted"]
        catalogueVersion = row["catalogueVersion"]
        let argumentsJSON: String = row["arguments"]
        arguments = (try? JSONDecoder().decode([String].self, from: Data(argumentsJSON.utf8))) ?? []
        inputCount = row["inputCount"]
        reusedCount = row["reusedCount"]
    }
}
