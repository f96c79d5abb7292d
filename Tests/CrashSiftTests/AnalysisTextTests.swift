@testable import CrashSift
import CrashSiftTestSupport
import Testing

/// The `crashsift analyze` text: sections, colour, wrapping, and what it never prints.
@Suite struct AnalysisTextTests {
    static func render(_ text: String, options: AnalysisText.Options = AnalysisText.Options()) throws -> String {
        let (analysis, source) = try AnalysisDocumentTests.analyze(text)
        return AnalysisText.render(analysis, source: source, options: options)
    }

    @Test func theSeedsSections() throws {
        let text = try Self.render(AnalysisDocumentTests.seedText)
        #expect(text.hasPrefix("article.txt: 1 finding, 2 kernel reports\n\nCRITICAL (confirmed) RT kernel deadlock:"))
        #expect(text.contains("\n  rule rt-csd-preempted-before-ipi\n"))
        #expect(text.contains("\n  Evidence\n    rcu-stall-panic: the kernel panicked on an RCU stall"))
        // Evidence lines are the input's, without its indentation.
        #expect(text.contains("\n      line 110: PID: 260624  TASK: ffff92a0156ce480  CPU: 0   COMMAND: \"runc:[2:INIT]\"\n"))
        // Lines of two roles in one clause say whose they are.
        #expect(text.contains("\n      line 188 (waiter): ffff92c414a1fb20\n      line 189 (sender): ffff92c427d67c30\n"))
        #expect(text.contains("\nKernel reports\n  line 75   rcu-stall  INFO: rcu detected stall in smp_call_function\n"))
        #expect(text.contains("CPU 0, PID 260624, command \"XXXXXXXXXXXXXXXX\", guilty frame smp_call_function\n"))
        #expect(text.contains("corrupted (no stack trace in report)\n"))
        #expect(!text.contains("Not shown by this input"))
        #expect(!text.contains("Ruled out"))
        #expect(text.hasSuffix(".\n") && !text.hasSuffix("\n\n"))
    }

    /// Prose is wrapped at the width; input lines are quoted whole.
    @Test func proseIsWrappedAtTheWidth() throws {
        for width in [60, 100] {
            let text = try Self.render(AnalysisDocumentTests.seedText, options: AnalysisText.Options(width: width))
            for line in text.split(separator: "\n") where !line.hasPrefix("      line ") && !line.hasPrefix("  line ") {
                #expect(line.count <= width, "\(width): \(line)")
            }
        }
    }

    @Test func colourOnlyWhenAsked() throws {
        let plain = try Self.render(AnalysisDocumentTests.seedText)
        #expect(!plain.contains("\u{1B}"))
        let coloured = try Self.render(AnalysisDocumentTests.seedText, options: AnalysisText.Options(color: true))
        #expect(coloured.contains("\u{1B}[1;31mCRITICAL\u{1B}[0m \u{1B}[32m(confirmed)\u{1B}[0m"))
        // Without the escape sequences, the coloured text is the plain text.
        var stripped = ""
        var inEscape = false
        for character in coloured {
            if inEscape { inEscape = character != "m"; continue }
            if character == "\u{1B}" { inEscape = true; continue }
            stripped.append(character)
        }
        #expect(stripped == plain)
    }

    @Test func missingClausesAndTheCommandsToRun() throws {
        let lines = AnalysisDocumentTests.seedText.split(separator: "\n", omittingEmptySubsequences: false)
        let step5 = try #require(lines.firstIndex { $0.hasPrefix("5. ") })
        let end = try #require(lines.firstIndex { $0.hasPrefix("This solution is part") })
        let text = try Self.render((lines[..<step5] + lines[end...]).joined(separator: "\n"))
        #expect(text.contains("CRITICAL (possible) RT kernel deadlock"))
        #expect(text.contains("\n  Not shown by this input (run these in crash to check)\n    sender-preempted: PID <pid>"))
        #expect(text.contains("\n      crash> foreach RU bt\n"))
        #expect(text.contains("\n      crash> list <address of each CPU's call_single_queue>\n"))
    }

    @Test func verboseShowsRuledOutFindings() throws {
        let moved = AnalysisDocumentTests.seedText.replacingOccurrences(
            of: "PID: 260617  TASK: ffff92996b72d3c0  CPU: 0 ", with: "PID: 260617  TASK: ffff92996b72d3c0  CPU: 5 ")
        let plain = try Self.render(moved)
        #expect(plain.contains("\nNo known failure signature found.\n"))
        #expect(!plain.contains("Ruled out"))
        let verbose = try Self.render(moved, options: AnalysisText.Options(verbose: true))
        #expect(verbose.contains("\nRuled out\n  rt-csd-preempted-before-ipi (critical): RT kernel deadlock"))
        #expect(verbose.contains("\n    sender-preempted does not hold: PID <pid>"))
        #expect(verbose.contains("\n      answered by line 200: crash> foreach RU bt\n"))
    }

    @Test func ruleFailuresAreNotes() throws {
        let (analysis, source) = try AnalysisDocumentTests.analyze("nothing to see here\n")
        var failed = analysis
        failed.failures = [RuleFailure(rule: "slow-rule", message: "the pattern 'x' hit the match limit")]
        let text = AnalysisText.render(failed, source: source)
        #expect(text == """
            article.txt: 0 findings, 0 kernel reports

            No known failure signature found.

            Kernel reports: none in the log

            Notes
              rule slow-rule failed: the pattern 'x' hit the match limit

            """)
    }

    /// Control characters from the input (a pasted escape sequence) never reach the terminal.
    @Test func controlCharactersAreReplaced() throws {
        let text = AnalysisDocumentTests.seedText.replacingOccurrences(
            of: "Kernel panic - not syncing: RCU Stall", with: "Kernel panic - not syncing: RCU Stall\u{1B}[2J\u{9B}1m")
        let rendered = try Self.render(text)
        #expect(rendered.contains("CRITICAL (confirmed)"))
        #expect(rendered.contains("line 103: [32801109.627240] Kernel panic - not syncing: RCU Stall?[2J?1m\n"))
        #expect(!rendered.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        #expect(AnalysisText.clean("a\tb\u{7F}c") == "a b?c")
    }
}
