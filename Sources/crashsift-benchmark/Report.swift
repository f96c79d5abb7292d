/// Collects the measurements and prints them as text or JSON.
struct Report {
    let input: Benchmark.Input
    let options: Options
    let bytes: Int
    let grepPath: String
    let grepVersion: String

    var grep = Samples()
    var parse = Samples()
    var readParse = Samples()
    var grepCount: Int?
    var counts: ParsedCounts?
    var peakRSS = 0

    /// Target from the issue: parse throughput at least a quarter of grep's.
    static let goal = 0.25

    init(input: Benchmark.Input, options: Options, bytes: Int, grep: String, grepVersion: String) {
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

    mutating func record(_ parsed: ParsedCounts) throws {
        if let counts, counts != parsed { throw BenchmarkError("two parses of the same bytes gave different results") }
        counts = parsed
    }

    /// What does not match: the generator's counts, and grep's count against the frames.
    var mismatches: [String] {
        guard let counts else { return ["nothing parsed"] }
        var found = counts.mismatches(against: input.summary)
        if let grepCount, grepCount != input.summary.frames { found.append("grep count \(grepCount)/\(input.summary.frames)") }
        return found
    }

    // MARK: - Text

    func printHeader() {
        let origin = input.generationSeconds.map { "generated in \(Self.fixed($0, 1)) s" } ?? "reused"
        print("crashsift-benchmark: parse `foreach bt` into the model vs `LC_ALL=C grep -c '\(GrepCommand.pattern)'`")
        print("file     \(input.path)")
        print("         \(bytes) bytes (\(Self.fixed(Double(bytes) / 1e6, 1)) MB), \(origin); generator \(input.summary.version), seed \(input.summary.seed)")
        print("grep     \(grepPath) (\(grepVersion)), a child process, stdout to a pipe")
        print("parse    TranscriptParser.parse(SourceFile(name:bytes:)) on bytes already in memory; one core")
        print("rounds   \(options.rounds) measured after \(options.warmup) warm-up; order rotates each round")
        print("")
        print("round     grep ms   parse ms   read+parse ms   parse/grep")
    }

    func printRound(_ number: Int, _ times: [UInt64], warmup: Bool) {
        let label = warmup ? "warm-up" : String(number)
        let ratio = Double(times[0]) / Double(times[1])
        print(Self.padRight(label, 7) + Self.padLeft(Self.fixed(Double(times[0]) / 1e6, 1), 10)
            + Self.padLeft(Self.fixed(Double(times[1]) / 1e6, 1), 11) + Self.padLeft(Self.fixed(Double(times[2]) / 1e6, 1), 16)
            + Self.padLeft(Self.fixed(ratio, 3), 13))
    }

    func printSummary() {
        func row(_ label: String, _ values: (Samples) -> Double, decimals: Int = 1) {
            print(Self.padRight(label, 7) + Self.padLeft(Self.fixed(values(grep), decimals), 10)
                + Self.padLeft(Self.fixed(values(parse), decimals), 11) + Self.padLeft(Self.fixed(values(readParse), decimals), 16))
        }
        row("median", { $0.median / 1e6 })
        row("min", { $0.minimum / 1e6 })
        row("max", { $0.maximum / 1e6 })
        row("MB/s", { $0.megabytesPerSecond(bytes: bytes) }, decimals: 0)
        print("")
        let verdict = ratio >= Self.goal ? "meets" : "below"
        print("parse/grep throughput ratio (median): \(Self.fixed(ratio, 3))   (\(verdict) the goal of \(Self.fixed(Self.goal, 2)))")
        print("read+parse/grep throughput ratio (median): \(Self.fixed(readParseRatio, 3))   (for information)")
        print("")
        if let counts {
            print("work done (every round the same)")
            print("  grep count (frame lines)   \(grepCount.map(String.init) ?? "-")")
            print("  lines                      \(counts.lines)")
            print("  tasks                      \(counts.tasks)")
            print("  frames                     \(counts.frames)")
            print("  register dumps             \(counts.exceptions)")
            print("  registers                  \(counts.registers)")
            print("  stack separators           \(counts.separators)")
            print("  frames with a module       \(counts.moduleFrames)")
            print("  unrecognized lines         \(counts.unrecognized)")
            print("  diagnostics                \(counts.diagnostics)")
            print("  checksum                   \(counts.checksum)")
        }
        let mismatches = mismatches
        print("check    " + (mismatches.isEmpty
            ? "ok: parsed counts and grep's count match what the generator wrote"
            : "MISMATCH (parsed/expected): " + mismatches.joined(separator: ", ")))
        print("peak RSS \(Self.mebibytes(peakRSS)) (this process: the file twice during read+parse, line index, transcript)")
    }

    // MARK: - JSON

    func json() -> String {
        var object = JSONObject()
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
        object.add("grep", raw: samplesJSON(grep, extra: { $0.add("command", string: "LC_ALL=C \(grepPath) -c '\(GrepCommand.pattern)' FILE") }))
        object.add("parse", raw: samplesJSON(parse))
        object.add("read_parse", raw: samplesJSON(readParse))
        object.add("parse_grep_ratio", ratio)
        object.add("read_parse_grep_ratio", readParseRatio)
        object.add("goal_ratio", Self.goal)
        object.add("grep_count", grepCount)
        if let counts { object.add("counts", raw: Self.countsJSON(counts)) }
        object.add("check", string: mismatches.isEmpty ? "ok" : mismatches.joined(separator: ", "))
        object.add("peak_rss_bytes", peakRSS)
        return object.text
    }

    private func samplesJSON(_ samples: Samples, extra: (inout JSONObject) -> Void = { _ in }) -> String {
        var object = JSONObject()
        extra(&object)
        object.add("times_ms", raw: "[" + samples.nanoseconds.map { Self.fixed(Double($0) / 1e6, 3) }.joined(separator: ", ") + "]")
        object.add("median_ms", samples.median / 1e6)
        object.add("min_ms", samples.minimum / 1e6)
        object.add("max_ms", samples.maximum / 1e6)
        object.add("mb_per_s", samples.megabytesPerSecond(bytes: bytes))
        return object.text
    }

    static func countsJSON(_ counts: ParsedCounts) -> String {
        var object = JSONObject()
        object.add("lines", counts.lines)
        object.add("tasks", counts.tasks)
        object.add("frames", counts.frames)
        object.add("register_dumps", counts.exceptions)
        object.add("registers", counts.registers)
        object.add("stack_separators", counts.separators)
        object.add("module_frames", counts.moduleFrames)
        object.add("unrecognized_lines", counts.unrecognized)
        object.add("diagnostics", counts.diagnostics)
        object.add("checksum", string: String(counts.checksum))
        return object.text
    }

    // MARK: - Formatting without Foundation

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
    mutating func add(_ key: String, _ number: Int?) { add(key, raw: number.map(String.init) ?? "null") }
    mutating func add(_ key: String, _ number: Double?) {
        guard let number, number.isFinite else { return add(key, raw: "null") }
        add(key, raw: Report.fixed(number, 3))
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
