import CrashSiftTestSupport
import Foundation
import Testing

/// The help teaches: every subcommand has an overview, examples and its exit codes, and the
/// examples that name files of the package really run.
@Suite struct HelpTests {
    static let subcommands: [[String]] = [[], ["parse"], ["analyze"], ["scan"], ["summarize"], ["rules"], ["rules", "list"], ["rules", "show"], ["rules", "test"]]

    /// The lines under `EXAMPLES`, up to the next blank line, without `# comments`.
    static func examples(in help: String) -> [String] {
        var examples: [String] = []
        var inside = false
        for line in help.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed == "EXAMPLES" { inside = true; continue }
            if inside && trimmed.isEmpty { inside = false }
            if inside, trimmed.hasPrefix("crashsift ") || trimmed.contains("| crashsift ") {
                examples.append(String(trimmed.split(separator: "#", maxSplits: 1)[0]).trimmingCharacters(in: .whitespaces))
            }
        }
        return examples
    }

    @Test(arguments: subcommands)
    func helpHasOverviewExamplesAndExitCodes(_ subcommand: [String]) throws {
        let run = try CLI.run(subcommand + ["--help"])
        #expect(run.status == 0)
        #expect(run.stdout.hasPrefix("OVERVIEW: "))
        if subcommand != [] {
            #expect(!Self.examples(in: run.stdout).isEmpty, "crashsift \(subcommand.joined(separator: " ")) --help has no EXAMPLES")
        }
        #expect(run.stdout.contains("EXIT CODES"), "crashsift \(subcommand.joined(separator: " ")) --help has no EXIT CODES")
    }

    /// Each example whose file arguments are all files of the package runs, with exit 0 (or 1
    /// for `--fail-on`, which exists to exit 1); examples with placeholders (`case.txt`,
    /// `/srv/cases`, `my-rules/`) are skipped.
    @Test(arguments: subcommands)
    func examplesThatNameTheSamplesRun(_ subcommand: [String]) throws {
        let help = try CLI.run(subcommand + ["--help"]).stdout
        for example in Self.examples(in: help) where !example.contains("|") {
            // Files the example reads; what it writes (after `>` or an output option) need not exist.
            var words: [String] = []
            var skipNext = false
            for word in example.split(separator: " ").dropFirst().map(String.init) {
                if skipNext { skipNext = false; continue }
                if [">", "--html", "--output", "--summary", "--index"].contains(word) { skipNext = true; continue }
                if word != "<" { words.append(word) }
            }
            let paths = words.filter { $0.contains("/") || $0.hasSuffix(".txt") || $0.hasSuffix(".yaml") || $0.hasSuffix(".jsonl") }
            guard paths.allSatisfy({ FileManager.default.fileExists(atPath: PackagePaths.root.appendingPathComponent($0).path) }) else {
                #expect(!paths.contains { $0.hasPrefix("Samples/") }, "\(example): a sample it names does not exist")
                continue
            }
            let command = CLI.executable.path + " " + example.dropFirst("crashsift ".count) + " > /dev/null"
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", command]
            process.currentDirectoryURL = PackagePaths.root
            process.environment = CLI.childEnvironment()
            process.standardInput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            let allowed: Set<Int32> = example.contains("--fail-on") ? [0, 1] : [0]
            #expect(allowed.contains(process.terminationStatus), "\(example) exited with \(process.terminationStatus)")
        }
    }

    @Test func explainShowsWhyAndTheExampleEvidence() throws {
        let run = try CLI.run(["analyze", "--explain", "rt-csd-preempted-before-ipi"])
        #expect(run.status == 0)
        for heading in ["Why", "Affected kernels", "References", "What it looks for", "Example evidence"] {
            #expect(run.stdout.contains("\n\(heading)\n"), "no \(heading)")
        }
        #expect(run.stdout.contains("kernel-rt 3.10.0-1160.9.1.rt56.1143.el7"))
        #expect(run.stdout.contains("triggering example #1: Samples/rhel7-rt-csd-deadlock.article.txt"))
        #expect(run.stdout.contains("Kernel panic - not syncing: RCU Stall   [rcu-stall-panic]"))

        let unknown = try CLI.run(["analyze", "--explain", "no-such-rule"])
        #expect(unknown.status == 2 && unknown.stderr.contains("no rule 'no-such-rule'"))
        let withInput = try CLI.run(["analyze", "--explain", "rcu-stall", "Samples/rhel7-rt-csd-deadlock.article.txt"])
        #expect(withInput.status == 2 && withInput.stderr.contains("--explain reads no input"))
    }
}
