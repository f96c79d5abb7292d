import GRDB

/// Why an index could not be opened or used; every message names the index file.
public enum ScanIndexError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file exists but is not a CrashSift index: not an SQLite database, or another
    /// program's. It is left untouched.
    case notAnIndex(path: String, reason: String)
    /// The index was written by a newer CrashSift, whose schema this one does not know.
    case newerSchema(path: String)
    /// The index has no such scan.
    case unknownScan(ScanIndex.ScanID, path: String)
    /// SQLite failed: the file cannot be opened or created, the disk is full, …
    case database(message: String, path: String)

    init(databaseError error: DatabaseError, path: String) {
        if error.resultCode == .SQLITE_NOTADB {
            self = .notAnIndex(path: path, reason: "it is not an SQLite database")
        } else {
            self = .database(message: error.message ?? error.description, path: path)
        }
    }

    /// `crashsift: 'notes.txt' is not a CrashSift scan index: it is not an SQLite database`
    public var description: String {
        switch self {
        case .notAnIndex(let path, let reason):
            "'\(path)' is not a CrashSift scan index: \(reason)"
        case .newerSchema(let path):
            "the scan index '\(path)' was written by a newer CrashSift; use that version, or another index file"
        case .unknownScan(let scan, let path):
            "the scan index '\(path)' has no \(scan)"
        case .database(let message, let path):
            "the scan index '\(path)': \(message)"
        }
    }
}
