/// A file or member after a look at its first bytes: how it is compressed, and whether it is
/// a tar archive once decompressed.
struct OpenedStream {
    var compression: Compression
    var isTar: Bool
    /// The decoded content, from its start.
    var content: any ByteSource

    /// Names that mean a tar archive even without the ustar magic (old v7 archives).
    private static let tarSuffixes = [".tar", ".tar.gz", ".tgz", ".tar.xz", ".txz"]

    /// Peeks at `raw` (reading a few hundred bytes, and decompressing that much).
    /// - Throws: ``InputProblem`` when reading or the first bytes of decompression fail.
    init(_ raw: any ByteSource, name: String) throws(InputProblem) {
        let peekable = PeekableSource(raw)
        compression = Compression(magic: try peekable.peek(6))
        let decoded = PeekableSource(try compression.decoding(peekable))
        // The ustar magic ("ustar\0" or GNU's "ustar ") sits at offset 257 of the first header.
        let head = try decoded.peek(262)
        let lowercased = name.lowercased()
        isTar = head.dropFirst(257).elementsEqual("ustar".utf8)
            || Self.tarSuffixes.contains { lowercased.hasSuffix($0) }
        content = decoded
    }
}
