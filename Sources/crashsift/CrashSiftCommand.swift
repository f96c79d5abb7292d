import ArgumentParser
import CrashSift

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The `crashsift` command: subcommands are nested types in `Subcommands/`.
@main
struct CrashSiftCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crashsift",
        abstract: "Read Linux `crash` sessions and kernel logs; name known kernel failure signatures.",
        discussion: """
            Paste what `crash` printed (a whole session with `crash> ` prompts, or
            bare `bt` output, even inside an article or an e-mail) on standard
            input or name files.

            EXIT CODES
              0  done: every input was read (diagnostics do not change this),
                 and no finding reached --fail-on
              1  analyze: a confirmed or likely finding at or above the
                 --fail-on severity; rules test: an example failed
              2  bad usage, an unreadable input, or an invalid rule file (the
                 message names it; rule files as FILE:LINE:COLUMN); 2 wins over 1
                 (scan: an input it cannot read is a "failed" outcome, not exit 2)
              130  scan: interrupted by Ctrl-C (the lines written are whole)
            """,
        version: "0.1.0",
        subcommands: [Parse.self, Analyze.self, Scan.self, Summarize.self, Rules.self],
        defaultSubcommand: nil
    )

    /// Runs the command; usage errors exit with 2 (not argument-parser's 64) as documented.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let exit as ExitCode {
            Glibc.exit(exit.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                printError(fullMessage(for: error))
                Glibc.exit(ExitStatus.usageOrInput)
            }
            self.exit(withError: error)
        }
    }
}

/// The exit codes documented in `crashsift --help`.
enum ExitStatus {
    static let success: Int32 = 0
    /// `analyze --fail-on` was reached, or `rules test` had a failing example.
    static let findings: Int32 = 1
    static let usageOrInput: Int32 = 2
}

/// Writes `text` and a newline to standard error (through the file descriptor, because the
/// C `stderr` global is not concurrency-safe in Swift 6).
func printError(_ text: String) {
    var bytes = Array(text.utf8)
    bytes.append(0x0A)
    var offset = 0
    while offset < bytes.count {
        let written = bytes[offset...].withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
        if written <= 0 { return }
        offset += written
    }
}
