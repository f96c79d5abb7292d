import Foundation

/// Golden files: expected output kept in the repository and read once by a person.
///
/// `compare` returns nil when `actual` equals the file. When the file is missing, or the
/// environment has `CRASHSIFT_RECORD=1`, it writes `actual` to the file and returns a
/// message saying so; the caller records that message as a test failure, so a recording
/// never passes silently and every new golden file is looked at before it is committed.
public enum Golden {
    /// True when the environment asks to (re-)record golden files.
    public static var isRecording: Bool { ProcessInfo.processInfo.environment["CRASHSIFT_RECORD"] == "1" }

    /// Compares `actual` with the golden file at `url`; nil when equal, else what went wrong.
    public static func compare(_ actual: String, with url: URL) -> String? {
        let expected = try? String(contentsOf: url, encoding: .utf8)
        if expected == nil || isRecording {
            do {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try actual.write(to: url, atomically: true, encoding: .utf8)
            } catch {
                return "could not record golden file \(url.path): \(error)"
            }
            return "recorded golden file \(url.path); read it, then run the tests again"
        }
        guard let expected, expected != actual else { return nil }
        return "output differs from golden file \(url.path) (run with CRASHSIFT_RECORD=1 to re-record, then read the diff):\n"
            + firstDifference(expected, actual)
    }

    /// The first differing line, with its number, for a readable failure.
    static func firstDifference(_ expected: String, _ actual: String) -> String {
        let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let b = actual.split(separator: "\n", omittingEmptySubsequences: false)
        for i in 0..<max(a.count, b.count) {
            let left = i < a.count ? String(a[i]) : "<end of file>"
            let right = i < b.count ? String(b[i]) : "<end of output>"
            if left != right { return "line \(i + 1):\n  expected: \(left)\n  actual:   \(right)" }
        }
        return "(no line differs; line endings?)"
    }
}
