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
        if !environment.isEmpty {
            var inherited = ProcessInfo.processInfo.environment
            for (key, value) in environment { inherited[key] = value }
            process.environment = inherited
        }
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        let stderrData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self), stderr: String(decoding: stderrData, as: UTF8.self))
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
