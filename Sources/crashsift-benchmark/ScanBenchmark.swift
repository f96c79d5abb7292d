import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// `--scan`: how `crashsift scan` uses two cores and how much memory it needs.
///
/// A folder of generated console logs (4 MB each, every tenth gzipped) and copies of the real
/// samples is scanned by the `crashsift` executable built next to this benchmark, with
/// `--jobs 1` and `--jobs 2` alternately in child processes, so each run's peak RSS is its own
/// (`wait4`). The speed-up is the ratio of the median wall times.
enum ScanBenchmark {
    static let fileSize = 4_000_000

    static func run(_ options: Options) throws -> Int32 {
        let size = options.sizeGiven ? options.size : 2_000_000_000
        let folder = try prepareFolder(size: size, seed: options.seed)
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("crashsift").path
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw BenchmarkError("\(executable) is missing: build it with `swift build -c release --product crashsift`")
        }
        let rounds = options.rounds
        print("crashsift-benchmark --scan: `crashsift scan --quiet --output /dev/null` with --jobs 1 and --jobs 2")
        print("folder   \(folder.path) (\(folder.files) files, \(folder.bytes / 1_000_000) MB on disk)")
        print("cores    \(ProcessInfo.processInfo.activeProcessorCount); \(rounds) rounds after \(options.warmup) warm-up, order alternating")
        print()
        print("round    jobs 1 s   jobs 2 s   RSS 1 MiB   RSS 2 MiB")
        var one: [(seconds: Double, rss: Int)] = []
        var two: [(seconds: Double, rss: Int)] = []
        for round in 0..<(options.warmup + rounds) {
            let order = round % 2 == 0 ? [1, 2] : [2, 1]
            var results: [Int: (Double, Int)] = [:]
            for jobs in order {
                results[jobs] = try runScan(executable, folder: folder.path, jobs: jobs)
            }
            let label = round < options.warmup ? "warm-up" : String(round - options.warmup + 1)
            print(label.padding(toLength: 7, withPad: " ", startingAt: 0)
                + String(format: "  %9.2f  %9.2f  %10.1f  %10.1f", results[1]!.0, results[2]!.0,
                         Double(results[1]!.1) / 1_048_576, Double(results[2]!.1) / 1_048_576))
            if round >= options.warmup {
                one.append(results[1]!)
                two.append(results[2]!)
            }
        }
        let median1 = median(one.map(\.seconds)), median2 = median(two.map(\.seconds))
        print()
        print(String(format: "median   %9.2f  %9.2f   (%.0f MB/s and %.0f MB/s of input on disk)", median1, median2,
                     Double(folder.bytes) / 1e6 / median1, Double(folder.bytes) / 1e6 / median2))
        print(String(format: "speed-up with 2 jobs (median): %.2fx   (goal: >= 1.7x on two cores)", median1 / median2))
        print(String(format: "peak RSS, largest run: %.1f MiB with 1 job, %.1f MiB with 2 jobs   (goal: < 300 MB)",
                     Double(one.map(\.rss).max() ?? 0) / 1_048_576, Double(two.map(\.rss).max() ?? 0) / 1_048_576))

        // An incremental re-scan: the first scan with --index analyses everything, the second
        // (nothing changed) only checks sizes and modification times.
        let index = "\(FileIO.temporaryDirectory())/crashsift-benchmark-scan-index-\(getpid()).sqlite"
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: index + suffix) } }
        let first = try runScan(executable, folder: folder.path, jobs: 2, extra: ["--index", index])
        let second = try runScan(executable, folder: folder.path, jobs: 2, extra: ["--index", index])
        print(String(format: "--index, --jobs 2: first scan %.2f s, unchanged re-scan %.2f s (%.1f%% of the first)",
                     first.0, second.0, second.0 / first.0 * 100))
        return 0
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }

    /// Runs one scan; its wall time and peak RSS (bytes).
    static func runScan(_ executable: String, folder: String, jobs: Int, extra: [String] = []) throws -> (Double, Int) {
        try runChild([executable, "scan", "--quiet", "--jobs", String(jobs), "--output", "/dev/null"] + extra + [folder])
    }

    /// Runs `arguments` (the first is the executable) with standard output to /dev/null; its
    /// wall time and peak RSS (bytes).
    static func runChild(_ arguments: [String]) throws -> (Double, Int) {
        let executable = arguments[0]
        var pid: pid_t = 0
        let argv = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0)
        defer { posix_spawn_file_actions_destroy(&actions) }
        let start = ContinuousClock.now
        guard posix_spawn(&pid, executable, &actions, nil, argv, environ) == 0 else {
            throw BenchmarkError("cannot start \(executable)")
        }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let elapsed = ContinuousClock.now - start
        guard status == 0 else { throw BenchmarkError("\(arguments.joined(separator: " ")) exited with status \(status)") }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return (seconds, usage.ru_maxrss * 1024)
    }

    struct Folder {
        var path: String
        var files: Int
        var bytes: Int
    }

    /// The folder for `size` and `seed`, made once (a `COMPLETE` marker says it is whole).
    static func prepareFolder(size: Int, seed: UInt64) throws -> Folder {
        let path = "\(FileIO.temporaryDirectory())/crashsift-benchmark-scan-seed\(seed)-\(size)"
        let marker = path + "/COMPLETE"
        let manager = FileManager.default
        if !manager.fileExists(atPath: marker) {
            try? manager.removeItem(atPath: path)
            try manager.createDirectory(atPath: path + "/logs", withIntermediateDirectories: true)
            try manager.createDirectory(atPath: path + "/samples", withIntermediateDirectories: true)
            print("generating \(size / 1_000_000) MB of inputs in \(path) …")
            var written = 0
            var index = 0
            let samples = samplePaths()
            while written < size {
                if !samples.isEmpty && index % 25 == 24 {
                    let sample = samples[(index / 25) % samples.count]
                    let target = "\(path)/samples/\(index)-\(URL(fileURLWithPath: sample).lastPathComponent)"
                    try manager.copyItem(atPath: sample, toPath: target)
                    written += FileIO.size(of: target) ?? 0
                } else {
                    let target = String(format: "%@/logs/case-%05d.log", path, index)
                    var generator = KernelLogGenerator(seed: seed &+ UInt64(index), target: fileSize)
                    let writer = try FileIO.AtomicWriter(path: target)
                    _ = try generator.generate { try writer.write($0) }
                    try writer.commit()
                    written += fileSize
                    if index % 10 == 9 { try gzip(target) }
                }
                index += 1
            }
            guard manager.createFile(atPath: marker, contents: Data()) else { throw BenchmarkError("cannot write \(marker)") }
        }
        var files = 0
        var bytes = 0
        for case let relative as String in manager.enumerator(atPath: path) ?? FileManager.DirectoryEnumerator() {
            var isFolder: ObjCBool = false
            let full = path + "/" + relative
            guard manager.fileExists(atPath: full, isDirectory: &isFolder), !isFolder.boolValue, relative != "COMPLETE" else { continue }
            files += 1
            bytes += FileIO.size(of: full) ?? 0
        }
        return Folder(path: path, files: files, bytes: bytes)
    }

    /// The real samples in the package's Samples/ folder (found from the current directory).
    static func samplePaths() -> [String] {
        let folder = FileManager.default.currentDirectoryPath + "/Samples"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasSuffix(".txt") }.sorted().map { folder + "/" + $0 }
    }

    static func gzip(_ path: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/gzip")
        process.arguments = ["-f", "-6", path]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw BenchmarkError("gzip \(path) failed") }
    }
}
