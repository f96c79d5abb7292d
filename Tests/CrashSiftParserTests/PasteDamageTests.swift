import CrashSift
import CrashSiftTestSupport
import Foundation
import Testing

@testable import CrashSiftParser

/// Damaged pastes (Fixtures/damaged, made from real output; its README says how): each damage
/// is named by its diagnostic, and a repaired paste reads as the undamaged original did.
@Suite struct PasteDamageTests {
    static let folder = PackagePaths.fixtures(of: "CrashSiftParserTests").appendingPathComponent("damaged")

    struct Repaired: CustomTestStringConvertible, Sendable {
        let damaged: String
        let original: String
        let id: String
        /// The wrap joined lines at a run of blanks, which becomes one blank.
        var blanksCollapsed = false
        var testDescription: String { damaged }
    }

    static let repaired: [Repaired] = [
        Repaired(damaged: "quote-prefix.txt", original: "bt-a.original.txt", id: "pasteQuotePrefix"),
        Repaired(damaged: "quote-prefix-bar.txt", original: "oops-log.original.txt", id: "pasteQuotePrefix"),
        Repaired(damaged: "line-numbers-cat-n.txt", original: "oops-log.original.txt", id: "pasteLineNumbers"),
        Repaired(damaged: "line-numbers-grep-n.txt", original: "bt-a.original.txt", id: "pasteLineNumbers"),
        Repaired(damaged: "wrapped-frames.txt", original: "bt-a.original.txt", id: "pasteWrappedFrame"),
        Repaired(damaged: "wrapped-log.txt", original: "oops-log.original.txt", id: "pasteWrappedLine", blanksCollapsed: true),
        Repaired(damaged: "html-brackets-dropped.txt", original: "rhel7-article.original.txt", id: "pasteHTMLStrippedBrackets"),
        Repaired(damaged: "markdown-escapes.txt", original: "bt-a.original.txt", id: "pasteMarkdownEscapes"),
        Repaired(damaged: "quoted-printable.txt", original: "boot-log.original.txt", id: "pasteQuotedPrintable"),
        Repaired(damaged: "doubled-lines.txt", original: "bt-a.original.txt", id: "pasteDoubledLines"),
    ]

    static func parse(_ file: String) throws -> (SourceFile, Transcript) {
        let source = SourceFile(name: file, bytes: try PackagePaths.bytes(of: folder.appendingPathComponent(file)))
        let transcript = TranscriptParser.parse(source)
        #expect(TranscriptInvariants.violations(of: transcript, source: source) == [], "\(file)")
        return (source, transcript)
    }

    /// What the model says, without line numbers: tasks and their frames, log records, reports.
    static func model(_ transcript: Transcript, _ source: SourceFile, blanksCollapsed: Bool = false) -> [String] {
        var out: [String] = []
        let text = transcript.text(of: source)
        func frame(_ f: Frame) -> String {
            "#\(f.index) \(f.sp?.description ?? "-") \(f.function)+\(f.offset ?? -1) \(f.address?.description ?? "-") \(f.module ?? "-") \(f.stack) \(f.reliable)"
                + (f.exception.map { " exception \($0.symbol ?? "") \($0.registers.registers.map { "\($0.name)=\($0.value)" })" } ?? "")
        }
        for task in transcript.tasks {
            out.append("task \(task.pid) \(task.taskAddress?.description ?? "-") \(task.cpu ?? -1) \(task.command ?? "-") partial=\(task.backtrace.isPartial)")
            out += task.backtrace.frames.map(frame)
            out += task.backtrace.segments.map { "segment \($0.kind) \($0.name ?? "-") \($0.frames)" }
        }
        for record in transcript.log.records {
            var message = text.text(record.text)
            if blanksCollapsed { message = message.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
            out.append("record \(record.time ?? -1) \(record.level ?? -1) \(message)")
        }
        for report in transcript.log.reports {
            out.append("report \(report.kind) \(report.title) \(report.pid ?? -1) \(report.instructionPointer ?? "-") partial=\(report.isPartial)")
            out += report.callTraces.flatMap(\.frames).map(frame)
        }
        return out
    }

    @Test(arguments: repaired)
    func aRepairedPasteReadsAsTheOriginal(_ test: Repaired) throws {
        let (damagedSource, damaged) = try Self.parse(test.damaged)
        let (originalSource, original) = try Self.parse(test.original)
        #expect(damaged.diagnostics.contains { $0.id == test.id })
        #expect(!original.diagnostics.contains { $0.id.hasPrefix("paste") })
        #expect(damaged.repairedText != nil)
        #expect(damaged.unrecognized == original.unrecognized || test.damaged == "doubled-lines.txt")
        let expected = Self.model(original, originalSource, blanksCollapsed: test.blanksCollapsed)
        let actual = Self.model(damaged, damagedSource, blanksCollapsed: test.blanksCollapsed)
        #expect(!expected.isEmpty)
        #expect(actual == expected)
        if actual != expected, let index = zip(actual, expected).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
            Issue.record("first difference: \(actual[index]) != \(expected[index])")
        }
    }

    @Test func repairsKeepTheInputLines() throws {
        // Prefixes stripped in place: every model line is the input line.
        let (_, quoted) = try Self.parse("quote-prefix.txt")
        let (_, original) = try Self.parse("bt-a.original.txt")
        #expect(quoted.tasks.map(\.line) == original.tasks.map(\.line))
        #expect(quoted.tasks.first?.backtrace.frames.map(\.line) == original.tasks.first?.backtrace.frames.map(\.line))
        // A joined frame keeps its first line; the continuation takes the frame's role.
        let (_, wrapped) = try Self.parse("wrapped-frames.txt")
        let first = try #require(wrapped.tasks.first?.backtrace.frames.first)
        #expect(first.line == 2)
        #expect(wrapped.role(ofLine: 3) == .parsed)
        // A doubled line's copy is dropped: frames sit on the odd lines.
        let (_, doubled) = try Self.parse("doubled-lines.txt")
        #expect(doubled.tasks.first?.backtrace.frames.prefix(3).map(\.line) == [3, 5, 7])
        #expect(doubled.role(ofLine: 4) == .repaired)
    }

    @Test func theLineMap() throws {
        let text = """
            > PID: 1  TASK: ffff88800526c200  CPU: 2  COMMAND: "init"
            >  #0 [ffffc900001e7d18] machine_kexec
            >    at ffffffff81079c4f
            >
            >  #1 [ffffc900001e7d70] __crash_kexec at ffffffff811785f7
            """
        let source = SourceFile(name: "map", text: text)
        let repair = try #require(PasteRepair.run(source))
        let repaired = try #require(repair.text)
        #expect(repaired.lineCount == source.lineCount)
        #expect(repaired.text(ofLine: 1) == #"PID: 1  TASK: ffff88800526c200  CPU: 2  COMMAND: "init""#)
        #expect(repaired.text(ofLine: 2) == " #0 [ffffc900001e7d18] machine_kexec at ffffffff81079c4f")
        #expect(repaired.text(ofLine: 3) == "")
        #expect(repaired.text(ofLine: 4) == "")
        #expect(repair.absorbed == [3: .joined(into: 2), 4: .markup])
        #expect(repair.diagnostics.map(\.id) == ["pasteQuotePrefix", "pasteWrappedFrame"])
        let transcript = TranscriptParser.parse(source)
        #expect(transcript.tasks.first?.backtrace.frames.map(\.line) == [2, 5])
        #expect(transcript.role(ofLine: 3) == .parsed)
        #expect(transcript.role(ofLine: 4) == .repaired)
        #expect(TranscriptInvariants.violations(of: transcript, source: source) == [])
    }

    @Test func strippedTagsLoseTheAddressesAndTheStackName() throws {
        let (_, transcript) = try Self.parse("html-tags-stripped.txt")
        let damage = transcript.diagnostics.filter { $0.id == "pasteHTMLStrippedBrackets" }
        #expect(damage.map(\.severity) == [.warning, .warning])
        // The frames are kept without addresses, the nameless separator as unrecognized.
        let frames = transcript.log.reports.flatMap(\.frames)
        #expect(!frames.isEmpty && frames.allSatisfy { $0.address == nil })
        let separator = try #require(damage.last?.line)
        #expect(transcript.unrecognized.contains(separator))
    }

    @Test func interleavedLogsAreReportedNotRepaired() throws {
        let (_, transcript) = try Self.parse("interleaved-logs.txt")
        let damage = transcript.diagnostics.filter { $0.id == "pasteInterleavedLogs" }
        #expect(damage.map(\.severity) == [.warning])
        #expect(transcript.repairedText == nil)
        #expect(transcript.log.records.count == 60)
    }

    @Test func aTruncatedTraceIsPartial() throws {
        let (_, bt) = try Self.parse("truncated-bt.txt")
        #expect(bt.diagnostics.contains { $0.id == "pasteTruncatedRecord" && $0.line == 21 && $0.severity == .warning })
        #expect(bt.tasks.first?.backtrace.isPartial == true)
        let (_, log) = try Self.parse("truncated-log.txt")
        #expect(log.diagnostics.contains { $0.id == "pasteTruncatedRecord" && $0.line == 45 })
        #expect(log.log.reports.first?.isPartial == true)
        // The whole oops, with its `</TASK>`, is not partial.
        let (_, whole) = try Self.parse("oops-log.original.txt")
        #expect(whole.log.reports.first?.isPartial == false)
    }

    @Test(arguments: [
        // An active `ps` row starts with `>`.
        ">     0      0   0  ffffffff82213780  RU   0.0       0      0  [swapper/0]\n>     0      0   1  ffff88800320c200  RU   0.0       0      0  [swapper/1]\n",
        // A markdown table.
        "| a | b |\n| c | d |\n",
        // ACPI paths have a backslash before an underscore.
        "[    2.695890] ACPI: \\_SB_.LNKB: Enabled at IRQ 11\n[    2.695891] ACPI: \\_SB_.LNKC: Enabled at IRQ 10\n",
        // A KASAN rule is not a soft line break.
        "==================================================================\nBUG: KASAN: use-after-free in f+0x1/0x2\n==================================================================\n",
        // `ps` PIDs count up by one, but with blanks, not a gutter's tab or colon.
        "      1      0   0  ffff888003208000  IN   0.1   16932  11448  systemd\n      2      0   1  ffff888003209080  IN   0.0       0      0  [kthreadd]\n      3      2   0  ffff88800320a100  ID   0.0       0      0  [rcu_gp]\n",
        // ppc64 prints two bracketed numbers without angle brackets.
        "[  284.637880] [c000000001bb3530] [c000000001bb35a0] __rela_dyn_start+0x308828/0x345288 (unreliable)\n",
    ])
    func undamagedTextIsLeftAlone(_ text: String) {
        let transcript = TranscriptParser.parse(text)
        #expect(transcript.repairedText == nil)
        #expect(!transcript.diagnostics.contains { $0.id.hasPrefix("paste") })
    }
}
