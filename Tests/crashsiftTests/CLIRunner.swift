import CrashSiftTestSupport
import Foundation

/// Runs the built `crashsift` executable, as a user would, and collects what it printed.
enum CLI {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The built `crashsift`, next to the test bundle (the same build folder).
    static let executable: URL = {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("crashsift")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return PackagePaths.root.appendingPathComponent(".build/debug/crashsift")
    }()

    /// Runs `crashsift arguments…` in the package root with `stdin` on standard input;
    /// `environment` entries are added to (or, with a nil value, removed from) the inherited ones.
    static func run(_ arguments: [String], stdin: String? = nil, environment: [String: String?] = [:]) throws -> Run {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = PackagePaths.root
        process.environment = childEnvironment(environment)
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        // Standard error is drained on another thread while standard output is read here, so
        // a child that writes much to one pipe never blocks on the other.
        let stderrData = PipeDrain(err.fileHandleForReading)
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self), stderr: String(decoding: stderrData.wait(), as: UTF8.self))
    }

    /// The inherited environment with `changes` (nil removes a variable). Under `make
    /// test-asan` the child `crashsift` is built with AddressSanitizer too; its LeakSanitizer
    /// is turned off because at exit it reports, now and then, objects that the scan's
    /// concurrent tasks are still releasing (the test process itself keeps leak detection).
    static func childEnvironment(_ changes: [String: String?] = [:]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        let asan = environment["ASAN_OPTIONS"].map { $0 + ":" } ?? ""
        environment["ASAN_OPTIONS"] = asan + "detect_leaks=0"
        for (key, value) in changes { environment[key] = value }
        return environment
    }

    /// The text of a file of the package (a sample).
    static func text(of path: String) throws -> String {
        String(decoding: try PackagePaths.bytes(of: PackagePaths.root.appendingPathComponent(path)), as: UTF8.self)
    }

    /// A new empty folder under the system's temporary folder.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("crashsift-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// Reads a pipe to its end on a background queue.
final class PipeDrain: @unchecked Sendable {
    // @unchecked: `data` is written once on the queue and read after `group` says it is done.
    private let group = DispatchGroup()
    private var data = Data()

    init(_ handle: FileHandle) {
        group.enter()
        DispatchQueue.global().async {
            self.data = handle.readDataToEndOfFile()
            self.group.leave()
        }
    }

    func wait() -> Data {
        group.wait()
        return data
    }
}
