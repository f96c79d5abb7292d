/// How a file's bytes are compressed, found from its first bytes rather than its name.
///
/// Kernel logs arrive as `vmcore-dmesg.txt.gz` or renamed attachments, so the magic bytes
/// decide, not the extension.
public enum Compression: Sendable, Hashable {
    /// Plain bytes.
    case none
    /// gzip (RFC 1952), possibly several members concatenated.
    case gzip
    /// xz (the .xz container of LZMA2), possibly several streams concatenated.
    case xz

    /// The compression whose magic `prefix` starts with; `.none` when no magic matches.
    public init(magic prefix: some Collection<UInt8>) {
        let head = Array(prefix.prefix(6))
        if head.starts(with: [0x1F, 0x8B]) {
            self = .gzip
        } else if head == [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00] {
            self = .xz
        } else {
            self = .none
        }
    }

    /// Wraps `source` in the decoder for this compression (or returns it as is).
    func decoding(_ source: any ByteSource) throws(InputProblem) -> any ByteSource {
        switch self {
        case .none: source
        case .gzip: try GzipSource(source)
        case .xz: try XZSource(source)
        }
    }
}
