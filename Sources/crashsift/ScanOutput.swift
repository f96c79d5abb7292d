import CrashSift
import CrashSiftIndex
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Where `crashsift scan` writes: outcome lines (standard output or `--output`), then the
/// summary (a last line, or `--summary FILE`), or with `--group` the groups for people.
/// Lines are written whole and flushed often, so an interrupted scan leaves complete lines.
final class ScanOutputs: @unchecked Sendable {
    // @unchecked: used by the one task that consumes the scan, then read by the main thread
    // after that task has finished.
    private let lines: FileWriter?
    private let summaryFile: String?
    private let groupsOnly: Bool
    private(set) var problem: String?

    init(outputPath: String?, summaryPath: String?, groupsOnly: Bool) throws {
        if let outputPath {
            lines = try FileWriter(path: outputPath)
        } else {
            lines = groupsOnly ? nil : FileWriter(descriptor: STDOUT_FILENO, name: "standard output")
        }
        summaryFile = summaryPath
        self.groupsOnly = groupsOnly
        if let summaryPath, !FileManager.default.createFile(atPath: summaryPath, contents: nil) {
            throw ScanOutputError(message: "cannot write the summary to \(summaryPath)")
        }
    }

    func write(_ outcome: ScanOutcome) {
        lines?.write(outcome.jsonLine + "\n")
    }

    func finish(summary: ScanSummary) {
        if let summaryFile {
            do {
                try (summary.json.serialized(pretty: true) + "\n").write(toFile: summaryFile, atomically: true, encoding: .utf8)
            } catch {
                problem = "cannot write the summary to \(summaryFile): \(error.localizedDescription)"
            }
        } else if !groupsOnly {
            lines?.write(summary.json.serialized(pretty: false) + "\n")
        }
        lines?.flush()
        if groupsOnly {
            let out = FileWriter(descriptor: STDOUT_FILENO, name: "standard output")
            out.write(summary.text)
            out.flush()
        }
        problem = problem ?? lines?.problem
    }
}

struct ScanOutputError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// Buffered writes to a file descriptor, flushed every 64 KiB and at the end.
final class FileWriter: @unchecked Sendable {
    // @unchecked: written by one task at a time (see ScanOutputs).
    private let descriptor: Int32
    private let name: String
    private var buffer: [UInt8] = []
    private(set) var problem: String?

    init(descriptor: Int32, name: String) {
        self.descriptor = descriptor
        self.name = name
    }

    init(path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw ScanOutputError(message: "cannot write \(path): \(String(cString: strerror(errno)))") }
        self.descriptor = descriptor
        self.name = path
    }

    func write(_ text: String) {
        buffer += text.utf8
        if buffer.count >= 1 << 16 { flush() }
    }

    func flush() {
        var offset = 0
        while offset < buffer.count {
            let written = buffer[offset...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            if written <= 0 {
                problem = problem ?? "cannot write \(name): \(String(cString: strerror(errno)))"
                break
            }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }

    deinit {
        flush()
        if descriptor > STDERR_FILENO { close(descriptor) }
    }
}


/// The progress line on standard error: inputs done / found, throughput, findings, time left.
final class ProgressLine: @unchecked Sendable {
    // @unchecked: updated by the one task that consumes the scan.
    private let enabled: Bool
    private let start = ContinuousClock.now
    private var last = ContinuousClock.now - .seconds(1)
    private var done = 0
    private var bytes = 0
    private var findings = 0

    init(enabled: Bool) {
        self.enabled = enabled
    }

    func update(with result: CaseScanner.Result) {
        done += 1
        bytes += result.outcome.size ?? 0
        findings += result.outcome.findings.count
        guard enabled, ContinuousClock.now - last >= .milliseconds(200) else { return }
        last = ContinuousClock.now
        let seconds = max(0.001, Self.seconds(ContinuousClock.now - start))
        var line = "\r\u{1B}[K\(done)/\(result.found)\(result.walkFinished ? "" : "+") inputs"
        line += String(format: "  %.1f MB/s  %d finding%@", Double(bytes) / 1e6 / seconds, findings, findings == 1 ? "" : "s")
        if result.walkFinished, done > 0 {
            let left = seconds / Double(done) * Double(result.found - done)
            line += String(format: "  ETA %d:%02d", Int(left) / 60, Int(left) % 60)
        }
        printRaw(line)
    }

    func finish() {
        guard enabled else { return }
        printRaw("\r\u{1B}[K")
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    private func printRaw(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }
}
