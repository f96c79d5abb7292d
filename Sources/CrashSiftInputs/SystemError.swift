#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// errno as text, for reasons that match what `ls` or `cat` would print.
enum SystemError {
    /// The C library's message for `code` ("Permission denied").
    ///
    /// Uses `strerror_r`: inputs are read on several threads at once, and `strerror` may share
    /// one buffer between them.
    static func text(_ code: Int32) -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard strerror_r(code, &buffer, buffer.count) == 0 else { return "error \(code)" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
