@testable import CrashSift
import CrashSiftTestSupport
import Foundation
import Testing

/// A folder of more than a thousand inputs — real crash output as plain, gzip, xz and tar
/// files, with damaged and hostile ones mixed in — gives one outcome per input, in order,
/// and every input that was not analysed says why.
@Suite(.serialized) struct CaseScannerTests {
    /// Builds the folder once per test run; returns it with the names the outcomes must have.
    static func makeCaseFolder() throws -> (folder: URL, expected: [String: ScanOutcome.Status]) {
        let manager = FileManager.default
        let folder = manager.temporaryDirectory.appendingPathComponent("crashsift-scan-\(UUID().uuidString)")
        let plain = folder.appendingPathComponent("plain"), packed = folder.appendingPathComponent("packed")
        for sub in [plain, packed] { try manager.createDirectory(at: sub, withIntermediateDirectories: true) }
        var expected: [String: ScanOutcome.Status] = [:]

        // Every real bt/ps/log/… output the parser's tests use, as is: text, analysed.
        let fixtures = PackagePaths.root.appendingPathComponent("Tests/CrashSiftParserTests/Fixtures")
        let real = (manager.enumerator(atPath: fixtures.path)?.allObjects as? [String] ?? [])
            .filter { ($0.hasPrefix("real/") || $0.hasPrefix("real-logs/")) && ($0.hasSuffix(".txt") || $0.hasSuffix(".log")) }
            .sorted()
        #expect(real.count > 200)
        for (number, relative) in real.enumerated() {
            let name = String(format: "%04d-", number) + relative.replacingOccurrences(of: "/", with: "_")
            let target = plain.appendingPathComponent(name)
            try manager.copyItem(at: fixtures.appendingPathComponent(relative), to: target)
            // A few real outputs are empty (a `foreach UN bt` with no such task): skipped.
            let status: ScanOutcome.Status = (try Data(contentsOf: target)).isEmpty ? .skipped : .analyzed
            expected[target.path] = status
            // A gzip and an xz copy of each: decompressed, analysed.
            for (tool, suffix) in [("gzip", ".gz"), ("xz", ".xz")] {
                let copy = packed.appendingPathComponent(name + suffix)
                try run(tool, ["-c", target.path], stdoutTo: copy)
                expected[copy.path] = status
            }
        }
        // A tar.gz and a plain tar of all the plain files: each member is an input.
        for (archive, flags) in [("all.tar.gz", "-czf"), ("all.tar", "-cf")] {
            let tarball = folder.appendingPathComponent(archive)
            try run("tar", [flags, tarball.path, "-C", plain.path, "."], stdoutTo: nil)
            for name in try manager.contentsOfDirectory(atPath: plain.path) {
                expected["\(tarball.path):./\(name)"] = expected[plain.appendingPathComponent(name).path]
            }
        }

        // A nested archive: a tar.xz holding a tar holding a sample.
        let nest = folder.appendingPathComponent("nest-build")
        try manager.createDirectory(at: nest, withIntermediateDirectories: true)
        try manager.copyItem(at: PackagePaths.root.appendingPathComponent("Samples/rhel7-rt-csd-deadlock.article.txt"), to: nest.appendingPathComponent("article.txt"))
        try run("tar", ["-cf", nest.appendingPathComponent("inner.tar").path, "-C", nest.path, "article.txt"], stdoutTo: nil)
        let nested = folder.appendingPathComponent("nested.tar.xz")
        try run("tar", ["-cJf", nested.path, "-C", nest.path, "inner.tar"], stdoutTo: nil)
        try manager.removeItem(at: nest)
        expected["\(nested.path):inner.tar:article.txt"] = .analyzed

        // The hostile ones.
        let hostile = folder.appendingPathComponent("hostile")
        try manager.createDirectory(at: hostile, withIntermediateDirectories: true)
        let empty = hostile.appendingPathComponent("empty.txt")
        #expect(manager.createFile(atPath: empty.path, contents: Data()))
        expected[empty.path] = .skipped
        let binary = hostile.appendingPathComponent("core.bin")
        var generator = SystemRandomNumberGenerator()
        let garbage = Data((0..<65_536).map { _ in UInt8.random(in: 0...255, using: &generator) })
        #expect(manager.createFile(atPath: binary.path, contents: garbage))
        expected[binary.path] = .skipped
        let corrupt = hostile.appendingPathComponent("corrupt.log.gz")
        var gz = try Data(contentsOf: packed.appendingPathComponent(try manager.contentsOfDirectory(atPath: packed.path).sorted().first { $0.hasSuffix(".gz") }!))
        gz.removeLast(gz.count / 2)
        try gz.write(to: corrupt)
        expected[corrupt.path] = .failed
        let dangling = hostile.appendingPathComponent("dangling.txt")
        try manager.createSymbolicLink(atPath: dangling.path, withDestinationPath: hostile.appendingPathComponent("gone").path)
        expected[dangling.path] = .failed
        let loop = hostile.appendingPathComponent("loop")
        try manager.createSymbolicLink(atPath: loop.path, withDestinationPath: hostile.path)
        expected[loop.path] = .skipped
        return (folder, expected)
    }

    static func run(_ tool: String, _ arguments: [String], stdoutTo target: URL?) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        if let target {
            guard FileManager.default.createFile(atPath: target.path, contents: nil) else { throw CocoaError(.fileWriteUnknown) }
            process.standardOutput = try FileHandle(forWritingTo: target)
        }
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.fileWriteUnknown) }
    }

    @Test func everyInputOfAThousandHasOneOutcomeInOrderAndEveryFailureAReason() async throws {
        let (folder, expected) = try Self.makeCaseFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(expected.count >= 1_000)

        let scanner = CaseScanner(analyzer: try Analyzer.builtIn(), options: .init(jobs: 2))
        var outcomes: [ScanOutcome] = []
        for await outcome in scanner.outcomes(paths: [folder.path]) { outcomes.append(outcome) }

        #expect(outcomes.count == expected.count)
        #expect(Set(outcomes.map(\.path)) == Set(expected.keys))
        for outcome in outcomes {
            #expect(outcome.status == expected[outcome.path], "\(outcome.path): \(outcome.status) \(outcome.reason ?? "")")
            if outcome.status == .analyzed {
                #expect(outcome.reason == nil && outcome.fingerprint?.hasPrefix("v1:") == true && outcome.sha256?.count == 64)
            } else {
                #expect(outcome.reason?.isEmpty == false, "\(outcome.path) has no reason")
            }
        }
        // Input order: the walk's order, whatever finished first.
        let again = CaseScanner(analyzer: try Analyzer.builtIn(), options: .init(jobs: 1))
        var serial: [String] = []
        for await outcome in again.outcomes(paths: [folder.path]) { serial.append(outcome.path) }
        #expect(serial == outcomes.map(\.path))
    }
}
