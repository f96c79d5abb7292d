import CrashSift
import CrashSiftIndex
import Foundation
import GRDB
import Testing

/// A fresh directory for one test's index files, removed when the test ends.
private final class Scratch {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("crashsift-index-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    func path(_ name: String) -> String {
        directory.appendingPathComponent(name).path
    }
}

private func analysed(_ path: String, sha256: String, fingerprint: String? = nil) -> ScanOutcome {
    ScanOutcome(
        path: path, status: .analyzed, size: 100, sha256: sha256,
        findings: [.init(rule: "csd-lock-wait", severity: "error", confidence: "high", message: "CPU 3 waits")],
        fingerprint: fingerprint
    )
}

private let mtime = Date(timeIntervalSince1970: 1_700_000_000.123_456)

@Suite struct ScanIndexOpeningTests {
    @Test func createsThenReopensWithItsData() throws {
        let scratch = try Scratch()
        let path = scratch.path("scans.sqlite")
        do {
            let index = try ScanIndex(path: path)
            let scan = try index.beginScan(catalogueVersion: "1", arguments: ["scan", "/var/crash"])
            try index.record(analysed("/var/crash/a.log", sha256: "aa"), size: 100, modified: mtime, reused: false, in: scan, catalogueVersion: "1")
            try index.finishScan(scan, interrupted: false)
        }
        #expect(FileManager.default.fileExists(atPath: path))

        let index = try ScanIndex(path: path)
        #expect(try index.outcome(path: "/var/crash/a.log", sha256: "aa", catalogueVersion: "1") == analysed("/var/crash/a.log", sha256: "aa"))
        let next = try index.beginScan(catalogueVersion: "1", arguments: [])
        let previous = try #require(try index.previousScan(before: next))
        #expect(previous.arguments == ["scan", "/var/crash"])
        #expect(previous.inputCount == 1)
        #expect(previous.finishedAt != nil)
        #expect(!previous.interrupted)
        #expect(try index.previousScan(before: previous.id) == nil)
    }

    @Test func migratesAnEmptySQLiteFile() throws {
        let scratch = try Scratch()
        let path = scratch.path("empty.sqlite")
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        let index = try ScanIndex(path: path)
        let scan = try index.beginScan(catalogueVersion: "1", arguments: [])
        try index.record(analysed("x", sha256: "11"), size: nil, modified: nil, reused: false, in: scan, catalogueVersion: "1")
        try index.finishScan(scan, interrupted: false)
        #expect(try index.outcome(path: "x", sha256: "11", catalogueVersion: "1") != nil)
    }

    @Test func refusesAFileThatIsNotSQLite() throws {
        let scratch = try Scratch()
        let path = scratch.path("notes.txt")
        let text = String(repeating: "PID: 1234  TASK: ffff8881  CPU: 3  COMMAND: \"foo\"\n", count: 40)
        try text.write(toFile: path, atomically: true, encoding: .utf8)

        let error = try #require(throws: ScanIndexError.self) { try ScanIndex(path: path) }
        #expect(error == .notAnIndex(path: path, reason: "it is not an SQLite database"))
        #expect(error.description == "'\(path)' is not a CrashSift scan index: it is not an SQLite database")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == text)
    }

    @Test func refusesAnotherProgramsDatabaseWithoutTouchingIt() throws {
        let scratch = try Scratch()
        let path = scratch.path("other.sqlite")
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "CREATE TABLE notes (text TEXT)")
        }

        let error = try #require(throws: ScanIndexError.self) { try ScanIndex(path: path) }
        #expect(error == .notAnIndex(path: path, reason: "it is another program's SQLite database"))
        #expect(error.description.contains("'\(path)'"))
        let journalMode = try DatabaseQueue(path: path).read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(journalMode == "delete")
    }

    @Test func refusesAnIndexFromANewerCrashSift() throws {
        let scratch = try Scratch()
        let path = scratch.path("scans.sqlite")
        _ = try ScanIndex(path: path)
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')")
        }

        let error = try #require(throws: ScanIndexError.self) { try ScanIndex(path: path) }
        #expect(error == .newerSchema(path: path))
        #expect(error.description.contains("'\(path)'"))
    }

    @Test func namesAFileItCannotCreate() throws {
        let scratch = try Scratch()
        let path = scratch.path("no-such-directory/scans.sqlite")
        let error = try #require(throws: ScanIndexError.self) { try ScanIndex(path: path) }
        guard case .database = error else { Issue.record("\(error)"); return }
        #expect(error.description.hasPrefix("the scan index '\(path)': "))
    }

    @Test func namesAnUnknownScan() throws {
        let scratch = try Scratch()
        let path = scratch.path("scans.sqlite")
        let index = try ScanIndex(path: path)
        let ghost = ScanIndex.ScanID(rawValue: 42)
        #expect(throws: ScanIndexError.unknownScan(ghost, path: path)) { try index.finishScan(ghost, interrupted: false) }
        #expect(throws: ScanIndexError.unknownScan(ghost, path: path)) { try index.newSince(ghost) }
    }
}

@Suite struct ScanIndexLookupTests {
    @Test func findsAnOutcomeBySizeAndModificationTime() throws {
        let scratch = try Scratch()
        let index = try ScanIndex(path: scratch.path("scans.sqlite"))
        let scan = try index.beginScan(catalogueVersion: "1", arguments: [])
        let outcome = analysed("/var/crash/a.log", sha256: "aa", fingerprint: "v1:f1")
        try index.record(outcome, size: 4096, modified: mtime, reused: false, in: scan, catalogueVersion: "1")
        try index.finishScan(scan, interrupted: false)

        #expect(try index.outcome(path: "/var/crash/a.log", size: 4096, modified: mtime, catalogueVersion: "1") == outcome)
        #expect(try index.outcome(path: "/var/crash/a.log", size: 4097, modified: mtime, catalogueVersion: "1") == nil)
        #expect(try index.outcome(path: "/var/crash/a.log", size: 4096, modified: mtime.addingTimeInterval(0.001), catalogueVersion: "1") == nil)
        #expect(try index.outcome(path: "/var/crash/b.log", size: 4096, modified: mtime, catalogueVersion: "1") == nil)
    }

    @Test func findsAnOutcomeByContentAfterATouch() throws {
        let scratch = try Scratch()
        let index = try ScanIndex(path: scratch.path("scans.sqlite"))
        let first = try index.beginScan(catalogueVersion: "1", arguments: [])
        let outcome = analysed("/var/crash/a.log", sha256: "aa")
        try index.record(outcome, size: 4096, modified: mtime, reused: false, in: first, catalogueVersion: "1")
        try index.finishScan(first, interrupted: false)

        // Touched: the cheap check misses, the content check hits, and the reuse is recorded
        // with the new time, so the next scan's cheap check hits.
        let touched = mtime.addingTimeInterval(60)
        let second = try index.beginScan(catalogueVersion: "1", arguments: [])
        #expect(try index.outcome(path: "/var/crash/a.log", size: 4096, modified: touched, catalogueVersion: "1") == nil)
        let reused = try #require(try index.outcome(path: "/var/crash/a.log", sha256: "aa", catalogueVersion: "1"))
        #expect(reused == outcome)
        #expect(try index.outcome(path: "/var/crash/a.log", sha256: "ab", catalogueVersion: "1") == nil)
        try index.record(reused, size: 4096, modified: touched, reused: true, in: second, catalogueVersion: "1")
        try index.finishScan(second, interrupted: false)
        #expect(try index.outcome(path: "/var/crash/a.log", size: 4096, modified: touched, catalogueVersion: "1") == outcome)

        let third = try index.beginScan(catalogueVersion: "1", arguments: [])
        let summary = try #require(try index.previousScan(before: third))
        #expect(summary.id == second)
        #expect(summary.inputCount == 1)
        #expect(summary.reusedCount == 1)
    }

    @Test func missesUnderAnotherCatalogueVersion() throws {
        let scratch = try Scratch()
        let index = try ScanIndex(path: scratch.path("scans.sqlite"))
        let scan = try index.beginScan(catalogueVersion: "2026.11.1", arguments: [])
        try index.record(analysed("a.log", sha256: "aa"), size: 10, modified: mtime, reused: false, in: scan, catalogueVersion: "2026.11.1")
        try index.finishScan(scan, interrupted: false)

        #expect(try index.outcome(path: "a.log", size: 10, modified: mtime, catalogueVersion: "2026.11.2") == nil)
        #expect(try index.outcome(path: "a.log", sha256: "aa", catalogueVersion: "2026.11.2") == nil)
        #expect(try index.outcome(path: "a.log", sha256: "aa", catalogueVersion: "2026.11.1") != nil)
    }

    @Test(arguments: [ScanOutcome.Status.failed, .skipped])
    func doesNotReuseAnInputThatWasNotAnalysed(status: ScanOutcome.Status) throws {
        let scratch = try Scratch()
        let index = try ScanIndex(path: scratch.path("scans.sqlite"))
        let scan = try index.beginScan(catalogueVersion: "1", arguments: [])
        let outcome = ScanOutcome(path: "a.log", status: status, reason: "Permission denied", sha256: "aa")
        try index.record(outcome, size: 10, modified: mtime, reused: false, in: scan, catalogueVersion: "1")
        try index.finishScan(scan, interrupted: false)

        #expect(try index.outcome(path: "a.log", size: 10, modified: mtime, catalogueVersion: "1") == nil)
        #expect(try index.outcome(path: "a.log", sha256: "aa", catalogueVersion: "1") == nil)
    }
}

@Suite struct ScanIndexRecordingTests {
    @Test func recordsTenThousandOutcomesInBatches() throws {
        let scratch = try Scratch()
        let index = try ScanIndex(path: scratch.path("scans.sqlite"))
        let scan = try index.beginScan(catalogueVersion: "1", arguments: [])
        let clock = ContinuousClock()
        let elapsed = try clock.measure {
            for n in 0..<10_000 {
                let outcome = analysed("/var/crash/\(n).log", sha256: String(n, radix: 16), fingerprint: "v1:\(n % 7)")
                try index.record(outcome, size: n, modified: mtime, reused: false, in: scan, catalogueVersion: "1")
            }
            try index.finishScan(scan, interrupted: false)
        }
        // One transaction (and one fsync at most) per batch, not per outcome.
        #expect(elapsed < .seconds(5), "10,000 records took \(elapsed)")

        #expect(try index.outcome(path: "/var/crash/9999.log", size: 9999, modified: mtime, catalogueVersion: "1") != nil)
        let next = try index.beginScan(catalogueVersion: "1", arguments: [])
        #expect(try index.previousScan(before: next)?.inputCount == 10_000)
        let new = try index.newSince(scan)
        #expect(new.newInputs.count == 10_000)
        #expect(new.newFingerprints == (0..<7).map { "v1:\($0)" })
    }

    @Test func recordsFromEightTasksAtOnce() async throws {
        let scratch = try Scratch()
        let index = try ScanIndex(path: scratch.path("scans.sqlite"))
        let scan = try index.beginScan(catalogueVersion: "1", arguments: [])
        try await withThrowingTaskGroup(of: Void.self) { group in
            for task in 0..<8 {
                group.addTask {
                    for n in 0..<500 {
                        let path = "/var/crash/\(task)/\(n).log"
                        // Lookups run between the writes of the other tasks.
                        _ = try index.outcome(path: path, size: n, modified: mtime, catalogueVersion: "1")
                        try index.record(analysed(path, sha256: "\(task)-\(n)"), size: n, modified: mtime, reused: false, in: scan, catalogueVersion: "1")
                    }
                }
            }
            try await group.waitForAll()
        }
        try index.finishScan(scan, interrupted: false)

        #expect(try index.newSince(scan).newInputs.count == 4_000)
        for task in 0..<8 {
            #expect(try index.outcome(path: "/var/crash/\(task)/499.log", sha256: "\(task)-499", catalogueVersion: "1") != nil)
        }
    }

    @Test func writesWhatIsBufferedWhenReleased() throws {
        let scratch = try Scratch()
        let path = scratch.path("scans.sqlite")
        do {
            let index = try ScanIndex(path: path)
            let scan = try index.beginScan(catalogueVersion: "1", arguments: [])
            for n in 0..<5 {
                try index.record(analysed("\(n).log", sha256: "\(n)"), size: n, modified: mtime, reused: false, in: scan, catalogueVersion: "1")
            }
            // No finishScan: the process is going away.
        }
        let index = try ScanIndex(path: path)
        #expect(try index.outcome(path: "4.log", size: 4, modified: mtime, catalogueVersion: "1") != nil)
    }

    @Test func keepsAnInterruptedScanUsable() throws {
        let scratch = try Scratch()
        let path = scratch.path("scans.sqlite")
        let interrupted: ScanIndex.ScanID
        do {
            let index = try ScanIndex(path: path)
            interrupted = try index.beginScan(catalogueVersion: "1", arguments: ["scan", "/var/crash"])
            for n in 0..<3 {
                try index.record(analysed("\(n).log", sha256: "\(n)", fingerprint: "v1:\(n)"), size: n, modified: mtime, reused: false, in: interrupted, catalogueVersion: "1")
            }
            try index.finishScan(interrupted, interrupted: true)
        }

        let index = try ScanIndex(path: path)
        #expect(try index.outcome(path: "2.log", size: 2, modified: mtime, catalogueVersion: "1") == analysed("2.log", sha256: "2", fingerprint: "v1:2"))
        let resumed = try index.beginScan(catalogueVersion: "1", arguments: ["scan", "/var/crash"])
        let previous = try #require(try index.previousScan(before: resumed))
        #expect(previous.id == interrupted)
        #expect(previous.interrupted)
        #expect(previous.inputCount == 3)
        #expect(try index.newSince(interrupted) == (newInputs: ["0.log", "1.log", "2.log"], newFingerprints: ["v1:0", "v1:1", "v1:2"]))
    }
}

@Suite struct ScanIndexNewSinceTests {
    @Test func reportsChangedAndAddedInputsAndNewFingerprints() throws {
        let scratch = try Scratch()
        let index = try ScanIndex(path: scratch.path("scans.sqlite"))

        let first = try index.beginScan(catalogueVersion: "1", arguments: [])
        try index.record(analysed("changed.log", sha256: "c1", fingerprint: "v1:lockup"), size: 10, modified: mtime, reused: false, in: first, catalogueVersion: "1")
        try index.record(analysed("unchanged.log", sha256: "u1", fingerprint: "v1:stall"), size: 10, modified: mtime, reused: false, in: first, catalogueVersion: "1")
        try index.record(ScanOutcome(path: "unreadable.log", status: .failed, reason: "Permission denied"), size: nil, modified: nil, reused: false, in: first, catalogueVersion: "1")
        try index.finishScan(first, interrupted: false)

        let second = try index.beginScan(catalogueVersion: "1", arguments: [])
        try index.record(analysed("changed.log", sha256: "c2", fingerprint: "v1:oops"), size: 11, modified: mtime, reused: false, in: second, catalogueVersion: "1")
        let unchanged = try #require(try index.outcome(path: "unchanged.log", size: 10, modified: mtime, catalogueVersion: "1"))
        try index.record(unchanged, size: 10, modified: mtime, reused: true, in: second, catalogueVersion: "1")
        try index.record(ScanOutcome(path: "unreadable.log", status: .failed, reason: "Permission denied"), size: nil, modified: nil, reused: false, in: second, catalogueVersion: "1")
        try index.record(analysed("added.log", sha256: "a1", fingerprint: "v1:stall"), size: 10, modified: mtime, reused: false, in: second, catalogueVersion: "1")
        try index.finishScan(second, interrupted: false)

        let new = try index.newSince(second)
        #expect(new.newInputs == ["added.log", "changed.log"])
        #expect(new.newFingerprints == ["v1:oops"])

        // Asked later, the first scan's answer is unchanged: everything was new then.
        #expect(try index.newSince(first) == (newInputs: ["changed.log", "unchanged.log", "unreadable.log"], newFingerprints: ["v1:lockup", "v1:stall"]))

        // New rules re-analyse everything, but content already seen is not news.
        let third = try index.beginScan(catalogueVersion: "2", arguments: [])
        try index.record(analysed("unchanged.log", sha256: "u1", fingerprint: "v1:stall"), size: 10, modified: mtime, reused: false, in: third, catalogueVersion: "2")
        try index.finishScan(third, interrupted: false)
        #expect(try index.newSince(third) == (newInputs: [], newFingerprints: []))
    }
}
