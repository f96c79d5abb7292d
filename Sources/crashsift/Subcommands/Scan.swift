import ArgumentParser
import CrashSift
import CrashSiftIndex
import Dispatch
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

extension CrashSiftCommand {
    struct Scan: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Analyse many inputs — folders, .gz/.xz files, tar archives — on every core: one JSON line per input.",
            discussion: """
                Every input gives exactly one outcome line (schema crashsift.scan/1), in
                input order: analyzed, skipped (empty, binary, over --max-size, a symlink
                loop) or failed (unreadable, a corrupt or truncated archive), with the
                reason. A last line summarises: inputs by status, findings by rule, and
                the groups of inputs that share a case fingerprint, largest first.
                Folders are walked recursively in name order; archive members are named
                ARCHIVE:MEMBER (cases.tar.gz:var/crash/vmcore-dmesg.txt).

                EXAMPLES
                  crashsift scan /srv/cases > outcomes.jsonl
                  crashsift scan --group --include '*dmesg*' cases.tar.gz old-cases/
                  find /srv/cases -name '*.txt' -print0 | crashsift scan --from-stdin -0
                  crashsift scan --index cases.sqlite --new-only /srv/cases
                  crashsift scan --quiet --html /tmp/samples.html Samples/ > /dev/null
                  crashsift scan --shard 3/8 /srv/cases > part-3.jsonl   # then: crashsift summarize part-*.jsonl

                --index FILE keeps outcomes in SQLite: the next scan re-analyses only
                inputs whose size, modification time or content changed (or all of
                them when the rules changed). --new-only then prints only the outcomes
                of new or changed inputs.

                Ctrl-C stops after the inputs in progress: the outcomes written so far
                stay, the index stays consistent, and the exit code is 130.

                EXIT CODES
                  0  every input has its outcome (failed and skipped inputs included)
                  2  bad usage, an unwritable --output/--summary, an invalid rule file
                     or index
                  130  interrupted
                """
        )

        @Argument(help: "Files, folders and archives to scan.")
        var paths: [String] = []

        @Flag(name: .customLong("from-stdin"), help: "Also read paths from standard input, one per line.")
        var fromStdin = false

        @Flag(name: .customShort("0"), help: "With --from-stdin: paths are separated by NUL bytes (find -print0).")
        var nulSeparated = false

        @Option(help: ArgumentHelp("Scan only files whose path or name matches this glob (repeatable).", valueName: "glob"))
        var include: [String] = []

        @Option(help: ArgumentHelp("Leave out files whose path or name matches this glob (repeatable).", valueName: "glob"))
        var exclude: [String] = []

        @Option(help: ArgumentHelp("Inputs analysed at once (default: every core).", valueName: "n"))
        var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

        @Option(name: .customLong("max-size"), help: ArgumentHelp(
            "Skip inputs larger than this after decompression: bytes, or with k/M/G (default 1G).", valueName: "size"
        ))
        var maxSize: String = "1G"

        @Option(help: ArgumentHelp("Write the outcome lines to this file instead of standard output.", valueName: "file"))
        var output: String?

        @Option(help: ArgumentHelp("Write the summary to this file (JSON) instead of as the last line.", valueName: "file"))
        var summary: String?

        @Option(help: ArgumentHelp("Also write a report page for people to this file: statuses, findings by rule and over time, the fingerprint groups with an excerpt each (one self-contained HTML file).", valueName: "file"))
        var html: String?

        @Flag(help: "Print the fingerprint groups for people (count, fingerprint, a representative input) instead of the outcome lines and summary; with --output the lines still go there.")
        var group = false

        @Option(help: ArgumentHelp("Keep outcomes in this SQLite file and re-analyse only what changed.", valueName: "file"))
        var index: String?

        @Flag(name: .customLong("new-only"), help: "With --index: print only the outcomes of inputs that are new or changed since the last scan.")
        var newOnly = false

        @Option(help: ArgumentHelp("Scan only part K of N (0 <= K < N), chosen by a hash of each input's name.", valueName: "K/N"))
        var shard: String?

        @Flag(name: .shortAndLong, help: "No progress line on standard error.")
        var quiet = false

        @OptionGroup var rules: RuleOptions

        func validate() throws {
            if paths.isEmpty && !fromStdin { throw ValidationError("name a file, folder or archive to scan, or use --from-stdin") }
            if nulSeparated && !fromStdin { throw ValidationError("-0 applies to --from-stdin only") }
            if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
            if Self.size(maxSize) == nil { throw ValidationError("--max-size '\(maxSize)' is not a size (bytes, or a number with k, M or G)") }
            if let shard, ScanShard(shard) == nil { throw ValidationError("--shard '\(shard)' is not K/N with 0 <= K < N") }
            if newOnly && index == nil { throw ValidationError("--new-only needs --index") }
            if let html {
                let folder = URL(fileURLWithPath: html).deletingLastPathComponent().path
                var isFolder: ObjCBool = false
                guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
                    throw ValidationError("--html '\(html)': the folder \(folder) does not exist")
                }
            }
        }

        /// `1G`, `500M`, `64k`, `1000`: decimal-free binary units, as `--max-size` documents.
        static func size(_ text: String) -> Int? {
            let units: [Character: Int] = ["k": 1 << 10, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40]
            if let last = text.last, let unit = units[last] { return Int(text.dropLast()).flatMap { $0 > 0 ? $0 * unit : nil } }
            return Int(text).flatMap { $0 > 0 ? $0 : nil }
        }

        func run() throws {
            let catalog = try rules.catalog()
            var inputs = paths
            if fromStdin {
                let bytes = Array(FileHandle.standardInput.readDataToEndOfFile())
                inputs += PathList.parse(bytes, nulSeparated: nulSeparated)
            }
            let options = CaseScanner.Options(
                jobs: jobs, maximumSize: Self.size(maxSize)!, include: include, exclude: exclude, shard: shard.flatMap(ScanShard.init)
            )

            let outputs: ScanOutputs
            do {
                outputs = try ScanOutputs(outputPath: output, summaryPath: summary, groupsOnly: group)
            } catch {
                printError("crashsift: \(error)")
                throw ExitCode(ExitStatus.usageOrInput)
            }
            var store: IndexStore?
            if let index {
                do {
                    store = try IndexStore(path: index, catalogueVersion: catalog.version, arguments: Array(CommandLine.arguments.dropFirst()))
                } catch {
                    printError("crashsift: \(error)")
                    throw ExitCode(ExitStatus.usageOrInput)
                }
            }
            let scanner = CaseScanner(analyzer: Analyzer(catalog: catalog), options: options, store: store)
            let progress = ProgressLine(enabled: !quiet && isatty(STDERR_FILENO) != 0)
            let newOnly = self.newOnly
            let htmlPath = html
            let htmlProblem = ProblemBox()

            // The scan runs on the cooperative pool; this thread waits for it. Ctrl-C cancels
            // it: the inputs in progress finish, everything finished is written.
            let finished = DispatchSemaphore(value: 0)
            let quiet = self.quiet
            let work = Task { [store] in
                defer { finished.signal() }
                var summary = ScanSummary.Builder()
                var report = ScanReport.Builder()
                // --new-only: outcomes analysed again are held until the index says which of
                // them are new or changed (a reused outcome never is); there are few of them in
                // an incremental scan.
                var analysedAgain: [ScanOutcome] = []
                for await result in scanner.results(paths: inputs) {
                    summary.add(result.outcome)
                    if htmlPath != nil { report.add(result.outcome) }
                    if !newOnly {
                        outputs.write(result.outcome)
                    } else if !result.reused {
                        analysedAgain.append(result.outcome)
                    }
                    progress.update(with: result)
                }
                progress.finish()
                if newOnly, let store, let new = store.newInputs() {
                    let paths = Set(new.inputs)
                    for outcome in analysedAgain where paths.contains(outcome.path) { outputs.write(outcome) }
                    if !quiet {
                        printError("crashsift: new since the last scan: \(new.inputs.count) input\(new.inputs.count == 1 ? "" : "s"), \(new.fingerprints.count) case fingerprint\(new.fingerprints.count == 1 ? "" : "s")")
                    }
                }
                outputs.finish(summary: summary.summary)
                if let htmlPath {
                    let page = report.report.html(title: "CrashSift scan of \(inputs.count == 1 ? inputs[0] : "\(inputs.count) paths")", generated: "crashsift scan, \(Self.now())")
                    do {
                        try Data(page.utf8).write(to: URL(fileURLWithPath: htmlPath), options: .atomic)
                    } catch {
                        htmlProblem.set("cannot write the report to '\(htmlPath)': \(error.localizedDescription)")
                    }
                }
            }
            signal(SIGINT, SIG_IGN)
            let interrupt = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
            let interrupted = InterruptFlag()
            interrupt.setEventHandler {
                interrupted.set()
                work.cancel()
            }
            interrupt.resume()
            finished.wait()
            interrupt.cancel()

            store?.finish(interrupted: interrupted.isSet)
            if let problem = outputs.problem ?? store?.problem ?? htmlProblem.value {
                printError("crashsift: \(problem)")
                throw ExitCode(ExitStatus.usageOrInput)
            }
            if interrupted.isSet {
                printError("crashsift: interrupted; the outcomes written so far are complete lines")
                throw ExitCode(130)
            }
        }
    }
}

extension CrashSiftCommand.Scan {
    /// The moment, for the report's header: `2026-11-26 04:31 UTC`.
    static func now() -> String {
        let parts = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: Date())
        return String(format: "%04d-%02d-%02d %02d:%02d UTC", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0, parts.minute ?? 0)
    }
}

/// A message set by the scan's task, read after it.
final class ProblemBox: @unchecked Sendable {
    // @unchecked: one optional String behind a lock.
    private let lock = NSLock()
    private var message: String?

    func set(_ text: String) { lock.withLock { message = text } }
    var value: String? { lock.withLock { message } }
}

/// Set once by the Ctrl-C handler, read after the scan.
final class InterruptFlag: @unchecked Sendable {
    // @unchecked: one Bool behind a lock.
    private let lock = NSLock()
    private var value = false

    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}
