/// The command line, read by hand: the benchmark depends on CrashSift only.
struct Options {
    var input = InputChoice.foreachBt
    var size = 100_000_000
    /// False when `--size` was not given: then an existing `--file` of ours is used at its own size.
    var sizeGiven = false
    var file: String?
    var rounds = 7
    var warmup = 1
    var seed: UInt64 = 42
    var json = false
    var parseOnly = false
    var generateOnly = false
    /// Measure `crashsift analyze` (parse, then every built-in rule) instead of the parse alone.
    var analyze = false
    /// `--scan`: `crashsift scan --jobs 1` against `--jobs 2` on a generated folder.
    var scan = false
    /// `--hostile`: `crashsift parse` on one very long line and on files of nothing but newlines.
    var hostile = false
    var help = false

    static let usage = """
    usage: crashsift-benchmark [options]

    Generates a deterministic text (once; later runs reuse it) and measures, alternating in
    one process, `LC_ALL=C grep -c PATTERN FILE` (a child process) against CrashSift parsing
    the same bytes in memory. Reports per-round times, medians, MB/s and the parse/grep
    throughput ratio (goal: >= 0.25 on one core; >= 0.1 with --analyze), and checks the parse against what the
    generator wrote (recorded in the file's last line).

    inputs (--input):
      foreach-bt        `crash> foreach bt` output; grep '^ *#' counts its frame lines.
                        Checked: tasks, frames, register dumps, registers, separators,
                        module frames, a checksum of addresses and register values.
      log               a kernel console log (`[ 12345.678901] text` on every line): boot
                        and device messages, and every few thousand lines a failure
                        report (RCU stall, soft lockup, hung task, WARNING, general
                        protection fault, NULL pointer dereference) with its call trace;
                        grep '^\\[' counts its stamped lines. Checked: records (= grep's
                        count), a checksum of the time stamps, no multi-line records, no
                        unrecognized lines, the reports, their kinds and the frames
                        (and `?` frames) of their call traces.
      mixed             `crash> foreach bt` (half the size) then `crash> log` (the other
                        half), as a pasted session; grep '^ *#' counts the frame lines.
                        Checked against both generators' summaries.

    options:
      --input KIND      foreach-bt (default), log or mixed; see above
      --analyze         measure analysis (the parse, then every built-in rule, as
                        `crashsift analyze` runs them) instead of the parse alone
      --size BYTES      size of the generated text (default 100000000; 10M, 500k, 1G accepted,
                        decimal units). The file is at most this long.
      --file PATH       where the generated text lives (default: a file in $TMPDIR or /tmp
                        named after the input, generator version, seed and size). Reused
                        when its trailer shows the same generator version and seed, and
                        the same size if --size is given; otherwise rewritten. A file this
                        tool did not write (for this --input) is never overwritten.
      --rounds N        measured rounds (default 7); each round runs grep, parse and
                        read+parse once, in an order that rotates
      --warmup N        unmeasured rounds first (default 1)
      --seed N          generator seed (default 42)
      --json            print a JSON summary instead of the text report
      --parse-only      generate if needed, read the file, parse it once and print counts;
                        for valgrind (the parse runs in `crashsift_bench_parse_once`)
      --generate-only   only make sure the file exists, then print its path
      --scan            measure `crashsift scan` instead: a generated folder of --size
                        bytes (default 2G here) of console logs (one in ten gzipped) and
                        copies of Samples/, scanned by the release `crashsift` next to this
                        tool with --jobs 1 and --jobs 2, alternating, in child processes;
                        reports wall times, the speed-up and each run's peak RSS
      --hostile         measure `crashsift parse` (release, a child process each) on a
                        50 MB single line and on 100 MB and 1 GB of newlines: time per MB
                        and peak RSS, to show the work is linear in the input
      --help            this text
    """

    static func parse(_ arguments: [String]) throws -> Options {
        var options = Options()
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            var name = argument
            var inlineValue: String?
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inlineValue = String(argument[argument.index(after: equals)...])
            }
            func value() throws -> String {
                if let inlineValue { return inlineValue }
                guard let next = rest.popFirst() else { throw BenchmarkError("\(name) needs a value") }
                return next
            }
            func flag() throws {
                if inlineValue != nil { throw BenchmarkError("\(name) takes no value") }
            }
            switch name {
            case "--size":
                options.size = try parseSize(value(), option: name)
                options.sizeGiven = true
            case "--input":
                let text = try value()
                guard let input = InputChoice(rawValue: text) else {
                    throw BenchmarkError("--input: expected \(InputChoice.names), got \(text)")
                }
                options.input = input
            case "--file": options.file = try value()
            case "--rounds": options.rounds = try parseCount(value(), option: name, minimum: 1)
            case "--warmup": options.warmup = try parseCount(value(), option: name, minimum: 0)
            case "--seed":
                let text = try value()
                guard let seed = UInt64(text.replacingUnderscores()) else { throw BenchmarkError("--seed: not a number: \(text)") }
                options.seed = seed
            case "--json": try flag(); options.json = true
            case "--parse-only": try flag(); options.parseOnly = true
            case "--generate-only": try flag(); options.generateOnly = true
            case "--analyze": try flag(); options.analyze = true
            case "--scan": try flag(); options.scan = true
            case "--hostile": try flag(); options.hostile = true
            case "--help", "-h": options.help = true
            default: throw BenchmarkError("unknown option \(argument) (see --help)")
            }
        }
        if options.parseOnly && options.generateOnly {
            throw BenchmarkError("--parse-only and --generate-only exclude each other")
        }
        return options
    }

    /// `100000000`, `100_000_000`, `100M`, `100MB`, `512k`, `1G` (decimal units, as MB/s are).
    static func parseSize(_ text: String, option: String) throws -> Int {
        var digits = Substring(text.replacingUnderscores())
        var scale = 1
        let units: [(String, Int)] = [("KB", 1_000), ("MB", 1_000_000), ("GB", 1_000_000_000),
                                      ("K", 1_000), ("M", 1_000_000), ("G", 1_000_000_000)]
        for (suffix, factor) in units where digits.uppercased().hasSuffix(suffix) {
            digits = digits.dropLast(suffix.count)
            scale = factor
            break
        }
        guard let number = Int(digits), number > 0 else { throw BenchmarkError("\(option): not a size: \(text)") }
        let (bytes, overflow) = number.multipliedReportingOverflow(by: scale)
        guard !overflow, bytes >= 4_096 else { throw BenchmarkError("\(option): \(text) is too small (at least 4096 bytes)") }
        return bytes
    }

    private static func parseCount(_ text: String, option: String, minimum: Int) throws -> Int {
        guard let count = Int(text), count >= minimum else { throw BenchmarkError("\(option): expected a number >= \(minimum), got \(text)") }
        return count
    }
}

extension String {
    fileprivate func replacingUnderscores() -> String { String(filter { $0 != "_" }) }
}
