import CrashSiftTestSupport
import Foundation
import Testing

/// `crashsift analyze` end to end: the seed's finding in JSON and text, standard input,
/// `--fail-on`, `--rules` with broken and working rule files, `--only`, colour.
@Suite struct AnalyzeCLITests {
    static let seed = "Samples/rhel7-rt-csd-deadlock.article.txt"
    static let session = "Samples/debian12-rt-rcu-stall.session.txt"
    /// Runs only the seed's rule where a test counts findings, so that rules added to the
    /// catalogue later do not change what these tests expect.
    static let onlySeedRule = ["--only", "rt-csd-preempted-before-ipi"]

    func json(_ run: CLI.Run) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    }

    /// The seed with step 5 (the csd queues) and step 6 (`foreach RU bt`) cut out: only the
    /// required clauses hold, so the deadlock is `possible`.
    static func seedWithoutConfirmingOutput() throws -> String {
        let lines = try CLI.text(of: seed).split(separator: "\n", omittingEmptySubsequences: false)
        let step5 = try #require(lines.firstIndex { $0.hasPrefix("5. ") })
        let end = try #require(lines.firstIndex { $0.hasPrefix("This solution is part") })
        return (lines[..<step5] + lines[end...]).joined(separator: "\n")
    }

    // MARK: - The seed

    @Test func theSeedConfirmsTheDeadlockInJSON() throws {
        let result = try CLI.run(["analyze", "--format", "json", Self.seed])
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        let document = try json(result)
        #expect(document["schema"] as? String == "crashsift.analyze/1")
        #expect(document["source"] as? String == Self.seed)
        #expect(document["ruledOut"] == nil, "ruledOut[] is only written with --verbose")
        let findings = try #require(document["findings"] as? [[String: Any]])
        let finding = try #require(findings.first { $0["rule"] as? String == "rt-csd-preempted-before-ipi" })
        #expect(finding["confidence"] as? String == "confirmed")
        #expect(finding["severity"] as? String == "critical")
        #expect((finding["message"] as? String)?.contains("PID 260624 on CPU 0") == true)
        #expect((finding["missing"] as? [Any])?.isEmpty == true)
        #expect((finding["confirmWith"] as? [Any])?.isEmpty == true)

        let evidence = try #require(finding["evidence"] as? [[String: Any]])
        for item in evidence {
            #expect(item["clause"] is String && item["line"] is Int && item["text"] is String && item["says"] is String)
        }
        let texts = evidence.map { ($0["text"] as? String ?? "") + " " + ($0["says"] as? String ?? "") }.joined(separator: "\n")
        for needle in ["260624", "260617", "CPU 0", "ffff92f43c31cb40"] {
            #expect(texts.contains(needle), "no evidence names \(needle)")
        }
        let waiter = try #require(evidence.first { $0["clause"] as? String == "waiter-spins" })
        #expect(waiter["role"] as? String == "waiter")
        #expect(waiter["line"] as? Int == 110)
        let sender = try #require(evidence.first { $0["clause"] as? String == "sender-preempted" })
        #expect(sender["role"] as? String == "sender")
        #expect((sender["text"] as? String)?.contains("PID: 260617") == true)
        let register = try #require(evidence.first { $0["clause"] as? String == "waiter-targets-queue" })
        #expect((register["text"] as? String)?.contains("RDX: ffff92f43c31cb40") == true)

        let reports = try #require(document["reports"] as? [[String: Any]])
        #expect(reports.map { $0["kind"] as? String } == ["rcu-stall", "panic"])
        #expect(reports[0]["cpu"] as? Int == 0)
        #expect(reports[0]["pid"] as? Int == 260624)
        #expect(reports[0]["guiltyFrame"] as? String == "smp_call_function")
        #expect(reports[1]["corrupted"] as? Bool == true)
        let fingerprint = try #require(document["fingerprint"] as? String)
        #expect(fingerprint.hasPrefix("v1:") && fingerprint.count == 35 && fingerprint.dropFirst(3).allSatisfy(\.isHexDigit))
        #expect(document["diagnostics"] is [Any])
        #expect((document["failures"] as? [Any])?.isEmpty == true)
    }

    /// The text for people, compared with a reviewed golden file.
    @Test func theSeedAsText() throws {
        let result = try CLI.run(["analyze"] + Self.onlySeedRule + [Self.seed])
        #expect(result.status == 0)
        let golden = PackagePaths.golden(of: "crashsiftTests").appendingPathComponent("rhel7-rt-csd-deadlock.article.analyze.out")
        if let problem = Golden.compare(result.stdout, with: golden) { Issue.record("\(problem)") }
    }

    @Test(arguments: [["analyze"], ["analyze", "-"]])
    func standardInput(_ arguments: [String]) throws {
        let result = try CLI.run(arguments + ["--format", "json"], stdin: try CLI.text(of: Self.seed))
        #expect(result.status == 0)
        let document = try json(result)
        #expect(document["source"] as? String == "<stdin>")
        let findings = try #require(document["findings"] as? [[String: Any]])
        #expect(findings.first?["confidence"] as? String == "confirmed")
    }

    @Test func severalInputsGiveAnArrayOrSectionsOfText() throws {
        let result = try CLI.run(["analyze", "--format", "json", "--compact"] + Self.onlySeedRule + [Self.seed, Self.session])
        #expect(result.status == 0)
        let array = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(array.map { $0["source"] as? String } == [Self.seed, Self.session])
        #expect((array[1]["findings"] as? [Any])?.isEmpty == true)
        let text = try CLI.run(["analyze"] + Self.onlySeedRule + [Self.seed, Self.session])
        #expect(text.stdout.contains("\(Self.seed): 1 finding, 2 kernel reports\n"))
        #expect(text.stdout.contains("\n\n\(Self.session): 0 findings, 6 kernel reports\n\nNo known failure signature found.\n"))
    }

    @Test func verboseShowsWhatIsRuledOut() throws {
        let moved = try CLI.text(of: Self.seed).replacingOccurrences(
            of: "PID: 260617  TASK: ffff92996b72d3c0  CPU: 0 ", with: "PID: 260617  TASK: ffff92996b72d3c0  CPU: 5 ")
        let plain = try CLI.run(["analyze"] + Self.onlySeedRule, stdin: moved)
        #expect(plain.stdout.contains("No known failure signature found."))
        #expect(!plain.stdout.contains("Ruled out"))
        let verbose = try CLI.run(["analyze", "--verbose"] + Self.onlySeedRule, stdin: moved)
        #expect(verbose.stdout.contains("Ruled out\n  rt-csd-preempted-before-ipi (critical)"))
        #expect(verbose.stdout.contains("answered by line 200: crash> foreach RU bt"))
        let document = try json(try CLI.run(["analyze", "-v", "--format", "json"], stdin: moved))
        let ruledOut = try #require(document["ruledOut"] as? [[String: Any]])
        let by = try #require(ruledOut.first?["ruledOutBy"] as? [String: Any])
        #expect(by["clause"] as? String == "sender-preempted")
    }

    @Test func missingEvidenceListsTheCommandsToRun() throws {
        let result = try CLI.run(["analyze"], stdin: try Self.seedWithoutConfirmingOutput())
        #expect(result.stdout.contains("CRITICAL (possible) RT kernel deadlock"))
        #expect(result.stdout.contains("Not shown by this input (run these in crash to check)"))
        #expect(result.stdout.contains("      crash> foreach RU bt\n"))
        #expect(result.stdout.contains("      crash> p call_single_queue\n"))
    }

    // MARK: - Exit codes

    @Test func failOn() throws {
        // The seed's finding is critical and confirmed.
        #expect(try CLI.run(["analyze", Self.seed]).status == 0)
        #expect(try CLI.run(["analyze", "--fail-on", "critical", Self.seed]).status == 1)
        #expect(try CLI.run(["analyze", "--fail-on", "info", "--format", "json", Self.seed]).status == 1)
        // Nothing found in the Debian session.
        #expect(try CLI.run(["analyze", "--fail-on", "info"] + Self.onlySeedRule + [Self.session]).status == 0)
        // A possible finding never fails the run.
        #expect(try CLI.run(["analyze", "--fail-on", "info"] + Self.onlySeedRule, stdin: try Self.seedWithoutConfirmingOutput()).status == 0)
        // An unreadable input wins over findings: 2, and the readable input is still analysed.
        let both = try CLI.run(["analyze", "--fail-on", "high", Self.seed, "no-such-file.txt"])
        #expect(both.status == 2)
        #expect(both.stderr == "crashsift: cannot read 'no-such-file.txt': No such file or directory\n")
        #expect(both.stdout.contains("CRITICAL (confirmed)"))
    }

    @Test(arguments: [
        ["analyze", "--fail-on", "severe", seed],
        ["analyze", "--format", "yaml", seed],
        ["analyze", "--color", "sometimes", seed],
        ["analyze", "--compact", seed],
    ])
    func badUsageExitsTwo(_ arguments: [String]) throws {
        let result = try CLI.run(arguments)
        #expect(result.status == 2)
        #expect(result.stderr.contains("Error:"))
    }

    // MARK: - Rules

    /// Small broken rule files, with where the error must point.
    static let brokenRules: [(name: String, yaml: String, location: String, message: String)] = [
        ("bad-yaml", """
            id: bad-yaml
            title: "unclosed
            severity: high

            """, "4:1", "invalid YAML"),
        ("unknown-key", """
            id: unknown-key
            title: A rule with a misspelt key
            severity: high
            clauses:
              - id: panics
                required: true
                says: the kernel panicked
                log:
                  panik: 'RCU Stall'
            finding:
              message: panic

            """, "9:7", "unknown key 'panik' in a log condition (did you mean 'panic'?)"),
        ("bad-regex", """
            id: bad-regex
            title: A rule with a pattern that does not compile
            severity: high
            clauses:
              - id: panics
                required: true
                says: the kernel panicked
                log:
                  panic: 'RCU (Stall'
            finding:
              message: panic

            """, "9:14", "the pattern 'RCU (Stall' does not compile"),
        ("unknown-role", """
            id: unknown-role
            title: A rule naming a role no clause binds
            severity: high
            clauses:
              - id: spins
                required: true
                says: a task spins
                task:
                  bind: waiter
                  stack: [generic_exec_single]
              - id: same-cpu
                says: another task on its CPU
                task:
                  bind: sender
                  sameCPUAs: ghost
            finding:
              message: spin

            """, "15:18", "the role 'ghost' is not bound by an earlier task clause"),
    ]

    @Test(arguments: brokenRules.map(\.name))
    func aBrokenRuleFileExitsTwoWithItsLocation(_ name: String) throws {
        let rule = try #require(Self.brokenRules.first { $0.name == name })
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("\(name).yaml")
        try rule.yaml.write(to: file, atomically: true, encoding: .utf8)

        let expected = "\(file.path):\(rule.location): error: "
        for arguments in [["analyze", "--rules", file.path, Self.seed], ["analyze", "--rules", folder.path, Self.seed], ["rules", "test", file.path]] {
            let result = try CLI.run(arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr.hasPrefix(expected), "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(rule.message), "\(arguments): \(result.stderr)")
            #expect(!result.stderr.contains("Fatal error"))
        }
    }

    /// A rule of the user's, in a folder given with `--rules`, runs after the built-in ones.
    static let userRule = """
        id: test-user-rcu-stall-panic
        title: The kernel panicked on an RCU stall
        severity: high
        clauses:
          - id: panics
            required: true
            says: 'the kernel panicked ("{panics.panic}")'
            log:
              panic: 'RCU Stall'
            confirmWith: [log]
        finding:
          message: The kernel panicked on an RCU stall.
        examples:
          triggering:
            - file: Samples/debian12-rt-rcu-stall.session.txt
          nonTriggering:
            - file: Samples/debian12-rt-rcu-stall.bt-a.txt

        """

    @Test func userRulesAndOnly() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.userRule.write(to: folder.appendingPathComponent("test-user-rcu-stall-panic.yaml"), atomically: true, encoding: .utf8)

        let both = try json(try CLI.run(["analyze", "--format", "json", "--rules", folder.path, "--only", "test-user-rcu-stall-panic"] + Self.onlySeedRule + [Self.seed]))
        let rules = try #require(both["findings"] as? [[String: Any]]).map { $0["rule"] as? String }
        #expect(rules == ["rt-csd-preempted-before-ipi", "test-user-rcu-stall-panic"])

        let only = try json(try CLI.run(["analyze", "--format", "json", "--rules", folder.path, "--only", "test-user-rcu-stall-panic", Self.seed]))
        #expect(try #require(only["findings"] as? [[String: Any]]).map { $0["rule"] as? String } == ["test-user-rcu-stall-panic"])

        let fails = try CLI.run(["analyze", "--rules", folder.path, "--only", "test-user-rcu-stall-panic", "--fail-on", "high", Self.session])
        #expect(fails.status == 1)
        #expect(fails.stdout.contains("HIGH (confirmed) The kernel panicked on an RCU stall"))

        let unknown = try CLI.run(["analyze", "--only", "no-such-rule", Self.seed])
        #expect(unknown.status == 2)
        #expect(unknown.stderr == "crashsift: no rule 'no-such-rule' (crashsift rules list shows the rules)\n")
    }

    // MARK: - Colour

    @Test func colourOnlyWhenAskedOrOnATerminal() throws {
        let escape = "\u{1B}["
        #expect(!(try CLI.run(["analyze", "--color", "never", Self.seed]).stdout.contains(escape)))
        // Standard output is a pipe here, so auto means no colour.
        #expect(!(try CLI.run(["analyze", Self.seed]).stdout.contains(escape)))
        #expect(!(try CLI.run(["analyze", "--color", "auto", Self.seed], environment: ["NO_COLOR": "1"]).stdout.contains(escape)))
        let always = try CLI.run(["analyze", "--color", "always", Self.seed], environment: ["NO_COLOR": "1"])
        #expect(always.stdout.contains("\u{1B}[1;31mCRITICAL\u{1B}[0m"))
        // JSON is never coloured.
        #expect(!(try CLI.run(["analyze", "--color", "always", "--format", "json", Self.seed]).stdout.contains(escape)))
    }

    /// An escape sequence pasted into the input does not reach the terminal.
    @Test func controlCharactersFromTheInputAreNotPrinted() throws {
        let text = try CLI.text(of: Self.seed).replacingOccurrences(
            of: "Kernel panic - not syncing: RCU Stall", with: "Kernel panic - not syncing: RCU Stall \u{1B}]0;pwned\u{07}")
        let result = try CLI.run(["analyze", "--color", "never"], stdin: text)
        #expect(result.stdout.contains("CRITICAL (confirmed)"))
        #expect(!result.stdout.contains("\u{1B}"))
        #expect(!result.stdout.contains("\u{07}"))
    }
}
