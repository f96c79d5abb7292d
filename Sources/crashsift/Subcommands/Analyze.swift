import ArgumentParser
import CrashSift
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

extension CrashSiftCommand {
    struct Analyze: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Name known kernel failure signatures: findings with their evidence, and the kernel reports.",
            discussion: """
                Each input is parsed, its kernel reports are found, and every rule runs
                on it. A finding is confirmed (every clause holds), likely or possible;
                it quotes the input lines that show it, and lists the crash commands
                that would show what is missing.

                EXAMPLES
                  crashsift analyze Samples/rhel7-rt-csd-deadlock.article.txt
                  crashsift analyze --verbose < Samples/debian12-rt-rcu-stall.session.txt
                  crashsift analyze --format json --fail-on high Samples/debian12-rt-rcu-stall.bt-a.txt
                  crashsift analyze --explain rt-csd-preempted-before-ipi
                  crashsift analyze --rules ~/my-rules --only my-rule case.txt

                --fail-on SEVERITY exits with 1 when some input has a finding of that
                severity or above (info < low < medium < high < critical) whose
                confidence is confirmed or likely; possible and ruled-out findings
                never do. Without --fail-on, findings do not change the exit code.
                With several inputs, --format json prints a JSON array.

                --explain ID prints why a rule exists (its rationale, the kernels it
                affects, its references), what it looks for, and the evidence it
                shows on its own example; no input is read.

                EXIT CODES
                  0  every input was read; no finding reached --fail-on
                  1  a confirmed or likely finding at or above --fail-on
                  2  bad usage, an unreadable input, an unknown rule id or an
                     invalid rule file (named FILE:LINE:COLUMN); 2 wins over 1
                """
        )

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case text
            case json
        }

        enum ColorMode: String, ExpressibleByArgument, CaseIterable {
            case auto
            case always
            case never
        }

        /// A ``Severity`` as a flag value.
        enum Threshold: String, ExpressibleByArgument, CaseIterable {
            case info, low, medium, high, critical

            var severity: Severity { Severity(rawValue: rawValue)! }
        }

        @Argument(help: "Files to read. None, or '-', reads standard input.")
        var files: [String] = []

        @Option(help: "Output format: text (for people) or json (schema crashsift.analyze/1).")
        var format: Format = .text

        @Flag(help: "Write JSON on one line instead of indented.")
        var compact = false

        @Option(help: "Colour the text: auto (when standard output is a terminal and NO_COLOR is unset), always or never.")
        var color: ColorMode = .auto

        @Flag(name: .shortAndLong, help: "Also show the findings the input rules out, with the lines that rule them out (JSON: ruledOut[]).")
        var verbose = false

        @OptionGroup var rules: RuleOptions

        @Option(name: .customLong("only"), help: ArgumentHelp("Run only the rule with this id (repeatable).", valueName: "id"))
        var only: [String] = []

        @Option(name: .customLong("fail-on"), help: ArgumentHelp(
            "Exit with 1 when a confirmed or likely finding is at least this severe.", valueName: "severity"
        ))
        var failOn: Threshold?

        @Option(help: ArgumentHelp("Explain the rule with this id (rationale, affected kernels, references, example evidence) instead of reading inputs.", valueName: "id"))
        var explain: String?

        @Option(help: ArgumentHelp("With --explain, the folder rules' example files are relative to (the package root).", valueName: "dir"))
        var root: String = "."

        func validate() throws {
            if compact && format != .json { throw ValidationError("--compact applies to --format json only") }
            if explain != nil && !files.isEmpty { throw ValidationError("--explain reads no input: give it a rule id only") }
        }

        func run() throws {
            if let explain {
                guard let rule = try rules.catalog().rule(id: explain) else {
                    printError("crashsift: no rule '\(explain)' (crashsift rules list shows the rules)")
                    throw ExitCode(ExitStatus.usageOrInput)
                }
                print(RuleText.explain(rule, root: URL(fileURLWithPath: root, isDirectory: true)), terminator: "")
                return
            }
            var catalog = try rules.catalog()
            if !only.isEmpty {
                for id in only where catalog.rule(id: id) == nil {
                    printError("crashsift: no rule '\(id)' (crashsift rules list shows the rules)")
                    throw ExitCode(ExitStatus.usageOrInput)
                }
                let wanted = Set(only.compactMap { catalog.rule(id: $0)?.id })
                catalog = RuleCatalog(rules: catalog.rules.filter { wanted.contains($0.id) })
            }
            let analyzer = Analyzer(catalog: catalog)
            let options = AnalysisText.Options(color: useColor, verbose: verbose)

            let paths = files.isEmpty ? ["-"] : files
            var documents: [JSONValue] = []
            var unreadable = false
            var reachedThreshold = false
            var printedText = false
            for path in paths {
                let source: SourceFile
                do {
                    source = try SourceFile.read(path: path)
                } catch {
                    printError("crashsift: \(error)")
                    unreadable = true
                    continue
                }
                let analysis = analyzer.analyze(source)
                if let failOn, analysis.findings.contains(where: { $0.severity >= failOn.severity && $0.confidence >= .likely }) {
                    reachedThreshold = true
                }
                switch format {
                case .json:
                    documents.append(AnalysisDocument.json(for: analysis, source: source, includeRuledOut: verbose))
                case .text:
                    if printedText { print() }
                    print(AnalysisText.render(analysis, source: source, options: options), terminator: "")
                    printedText = true
                }
            }
            if format == .json, !documents.isEmpty {
                let output = documents.count == 1 && paths.count == 1 ? documents[0] : .array(documents)
                print(output.serialized(pretty: !compact))
            }
            if unreadable { throw ExitCode(ExitStatus.usageOrInput) }
            if reachedThreshold { throw ExitCode(ExitStatus.findings) }
        }

        /// `--color`: `auto` colours when standard output is a terminal and `NO_COLOR` is unset
        /// or empty (https://no-color.org); `always` and `never` override both.
        var useColor: Bool {
            switch color {
            case .always: true
            case .never: false
            case .auto: isatty(STDOUT_FILENO) != 0 && (getenv("NO_COLOR").map { $0.pointee == 0 } ?? true)
            }
        }
    }
}
