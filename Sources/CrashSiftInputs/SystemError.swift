#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// errno as text, for reasons that match what `ls` or `cat` would print.
enum SystemError {
    /// The C library's message for `code` ("Permission denied").
    static func text(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
