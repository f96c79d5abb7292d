import CrashSift
import CrashSiftTestSupport
import Foundation
import Testing

/// The examples of crash's help text and commit messages (../shared/corpus/crash-help, read
/// in place because crash is GPL): every `bt` and `foreach` example with counts in INDEX.tsv
/// must give its task count and per-task frame counts; every file must parse within the
/// invariants. Skipped, with a message, when ../shared is not next to the package.
@Suite(.enabled(if: PackagePaths.shared != nil, Comment(rawValue: PackagePaths.sharedMissingMessage)))
struct CrashHelpConformanceTests {
    struct Row: CustomTestStringConvertible, Sendable {
        let file: String
        let command: String
        let arch: String
        let tasks: Int
        /// Frames per task in header order; for a fragment (0 tasks), the frames shown.
        let framesPerTask: [Int]
        var testDescription: String { file }
    }

    static var folder: URL? { PackagePaths.shared?.appendingPathComponent("corpus/crash-help") }

    /// The INDEX rows for `bt` and `foreach` that give counts.
    static let rows: [Row] = {
        guard let folder, let index = try? String(contentsOf: folder.appendingPathComponent("INDEX.tsv"), encoding: .utf8) else { return [] }
        return index.split(separator: "\n").dropFirst().compactMap { line in
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard columns.count >= 6, ["bt", "foreach"].contains(columns[1]), let tasks = Int(columns[4].trimmingCharacters(in: .whitespaces)) else { return nil }
            // "9,6", "6 visible (#0, #5-#9)", "0 (7 text-symbol lines + START)": counts come before any '('.
            let counts = columns[5].split(separator: "(").first.map(String.init) ?? ""
            let frames = counts.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? "") }
            return Row(file: columns[0], command: columns[1], arch: columns[2], tasks: tasks, framesPerTask: frames)
        }
    }()

    static var allFiles: [String] {
        guard let folder else { return [] }
        return PackagePaths.files(in: folder) { $0.hasSuffix(".txt") }.map(\.lastPathComponent)
    }

    @Test func theIndexHasBacktraceRows() {
        #expect(Self.rows.count >= 40)
    }

    @Test(arguments: rows)
    func countsMatchTheIndex(_ row: Row) throws {
        let url = try #require(Self.folder).appendingPathComponent(row.file)
        let transcript = TranscriptParser.parse(SourceFile(name: row.file, bytes: try PackagePaths.bytes(of: url)))
        #expect(transcript.tasks.count == row.tasks)
        let frames = row.tasks > 0
            ? transcript.tasks.map(\.backtrace.frames.count)
            : [transcript.fragments.reduce(0) { $0 + $1.frames.count }]
        #expect(frames == row.framesPerTask)
        #expect(transcript.unrecognized.isEmpty)
    }

    /// Every task whose trace shows something (frames or a register dump) is given the
    /// architecture of its INDEX row.
    @Test(arguments: rows.filter { ["x86_64", "x86", "arm64", "ppc64", "s390x"].contains($0.arch) })
    func tasksHaveTheArchitectureOfTheIndex(_ row: Row) throws {
        let url = try #require(Self.folder).appendingPathComponent(row.file)
        let transcript = TranscriptParser.parse(SourceFile(name: row.file, bytes: try PackagePaths.bytes(of: url)))
        for task in transcript.tasks where !task.backtrace.frames.isEmpty || !task.backtrace.exceptionFrames.isEmpty {
            #expect(task.architecture?.rawValue == row.arch, "PID \(task.pid)")
        }
    }

    /// The register dumps of the arm64, ppc64 and s390x examples, with every register the text
    /// shows, in print order.
    static let registerSets: [(file: String, names: [String])] = {
        let xs = (0...29).reversed().map { "X\($0)" }
        let rs = (0...31).map { "R\($0)" }
        return [
            ("commit-995db8a-bt-arm64-overflow-stack-eframe.txt", ["PC", "LR", "SP", "PSTATE"] + xs),
            ("commit-1c6da3e-bt-arm64-user-eframe.txt", ["PC", "LR", "SP"] + xs + ["ORIG_X0", "SYSCALLNO", "PSTATE"]),
            ("commit-1c6da3e-bt-arm64-bogus-pac-frames.txt", ["PC", "LR", "SP"] + xs + ["ORIG_X0", "SYSCALLNO", "PSTATE"]),
            ("commit-5da4d15-bt-c-ppc64-hardware-interrupt.txt",
             rs + ["NIP", "MSR", "OR3", "CTR", "LR", "XER", "CCR", "MQ", "DAR", "DSISR", "Syscall Result"]),
            ("commit-36bffee-bt-ppc64-nip-lr-fragment.txt", ["NIP", "LR"]),
            ("commit-36bffee-bt-ppc64-unreliable-bad-symbols.txt", ["NIP", "LR"]),
            ("commit-fbb2e9e-bt-e-s390x.txt", ["PSW", "GPRS"]),
            ("commit-5218919-bt-f-s390x-seek-error.txt", ["general registers"]),
        ]
    }()

    @Test(arguments: registerSets.map(\.file))
    func registerSetsHaveEveryRegisterShown(_ file: String) throws {
        let expected = try #require(Self.registerSets.first { $0.file == file }).names
        let url = try #require(Self.folder).appendingPathComponent(file)
        let transcript = TranscriptParser.parse(SourceFile(name: file, bytes: try PackagePaths.bytes(of: url)))
        let traces = transcript.tasks.map(\.backtrace) + transcript.fragments
        let sets = traces.flatMap { $0.frames.compactMap(\.exception) + $0.exceptionFrames }.map(\.registers)
        #expect(sets.map(\.names) == [expected])
        if file.contains("s390x-bt-e") || file.hasPrefix("commit-fbb2e9e") {
            // `GPRS:` and its three rows of bare values: sixteen words.
            #expect(sets.first?["GPRS"]?.value.description.split(separator: " ").count == 16)
        }
    }

    @Test(arguments: allFiles)
    func everyExampleParsesWithinTheInvariants(_ file: String) throws {
        let url = try #require(Self.folder).appendingPathComponent(file)
        let source = SourceFile(name: file, bytes: try PackagePaths.bytes(of: url))
        let transcript = TranscriptParser.parse(source)
        #expect(TranscriptInvariants.violations(of: transcript, source: source) == [])
        #expect(TranscriptParser.parse(source) == transcript)
    }
    // MARK: `log`

    /// The `log` examples, with the records a reader sees in each (counted by eye from the
    /// files): wrapped audit records and dictionary lines stay with their record, `...` is an
    /// elision, not a record.
    static let logRecords: [(file: String, records: Int, format: String)] = [
        ("log-legacy.txt", 19, "plain"), ("log-m.txt", 19, "level"), ("log-timestamps.txt", 6, "timestamp"),
        ("log-t-no-timestamp.txt", 6, "plain"), ("log-td-dict.txt", 6, "plain"), ("log-a-audit.txt", 9, "audit"),
        ("log-T-human-time.txt", 22, "date"), ("log-c-caller-id.txt", 3, "timestamp"),
        ("log-R-rust-call-trace.txt", 14, "timestamp"), ("commit-99bb57a-log-rust-mangled.txt", 10, "timestamp"),
    ]

    @Test(arguments: logRecords.map(\.file))
    func logExamplesGiveTheirRecords(_ file: String) throws {
        let expected = try #require(Self.logRecords.first { $0.file == file })
        let url = try #require(Self.folder).appendingPathComponent(file)
        let source = SourceFile(name: file, bytes: try PackagePaths.bytes(of: url))
        let transcript = TranscriptParser.parse(source)
        let records = transcript.log.records
        #expect(records.count == expected.records)
        #expect(records.contains { $0.format.rawValue == expected.format })
        #expect(transcript.unrecognized.isEmpty)
        if file == "log-a-audit.txt" {
            // `type=1300 audit(1489384479.809:4343): arch=…` and its four wrapped lines.
            #expect(records[1].sequence == 4343)
            #expect(LogText.date(of: records[1], in: source) == "1489384479.809")
            #expect(records[1].lastLine == records[1].line + 4)
        }
        if file == "log-td-dict.txt" {
            #expect(records.allSatisfy { $0.lastLine == $0.line + 2 || $0 == records.last })
        }
    }
}
