import CrashSift
import Foundation
import GRDB

/// The index of past scans, kept in an SQLite file, so that `crashsift scan --index FILE`
/// analyses only what changed since the last scan and can say what is new.
///
/// ## What it stores
///
/// One row per scan (when it started and finished, whether Ctrl-C stopped it, the rule
/// catalogue version and the command-line arguments), and one row per distinct input content:
/// the input's path, the SHA-256 of its bytes, the catalogue version that analysed it, the
/// ``ScanOutcome`` as JSON, and the first and last scans that saw it. A file that changes gets a
/// new row and keeps its old ones, so the index can tell a changed file from a file seen before.
///
/// ## Reuse
///
/// A scanner asks twice before analysing a file: ``outcome(path:size:modified:catalogueVersion:)``
/// before reading it (size and modification time, no hashing), then
/// ``outcome(path:sha256:catalogueVersion:)`` after hashing it (a file touched but unchanged).
/// Only outcomes stored under the same catalogue version are reused, because other rules may
/// find other things; and only `analyzed` outcomes, because a skip or a failure may depend on
/// the scan's options or on the moment (permissions), and costs little to redo.
///
/// ## Batching
///
/// ``record(_:size:modified:reused:in:catalogueVersion:)`` buffers outcomes in memory and
/// writes them in one transaction once ``batchSize`` outcomes are waiting or ``flushInterval``
/// has passed since the last write, so a scan of 100,000 files commits about a hundred times,
/// not 100,000. ``finishScan(_:interrupted:)``, ``newSince(_:)``, ``previousScan(before:)`` and
/// `deinit` write what is buffered first. Buffered outcomes are not seen by the lookups until
/// they are written; if the process dies without ``finishScan(_:interrupted:)`` they are lost,
/// and the index is still consistent (every write is one transaction; the file is in WAL mode).
///
/// ## Concurrency
///
/// Every method may be called from any task. Writes go through one lock (the buffer) and
/// GRDB's ``DatabasePool``, which serialises writers and lets lookups read in parallel. The
/// methods are synchronous: a ``record(_:size:modified:reused:in:catalogueVersion:)`` that
/// writes a batch blocks its caller for that write (a few milliseconds per thousand outcomes).
public final class ScanIndex: Sendable {
    /// A scan's identifier in the index (its row id), from ``beginScan(catalogueVersion:arguments:)``.
    public struct ScanID: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
        public let rawValue: Int64

        public init(rawValue: Int64) {
            self.rawValue = rawValue
        }

        public var description: String { "scan \(rawValue)" }
    }

    /// How many outcomes ``record(_:size:modified:reused:in:catalogueVersion:)`` buffers
    /// before writing them in one transaction.
    public static let batchSize = 1_000
    /// How long an outcome may wait in the buffer (checked on each record) before it is written.
    public static let flushInterval: Duration = .milliseconds(500)

    /// The index file, as given.
    public let path: String
    private let database: DatabasePool
    private let pending = PendingOutcomes()

    /// Opens the index at `path`, creating it when the file does not exist (or is an empty
    /// SQLite database) and bringing an older schema up to date.
    ///
    /// - Throws: ``ScanIndexError`` naming the file when it is not a CrashSift index (not
    ///   SQLite, or another program's database), was written by a newer CrashSift, or cannot
    ///   be opened.
    public init(path: String) throws {
        self.path = path
        do {
            if FileManager.default.fileExists(atPath: path) {
                try Self.checkIsIndex(path: path)
            }
            var configuration = Configuration()
            // Another crashsift on the same index waits rather than fails.
            configuration.busyMode = .timeout(10)
            configuration.prepareDatabase { db in
                // WAL + NORMAL: a commit does not wait for fsync; a crash loses at most the
                // last transactions, never the file's consistency.
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
            }
            database = try DatabasePool(path: path, configuration: configuration)
            try Schema.migrator.migrate(database)
        } catch let error as DatabaseError {
            throw ScanIndexError(databaseError: error, path: path)
        }
    }

    deinit {
        try? flush()
    }

    // MARK: - Scans

    /// Starts a scan: its outcomes are recorded under the returned id, and ``newSince(_:)``
    /// later compares it with the scans before it.
    /// - Parameters:
    ///   - catalogueVersion: the version of the rule catalogue the scan uses.
    ///   - arguments: the command line, kept so a person can tell scans apart.
    public func beginScan(catalogueVersion: String, arguments: [String]) throws -> ScanID {
        let argumentsJSON = String(decoding: try JSONEncoder().encode(arguments), as: UTF8.self)
        return try write { db in
            try db.execute(
                sql: "INSERT INTO scans (startedAt, catalogueVersion, arguments) VALUES (?, ?, ?)",
                arguments: [Date(), catalogueVersion, argumentsJSON]
            )
            return ScanID(rawValue: db.lastInsertedRowID)
        }
    }

    /// Marks `scan` finished, after writing its buffered outcomes; `interrupted` is true when
    /// Ctrl-C stopped it (what it recorded stays usable either way).
    /// - Throws: ``ScanIndexError/unknownScan(_:path:)`` when the index has no such scan.
    public func finishScan(_ scan: ScanID, interrupted: Bool) throws {
        try flush()
        let updated = try write { db in
            try db.execute(
                sql: "UPDATE scans SET finishedAt = ?, interrupted = ? WHERE id = ?",
                arguments: [Date(), interrupted, scan.rawValue]
            )
            return db.changesCount
        }
        if updated == 0 { throw ScanIndexError.unknownScan(scan, path: path) }
    }

    /// The scan started just before `scan` (finished or not), to say "new since the scan of
    /// <date>, N inputs"; nil when `scan` is the first.
    public func previousScan(before scan: ScanID) throws -> ScanSummaryRow? {
        try flush()
        return try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM scans WHERE id < ? ORDER BY id DESC LIMIT 1", arguments: [scan.rawValue])
                .map(ScanSummaryRow.init(row:))
        }
    }

    // MARK: - Outcomes

    /// The stored outcome of the file at `path` if its size and modification time are those
    /// recorded under `catalogueVersion`: the check before reading a file, with no hashing.
    public func outcome(path: String, size: Int, modified: Date, catalogueVersion: String) throws -> ScanOutcome? {
        let json = try read { db in
            try String.fetchOne(
                db,
                sql: """
                    SELECT outcome FROM inputs
                    WHERE path = ? AND size = ? AND modified = ? AND catalogueVersion = ? AND status = 'analyzed'
                    ORDER BY lastScan DESC LIMIT 1
                    """,
                arguments: [path, size, Self.nanoseconds(modified), catalogueVersion]
            )
        }
        return json.flatMap(Self.decodeOutcome)
    }

    /// The stored outcome for this exact content of `path` under `catalogueVersion`: the check
    /// after hashing a file whose size or time changed (a file touched but unchanged).
    public func outcome(path: String, sha256: String, catalogueVersion: String) throws -> ScanOutcome? {
        let json = try read { db in
            try String.fetchOne(
                db,
                sql: "SELECT outcome FROM inputs WHERE path = ? AND sha256 = ? AND catalogueVersion = ? AND status = 'analyzed'",
                arguments: [path, sha256, catalogueVersion]
            )
        }
        return json.flatMap(Self.decodeOutcome)
    }

    /// Records what scan `scan` found for one input, analysed now or reused (`reused`), so the
    /// next scan can reuse it; buffered, see "Batching" above.
    /// - Parameters:
    ///   - outcome: the input's outcome; its `path` and `sha256` (when read) key the row.
    ///   - size: the file's size on disk when the input is a file (not an archive member),
    ///     for the next scan's cheap check.
    ///   - modified: the file's modification time, likewise.
    ///   - reused: whether the outcome came from the index rather than from analysing.
    ///   - catalogueVersion: the catalogue version that produced the outcome.
    /// - Throws: the error of a batch write this call triggered; the batch stays buffered.
    public func record(
        _ outcome: ScanOutcome, size: Int?, modified: Date?, reused: Bool, in scan: ScanID, catalogueVersion: String
    ) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let record = PendingOutcomes.Record(
            path: outcome.path, sha256: outcome.sha256 ?? "", catalogueVersion: catalogueVersion,
            size: size, modified: modified.map(Self.nanoseconds), status: outcome.status.rawValue,
            outcome: String(decoding: try encoder.encode(outcome), as: UTF8.self),
            fingerprint: outcome.fingerprint, scan: scan.rawValue, reused: reused
        )
        try pending.append(record, batchSize: Self.batchSize, interval: Self.flushInterval, write: writeBatch)
    }

    /// What is new in `scan` compared with the scans before it, each list sorted: inputs whose
    /// path was never seen or whose content was never seen at that path (an input that could
    /// not be read counts only when its path is new), and case fingerprints never seen before.
    /// - Throws: ``ScanIndexError/unknownScan(_:path:)`` when the index has no such scan.
    public func newSince(_ scan: ScanID) throws -> (newInputs: [String], newFingerprints: [String]) {
        try flush()
        let id = scan.rawValue
        let result = try read { db -> (exists: Bool, inputs: [String], fingerprints: [String]) in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM scans WHERE id = ?", arguments: [id]) != nil else {
                return (false, [], [])
            }
            let inputs = try String.fetchAll(
                db,
                sql: """
                    SELECT DISTINCT path FROM inputs AS i
                    WHERE i.firstScan = :scan AND NOT EXISTS (
                        SELECT 1 FROM inputs AS o
                        WHERE o.path = i.path AND o.firstScan < :scan AND (i.sha256 = '' OR o.sha256 = i.sha256))
                    ORDER BY path
                    """,
                arguments: ["scan": id]
            )
            let fingerprints = try String.fetchAll(
                db,
                sql: """
                    SELECT DISTINCT fingerprint FROM inputs AS i
                    WHERE i.firstScan = :scan AND i.fingerprint IS NOT NULL AND NOT EXISTS (
                        SELECT 1 FROM inputs AS o WHERE o.fingerprint = i.fingerprint AND o.firstScan < :scan)
                    ORDER BY fingerprint
                    """,
                arguments: ["scan": id]
            )
            return (true, inputs, fingerprints)
        }
        guard result.exists else { throw ScanIndexError.unknownScan(scan, path: path) }
        return (result.inputs, result.fingerprints)
    }

    // MARK: - Internals

    /// Writes the buffered outcomes now.
    private func flush() throws {
        try pending.flush(write: writeBatch)
    }

    /// Writes `records` in one transaction: each content row is inserted or, when the same
    /// path, content and catalogue version is already stored, updated (its size, time, outcome
    /// and last scan); each scan's counts grow by what it recorded.
    private func writeBatch(_ records: [PendingOutcomes.Record]) throws {
        try write { db in
            let upsert = try db.cachedStatement(sql: """
                INSERT INTO inputs (path, sha256, catalogueVersion, size, modified, status, outcome, fingerprint, firstScan, lastScan)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (path, sha256, catalogueVersion) DO UPDATE SET
                    size = excluded.size, modified = excluded.modified, status = excluded.status,
                    outcome = excluded.outcome, fingerprint = excluded.fingerprint, lastScan = excluded.lastScan
                """)
            var counts: [Int64: (inputs: Int, reused: Int)] = [:]
            for record in records {
                try upsert.execute(arguments: [
                    record.path, record.sha256, record.catalogueVersion, record.size, record.modified,
                    record.status, record.outcome, record.fingerprint, record.scan, record.scan,
                ])
                counts[record.scan, default: (0, 0)].inputs += 1
                if record.reused { counts[record.scan, default: (0, 0)].reused += 1 }
            }
            for (scan, count) in counts {
                try db.execute(
                    sql: "UPDATE scans SET inputCount = inputCount + ?, reusedCount = reusedCount + ? WHERE id = ?",
                    arguments: [count.inputs, count.reused, scan]
                )
            }
        }
    }

    private func write<T>(_ updates: (Database) throws -> T) throws -> T {
        do {
            return try database.write(updates)
        } catch let error as DatabaseError {
            throw ScanIndexError(databaseError: error, path: path)
        }
    }

    private func read<T>(_ value: (Database) throws -> T) throws -> T {
        do {
            return try database.read(value)
        } catch let error as DatabaseError {
            throw ScanIndexError(databaseError: error, path: path)
        }
    }

    /// Refuses a file that is not ours before the pool touches it (opening a pool switches a
    /// database to WAL mode, which must not happen to another program's file).
    private static func checkIsIndex(path: String) throws {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        let state = try queue.read { db -> (applicationID: Int32, objects: Int, superseded: Bool) in
            let applicationID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
            let objects = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") ?? 0
            let superseded = applicationID == Schema.applicationID ? try Schema.migrator.hasBeenSuperseded(db) : false
            return (applicationID, objects, superseded)
        }
        try queue.close()
        if state.superseded { throw ScanIndexError.newerSchema(path: path) }
        if state.applicationID != Schema.applicationID && state.objects > 0 {
            throw ScanIndexError.notAnIndex(path: path, reason: "it is another program's SQLite database")
        }
    }

    /// A modification time as whole nanoseconds since 1970, so equality is exact in SQL.
    private static func nanoseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1_000_000_000).rounded())
    }

    /// A stored outcome, or nil when its JSON no longer decodes (the input is then analysed again).
    private static func decodeOutcome(_ json: String) -> ScanOutcome? {
        try? JSONDecoder().decode(ScanOutcome.self, from: Data(json.utf8))
    }
}
