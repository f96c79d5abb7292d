/// Paths given on standard input, for `crashsift scan --from-stdin` fed by another tool.
///
/// `find -print0` and `xargs -0` separate with NUL so any file name works; people and most
/// tools write one path per line.
public enum PathList {
    /// The paths in `bytes`, one per line (a trailing `\r` dropped) or NUL-separated; empty
    /// entries are dropped, other text is kept as is (spaces are part of file names).
    public static func parse(_ bytes: [UInt8], nulSeparated: Bool) -> [String] {
        let separator: UInt8 = nulSeparated ? 0 : UInt8(ascii: "\n")
        return bytes.split(separator: separator, omittingEmptySubsequences: true).compactMap { entry in
            var entry = entry
            if !nulSeparated, entry.last == UInt8(ascii: "\r") { entry = entry.dropLast() }
            return entry.isEmpty ? nil : String(decoding: entry, as: UTF8.self)
        }
    }
}
