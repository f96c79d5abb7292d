import CrashSift

/// The benchmark's three modes: the full alternating measurement, `--parse-only` (one parse,
/// for valgrind) and `--generate-only`, for whichever ``GeneratedInput`` `--input` chose.
enum Benchmark {
    static func main(_ arguments: [String]) -> Int32 {
        do {
            let options = try Options.parse(arguments)
            if options.help {
                print(Options.usage)
                return 0
            }
            if options.scan { return try ScanBenchmark.run(options) }
            if options.hostile { return try HostileInputBenchmark.run(options) }
            if options.analyze { measuredAnalyzer = try Analyzer.builtIn() }
            return switch options.input {
            case .foreachBt: try run(ForeachBtInput.self, options)
            case .log: try run(KernelLogInput.self, options)
            case .mixed: try run(MixedInput.self, options)
            }
        } catch {
            printError("crashsift-benchmark: \(error)")
            return 2
        }
    }

    static func run<Kind: GeneratedInput>(_ kind: Kind.Type, _ options: Options) throws -> Int32 {
        let input = try prepareInput(kind, options)
        if options.generateOnly {
            print(input.path)
            return 0
        }
        return options.parseOnly ? try parseOnly(input, options) : try measure(input, options)
    }

    // MARK: - The input file

    struct Input<Kind: GeneratedInput> {
        var path: String
        var summary: Kind.Summary
        /// How long generating took, or nil when an earlier run's file was reused.
        var generationSeconds: Double?
    }

    static func defaultPath<Kind: GeneratedInput>(_ kind: Kind.Type, _ options: Options) -> String {
        "\(FileIO.temporaryDirectory())/crashsift-benchmark-\(Kind.name)-\(Kind.version)-seed\(options.seed)-\(options.size).txt"
    }

    /// Reuses the file when its trailer matches this generator, seed and size; otherwise
    /// writes it, but never over a file this tool did not write.
    static func prepareInput<Kind: GeneratedInput>(_ kind: Kind.Type, _ options: Options) throws -> Input<Kind> {
        let path = options.file ?? defaultPath(kind, options)
        if FileIO.exists(path) {
            guard let existing = generatedSummary(kind, at: path) else {
                throw BenchmarkError("\(path) exists and was not written by crashsift-benchmark --input \(Kind.name) "
                    + "(or is damaged); it is not overwritten: remove it or pass another --file")
            }
            // `--file F` alone means "that file": its own size counts unless --size says otherwise.
            let sizeMatches = existing.target == options.size || (options.file != nil && !options.sizeGiven)
            if existing.version == Kind.version, existing.seed == options.seed, sizeMatches {
                return Input(path: path, summary: existing, generationSeconds: nil)
            }
        }
        if !options.json {
            printError("crashsift-benchmark: generating \(options.size) bytes of \(Kind.title) (seed \(options.seed)) into \(path)")
        }
        let start = monotonicNanoseconds()
        let writer = try FileIO.AtomicWriter(path: path)
        let summary = try Kind.generate(seed: options.seed, target: options.size) { try writer.write($0) }
        try writer.commit()
        return Input(path: path, summary: summary, generationSeconds: Double(monotonicNanoseconds() - start) / 1e9)
    }

    /// The summary in the file's trailer, if the file is complete and was written by this tool
    /// for this kind of input (any generator version).
    static func generatedSummary<Kind: GeneratedInput>(_ kind: Kind.Type, at path: String) -> Kind.Summary? {
        guard let size = FileIO.size(of: path),
              FileIO.head(path, count: Kind.head.count) == Kind.head,
              let tail = FileIO.tail(path, count: 2_048), tail.last == 0x0A
        else { return nil }
        let lastLine = tail.dropLast().split(separator: 0x0A, omittingEmptySubsequences: false).last ?? []
        guard let summary = Kind.Summary.parse(trailer: String(decoding: lastLine, as: UTF8.self)),
              summary.body + lastLine.count + 1 == size
        else { return nil }
        return summary
    }

    // MARK: - The measurement

    static func measure<Kind: GeneratedInput>(_ input: Input<Kind>, _ options: Options) throws -> Int32 {
        let bytes = try FileIO.read(input.path)
        let grep = try GrepCommand(file: input.path, pattern: Kind.grepPattern)
        var report = Report(input: input, options: options, bytes: bytes.count, grep: grep.executable, grepVersion: grep.version())
        if !options.json { report.printHeader() }

        for round in 0..<(options.warmup + options.rounds) {
            let measured = round >= options.warmup
            var times: [UInt64] = [0, 0, 0]
            // Rotate the order so that no kind always runs right after the same other one.
            for step in 0..<3 {
                let kind = (step + round) % 3
                switch kind {
                case 0:
                    let run = try grep.count()
                    times[0] = run.nanoseconds
                    try report.record(grepCount: run.count)
                case 1:
                    let start = monotonicNanoseconds()
                    let transcript = parseOnce(name: input.path, bytes: bytes)
                    times[1] = monotonicNanoseconds() - start
                    try report.record(Kind.Counts(transcript))
                default:
                    let start = monotonicNanoseconds()
                    let fresh = try FileIO.read(input.path)
                    let transcript = parseOnce(name: input.path, bytes: fresh)
                    times[2] = monotonicNanoseconds() - start
                    try report.record(Kind.Counts(transcript))
                }
            }
            if measured {
                report.grep.nanoseconds.append(times[0])
                report.parse.nanoseconds.append(times[1])
                report.readParse.nanoseconds.append(times[2])
            }
            if !options.json { report.printRound(round - options.warmup + 1, times, warmup: !measured) }
        }
        report.peakRSS = peakRSS()
        if options.json {
            print(report.json())
        } else {
            report.printSummary()
        }
        return report.mismatches.isEmpty ? 0 : 1
    }

    // MARK: - One parse, for valgrind

    static func parseOnly<Kind: GeneratedInput>(_ input: Input<Kind>, _ options: Options) throws -> Int32 {
        let bytes = try FileIO.read(input.path)
        let start = monotonicNanoseconds()
        let transcript = parseOnce(name: input.path, bytes: bytes)
        let elapsed = monotonicNanoseconds() - start
        let counts = Kind.Counts(transcript)
        let mismatches = counts.mismatches(against: input.summary)
        if options.json {
            var object = JSONObject()
            object.add("mode", string: "parse-only")
            object.add("input", string: Kind.name)
            object.add("file", string: input.path)
            object.add("bytes", bytes.count)
            object.add("parse_ms", Double(elapsed) / 1e6)
            object.add("counts", raw: counts.json)
            object.add("check", string: mismatches.isEmpty ? "ok" : mismatches.joined(separator: ", "))
            object.add("peak_rss_bytes", peakRSS())
            print(object.text)
        } else {
            print("file     \(input.path) (\(bytes.count) bytes)")
            print("parse    \(Format.fixed(Double(elapsed) / 1e6, 1)) ms once "
                + "(\(Format.fixed(Double(bytes.count) / 1e6 / (Double(elapsed) / 1e9), 1)) MB/s; one run, not a benchmark)")
            print("parsed   \(counts.brief)")
            print("check    \(mismatches.isEmpty ? "ok: the counts match what the generator wrote" : "MISMATCH " + mismatches.joined(separator: ", "))")
            print("peak RSS \(Format.mebibytes(peakRSS()))")
        }
        return mismatches.isEmpty ? 0 : 1
    }
}
