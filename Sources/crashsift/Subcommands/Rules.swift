import ArgumentParser
import CrashSift
import Foundation

extension CrashSiftCommand {
    struct Rules: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The rule catalogue: list it, show a rule, test rule files against their examples.",
            discussion: """
                Rule files are YAML; how to write one is described in
                Sources/CrashSiftRules/README.md. --rules FILE|DIR adds your rule files
                to the built-in ones (an id already used is an error naming the file).

                EXAMPLES
                  crashsift rules list
                  crashsift rules show rt-csd-preempted-before-ipi
                  crashsift rules test                    # the built-in rules' examples
                  crashsift rules test my-rules/          # your rule files' examples

                EXIT CODES
                  0  done (rules test: every example passed or was skipped)
                  1  rules test: an example failed
                  2  bad usage, an unknown rule id, or an invalid rule file
                     (named FILE:LINE:COLUMN)
                """,
            subcommands: [List.self, Show.self, Test.self]
        )
    }
}

extension CrashSiftCommand.Rules {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "One rule per line: id, severity, title.",
            discussion: """
                EXAMPLES
                  crashsift rules list
                  crashsift rules list --rules ~/my-rules    # the built-in rules and yours

                EXIT CODES
                  0  done
                  2  an invalid rule file (named FILE:LINE:COLUMN)
                """
        )

        @OptionGroup var rules: RuleOptions

        func run() throws {
            print(RuleText.list(try rules.catalog().rules), terminator: "")
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A rule in full: what it is about, its clauses, its message and its examples.",
            discussion: """
                EXAMPLES
                  crashsift rules show rcu-stall
                  crashsift rules show --rules my-rules/ my-rule

                `crashsift analyze --explain ID` shows the rule's rationale with the
                evidence it finds on its own example.

                EXIT CODES
                  0  done
                  2  no rule with that id, or an invalid rule file
                """
        )

        @Argument(help: "The rule's id (or one of its aliases).")
        var id: String

        @OptionGroup var rules: RuleOptions

        func run() throws {
            guard let rule = try rules.catalog().rule(id: id) else {
                printError("crashsift: no rule '\(id)' (crashsift rules list shows the rules)")
                throw ExitCode(ExitStatus.usageOrInput)
            }
            print(RuleText.show(rule), terminator: "")
        }
    }

    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run rules' examples: each triggering example must give a finding, each non-triggering one none.",
            discussion: """
                Without FILE, tests the built-in rules. Prints pass, FAIL or skip for
                each example (an example file under ../shared/ is skipped where that
                folder is absent). Every invalid rule file is reported as
                FILE:LINE:COLUMN: error: …, and the valid ones are still tested.
                Example files are read relative to --root.

                EXAMPLES
                  crashsift rules test
                  crashsift rules test Sources/CrashSiftRules/BuiltInRules/rcu-stall.yaml

                EXIT CODES
                  0  every example passed or was skipped
                  1  an example failed
                  2  an invalid rule file (2 wins over 1)
                """
        )

        @Argument(help: "Rule files (.yaml) or folders of them. None tests the built-in rules.")
        var files: [String] = []

        @Option(help: ArgumentHelp("The folder example files are relative to (the package root).", valueName: "dir"))
        var root: String = "."

        func run() throws {
            // Each file is loaded on its own, so that every invalid file is reported, and the
            // valid ones are still tested.
            var rules: [Rule] = []
            var invalid = false
            if files.isEmpty {
                rules = try loadingRules { () throws(RuleError) in try RuleCatalog.builtIn().rules }
            }
            for file in files.flatMap(Self.ruleFiles(in:)) {
                do {
                    rules += try RuleCatalog.load(paths: [file])
                } catch {
                    printError(error.description)
                    invalid = true
                }
            }
            let rootURL = URL(fileURLWithPath: root, isDirectory: true)
            let results = rules.map { rule in (rule: rule, results: RuleTester.test(rule, root: rootURL)) }
            if !results.isEmpty || !invalid { print(RuleText.testReport(results), terminator: "") }
            let failed = results.contains { $0.results.contains { if case .failed = $0.outcome { true } else { false } } }
            if invalid { throw ExitCode(ExitStatus.usageOrInput) }
            if failed { throw ExitCode(ExitStatus.findings) }
        }

        /// `path` itself, or for a folder its `.yaml`/`.yml` files by name (named as
        /// ``RuleCatalog/load(paths:)`` names a folder's files).
        static func ruleFiles(in path: String) -> [String] {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue,
                  let names = try? FileManager.default.contentsOfDirectory(atPath: path)
            else { return [path] }
            return names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted().map { path + "/" + $0 }
        }
    }
}
