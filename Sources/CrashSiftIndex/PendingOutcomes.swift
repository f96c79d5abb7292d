import Foundation

/// The outcomes recorded but not yet written, shared by every task that records.
///
/// `@unchecked Sendable` is sound because `records` and `lastWrite` are only touched with
/// `lock` held. The lock is also held while a batch is written, so batches reach the file in
/// the order they were recorded, and a batch whose write fails is still here for the next try.
final class PendingOutcomes: @unchecked Sendable {
    /// One ``ScanOutcome`` as a row of `inputs`, its JSON encoded by the recording task.
    struct Record: Sendable {
        var path: String
        /// Empty when the input was not read.
        var sha256: String
        var catalogueVersion: String
        var size: Int?
        /// Nanoseconds since 1970.
        var modified: Int64?
        var status: String
        var outcome: String
        var fingerprint: String?
        var scan: Int64
        var reused: Bool
    }

    private let lock = NSLock()
    private var records: [Record] = []
    private var lastWrite = ContinuousClock.now

    /// Buffers `record`, and writes the buffer with `write` once `batchSize` records wait or
    /// `interval` has passed since the last write.
    func append(
        _ record: Record, batchSize: Int, interval: Duration, write: ([Record]) throws -> Void
    ) throws {
        lock.lock()
        defer { lock.unlock() }
        records.append(record)
        if records.count >= batchSize || ContinuousClock.now - lastWrite >= interval {
            try writeLocked(write)
        }
    }

    /// Writes the buffer with `write` now, if it holds anything.
    func flush(write: ([Record]) throws -> Void) throws {
        lock.lock()
        defer { lock.unlock() }
        try writeLocked(write)
    }

    private func writeLocked(_ write: ([Record]) throws -> Void) throws {
        lastWrite = .now
        guard !records.isEmpty else { return }
        try write(records)
        records.removeAll(keepingCapacity: true)
    }
}
