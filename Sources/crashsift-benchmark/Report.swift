/// Collects the measurements and prints them as text or JSON.
struct Report<Kind: GeneratedInput> {
    let input: Benchmark.Input<Kind>
    let options: Options
    let bytes: Int
    let grepPath: String
    let grepVersion: String

    var grep = Samples()
    var parse = Samples()
    var readParse = Samples()
    var grepCount: Int?
    var counts: Kind.Counts?
    var peakRSS = 0

    /// Target from the issue: parse throughput at least a quarter of grep's.
    /// The throughput goal against grep: 0.25 for the parse, 0.1 for a whole analysis (issues 2 and 5).
    static var goal: Double { measuredAnalyzer == nil ? 0.25 : 0.1 }

    init(input: Benchmark.Input<Kind>, options: Options, bytes: Int, grep: String, grepVersion: String) {
        self.input = input
        self.options = options
        self.bytes = bytes
        grepPath = grep
        self.grepVersion = grepVersion
    }

    /// median(grep) / median(parse): parse throughput as a fraction of grep's.
    var ratio: Double { grep.median / parse.median }
    var readParseRatio: Double { grep.median / readParse.median }

    /// Every run must see the same numbers; a change would mean a nondeterministic parser.
    mutating func record(grepCount count: Int) throws {
        if let grepCount, grepCount != count { throw BenchmarkError("grep counted \(count), earlier \(grepCount)") }
        grepCount = count
    }

    mutating func record(_ parsed: Kind.Counts) throws {
        if let counts, counts != parsed { throw BenchmarkError("two parses of the same bytes gave different results") }
        counts = parsed
    }

    /// What does not match: the generator's counts, and grep's count against what it must count.
    var mismatches: [String] {
        guard let counts else { return ["nothing parsed"] }
        var found = counts.mismatches(against: input.summary)
        let expected = Kind.expectedGrepCount(input.summary)
        if let grepCount, grepCount != expected { found.append("grep count \(grepCount)/\(expected)") }
        return found
    }

    /// Figures shown but not checked, with the reason.

    // MARK: - Text

    func printHeader() {
        let origin = input.generationSeconds.map { "generated in \(Format.fixed($0, 1)) s" } ?? "reused"
        print("crashsift-benchmark: parse \(Kind.title) into the model vs `LC_ALL=C grep -c '\(Kind.grepPattern)'`")
        print("file     \(input.path)")
        print("         \(bytes) bytes (\(Format.fixed(Double(bytes) / 1e6, 1)) MB), \(origin); generator \(input.summary.version), seed \(input.summary.seed)")
        print("grep     \(grepPath) (\(grepVersion)), a child process, stdout to a pipe")
        print(measuredAnalyzer == nil
            ? "parse    TranscriptParser.parse(SourceFile(name:bytes:)) on bytes already in memory; one core"
            : "parse    Analyzer.analyze(SourceFile(name:bytes:)): the parse and \(measuredAnalyzer!.catalog.rules.count) built-in rules; one core")
        print("rounds   \(options.rounds) measured after \(options.warmup) warm-up; order rotates each round")
        print("")
        print("round     grep ms   parse ms   read+parse ms   parse/grep")
    }

    func printRound(_ number: Int, _ times: [UInt64], warmup: Bool) {
        let label = warmup ? "warm-up" : String(number)
        let ratio = Double(times[0]) / Double(times[1])
        print(Format.padRight(label, 7) + Format.padLeft(Format.fixed(Double(times[0]) / 1e6, 1), 10)
            + Format.padLeft(Format.fixed(Double(times[1]) / 1e6, 1), 11) + Format.padLeft(Format.fixed(Double(times[2]) / 1e6, 1), 16)
            + Format.padLeft(Format.fixed(ratio, 3), 13))
    }

    func printSummary() {
        func row(_ label: String, _ values: (Samples) -> Double, decimals: Int = 1) {
            print(Format.padRight(label, 7) + Format.padLeft(Format.fixed(values(grep), decimals), 10)
                + Format.padLeft(Format.fixed(values(parse), decimals), 11) + Format.padLeft(Format.fixed(values(readParse), decimals), 16))
        }
        row("median", { $0.median / 1e6 })
        row("min", { $0.minimum / 1e6 })
        row("max", { $0.maximum / 1e6 })
        row("MB/s", { $0.megabytesPerSecond(bytes: bytes) }, decimals: 0)
        print("")
        let verdict = ratio >= Self.goal ? "meets" : "below"
        print("parse/grep throughput ratio (median): \(Format.fixed(ratio, 3))   (\(verdict) the goal of \(Format.fixed(Self.goal, 2)))")
        print("read+parse/grep throughput ratio (median): \(Format.fixed(readParseRatio, 3))   (for information)")
        print("")
        if let counts {
            print("work done (every round the same)")
            let grepLabel = "grep count (\(Kind.grepCounts))"
            // 27 columns fit the `foreach bt` labels; longer labels widen the column.
            let width = max(27, (counts.rows.map(\.label.count) + [grepLabel.count]).max()! + 2)
            print("  " + Format.padRight(grepLabel, width) + (grepCount.map(String.init) ?? "-"))
            for row in counts.rows { print("  " + Format.padRight(row.label, width) + row.value) }
        }
        let mismatches = mismatches
        print("check    " + (mismatches.isEmpty
            ? "ok: parsed counts and grep's count match what the generator wrote"
            : "MISMATCH (parsed/expected): " + mismatches.joined(separator: ", ")))
        print("peak RSS \(Format.mebibytes(peakRSS)) (this process: the file twice during read+parse, line index, transcript)")
    }

    // MARK: - JSON

    func json() -> String {
        var object = JSONObject()
        object.add("input", string: Kind.name)
        object.add("file", string: input.path)
        object.add("bytes", bytes)
        object.add("generator", raw: {
            var generator = JSONObject()
            generator.add("version", string: input.summary.version)
            generator.add("seed", string: String(input.summary.seed))
            generator.add("target_bytes", input.summary.target)
            generator.add("generated_seconds", input.generationSeconds)
            return generator.text
        }())
        object.add("rounds", options.rounds)
        object.add("warmup", options.warmup)
        object.add("grep", raw: samplesJSON(grep, extra: { $0.add("command", string: "LC_ALL=C \(grepPath) -c '\(Kind.grepPattern)' FILE") }))
        object.add("parse", raw: samplesJSON(parse))
        object.add("read_parse", raw: samplesJSON(readParse))
        object.add("parse_grep_ratio", ratio)
        object.add("read_parse_grep_ratio", readParseRatio)
        object.add("goal_ratio", Self.goal)
        object.add("grep_count", grepCount)
        if let counts { object.add("counts", raw: counts.json) }
        object.add("check", string: mismatches.isEmpty ? "ok" : mismatches.joined(separator: ", "))
        object.add("peak_rss_bytes", peakRSS)
        return object.text
    }

    private func samplesJSON(_ samples: Samples, extra: (inout JSONObject) -> Void = { _ in }) -> String {
        var object = JSONObject()
        extra(&object)
        object.add("times_ms", raw: "[" + samples.nanoseconds.map { Format.fixed(Double($0) / 1e6, 3) }.joined(separator: ", ") + "]")
        object.add("median_ms", samples.median / 1e6)
        object.add("min_ms", samples.minimum / 1e6)
        object.add("max_ms", samples.maximum / 1e6)
        object.add("mb_per_s", samples.megabytesPerSecond(bytes: bytes))
        return object.text
    }
}

/// Number and column formatting without Foundation.
enum Format {
    /// `value` with `decimals` digits after the point.
    static func fixed(_ value: Double, _ decimals: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value < 0 ? "-inf" : "inf") }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9e18 else { return String(value) }
        let units = Int(scaled)
        let whole = units / Int(scale)
        var text = (value < 0 && units != 0 ? "-" : "") + String(whole)
        if decimals > 0 {
            let fraction = String(units % Int(scale))
            text += "." + String(repeating: "0", count: decimals - fraction.count) + fraction
        }
        return text
    }

    static func mebibytes(_ bytes: Int) -> String { "\(fixed(Double(bytes) / 1_048_576, 1)) MiB" }

    static func padLeft(_ text: String, _ width: Int) -> String { String(repeating: " ", count: max(0, width - text.count)) + text }
    static func padRight(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: max(0, width - text.count)) }
}

/// A JSON object written field by field, in insertion order.
struct JSONObject {
    private var fields: [String] = []

    var text: String { "{" + fields.joined(separator: ", ") + "}" }

    mutating func add(_ key: String, raw: String) { fields.append("\(Self.quoted(key)): \(raw)") }
    mutating func add(_ key: String, string: String) { add(key, raw: Self.quoted(string)) }
    mutating func add(_ key: String, strings: [String]) { add(key, raw: "[" + strings.map(Self.quoted).joined(separator: ", ") + "]") }
    mutating func add(_ key: String, _ number: Int?) { add(key, raw: number.map(String.init) ?? "null") }
    mutating func add(_ key: String, _ number: Double?) {
        guard let number, number.isFinite else { return add(key, raw: "null") }
        add(key, raw: Format.fixed(number, 3))
    }

    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
