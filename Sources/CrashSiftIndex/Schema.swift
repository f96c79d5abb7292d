import GRDB

/// The index's tables and how each version of CrashSift got them: one migration per schema
/// change, never edited once released (GRDB records which ones a file has had).
enum Schema {
    /// `PRAGMA application_id` of a CrashSift index ("CSIX"), so another program's SQLite file
    /// is refused rather than written into.
    static let applicationID: Int32 = 0x4353_4958

    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: "PRAGMA application_id = \(applicationID)")
            // One row per scan. `arguments` is a JSON array of strings; the counts are what
            // the scan recorded (reused included).
            try db.create(table: "scans") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("startedAt", .datetime).notNull()
                t.column("finishedAt", .datetime)
                t.column("interrupted", .boolean).notNull().defaults(to: false)
                t.column("catalogueVersion", .text).notNull()
                t.column("arguments", .text).notNull()
                t.column("inputCount", .integer).notNull().defaults(to: 0)
                t.column("reusedCount", .integer).notNull().defaults(to: 0)
            }
            // One row per content of an input, per catalogue version. `sha256` is '' when the
            // input was not read; `modified` is in nanoseconds since 1970; `outcome` is the
            // ScanOutcome's JSON. The unique key starts with `path`, so it is the path index.
            try db.create(table: "inputs") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("path", .text).notNull()
                t.column("sha256", .text).notNull()
                t.column("catalogueVersion", .text).notNull()
                t.column("size", .integer)
                t.column("modified", .integer)
                t.column("status", .text).notNull()
                t.column("outcome", .text).notNull()
                t.column("fingerprint", .text)
                t.column("firstScan", .integer).notNull().references("scans")
                t.column("lastScan", .integer).notNull().references("scans")
                t.uniqueKey(["path", "sha256", "catalogueVersion"])
            }
            // For newSince: the rows a scan added, and whether a fingerprint was seen before.
            try db.create(index: "inputs_on_firstScan", on: "inputs", columns: ["firstScan"])
            try db.create(index: "inputs_on_fingerprint", on: "inputs", columns: ["fingerprint", "firstScan"])
            try db.create(index: "inputs_on_lastScan", on: "inputs", columns: ["lastScan"])
        }
        return migrator
    }()
}
