/// One thing `crashsift scan` will read: a file, a tar member, or a problem in their place.
///
/// The walker only finds inputs; reading happens later, in parallel, through
/// ``read(maximumSize:)``. Every path, member and failure becomes exactly one input, so the
/// scanner can give each one an outcome and nothing is lost silently.
public struct ScanInput: Sendable {
    /// The name reports use: `dir/a.txt`, `cases/x.tar.gz:var/crash/vmcore-dmesg.txt`, and for
    /// archives inside archives `a.tar:b.tar.gz:c.txt`.
    public var name: String
    /// Where the bytes come from.
    public var source: Source

    /// Where an input's bytes come from, which decides when they are read.
    public enum Source: Sendable {
        /// A file on disk, read (and decompressed) later by ``ScanInput/read(maximumSize:)``, so
        /// files can be read in parallel and a folder is never read up front.
        case file(path: String, compression: Compression)
        /// Bytes already read: a tar member, which can only be read while walking its archive.
        case bytes([UInt8])
        /// An input that cannot be read; it becomes a skipped or failed outcome.
        case unavailable(InputProblem)
    }

    /// Makes an input; the walker makes them, tests and the scanner may too.
    public init(name: String, source: Source) {
        self.name = name
        self.source = source
    }

    /// Reads (and decompresses) the input, refusing more than `maximumSize` bytes of output.
    ///
    /// Decompression stops as soon as the output passes the limit, so a small file that inflates
    /// to gigabytes costs no more memory than the limit.
    /// - Throws: ``InputProblem`` for anything that stops the read (missing, no permission, over
    ///   the size limit, a corrupt stream); it never crashes on bad input.
    public func read(maximumSize: Int) throws(InputProblem) -> [UInt8] {
        switch source {
        case .bytes(let bytes):
            if bytes.count > maximumSize { throw .overSizeLimit(size: bytes.count, limit: maximumSize) }
            return bytes
        case .unavailable(let problem):
            throw problem
        case .file(let path, let compression):
            let (file, size) = try FileSource.open(path)
            if compression == .none && size > maximumSize {
                throw .overSizeLimit(size: size, limit: maximumSize)
            }
            return try compression.decoding(file).readAll(
                maximumSize: maximumSize, compressed: compression != .none, expectedSize: compression == .none ? size : 0)
        }
    }

    /// An input standing for a problem, named after what could not be read.
    static func unavailable(_ name: String, _ problem: InputProblem) -> ScanInput {
        ScanInput(name: name, source: .unavailable(problem))
    }
}

// MARK: - Content sniffing

extension ScanInput {
    /// Whether `bytes` look like a binary file rather than text, judged on the first 8 KiB.
    ///
    /// A NUL byte, or more than 10% of bytes that are control characters or invalid UTF-8,
    /// means binary. A log with a few stray bytes (a serial console's line noise, Latin-1 in a
    /// hostname, ANSI colour escapes) is still text, so the scanner still reads it.
    public static func looksBinary(_ bytes: [UInt8]) -> Bool {
        let sample = bytes.prefix(8 * 1024)
        if sample.contains(0) { return true }
        var odd = 0
        for byte in sample {
            switch byte {
            case 0x09...0x0D, 0x1B: continue  // tab, newlines, form feed, escape (colours)
            case 0x00...0x1F, 0x7F: odd += 1
            default: continue
            }
        }
        var iterator = sample.makeIterator()
        var decoder = UTF8()
        decoding: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: break decoding
            case .error: odd += 1
            }
        }
        return odd * 10 > sample.count
    }
}
