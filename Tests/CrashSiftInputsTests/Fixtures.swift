import CrashSiftInputs
import CrashSiftTestSupport
import Foundation

/// The command-line tools the fixtures are made with; suites that need them are skipped
/// (with this message) when one is missing.
enum Tools {
    static let gzip = "/usr/bin/gzip"
    static let xz = "/usr/bin/xz"
    static let tar = "/usr/bin/tar"
    static let shell = "/bin/sh"
    static let available = [gzip, xz, tar, shell].allSatisfy { FileManager.default.isExecutableFile(atPath: $0) }
    static let missing = "needs /usr/bin/gzip, /usr/bin/xz, /usr/bin/tar and /bin/sh to make fixtures"
}

/// A temporary folder of fixtures made from the real samples; removed when released.
final class Fixtures {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("crashsift-inputs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    deinit {
        // Make anything a test locked readable again, so the folder can be removed.
        _ = try? Fixtures.run("/bin/chmod", ["-R", "u+rwx", root.path])
        try? FileManager.default.removeItem(at: root)
    }

    /// A real sample's bytes.
    static func sample(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: PackagePaths.samples.appendingPathComponent(name)))
    }

    static let article = "rhel7-rt-csd-deadlock.article.txt"
    static let session = "debian12-rt-rcu-stall.session.txt"
    static let btA = "debian12-rt-rcu-stall.bt-a.txt"

    /// The absolute path of `relative` in the fixture folder.
    func path(_ relative: String) -> String {
        root.appendingPathComponent(relative).path
    }

    /// Writes `bytes` at `relative`, making folders as needed.
    @discardableResult
    func write(_ relative: String, _ bytes: [UInt8]) throws -> String {
        let url = root.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
        return url.path
    }

    /// Copies a sample to `relative`.
    @discardableResult
    func copy(_ sample: String, to relative: String) throws -> String {
        try write(relative, Fixtures.sample(sample))
    }

    func makeFolder(_ relative: String) throws {
        try FileManager.default.createDirectory(at: root.appendingPathComponent(relative), withIntermediateDirectories: true)
    }

    /// Runs a shell command in the fixture folder (for pipes into gzip, xz and tar).
    func shell(_ command: String) throws {
        try Fixtures.run(Tools.shell, ["-c", command], in: root)
    }

    /// Runs `tool` and fails unless it exits 0.
    @discardableResult
    static func run(_ tool: String, _ arguments: [String], in folder: URL? = nil) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        if let folder { process.currentDirectoryURL = folder }
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw FixtureError(message: "\(tool) \(arguments.joined(separator: " ")) exited \(process.terminationStatus)")
        }
        return process.terminationStatus
    }
}

struct FixtureError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

extension ScanInput {
    /// The problem of an `.unavailable` input, for assertions.
    var problem: InputProblem? {
        if case .unavailable(let problem) = source { return problem }
        return nil
    }

    /// The bytes of a `.bytes` input, or read from its file.
    func contents(maximumSize: Int = 1 << 30) -> [UInt8]? {
        try? read(maximumSize: maximumSize)
    }
}

/// Every input of a walk over `paths`.
func walk(_ paths: [String], _ options: InputWalker.Options = .init()) -> [ScanInput] {
    Array(InputWalker(paths: paths, options: options))
}
