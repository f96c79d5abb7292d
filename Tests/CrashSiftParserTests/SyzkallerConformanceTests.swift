import CrashSiftModel
import CrashSiftTestSupport
import CrashSiftText
import Foundation
import Testing

@testable import CrashSiftParser

/// syzkaller's golden report files (../shared/corpus/syzkaller, from google/syzkaller's
/// `pkg/report/testdata/linux/report`, Apache-2.0), read in place: the title of our first
/// crash report must equal the file's `TITLE:` for at least 90% of the files, and a file
/// without `TITLE:` must give no crash report. `CORRUPTED:`, `TYPE:` and `ALT:` agreement
/// is printed but not required. Skipped, with a message, when ../shared is not next to the
/// package.
@Suite(.enabled(if: PackagePaths.shared != nil, Comment(rawValue: PackagePaths.sharedMissingMessage)))
struct SyzkallerConformanceTests {
    /// The share of files whose title must agree.
    static let requiredAgreement = 0.90

    static var folder: URL? { PackagePaths.shared?.appendingPathComponent("corpus/syzkaller") }

    /// One golden file: its expectations and where its log is.
    struct GoldenFile {
        let name: String
        let bytes: [UInt8]
        let lineIndex: LineIndex
        /// The log's lines (after the headers and their blank line, before a `REPORT:` section).
        let logLines: ClosedRange<Int>?
        let title: String?
        let altTitles: [String]
        let type: String?
        let corrupted: Bool

        init(name: String, bytes: [UInt8]) {
            self.name = name
            self.bytes = bytes
            lineIndex = LineIndex(bytes)
            var title: String?
            var altTitles: [String] = []
            var type: String?
            var corrupted = false
            var firstLogLine: Int?
            for number in lineIndex.lineNumbers {
                let text = String(decoding: bytes[lineIndex.contentRange(ofLine: number)], as: UTF8.self)
                if text.isEmpty {
                    firstLogLine = number + 1
                    break
                }
                // An empty `TITLE: ` means no report, as for syzkaller.
                if text.hasPrefix("TITLE: "), text.count > 7 { title = String(text.dropFirst(7)) }
                if text.hasPrefix("ALT: ") { altTitles.append(String(text.dropFirst(5))) }
                if text.hasPrefix("TYPE: ") { type = String(text.dropFirst(6)) }
                if text == "CORRUPTED: Y" { corrupted = true }
            }
            var lastLogLine = lineIndex.count
            if let first = firstLogLine, first <= lineIndex.count {
                // `REPORT:` after a blank line starts the expected report text, not log.
                for number in first..<(lineIndex.count + 1) where number > first {
                    let range = lineIndex.contentRange(ofLine: number)
                    if bytes[range].elementsEqual("REPORT:".utf8) && lineIndex.contentRange(ofLine: number - 1).isEmpty {
                        lastLogLine = number - 1
                        break
                    }
                }
                logLines = first <= lastLogLine ? first...lastLogLine : nil
            } else {
                logLines = nil
            }
            self.title = title
            self.altTitles = altTitles.sorted()
            self.type = type
            self.corrupted = corrupted
        }

        /// The log alone, as a user would paste it.
        func logSource() -> SourceFile? {
            guard let logLines else { return nil }
            let start = lineIndex.contentRange(ofLine: logLines.lowerBound).lowerBound
            let end = lineIndex.contentRange(ofLine: logLines.upperBound).upperBound
            return SourceFile(name: name, bytes: Array(bytes[start..<end]))
        }

        /// The reports our finder gives for the log.
        func reports() -> [FoundReport] {
            guard let logLines else { return [] }
            return bytes.withUnsafeBufferPointer { KernelReportFinder.findReports(in: $0, lineIndex: lineIndex, lines: logLines) }
        }
    }

    static func goldenFiles() throws -> [GoldenFile] {
        guard let folder else { return [] }
        return try PackagePaths.files(in: folder).map { url in
            GoldenFile(name: url.lastPathComponent, bytes: try PackagePaths.bytes(of: url))
        }
    }

    /// The agreement test: every file's first crash report against its `TITLE:`; prints the
    /// agreement figure, every miss, and how `CORRUPTED:`, `TYPE:` and `ALT:` compare.
    @Test func titlesAgreeWithSyzkaller() throws {
        let files = try Self.goldenFiles()
        #expect(files.count >= 600)
        var agreed = 0
        var misses: [String] = []
        var withTitle = 0
        var corruptedAgreed = 0
        var corruptedMisses: [String] = []
        var typeAgreed = 0
        var altAgreed = 0
        let started = ContinuousClock.now
        for file in files {
            let crash = file.reports().first(where: \.isCrash)
            if crash?.title == file.title {
                agreed += 1
            } else {
                misses.append("\(file.name): expected \(file.title.map { "'\($0)'" } ?? "no report"), got \(crash.map { "'\($0.title)'" } ?? "no report")")
            }
            guard let crash, file.title != nil else { continue }
            withTitle += 1
            if crash.corrupted == file.corrupted {
                corruptedAgreed += 1
            } else {
                corruptedMisses.append("\(file.name): expected CORRUPTED \(file.corrupted ? "Y" : "N"), got \(crash.corrupted ? "Y (\(crash.corruptedReason ?? ""))" : "N")")
            }
            if crash.crashType == (file.type ?? CrashTypeTable.unknown) { typeAgreed += 1 }
            if crash.altTitles == file.altTitles { altAgreed += 1 }
        }
        let elapsed = ContinuousClock.now - started
        let agreement = Double(agreed) / Double(max(files.count, 1))
        let summary = """
            syzkaller conformance: \(agreed)/\(files.count) titles agree (\(String(format: "%.1f", agreement * 100))%) in \(elapsed); \
            of the \(withTitle) files with a title and a report, CORRUPTED agrees for \(corruptedAgreed), TYPE for \(typeAgreed), \
            ALT for \(altAgreed)
            """
        print(summary)
        for miss in misses { print("  title miss: \(miss)") }
        for miss in corruptedMisses { print("  CORRUPTED differs: \(miss)") }
        #expect(agreement >= Self.requiredAgreement, Comment(rawValue: summary + "\n" + misses.joined(separator: "\n")))
    }
    /// The same files through the whole parser (`crashsift parse` on the pasted log): the log
    /// must be found by its shape and its first crash report titled as syzkaller does, except
    /// where we name a stall's function from its `RIP:` line (KernelReportBuilder) instead of
    /// syzkaller's `… in corrupted`. Prints the agreement and the misses.
    @Test func theWholeParserAgreesWithSyzkaller() throws {
        let files = try Self.goldenFiles()
        var agreed = 0
        var renamed = 0
        var misses: [String] = []
        for file in files {
            guard let source = file.logSource() else { continue }
            let transcript = TranscriptParser.parse(source)
            let crash = transcript.log.reports.first(where: \.isSyzkallerCrash)
            if crash?.title == file.title {
                agreed += 1
            } else if let crash, crash.altTitles.first == file.title, file.title?.hasSuffix(" in corrupted") == true {
                renamed += 1
                agreed += 1
            } else {
                misses.append("\(file.name): expected \(file.title.map { "'\($0)'" } ?? "no report"), got \(crash.map { "'\($0.title)'" } ?? "no report")")
            }
        }
        let agreement = Double(agreed) / Double(max(files.count, 1))
        let summary = "syzkaller conformance through TranscriptParser: \(agreed)/\(files.count) agree (\(String(format: "%.1f", agreement * 100))%), \(renamed) of them stalls named from their RIP instead of 'corrupted'"
        print(summary)
        for miss in misses { print("  whole-parser miss: \(miss)") }
        #expect(agreement >= Self.requiredAgreement, Comment(rawValue: summary + "\n" + misses.joined(separator: "\n")))
    }
}
