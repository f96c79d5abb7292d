import CrashSiftInputs
import CrashSiftModel
import CrashSiftRules
import CrashSiftText
import Foundation

/// Outcomes a scan has already computed (the `--index` of `crashsift scan`): an input whose
/// file or content is unchanged is not analysed again.
public protocol ScanOutcomeStore: Sendable {
    /// The stored outcome of the file at `path` if its size and modification time are unchanged.
    func outcome(path: String, size: Int, modified: Date) -> ScanOutcome?
    /// The stored outcome of input `path` with exactly this content.
    func outcome(path: String, sha256: String) -> ScanOutcome?
    /// Keeps `outcome` (new, or `reused` from an earlier scan) for the next scan.
    func record(_ outcome: ScanOutcome, size: Int?, modified: Date?, reused: Bool)
}

/// Analyses many inputs — files, folders, compressed files and archives — on every core, one
/// outcome per input, in input order.
///
/// ```swift
/// let scanner = CaseScanner(analyzer: try .builtIn(), options: .init(jobs: 8))
/// for await outcome in scanner.outcomes(paths: ["cases/"]) { print(outcome.jsonLine) }
/// ```
public struct CaseScanner: Sendable {
    public struct Options: Sendable {
        /// Inputs analysed at once (default: every core).
        public var jobs: Int
        /// Inputs larger than this (after decompression) are skipped.
        public var maximumSize: Int
        /// Only files whose path matches one of these globs (all files when empty).
        public var include: [String]
        /// Files whose path matches one of these globs are left out.
        public var exclude: [String]
        /// Only the inputs of this shard.
        public var shard: ScanShard?

        public init(
            jobs: Int = ProcessInfo.processInfo.activeProcessorCount, maximumSize: Int = 1 << 30,
            include: [String] = [], exclude: [String] = [], shard: ScanShard? = nil
        ) {
            self.jobs = max(1, jobs)
            self.maximumSize = maximumSize
            self.include = include
            self.exclude = exclude
            self.shard = shard
        }
    }

    /// One outcome and how it came about.
    public struct Result: Sendable {
        public var outcome: ScanOutcome
        /// Taken from the store, not analysed in this scan.
        public var reused: Bool
        /// Inputs found so far (all of them once ``walkFinished``).
        public var found: Int
        public var walkFinished: Bool
    }

    public let analyzer: Analyzer
    public let options: Options
    public let store: (any ScanOutcomeStore)?

    public init(analyzer: Analyzer, options: Options = Options(), store: (any ScanOutcomeStore)? = nil) {
        self.analyzer = analyzer
        self.options = options
        self.store = store
    }

    /// The outcome of every input under `paths`, in input order.
    public func outcomes(paths: [String]) -> AsyncMapSequence<AsyncStream<Result>, ScanOutcome> {
        results(paths: paths).map(\.outcome)
    }

    /// The outcome of every input under `paths`, in input order, with how it came about.
    ///
    /// At most `jobs` inputs are analysed at once and at most `2 × jobs` are held (read, or
    /// done but waiting for an earlier one), so memory stays bounded whatever the number of
    /// files. Cancelling the consuming task stops the scan after the inputs in progress.
    public func results(paths: [String]) -> AsyncStream<Result> {
        let scanner = self
        return AsyncStream { continuation in
            let work = Task {
                await scanner.run(paths: paths) { continuation.yield($0) }
                continuation.finish()
            }
            continuation.onTermination = { _ in work.cancel() }
        }
    }

    private func run(paths: [String], emit: (Result) -> Void) async {
        var walker = InputWalker(paths: paths, options: InputWalker.Options(
            include: options.include, exclude: options.exclude, maximumSize: options.maximumSize
        ))
        let window = options.jobs * 2
        await withTaskGroup(of: (Int, ScanOutcome, Bool).self) { group in
            var found = 0
            var walkFinished = false
            var started = 0
            var emitted = 0
            var done: [Int: (ScanOutcome, Bool)] = [:]

            func nextInput() -> ScanInput? {
                while let input = walker.next() {
                    if let shard = options.shard, !shard.contains(input.name) { continue }
                    found += 1
                    return input
                }
                walkFinished = true
                return nil
            }

            while true {
                // Start inputs while there is room: fewer than `jobs` running and fewer than
                // `window` held.
                while !walkFinished, !Task.isCancelled, started - emitted < window, started - emitted - done.count < options.jobs {
                    guard let input = nextInput() else { break }
                    let position = started
                    started += 1
                    group.addTask { [self] in
                        let (outcome, reused) = self.scan(input)
                        return (position, outcome, reused)
                    }
                }
                guard let (position, outcome, reused) = await group.next() else { break }
                done[position] = (outcome, reused)
                while let (outcome, reused) = done.removeValue(forKey: emitted) {
                    emitted += 1
                    emit(Result(outcome: outcome, reused: reused, found: found, walkFinished: walkFinished))
                }
            }
        }
    }

    // MARK: One input

    /// The outcome of one input; never throws, never loses it.
    func scan(_ input: ScanInput) -> (ScanOutcome, reused: Bool) {
        let start = ContinuousClock.now
        func elapsed() -> Double {
            let duration = ContinuousClock.now - start
            return Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
        }
        func problem(_ problem: InputProblem) -> ScanOutcome {
            ScanOutcome(
                path: input.name, status: problem.disposition == .skipped ? .skipped : .failed, reason: problem.reason,
                size: problem.size, elapsedMs: elapsed()
            )
        }

        var fileInfo: (size: Int, modified: Date)?
        if case .file(let path, _) = input.source, let store,
           let attributes = try? FileManager.default.attributesOfItem(atPath: path),
           let size = (attributes[.size] as? NSNumber)?.intValue, let modified = attributes[.modificationDate] as? Date {
            fileInfo = (size, modified)
            if let known = store.outcome(path: input.name, size: size, modified: modified) {
                store.record(known, size: size, modified: modified, reused: true)
                return (known, true)
            }
        }

        let bytes: [UInt8]
        do {
            bytes = try input.read(maximumSize: options.maximumSize)
        } catch {
            let outcome = problem(error)
            store?.record(outcome, size: fileInfo?.size, modified: fileInfo?.modified, reused: false)
            return (outcome, false)
        }
        let sha256 = SHA256.hex(of: bytes)
        var outcome: ScanOutcome
        if bytes.isEmpty {
            outcome = ScanOutcome(path: input.name, status: .skipped, reason: "empty", size: 0, sha256: sha256)
        } else if ScanInput.looksBinary(bytes) {
            outcome = ScanOutcome(path: input.name, status: .skipped, reason: "binary: not text", size: bytes.count, sha256: sha256)
        } else if let known = store?.outcome(path: input.name, sha256: sha256) {
            store?.record(known, size: fileInfo?.size, modified: fileInfo?.modified, reused: true)
            return (known, true)
        } else {
            let source = SourceFile(name: input.name, bytes: bytes)
            let analysis = analyzer.analyze(source)
            outcome = Self.outcome(of: analysis, source: source, sha256: sha256)
        }
        if outcome.status == .analyzed, outcome.date == nil, case .file(let path, _) = input.source,
           let modified = fileInfo?.modified ?? (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date {
            outcome.date = CaseDate.day(of: modified)
            outcome.dateFrom = .file
        }
        outcome.elapsedMs = elapsed()
        store?.record(outcome, size: fileInfo?.size, modified: fileInfo?.modified, reused: false)
        return (outcome, false)
    }

    /// The outcome of an analysed input.
    static func outcome(of analysis: Analysis, source: SourceFile, sha256: String) -> ScanOutcome {
        let firstSeen = firstDate(of: analysis.transcript, source: source)
        // The case's day: a dated log record's, else the dump's (`sys` DATE); the file's
        // modification day is filled in by the caller, which knows the file.
        var date: (String, CaseDate.Source)?
        if let day = firstSeen.flatMap(CaseDate.day(of:)) {
            date = (day, .log)
        } else if let day = analysis.transcript.systems.lazy.compactMap(\.date).compactMap(CaseDate.day(of:)).first {
            date = (day, .sys)
        }
        return ScanOutcome(
            path: source.name, status: .analyzed, size: source.bytes.count, sha256: sha256,
            findings: analysis.findings.map { finding in
                ScanOutcome.FindingSummary(
                    rule: finding.rule, severity: finding.severity.rawValue, confidence: finding.confidence.rawValue, message: finding.message
                )
            },
            reports: analysis.reports.map { report in
                ScanOutcome.ReportSummary(kind: report.kind.rawValue, title: report.title, line: report.line, fingerprint: Fingerprint.report(report))
            },
            fingerprint: Fingerprint.case(analysis),
            diagnosticsCount: analysis.transcript.diagnostics.count,
            firstSeen: firstSeen, date: date?.0, dateFrom: date?.1
        )
    }

    /// The date of the first log record that prints one (`log -T`, syslog, journal), as printed.
    static func firstDate(of transcript: Transcript, source: SourceFile) -> String? {
        guard let range = transcript.log.records.lazy.compactMap(\.date).first else { return nil }
        return String(decoding: transcript.text(of: source).bytes[range], as: UTF8.self)
    }
}
