#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Why an input could not be read. The description names the input, for messages such as
/// `crashsift: cannot read 'case.txt': No such file or directory`.
public enum InputError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The operating system refused (missing file, no permission, I/O error).
    case unreadable(path: String, reason: String)
    /// The path is a directory.
    case isDirectory(path: String)
    /// The input is larger than the limit given to the reader.
    case tooLarge(path: String, size: Int, limit: Int)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "cannot read '\(path)': \(reason)"
        case .isDirectory(let path): "cannot read '\(path)': it is a directory"
        case .tooLarge(let path, let size, let limit): "cannot read '\(path)': \(size) bytes is over the limit of \(limit) bytes"
        }
    }
}

extension SourceFile {
    /// The default largest input: far above any real session, low enough to fail clearly
    /// instead of exhausting memory on a vmcore passed by mistake.
    public static let defaultMaximumSize = 2 * 1024 * 1024 * 1024

    /// Reads the file at `path`, or standard input when `path` is `-`.
    public static func read(path: String, maximumSize: Int = defaultMaximumSize) throws(InputError) -> SourceFile {
        if path == "-" { return try readStandardInput(maximumSize: maximumSize) }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR { throw .isDirectory(path: path) }
        let bytes = try readAll(fd, name: path, sizeHint: Int(info.st_size), maximumSize: maximumSize)
        return SourceFile(name: path, bytes: bytes)
    }

    /// Reads standard input to its end; the input is named `<stdin>`.
    public static func readStandardInput(maximumSize: Int = defaultMaximumSize) throws(InputError) -> SourceFile {
        SourceFile(name: "<stdin>", bytes: try readAll(STDIN_FILENO, name: "<stdin>", sizeHint: 0, maximumSize: maximumSize))
    }

    private static func readAll(_ fd: Int32, name: String, sizeHint: Int, maximumSize: Int) throws(InputError) -> [UInt8] {
        if sizeHint > maximumSize { throw .tooLarge(path: name, size: sizeHint, limit: maximumSize) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(max(sizeHint, 64 * 1024) + 1)
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .unreadable(path: name, reason: String(cString: strerror(errno)))
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
            if bytes.count > maximumSize { throw .tooLarge(path: name, size: bytes.count, limit: maximumSize) }
        }
        return bytes
    }
}
