import CrashSift

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Monotonic time in nanoseconds.
func monotonicNanoseconds() -> UInt64 {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
}

/// The analyzer `--analyze` measures, its rules loaded before any timing.
nonisolated(unsafe) var measuredAnalyzer: Analyzer?

/// The parse that is measured: building the line index (`SourceFile.init`) is part of parsing;
/// with `--analyze`, the built-in rules run too (``measuredAnalyzer``).
///
/// Its symbol name is fixed so callgrind can count this call alone:
/// `--collect-atstart=no --toggle-collect=crashsift_bench_parse_once`.
@inline(never)
@_silgen_name("crashsift_bench_parse_once")
func parseOnce(name: String, bytes: [UInt8]) -> Transcript {
    let source = SourceFile(name: name, bytes: bytes)
    if let analyzer = measuredAnalyzer { return analyzer.analyze(source).transcript }
    return TranscriptParser.parse(source)
}

/// Runs `LC_ALL=C grep -c PATTERN FILE` as a child process, stdout to a pipe that is read to
/// the end (with stdout on /dev/null, GNU grep stops at the first match and looks 20× faster).
struct GrepCommand {
    let executable: String
    let file: String
    /// The input's pattern (``GeneratedInput/grepPattern``), passed as one argument, no shell.
    let pattern: String

    /// Finds `grep` on `$PATH` once, so the PATH search is not timed.
    init(file: String, pattern: String) throws {
        let path = getenv("PATH").map { String(cString: $0) } ?? "/usr/bin:/bin"
        var found: String?
        for directory in path.split(separator: ":") where found == nil {
            let candidate = "\(directory)/grep"
            if access(candidate, X_OK) == 0 { found = candidate }
        }
        guard let found else { throw BenchmarkError("grep not found on PATH") }
        executable = found
        self.file = file
        self.pattern = pattern
    }

    /// The first line `grep --version` prints (`grep (GNU grep) 3.8`).
    func version() -> String {
        (try? run(arguments: ["--version"]).output.split(separator: "\n").first.map(String.init)) ?? "unknown version"
    }

    /// One timed run: from spawn to exit (output read), in nanoseconds, and grep's count.
    func count() throws -> (nanoseconds: UInt64, count: Int) {
        let result = try run(arguments: ["-c", pattern, file])
        let text = result.output.split(separator: "\n").first.map(String.init) ?? ""
        guard result.status == 0, let count = Int(text) else {
            throw BenchmarkError("grep failed (status \(result.status)): \(result.output)")
        }
        return (result.nanoseconds, count)
    }

    private func run(arguments: [String]) throws -> (nanoseconds: UInt64, status: Int32, output: String) {
        // A fixed small environment: LC_ALL=C as the issue specifies, nothing else that
        // could change grep's behaviour (GREP_COLORS, a UTF-8 locale).
        let environment: [String] = ["LC_ALL=C", "PATH=/usr/bin:/bin"]
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup($0) } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw BenchmarkError("pipe: \(FileIO.errorText())") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
        posix_spawn_file_actions_addclose(&actions, fds[0])
        posix_spawn_file_actions_addclose(&actions, fds[1])

        var pid = pid_t()
        let start = monotonicNanoseconds()
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        close(fds[1])
        guard spawned == 0 else {
            close(fds[0])
            throw BenchmarkError("cannot start \(executable): \(String(cString: strerror(spawned)))")
        }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4_096)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fds[0], $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            if n <= 0 { break }
            output.append(contentsOf: chunk[..<n])
        }
        close(fds[0])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        let elapsed = monotonicNanoseconds() - start
        // WEXITSTATUS, which Swift does not import (it is a macro).
        let exitStatus = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : -1
        return (elapsed, exitStatus, String(decoding: output, as: UTF8.self))
    }
}

/// This process's peak resident set size in bytes (Linux reports `ru_maxrss` in KiB).
/// grep's is not reported: posix_spawn starts it with the parent's memory map (vfork), so
/// Linux charges it this process's peak.
func peakRSS() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Int(usage.ru_maxrss) * 1_024
}

/// Times of one kind of run, in nanoseconds, in round order.
struct Samples {
    var nanoseconds: [UInt64] = []

    var median: Double {
        let sorted = nanoseconds.sorted()
        guard !sorted.isEmpty else { return .nan }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1
            ? Double(sorted[middle])
            : (Double(sorted[middle - 1]) + Double(sorted[middle])) / 2
    }
    var minimum: Double { nanoseconds.min().map { Double($0) } ?? .nan }
    var maximum: Double { nanoseconds.max().map { Double($0) } ?? .nan }

    /// MB (10^6 bytes) per second at the median time.
    func megabytesPerSecond(bytes: Int) -> Double { Double(bytes) / 1e6 / (median / 1e9) }
}
