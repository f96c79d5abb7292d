import CrashSift
import CrashSiftIndex
import Foundation

/// `--index FILE`: the scan's ``ScanOutcomeStore`` over a ``ScanIndex``, for one scan and one
/// catalogue version. The index's first error is kept (and reported at the end); the scan
/// goes on without reuse rather than stopping.
final class IndexStore: ScanOutcomeStore, @unchecked Sendable {
    // @unchecked: `firstProblem` is behind a lock; ScanIndex is Sendable.
    let index: ScanIndex
    let scan: ScanIndex.ScanID
    let catalogueVersion: String
    private let lock = NSLock()
    private var firstProblem: String?

    init(path: String, catalogueVersion: String, arguments: [String]) throws {
        index = try ScanIndex(path: path)
        scan = try index.beginScan(catalogueVersion: catalogueVersion, arguments: arguments)
        self.catalogueVersion = catalogueVersion
    }

    var problem: String? { lock.withLock { firstProblem } }

    private func note(_ error: Error) {
        lock.withLock { if firstProblem == nil { firstProblem = "index \(index.path): \(error)" } }
    }

    func outcome(path: String, size: Int, modified: Date) -> ScanOutcome? {
        do { return try index.outcome(path: path, size: size, modified: modified, catalogueVersion: catalogueVersion) } catch { note(error); return nil }
    }

    func outcome(path: String, sha256: String) -> ScanOutcome? {
        do { return try index.outcome(path: path, sha256: sha256, catalogueVersion: catalogueVersion) } catch { note(error); return nil }
    }

    func record(_ outcome: ScanOutcome, size: Int?, modified: Date?, reused: Bool) {
        do { try index.record(outcome, size: size, modified: modified, reused: reused, in: scan, catalogueVersion: catalogueVersion) } catch { note(error) }
    }

    /// The inputs and case fingerprints of this scan that no earlier scan had; nil (and a
    /// problem noted) when the index cannot say.
    func newInputs() -> (inputs: [String], fingerprints: [String])? {
        do {
            let new = try index.newSince(scan)
            return (new.newInputs, new.newFingerprints)
        } catch {
            note(error)
            return nil
        }
    }

    /// Ends the scan in the index (flushing what is buffered).
    func finish(interrupted: Bool) {
        do { try index.finishScan(scan, interrupted: interrupted) } catch { note(error) }
    }
}
