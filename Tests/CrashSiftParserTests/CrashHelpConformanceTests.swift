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

    @Test(arguments: allFiles)
    func everyExampleParsesWithinTheInvariants(_ file: String) throws {
        let url = try #require(Self.folder).appendingPathComponent(file)
        let source = SourceFile(name: file, bytes: try PackagePaths.bytes(of: url))
        let transcript = TranscriptParser.parse(source)
        #expect(TranscriptInvariants.violations(of: transcript, source: source) == [])
        #expect(TranscriptParser.parse(source) == transcript)
    }
}
