import CrashSift
import CrashSiftTestSupport
import Foundation
import Testing

// The code of the DocC catalog (Sources/CrashSift/CrashSift.docc) and of README.md. Every
// ```swift block of its articles and of the README is quoted from one region below, between
// `// docc: <name>` and `// docc-end`, so the compiler checks it; `DocCExamplesTests` fails for a block that is in no region, and
// runs the regions on the samples. This file imports CrashSift without `@testable`, so the
// examples use only what an embedding program can.

// MARK: - TheModel.md

// docc: model-parse
func parseExamples(path: String, text: String) throws -> [Transcript] {
    // A file (or "-" for standard input), read as bytes; its lines are indexed once.
    let source = try SourceFile.read(path: path)
    let transcript = TranscriptParser.parse(source)

    // Text already in memory: a ticket's attachment, a chat paste.
    let pasted = TranscriptParser.parse(text, name: "ticket-1234.txt")
    return [transcript, pasted]
}
// docc-end

// docc: model-stacks
/// One line per stack segment of every task: the stack, then its functions, innermost first.
func stackLines(of transcript: Transcript) -> [String] {
    var lines: [String] = []
    for task in transcript.tasks {
        let backtrace = task.backtrace
        for segment in backtrace.segments {
            let functions = backtrace.frames[segment.frames].map(\.function)
            lines.append("PID \(task.pid) on \(segment.kind): " + functions.joined(separator: " < "))
        }
        if backtrace.isPartial {
            lines.append("PID \(task.pid): partial (lines cut out, or the paste ends inside it)")
        }
    }
    return lines
}
// docc-end

// docc: model-registers
/// Where the exception frames of `task` interrupted it, with the saved instruction pointer.
func interruptions(of task: KernelTask) -> [(symbol: String, rip: HexNumber?)] {
    let dumps = task.backtrace.frames.compactMap(\.exception) + task.backtrace.exceptionFrames
    return dumps.map { dump in
        (dump.symbol ?? "?", dump.registers["RIP"]?.value.number)
    }
}
// docc-end

// docc: model-log
/// Each failure report of the log (its kind, line and title), then its first record in full.
func reportLines(of transcript: Transcript, source: SourceFile) -> [String] {
    let text = transcript.text(of: source)  // the repaired text, when the paste was repaired
    var lines: [String] = []
    for report in transcript.log.reports where !report.isInformational {
        lines.append("\(report.kind) at line \(report.line): \(report.title)")
        if let first = report.records.first {
            lines.append("  " + LogText.text(of: transcript.log.records[first], in: text))
        }
    }
    return lines
}
// docc-end

// docc: model-accounting
/// How many lines have each role: the counts add up to the number of input lines.
func roleCounts(of transcript: Transcript) -> [LineRole: Int] {
    var counts: [LineRole: Int] = [:]
    for role in transcript.lineRoles {
        counts[role, default: 0] += 1
    }
    return counts
}

/// The warnings and errors, as a compiler prints them: `33:1: warning: … [id]`.
func problems(in transcript: Transcript) -> [String] {
    transcript.diagnostics.filter { $0.severity >= .warning }.map(\.description)
}
// docc-end

// MARK: - EmbeddingTheAnalyzer.md

// docc: embed-analyze
func analyzeFile(path: String) throws -> (Analysis, SourceFile) {
    let analyzer = try Analyzer.builtIn()     // load the catalogue once, analyse many inputs
    let source = try SourceFile.read(path: path)
    let analysis = analyzer.analyze(source)   // never throws: bad text gives diagnostics
    return (analysis, source)
}
// docc-end

// docc: embed-findings
/// Each finding: what, how sure, the lines that show it, and what would show more.
func describe(_ analysis: Analysis) -> [String] {
    var lines: [String] = []
    for finding in analysis.findings {
        lines.append("\(finding.severity) (\(finding.confidence)) \(finding.rule): \(finding.title)")
        for evidence in finding.evidence {
            lines.append("  \(evidence.clause), line \(evidence.line): \(evidence.text)")
        }
        for missing in finding.missing {
            lines.append("  not shown: \(missing.says) (run \(missing.confirmWith.joined(separator: ", ")))")
        }
        lines += finding.notes.map { "  note: \($0)" }
    }
    return lines
}
// docc-end

// docc: embed-render
func render(_ analysis: Analysis, source: SourceFile) -> (json: String, text: String, fingerprint: String) {
    let document = AnalysisDocument.json(for: analysis, source: source)  // crashsift.analyze/1
    let json = document.serialized()                  // pretty; serialized(pretty: false) for one line
    let text = AnalysisText.render(analysis, source: source, options: .init(verbose: true))
    let fingerprint = Fingerprint.case(analysis)      // "v1:…", the document's "fingerprint"
    return (json, text, fingerprint)
}
// docc-end

// docc: embed-rule-files
/// The built-in rules and the user's rule files or folders. A bad file throws a
/// `RuleError` naming its file, line and column; an input never does.
func makeAnalyzer(ruleFiles: [String]) throws(RuleError) -> Analyzer {
    let catalog = try RuleCatalog.builtIn().adding(try RuleCatalog.load(paths: ruleFiles))
    return Analyzer(catalog: catalog)
}
// docc-end

// docc: embed-failures
/// The rules that could not be evaluated on this input (a pattern hit PCRE2's limits).
func failureNotes(_ analysis: Analysis) -> [String] {
    analysis.failures.map { failure in
        "rule \(failure.rule) was not evaluated: \(failure.message)"
    }
}
// docc-end

// MARK: - WritingRules.md

// docc: rules-load
func userCatalog(paths: [String], packageRoot: URL) throws(RuleError) -> (RuleCatalog, testReport: String) {
    let rules = try RuleCatalog.load(paths: paths)          // .yaml/.yml files, or folders of them
    let catalog = try RuleCatalog.builtIn().adding(rules)   // an id used twice is a RuleError
    // What `crashsift rules test` prints: every example of every rule, pass or FAIL.
    let testReport = RuleText.testReport(rules.map { ($0, RuleTester.test($0, root: packageRoot)) })
    return (catalog, testReport)
}
// docc-end

// MARK: - ScanningArchives.md

// docc: scan-outcomes
/// Scans `paths` (files, folders, .gz/.xz files, tar archives) and writes one JSON line
/// per input, in input order; returns what the scan found, counted.
func scan(_ paths: [String], jobs: Int, write: (String) -> Void) async throws -> ScanSummary {
    let scanner = CaseScanner(analyzer: try .builtIn(), options: .init(jobs: jobs))
    var summary = ScanSummary.Builder()
    for await outcome in scanner.outcomes(paths: paths) {
        write(outcome.jsonLine)  // {"schema":"crashsift.scan/1","path":…,"status":"analyzed",…}
        summary.add(outcome)     // counts as it goes: the outcomes need not be kept
    }
    return summary.summary
}
// docc-end

// docc: scan-results
/// The inputs that were not analysed and why, with progress as the scan goes.
func problems(scanning paths: [String], with scanner: CaseScanner, progress: (String) -> Void) async -> [String] {
    var problems: [String] = []
    for await result in scanner.results(paths: paths) {
        let outcome = result.outcome
        progress("\(outcome.path) (\(result.found)\(result.walkFinished ? "" : "+") inputs found)")
        switch outcome.status {
        case .analyzed: break
        case .skipped, .failed: problems.append("\(outcome.path): \(outcome.status), \(outcome.reason ?? "")")
        }
    }
    return problems
}
// docc-end

// docc: scan-shards
/// The outcomes of one shard (`--shard K/N`): every machine agrees which inputs are its own.
func scanShard(_ text: String, of paths: [String], analyzer: Analyzer) async -> [ScanOutcome] {
    guard let shard = ScanShard(text) else { return [] }  // "1/4"; nil unless 0 ≤ K < N
    let scanner = CaseScanner(analyzer: analyzer, options: .init(jobs: 2, shard: shard))
    var outcomes: [ScanOutcome] = []
    for await outcome in scanner.outcomes(paths: paths) {
        outcomes.append(outcome)
    }
    return outcomes
}

/// The summary of the JSON lines the shards wrote, as `crashsift summarize` makes it.
func summarize(lines: [String]) throws(ScanLineError) -> ScanSummary {
    var summary = ScanSummary.Builder()
    for line in lines {
        if case .outcome(let outcome) = try ScanOutcome.decode(line: line) {
            summary.add(outcome)
        }
    }
    return summary.summary
}
// docc-end

// MARK: - The tests

/// The catalog's code is code this file compiles, and it does what the articles say.
@Suite struct DocCExamplesTests {
    static let catalog = PackagePaths.root.appendingPathComponent("Sources/CrashSift/CrashSift.docc")
    static let articles = ["CrashSift.md", "TheModel.md", "WritingRules.md", "EmbeddingTheAnalyzer.md", "ScanningArchives.md"]
    static let seed = PackagePaths.samples.appendingPathComponent("rhel7-rt-csd-deadlock.article.txt")

    // MARK: The blocks are regions of this file

    /// A fenced code block of an article: its language, its first line's number, its lines.
    struct Block {
        var language: String
        var line: Int
        var lines: [String]
    }

    /// The fenced blocks of a Markdown text (fences may be indented, as in list items).
    static func blocks(in markdown: String) -> [Block] {
        var blocks: [Block] = []
        var open: Block?
        for (number, line) in markdown.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if var block = open {
                if trimmed == "```" {
                    blocks.append(block)
                    open = nil
                } else {
                    block.lines.append(String(line))
                    open = block
                }
            } else if trimmed.hasPrefix("```") {
                open = Block(language: String(trimmed.dropFirst(3)).trimmingCharacters(in: .whitespaces), line: number + 1, lines: [])
            }
        }
        return blocks
    }

    /// The `// docc: name` … `// docc-end` regions of this file, by name, in order.
    static func regions() throws -> [(name: String, lines: [String])] {
        let text = try String(contentsOf: URL(fileURLWithPath: #filePath), encoding: .utf8)
        var regions: [(name: String, lines: [String])] = []
        var current: (name: String, lines: [String])?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("// docc: ") {
                current = (String(trimmed.dropFirst("// docc: ".count)), [])
            } else if trimmed == "// docc-end", let region = current {
                regions.append(region)
                current = nil
            } else if current != nil {
                current!.lines.append(String(line))
            }
        }
        return regions
    }

    static func trimmingTrailingWhitespace(_ line: String) -> String {
        String(line.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }

    /// `block` without its common indentation, trailing whitespace, and blank first and last lines.
    static func normalized(_ block: [String]) -> [String] {
        var lines = block.map(trimmingTrailingWhitespace)
        while lines.first?.isEmpty == true { lines.removeFirst() }
        while lines.last?.isEmpty == true { lines.removeLast() }
        let indent = lines.filter { !$0.isEmpty }.map { $0.prefix { $0 == " " }.count }.min() ?? 0
        return lines.map { $0.isEmpty ? $0 : String($0.dropFirst(indent)) }
    }

    /// True when `block` (normalized) is a run of consecutive lines of `region`, all indented
    /// by the same spaces.
    static func region(_ region: [String], contains block: [String]) -> Bool {
        let lines = region.map(trimmingTrailingWhitespace)
        guard let first = block.first, !block.isEmpty, lines.count >= block.count else { return false }
        for start in 0...(lines.count - block.count) where lines[start].hasSuffix(first) {
            let indent = String(lines[start].dropLast(first.count))
            guard indent.allSatisfy({ $0 == " " }) else { continue }
            let matches = block.indices.allSatisfy { offset in
                block[offset].isEmpty ? lines[start + offset].isEmpty : lines[start + offset] == indent + block[offset]
            }
            if matches { return true }
        }
        return false
    }

    @Test func everySwiftBlockOfTheCatalogIsCompiledHere() throws {
        let regions = try Self.regions()
        #expect(regions.count >= 10)
        #expect(Set(regions.map(\.name)).count == regions.count, "two regions share a name")
        var quoted: Set<String> = []
        var swiftBlocks = 0
        let files = PackagePaths.files(in: Self.catalog) { $0.hasSuffix(".md") }
        #expect(files.map(\.lastPathComponent).sorted() == Self.articles.sorted())
        // The README's "Using the library" quotes the same regions.
        for file in files + [PackagePaths.root.appendingPathComponent("README.md")] {
            let article = file.lastPathComponent
            let blocks = Self.blocks(in: try String(contentsOf: file, encoding: .utf8)).filter { $0.language == "swift" }
            if article != "CrashSift.md" {
                #expect(!blocks.isEmpty, "\(article) has no swift block")
            }
            for block in blocks {
                swiftBlocks += 1
                let lines = Self.normalized(block.lines)
                let firstLine = lines.first ?? "(empty)"
                guard let region = regions.first(where: { Self.region($0.lines, contains: lines) }) else {
                    Issue.record("\(article):\(block.line): the swift block starting `\(firstLine)` is in no `// docc:` region of DocCExamplesTests.swift")
                    continue
                }
                quoted.insert(region.name)
            }
        }
        #expect(swiftBlocks >= 10)
        // A region no article quotes any more is stale: remove it, or quote it again.
        for region in regions where !quoted.contains(region.name) {
            Issue.record("the region `\(region.name)` is quoted by no article")
        }
    }

    /// The check itself: a block must match lines of a region exactly, whatever their indentation.
    @Test func aBlockMatchesOnlyConsecutiveLinesOfARegion() {
        let region = ["func f() {", "    let a = 1", "", "    let b = a + 1  ", "}"]
        #expect(Self.region(region, contains: Self.normalized(["  let a = 1", "", "  let b = a + 1"])))
        #expect(Self.region(region, contains: Self.normalized(["func f() {", "    let a = 1"])))
        #expect(!Self.region(region, contains: Self.normalized(["let a = 1", "let b = a + 1"])))
        #expect(!Self.region(region, contains: Self.normalized(["let a = 2"])))
        #expect(!Self.region(region, contains: Self.normalized(["let a = 1", "  let b = a + 1"])))
        let markdown = "Text\n\n  ```swift\n  let x = 1\n  ```\n\n```yaml\nid: a\n```\n"
        let blocks = Self.blocks(in: markdown)
        #expect(blocks.map(\.language) == ["swift", "yaml"])
        #expect(blocks.first?.line == 3)
        #expect(Self.normalized(blocks.first?.lines ?? []) == ["let x = 1"])
    }

    // MARK: TheModel.md

    @Test func theModelExamples() throws {
        let transcripts = try parseExamples(path: Self.seed.path, text: "crash> bt\nPID: 1  TASK: ffff88803f652100  CPU: 0   COMMAND: \"init\"\n")
        #expect(transcripts.map(\.source) == [Self.seed.path, "ticket-1234.txt"])
        #expect(transcripts[1].tasks.map(\.pid) == [1])
        let transcript = transcripts[0]

        let stacks = stackLines(of: transcript)
        #expect(stacks.first == "PID 425416 on nmi: crash_nmi_callback < nmi_handle < do_nmi < end_repeat_nmi")
        #expect(stacks.dropFirst().first == "PID 425416 on process: generic_exec_single < smp_call_function_single < smp_call_function_many < native_flush_tlb_others")
        #expect(stacks.dropFirst(2).first == "PID 425416: partial (lines cut out, or the paste ends inside it)")

        let first = try #require(transcript.tasks.first)
        let stops = interruptions(of: first)
        #expect(stops.map(\.symbol) == ["generic_exec_single+0xfa"])
        #expect(stops.first?.rip == HexNumber("ffffffff83306d6a"))

        let source = SourceFile(name: Self.seed.path, bytes: try PackagePaths.bytes(of: Self.seed))
        let reports = reportLines(of: transcript, source: source)
        #expect(reports.first == "rcu-stall at line 75: INFO: rcu detected stall in smp_call_function")
        #expect(reports.dropFirst().first?.hasPrefix("  INFO: rcu_preempt self-detected stall on CPU") == true)
        #expect(reports.contains("panic at line 103: kernel panic: RCU Stall"))

        let counts = roleCounts(of: transcript)
        #expect(counts.values.reduce(0, +) == transcript.lineCount)
        #expect(counts[.prose, default: 0] > 0 && counts[.parsed, default: 0] > 0 && counts[.elision, default: 0] > 0)
        #expect(counts[.unrecognized, default: 0] == transcript.unrecognized.count)
        #expect(problems(in: transcript).count == transcript.diagnostics.filter { $0.severity != .note }.count)
        #expect(problems(in: transcript).allSatisfy { $0.hasSuffix("]") && ($0.contains(": warning: ") || $0.contains(": error: ")) })
    }

    // MARK: EmbeddingTheAnalyzer.md

    @Test func theSeedGivesItsConfirmedFinding() throws {
        let (analysis, source) = try analyzeFile(path: Self.seed.path)
        let finding = try #require(analysis.findings.first)
        #expect(finding.rule == "rt-csd-preempted-before-ipi")
        #expect(finding.confidence == .confirmed)
        #expect(analysis.failures.isEmpty)

        let lines = describe(analysis)
        #expect(lines.first?.hasPrefix("critical (confirmed) rt-csd-preempted-before-ipi: RT kernel deadlock") == true)
        #expect(lines.contains("  rcu-stall-panic, line 103:     [32801109.627240] Kernel panic - not syncing: RCU Stall"))

        let (json, text, fingerprint) = render(analysis, source: source)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(document["schema"] as? String == "crashsift.analyze/1")
        #expect(document["fingerprint"] as? String == fingerprint)
        #expect(fingerprint.hasPrefix("v1:"))
        #expect(text.contains("CRITICAL (confirmed)"))
        #expect(text.contains("rule rt-csd-preempted-before-ipi"))
        #expect(failureNotes(analysis).isEmpty)
    }

    /// A missing rule file and a broken one throw a `RuleError` naming the place; a rule whose
    /// pattern backtracks without end fails on one input, and the others still run.
    @Test func ruleFilesAndRuleFailures() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("crashsift-docc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }

        let missing = folder.appendingPathComponent("none.yaml").path
        let notThere = #expect(throws: RuleError.self) { _ = try makeAnalyzer(ruleFiles: [missing]) }
        #expect(notThere?.file == missing)
        #expect(notThere?.message == "no such file or folder")
        let broken = folder.appendingPathComponent("broken.yaml")
        try "id: broken\ntitle: x\nseverity: urgent\n".write(to: broken, atomically: true, encoding: .utf8)
        let bad = #expect(throws: RuleError.self) { _ = try makeAnalyzer(ruleFiles: [broken.path]) }
        #expect(bad?.file == broken.path)
        #expect(bad?.line == 3)
        #expect(bad?.message.hasPrefix("unknown severity 'urgent'") == true)
        try FileManager.default.removeItem(at: broken)

        let slow = folder.appendingPathComponent("slow-words.yaml")
        try """
            id: slow-words
            title: "A pattern that backtracks catastrophically"
            severity: low
            clauses:
              - id: wordy
                required: true
                says: 'a line of words'
                log:
                  record: '\\] (?:[a-j]+[ ]?)+$'
            finding:
              message: 'a line of words'
            """.write(to: slow, atomically: true, encoding: .utf8)
        let analyzer = try makeAnalyzer(ruleFiles: [folder.path])
        // After the seed's panic line, a log record of thirty letters and a comma: every split
        // of the word is tried before the match fails.
        let seed = String(decoding: try PackagePaths.bytes(of: Self.seed), as: UTF8.self)
        let panic = try #require(seed.range(of: "Kernel panic - not syncing: RCU Stall\n"))
        let text = seed[..<panic.upperBound] + "    [32801109.700000] " + String(repeating: "abcdefghij", count: 3) + ",\n"
            + seed[panic.upperBound...]
        let analysis = analyzer.analyze(SourceFile(name: "article.txt", text: text))
        let notes = failureNotes(analysis)
        #expect(notes.count == 1)
        #expect(notes.first?.hasPrefix("rule slow-words was not evaluated: the pattern") == true)
        #expect(analysis.findings.first?.rule == "rt-csd-preempted-before-ipi")
    }

    // MARK: WritingRules.md

    /// The article's YAML rule loads from a folder, passes its own examples, and finds the
    /// seed's waiter with every clause holding.
    @Test func theArticlesRuleLoadsAndFinds() throws {
        let markdown = try String(contentsOf: Self.catalog.appendingPathComponent("WritingRules.md"), encoding: .utf8)
        let yaml = try #require(Self.blocks(in: markdown).first { $0.language == "yaml" })
        let text = Self.normalized(yaml.lines).joined(separator: "\n") + "\n"
        let id = try #require(text.split(separator: "\n").first { $0.hasPrefix("id: ") }?.dropFirst(4))

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("crashsift-docc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try text.write(to: folder.appendingPathComponent("\(id).yaml"), atomically: true, encoding: .utf8)

        let (catalog, testReport) = try userCatalog(paths: [folder.path], packageRoot: PackagePaths.root)
        #expect(catalog.rules.last?.id == String(id))
        #expect(testReport.contains("pass"))
        #expect(!testReport.contains("FAIL"), "\(testReport)")

        let analysis = Analyzer(catalog: catalog).analyze(SourceFile(name: "seed", bytes: try PackagePaths.bytes(of: Self.seed)))
        let finding = try #require(analysis.findings.first { $0.rule == String(id) })
        #expect(finding.confidence == .confirmed)
        #expect(finding.evidence.map(\.clause).contains("waiter"))
    }

    // MARK: ScanningArchives.md

    static var sampleFiles: [String] { PackagePaths.files(in: PackagePaths.samples).map(\.path) }

    @Test func aScanOfTheSamplesGivesOneOutcomePerFileInOrder() async throws {
        var lines: [String] = []
        let summary = try await scan([PackagePaths.samples.path], jobs: 2) { lines.append($0) }
        var outcomes: [ScanOutcome] = []
        for line in lines {
            guard case .outcome(let outcome) = try ScanOutcome.decode(line: line) else {
                Issue.record("not an outcome line: \(line)")
                continue
            }
            outcomes.append(outcome)
        }
        #expect(outcomes.map(\.path) == Self.sampleFiles)
        // Every text sample is analysed; the README's screenshot of the scan report is not text.
        #expect(outcomes.allSatisfy { $0.status == .analyzed || ($0.path.hasSuffix(".png") && $0.reason == "binary: not text") })
        #expect(summary.inputs == Self.sampleFiles.count)
        #expect(summary.findingsByRule["rt-csd-preempted-before-ipi"] == 1)
        let seed = try #require(outcomes.first { $0.path.hasSuffix("rhel7-rt-csd-deadlock.article.txt") })
        #expect(seed.findings.first?.rule == "rt-csd-preempted-before-ipi")
        #expect(seed.findings.first?.confidence == "confirmed")
    }

    @Test func problemsAndProgress() async throws {
        let scanner = CaseScanner(analyzer: try .builtIn(), options: .init(jobs: 2))
        let gone = PackagePaths.samples.appendingPathComponent("no-such-file.txt").path
        var progress: [String] = []
        let found = await problems(scanning: [Self.seed.path, gone], with: scanner) { progress.append($0) }
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("\(gone): failed, ") == true)
        #expect(progress.count == 2)
        #expect(progress.first?.hasPrefix(Self.seed.path) == true)
    }

    @Test func shardsTogetherAreTheWholeScan() async throws {
        let analyzer = try Analyzer.builtIn()
        let paths = [PackagePaths.samples.path]
        #expect(await scanShard("2/2", of: paths, analyzer: analyzer).isEmpty)
        var lines: [String] = []
        var names: [String] = []
        for shard in ["0/2", "1/2"] {
            let outcomes = await scanShard(shard, of: paths, analyzer: analyzer)
            lines += outcomes.map(\.jsonLine)
            names += outcomes.map(\.path)
        }
        #expect(names.sorted() == Self.sampleFiles.sorted())
        let merged = try summarize(lines: lines)
        let whole = try await scan(paths, jobs: 2) { _ in }
        #expect(merged == whole)
    }
}
