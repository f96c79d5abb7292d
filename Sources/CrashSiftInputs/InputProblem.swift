/// Why an input could not be read, in words a person can act on.
///
/// The scanner turns every problem into an outcome of its own, so an input that cannot be read
/// is reported rather than silently missing from the results.
public struct InputProblem: Error, Sendable, Hashable {
    /// Whether the input was passed over on purpose or could not be read.
    public enum Disposition: String, Sendable {
        /// Not scanned by choice: over the size limit, not a regular file, a symlink loop.
        case skipped
        /// Meant to be scanned but unreadable: missing, no permission, corrupt, truncated.
        case failed
    }

    /// Skipped or failed; the scanner reports the two differently.
    public var disposition: Disposition
    /// Names the problem, e.g. "unreadable: Permission denied" or "truncated tar archive after member a.txt".
    public var reason: String
    /// The input's size in bytes when it is known (a file's or a tar member's), for reports on size limits.
    public var size: Int?

    /// Makes a problem; `size` is given when the reason is about size.
    public init(_ disposition: Disposition, _ reason: String, size: Int? = nil) {
        self.disposition = disposition
        self.reason = reason
        self.size = size
    }
}

extension InputProblem: CustomStringConvertible {
    /// The reason, prefixed with the disposition when skipped, for messages and logs.
    public var description: String { disposition == .skipped ? "skipped: \(reason)" : reason }
}

// MARK: - The problems this layer reports

extension InputProblem {
    /// An input whose (decompressed) content passed the size limit.
    static func overSizeLimit(size: Int, limit: Int) -> InputProblem {
        InputProblem(.skipped, "over the size limit (\(size) bytes > \(limit))", size: size)
    }

    /// Decompressed output passed the limit; the full size is unknown because reading stopped.
    static func overSizeLimitDecompressed(limit: Int) -> InputProblem {
        InputProblem(.skipped, "over the size limit (more than \(limit) bytes after decompression)")
    }

    /// A system call failed with `code`; the errno text says why.
    static func unreadable(_ code: Int32, what: String = "unreadable") -> InputProblem {
        InputProblem(.failed, "\(what): \(SystemError.text(code))")
    }

    static let notRegularFile = InputProblem(.skipped, "not a regular file")
    static let noSuchFile = InputProblem(.failed, "no such file or directory")
}
