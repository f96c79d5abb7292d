#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A stream of bytes pulled in chunks: a file, a decoder over another source, or one tar member.
///
/// Sources chain (file → gzip → tar → member → xz → tar …), so an archive of any size is read
/// with a few chunk-sized buffers and never held in memory whole.
protocol ByteSource: AnyObject {
    /// Up to `limit` bytes (at least one unless at the end); empty at the end of the stream.
    func read(upTo limit: Int) throws(InputProblem) -> [UInt8]
}

/// The size of the chunks read from files and decoders.
let chunkSize = 64 * 1024

/// The most one `read(upTo:)` returns, whatever the caller asks: buffers stay small, and the
/// counts fit the C libraries' 32-bit fields.
let maximumChunk = 1 << 20

extension ByteSource {
    /// Everything left in the source, stopping as soon as it passes `maximumSize` so a
    /// decompression bomb costs at most one chunk more than the limit.
    func readAll(maximumSize: Int, compressed: Bool, expectedSize: Int = 0) throws(InputProblem) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(min(expectedSize, maximumSize))
        while true {
            let chunk = try read(upTo: chunkSize)
            if chunk.isEmpty { return bytes }
            if bytes.count + chunk.count > maximumSize {
                throw compressed
                    ? .overSizeLimitDecompressed(limit: maximumSize)
                    : .overSizeLimit(size: bytes.count + chunk.count, limit: maximumSize)
            }
            bytes += chunk
        }
    }

    /// Reads and drops `count` bytes; returns how many were there (fewer at the end).
    func discard(_ count: Int) throws(InputProblem) -> Int {
        var left = count
        while left > 0 {
            let chunk = try read(upTo: min(left, chunkSize))
            if chunk.isEmpty { break }
            left -= chunk.count
        }
        return count - left
    }

    /// Exactly `count` bytes, or fewer only at the end of the stream.
    func read(exactly count: Int) throws(InputProblem) -> [UInt8] {
        var bytes: [UInt8] = []
        while bytes.count < count {
            let chunk = try read(upTo: count - bytes.count)
            if chunk.isEmpty { break }
            bytes += chunk
        }
        return bytes
    }
}

/// A file opened for reading; closes it when released.
final class FileSource: ByteSource {
    private let descriptor: Int32

    /// Opens `path`; a FIFO does not block (O_NONBLOCK), and is then refused as not a regular file.
    /// - Returns: the source and the file's size.
    static func open(_ path: String) throws(InputProblem) -> (FileSource, size: Int) {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        if fd < 0 {
            throw errno == ENOENT ? .noSuchFile : .unreadable(errno)
        }
        let source = FileSource(descriptor: fd)
        var info = stat()
        if fstat(fd, &info) != 0 { throw .unreadable(errno) }
        if info.st_mode & S_IFMT == S_IFDIR { throw .unreadable(EISDIR) }
        if info.st_mode & S_IFMT != S_IFREG { throw .notRegularFile }
        return (source, Int(info.st_size))
    }

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }

    func read(upTo limit: Int) throws(InputProblem) -> [UInt8] {
        let limit = min(limit, maximumChunk)
        var buffer = [UInt8](repeating: 0, count: limit)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, limit) }
            if count >= 0 {
                buffer.removeLast(limit - count)
                return buffer
            }
            if errno != EINTR { throw .unreadable(errno) }
        }
    }
}

/// Lets the walker look at a stream's first bytes (magic numbers, the ustar header) and then
/// read the stream from its start.
final class PeekableSource: ByteSource {
    private let base: any ByteSource
    private var buffered: [UInt8] = []
    private var start = 0

    init(_ base: any ByteSource) {
        self.base = base
    }

    /// The first `count` bytes not yet read (fewer if the stream is shorter); consumes nothing.
    func peek(_ count: Int) throws(InputProblem) -> ArraySlice<UInt8> {
        while buffered.count - start < count {
            let chunk = try base.read(upTo: max(count - (buffered.count - start), 512))
            if chunk.isEmpty { break }
            buffered += chunk
        }
        return buffered[start..<min(buffered.count, start + count)]
    }

    func read(upTo limit: Int) throws(InputProblem) -> [UInt8] {
        if start < buffered.count {
            let end = min(buffered.count, start + limit)
            let bytes = Array(buffered[start..<end])
            start = end
            if start == buffered.count {
                buffered = []
                start = 0
            }
            return bytes
        }
        return try base.read(upTo: limit)
    }
}
