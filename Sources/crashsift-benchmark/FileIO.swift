#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

struct BenchmarkError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Plain POSIX file access: the benchmark needs no Foundation, which keeps its start-up and
/// its callgrind profile about CrashSift only.
enum FileIO {
    static func size(of path: String) -> Int? {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int(info.st_size)
    }

    static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    /// The whole file, read into one array (no copies after the read).
    static func read(_ path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw BenchmarkError("cannot open \(path): \(errorText())") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw BenchmarkError("cannot stat \(path): \(errorText())") }
        let count = Int(info.st_size)
        var failure: BenchmarkError?
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            var done = 0
            while done < count {
                let n = readSome(fd, buffer.baseAddress! + done, count - done)
                if n < 0, errno == EINTR { continue }
                if n <= 0 {
                    failure = BenchmarkError("cannot read \(path): \(n == 0 ? "file shrank" : errorText())")
                    break
                }
                done += n
            }
            initialized = done
        }
        if let failure { throw failure }
        return bytes
    }

    /// Up to `count` bytes from the end of the file.
    static func tail(_ path: String, count: Int) -> [UInt8]? {
        guard let size = size(of: path) else { return nil }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        let want = min(count, size)
        var buffer = [UInt8](repeating: 0, count: want)
        let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, want, off_t(size - want)) }
        guard n == want else { return nil }
        return buffer
    }

    /// Up to `count` bytes from the start of the file.
    static func head(_ path: String, count: Int) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: count)
        let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, 0) }
        guard n >= 0 else { return nil }
        return Array(buffer.prefix(n))
    }

    /// A writer for a new file that appears at `path` only when complete (written to a
    /// temporary name, then renamed), so an interrupted run never leaves half a file.
    final class AtomicWriter {
        let path: String
        let temporary: String
        private var fd: Int32
        private var committed = false

        init(path: String) throws {
            self.path = path
            temporary = "\(path).tmp.\(getpid())"
            fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw BenchmarkError("cannot create \(temporary): \(FileIO.errorText())") }
        }

        func write(_ bytes: [UInt8]) throws {
            try bytes.withUnsafeBytes { raw in
                var done = 0
                while done < raw.count {
                    let n = writeSome(fd, raw.baseAddress! + done, raw.count - done)
                    if n < 0, errno == EINTR { continue }
                    guard n > 0 else { throw BenchmarkError("cannot write \(temporary): \(FileIO.errorText())") }
                    done += n
                }
            }
        }

        func commit() throws {
            let closed = close(fd) == 0
            fd = -1
            guard closed, rename(temporary, path) == 0 else {
                throw BenchmarkError("cannot finish \(path): \(FileIO.errorText())")
            }
            committed = true
        }

        deinit {
            if fd >= 0 { close(fd) }
            if !committed { unlink(temporary) }
        }
    }

    static func errorText() -> String { String(cString: strerror(errno)) }

    /// The system's temporary directory (`$TMPDIR`, else `/tmp`).
    static func temporaryDirectory() -> String {
        if let value = getenv("TMPDIR"), value.pointee != 0 {
            let text = String(cString: value)
            return text.hasSuffix("/") && text.count > 1 ? String(text.dropLast()) : text
        }
        return "/tmp"
    }
}

// Outside `FileIO`, whose own `read` would shadow the system call.
private func readSome(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int { read(fd, buffer, count) }
private func writeSome(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int { write(fd, buffer, count) }

/// Standard error without Foundation (Glibc's `stderr` is a mutable global that Swift 6
/// rejects as not concurrency-safe).
func printError(_ text: String) {
    var line = text
    line.append("\n")
    line.withUTF8 { bytes in _ = write(2, bytes.baseAddress, bytes.count) }
}
