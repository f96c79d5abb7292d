import CrashSift

/// A session as engineers paste it: `crash> foreach bt` (half the size), then `crash> log`
/// (the other half); grep counts the frame lines. Made of the other two generators' texts,
/// so it is checked against both of their summaries.
enum MixedInput: GeneratedInput {
    typealias Summary = MixedSummary
    typealias Counts = MixedCounts

    static var name: String { InputChoice.mixed.rawValue }
    static var title: String { "`foreach bt` then `log`" }
    static var version: String { "m2-\(ForeachBtGenerator.version)-\(KernelLogGenerator.version)" }
    static var head: [UInt8] { ForeachBtInput.head }
    static var grepPattern: String { ForeachBtInput.grepPattern }
    static var grepCounts: String { ForeachBtInput.grepCounts }

    static func expectedGrepCount(_ summary: Summary) -> Int { summary.foreach.frames }

    static let logPrompt = Array("crash> log\n".utf8)
    static let barePrompt = Array("crash> \n".utf8)

    static func generate(seed: UInt64, target: Int, _ sink: ([UInt8]) throws -> Void) throws -> Summary {
        // Each part is generated whole in memory, its own trailer line dropped.
        func body(_ generate: (([UInt8]) throws -> Void) throws -> Void) throws -> [UInt8] {
            var bytes: [UInt8] = []
            try generate { bytes += $0 }
            if bytes.last == 0x0A { bytes.removeLast() }
            if let newline = bytes.lastIndex(of: 0x0A) { bytes.removeSubrange((newline + 1)...) }
            return bytes
        }
        let half = max(target / 2 - 256, 4096)
        var foreachSummary: ForeachBtGenerator.Summary?
        let foreach = try body { sink in
            var generator = ForeachBtGenerator(seed: seed, target: half)
            foreachSummary = try generator.generate(sink)
        }
        var logSummary: KernelLogGenerator.Summary?
        let log = try body { sink in
            var generator = KernelLogGenerator(seed: seed &+ 1, target: half)
            logSummary = try generator.generate(sink)
        }
        try sink(foreach)
        try sink(logPrompt)
        try sink(log)
        // A bare prompt ends `log`'s output, so the trailer is not read as a log record.
        try sink(barePrompt)
        let summary = MixedSummary(
            version: version, seed: seed, target: target, body: foreach.count + logPrompt.count + log.count + barePrompt.count,
            foreach: foreachSummary!, log: logSummary!
        )
        try sink(Array((MixedSummary.trailer(summary) + "\n").utf8))
        return summary
    }
}

/// What the mixed generator wrote: its own fields, then each part's summary.
struct MixedSummary: GeneratedSummary {
    var version: String
    var seed: UInt64
    var target: Int
    var body: Int
    var foreach: ForeachBtGenerator.Summary
    var log: KernelLogGenerator.Summary

    static let separator = " || "

    static func trailer(_ s: MixedSummary) -> String {
        "\(ForeachBtGenerator.trailerPrefix) generator=\(s.version) input=mixed seed=\(s.seed) target=\(s.target) body=\(s.body)"
            + separator + ForeachBtGenerator.trailer(s.foreach) + separator + KernelLogGenerator.trailer(s.log)
    }

    static func parse(trailer: String) -> MixedSummary? {
        let parts = trailer.components(separatedBy: separator)
        guard parts.count == 3, parts[0].hasPrefix(ForeachBtGenerator.trailerPrefix),
              let foreach = ForeachBtGenerator.parseTrailer(parts[1]), let log = KernelLogGenerator.parseTrailer(parts[2])
        else { return nil }
        var fields: [Substring: Substring] = [:]
        for word in parts[0].dropFirst(ForeachBtGenerator.trailerPrefix.count).split(separator: " ") {
            guard let equals = word.firstIndex(of: "=") else { return nil }
            fields[word[..<equals]] = word[word.index(after: equals)...]
        }
        guard fields["input"] == "mixed", let version = fields["generator"], let seed = fields["seed"].flatMap({ UInt64($0) }),
              let target = fields["target"].flatMap({ Int($0) }), let body = fields["body"].flatMap({ Int($0) })
        else { return nil }
        return MixedSummary(version: String(version), seed: seed, target: target, body: body, foreach: foreach, log: log)
    }
}

/// Both parts' counts, from the one transcript.
struct MixedCounts: ParsedCounting {
    var foreach: ForeachBtCounts
    var log: LogCounts

    init(_ transcript: Transcript) {
        foreach = ForeachBtCounts(transcript)
        log = LogCounts(transcript)
    }

    /// Each part's checks, without those that assume the other part is absent (the log
    /// expects no tasks; both count every line and unrecognized line of the whole input).
    func mismatches(against expected: MixedSummary) -> [String] {
        let crossChecks = ["tasks ", "fragments "]
        return foreach.mismatches(against: expected.foreach)
            + log.mismatches(against: expected.log).filter { mismatch in !crossChecks.contains { mismatch.hasPrefix($0) } }
    }

    var brief: String { foreach.brief + "; " + log.brief }
    var rows: [(label: String, value: String)] { foreach.rows + log.rows }
    var json: String { "{\"foreach\": \(foreach.json), \"log\": \(log.json)}" }
}
