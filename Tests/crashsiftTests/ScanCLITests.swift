import CrashSiftTestSupport
import Foundation
import Testing

/// `crashsift scan` and `crashsift summarize` as a user runs them, on copies of the samples.
@Suite(.serialized) struct ScanCLITests {
    /// A folder with the samples, a gzip copy, a tarball of them, and an empty file.
    static func caseFolder() throws -> URL {
        let manager = FileManager.default
        let folder = manager.temporaryDirectory.appendingPathComponent("crashsift-scan-cli-\(UUID().uuidString)")
        try manager.createDirectory(at: folder.appendingPathComponent("cases"), withIntermediateDirectories: true)
        let samples = PackagePaths.root.appendingPathComponent("Samples")
        for name in try manager.contentsOfDirectory(atPath: samples.path) where name.hasSuffix(".txt") {
            try manager.copyItem(at: samples.appendingPathComponent(name), to: folder.appendingPathComponent("cases/\(name)"))
        }
        try shell("gzip -c '\(samples.path)/rhel7-rt-csd-deadlock.article.txt' > '\(folder.path)/cases/again.txt.gz'")
        try shell("tar -czf '\(folder.path)/cases/samples.tar.gz' --exclude='*.png' -C '\(samples.path)' .")
        #expect(manager.createFile(atPath: folder.appendingPathComponent("cases/empty.log").path, contents: Data()))
        return folder
    }

    static func shell(_ command: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(command)")
    }

    static func lines(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
    }

    @Test func oneLinePerInputThenTheSummary() throws {
        let folder = try Self.caseFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try CLI.run(["scan", "--quiet", folder.appendingPathComponent("cases").path])
        #expect(run.status == 0)
        let lines = try Self.lines(run.stdout)
        let outcomes = lines.dropLast()
        #expect(outcomes.count == 4 + 1 + 5 + 1)   // 4 samples, the .gz, the tarball's 4 samples and README, the empty file
        #expect(outcomes.allSatisfy { $0["schema"] as? String == "crashsift.scan/1" })
        // Files in byte order of their names; an archive's members in the archive's order.
        let files = outcomes.compactMap { $0["path"] as? String }.filter { !$0.contains(".tar.gz:") }
        #expect(files == files.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        let empty = try #require(outcomes.first { ($0["path"] as? String)?.hasSuffix("empty.log") == true })
        #expect(empty["status"] as? String == "skipped" && empty["reason"] as? String == "empty")
        let seed = try #require(outcomes.first { ($0["path"] as? String)?.hasSuffix("again.txt.gz") == true })
        let rules = (seed["findings"] as? [[String: Any]] ?? []).compactMap { $0["rule"] as? String }
        #expect(rules.contains("rt-csd-preempted-before-ipi"))
        #expect((seed["fingerprint"] as? String)?.hasPrefix("v1:") == true)
        let summary = try #require(lines.last?["summary"] as? [String: Any])
        #expect(summary["inputs"] as? Int == 11)
        let groups = try #require(summary["groups"] as? [[String: Any]])
        // The seed article three times (plain, .gz, in the tarball): one group of three.
        #expect(groups.contains { $0["count"] as? Int == 3 && ($0["rules"] as? [String])?.contains("rt-csd-preempted-before-ipi") == true })
    }

    /// Every line `scan` writes (analyzed, skipped and failed inputs, then the summary) and
    /// what `summarize` prints validate against `crashsift.scan-1.schema.json`.
    @Test func outcomesAndSummariesMatchTheirSchema() throws {
        let folder = try Self.caseFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.shell("printf '\\037\\213\\010garbage' > '\(folder.path)/cases/broken.txt.gz' && head -c 2000 /dev/urandom > '\(folder.path)/cases/core.bin'")
        let output = folder.appendingPathComponent("outcomes.jsonl")
        let run = try CLI.run(["scan", "--quiet", "--output", output.path, folder.appendingPathComponent("cases").path, folder.appendingPathComponent("missing").path])
        #expect(run.status == 0, "\(run.stderr)")
        let statuses = try Self.lines(String(decoding: try Data(contentsOf: output), as: UTF8.self)).compactMap { $0["status"] as? String }
        #expect(Set(statuses) == ["analyzed", "skipped", "failed"])
        let summary = folder.appendingPathComponent("summary.json")
        let summarize = try CLI.run(["summarize", output.path])
        #expect(summarize.status == 0)
        try Data(summarize.stdout.utf8).write(to: summary)
        let outcome = try SchemaValidation.validate(schema: "crashsift.scan-1", files: [output, summary])
        #expect(outcome.status == 0, "\(outcome.output.prefix(4000))")
    }

    /// `--html FILE` writes the page as well as the lines: the samples' rules, the session
    /// sample's log date as a month of the time chart, the groups, the skipped empty file.
    @Test func anHTMLReportBesideTheLines() throws {
        let folder = try Self.caseFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = folder.appendingPathComponent("report.html")
        let run = try CLI.run(["scan", "--quiet", "--html", page.path, folder.appendingPathComponent("cases").path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try Self.lines(run.stdout).count == 12)
        let html = String(decoding: try Data(contentsOf: page), as: UTF8.self)
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.hasSuffix("</html>\n"))
        for expected in ["rt-csd-preempted-before-ipi", "rcu-stall", ">2026-11</text>", "Case fingerprint groups", "empty.log", "INFO: rcu detected stall in smp_call_function"] {
            #expect(html.contains(expected), "no \(expected)")
        }
        let missingFolder = try CLI.run(["scan", "--html", "/nonexistent/folder/report.html", "Samples"])
        #expect(missingFolder.status == 2 && missingFolder.stderr.contains("/nonexistent/folder"))
    }

    @Test func pathsFromStandardInputAndTheSummaryInAFile() throws {
        let folder = try Self.caseFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let cases = folder.appendingPathComponent("cases").path
        let summaryFile = folder.appendingPathComponent("summary.json").path
        let list = ["\(cases)/rhel7-rt-csd-deadlock.article.txt", "\(cases)/no-such-file.txt", "\(cases)/empty.log"].joined(separator: "\0")
        let run = try CLI.run(["scan", "--quiet", "--from-stdin", "-0", "--summary", summaryFile], stdin: list)
        #expect(run.status == 0)
        let outcomes = try Self.lines(run.stdout)
        #expect(outcomes.map { $0["status"] as? String } == ["analyzed", "failed", "skipped"])
        #expect((outcomes[1]["reason"] as? String)?.isEmpty == false)
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: summaryFile))) as? [String: Any])
        #expect((summary["summary"] as? [String: Any])?["inputs"] as? Int == 3)
    }

    @Test func theGroupsForPeople() throws {
        let folder = try Self.caseFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try CLI.run(["scan", "--quiet", "--group", folder.appendingPathComponent("cases").path])
        #expect(run.status == 0)
        #expect(run.stdout.hasPrefix("11 inputs: 10 analyzed, 0 failed, 1 skipped;"))
        #expect(run.stdout.contains("     3  v1:"))
        #expect(!run.stdout.contains("crashsift.scan/1"))
    }

    /// The second scan with --index reads nothing again; a changed file is the only one analysed.
    @Test func anIndexReanalysesOnlyWhatChanged() throws {
        let folder = try Self.caseFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let cases = folder.appendingPathComponent("cases").path
        let index = folder.appendingPathComponent("index.sqlite").path
        let first = try CLI.run(["scan", "--quiet", "--index", index, cases])
        #expect(first.status == 0)
        let unchanged = try CLI.run(["scan", "--index", index, "--new-only", cases])
        #expect(unchanged.status == 0)
        // Only the summary (and the empty file, which is never reused: skips depend on options).
        let new = try Self.lines(unchanged.stdout).dropLast().compactMap { $0["path"] as? String }
        #expect(new.isEmpty, "\(new)")
        #expect(unchanged.stderr.contains("new since the last scan: 0 inputs, 0 case fingerprints"))

        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: "\(cases)/debian12-rt-rcu-stall.bt-a.txt"))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("crash> \n".utf8))
        try handle.close()
        let changed = try CLI.run(["scan", "--index", index, "--new-only", "--quiet", cases])
        let again = try Self.lines(changed.stdout).dropLast().compactMap { $0["path"] as? String }
        #expect(again == ["\(cases)/debian12-rt-rcu-stall.bt-a.txt"])
    }

    /// Three shards, summarised together, give the summary of one whole scan.
    @Test func shardsSummariseToTheWholeScan() throws {
        let folder = try Self.caseFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let cases = folder.appendingPathComponent("cases").path
        let whole = try CLI.run(["scan", "--quiet", "--summary", folder.appendingPathComponent("whole.json").path, cases])
        #expect(whole.status == 0)
        var parts: [String] = []
        var counted = 0
        for shard in 0..<3 {
            let part = folder.appendingPathComponent("part-\(shard).jsonl").path
            let run = try CLI.run(["scan", "--quiet", "--shard", "\(shard)/3", "--output", part, cases])
            #expect(run.status == 0)
            counted += try Self.lines(String(contentsOfFile: part, encoding: .utf8)).count - 1
            parts.append(part)
        }
        #expect(counted == 11)
        let merged = try CLI.run(["summarize"] + parts)
        #expect(merged.status == 0)
        #expect(merged.stdout == (try String(contentsOfFile: folder.appendingPathComponent("whole.json").path, encoding: .utf8)))
    }

    @Test func usageErrorsExitWithTwo() throws {
        for arguments in [["scan"], ["scan", "--shard", "3/3", "x"], ["scan", "--new-only", "x"], ["scan", "--max-size", "lots", "x"], ["scan", "-0", "x"]] {
            let run = try CLI.run(arguments)
            #expect(run.status == 2, "\(arguments)")
            #expect(!run.stderr.isEmpty)
        }
        let bad = FileManager.default.temporaryDirectory.appendingPathComponent("not-jsonl-\(UUID().uuidString).txt")
        try "{\"schema\": \"crashsift.scan/1\", \"path\": \"a\", \"status\": \"analyzed\"}\nhello\n".write(to: bad, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: bad) }
        let summarize = try CLI.run(["summarize", bad.path])
        #expect(summarize.status == 2)
        #expect(summarize.stderr.hasPrefix("\(bad.path):1: error: not a scan outcome"))
    }

    /// Ctrl-C: the scan stops, the lines written are whole, the exit code is 130.
    @Test func anInterruptedScanLeavesWholeLines() throws {
        let folder = try Self.caseFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Enough inputs that the scan is still running when the signal comes.
        let cases = folder.appendingPathComponent("cases").path
        for copy in 0..<300 {
            try FileManager.default.copyItem(atPath: "\(cases)/debian12-rt-rcu-stall.session.txt", toPath: "\(cases)/copy-\(copy).txt")
        }
        let output = folder.appendingPathComponent("out.jsonl").path
        let process = Process()
        process.executableURL = CLI.executable
        process.arguments = ["scan", "--quiet", "--jobs", "1", "--output", output, "--index", folder.appendingPathComponent("i.sqlite").path, cases]
        process.standardError = FileHandle.nullDevice
        process.environment = CLI.childEnvironment()
        try process.run()
        Thread.sleep(forTimeInterval: 1.0)
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        let text = try String(contentsOfFile: output, encoding: .utf8)
        #expect(text.isEmpty || text.hasSuffix("\n"))
        let lines = try Self.lines(text)
        #expect(lines.count < 311)
        #expect(lines.allSatisfy { $0["schema"] as? String == "crashsift.scan/1" })
        // The index is usable after the interruption.
        let again = try CLI.run(["scan", "--quiet", "--index", folder.appendingPathComponent("i.sqlite").path, "--summary", "/dev/null", cases])
        #expect(again.status == 0)
    }
}
