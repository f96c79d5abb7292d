import ArgumentParser
import CrashSift

/// `--rules PATH`, shared by `analyze` and `rules list|show`: rule files or folders added after
/// the built-in catalogue.
struct RuleOptions: ParsableArguments {
    @Option(name: .customLong("rules"), help: ArgumentHelp(
        "A rule file (.yaml) or a folder of them, run after the built-in rules (repeatable).",
        valueName: "path"
    ))
    var paths: [String] = []

    /// The built-in catalogue and the rules of `paths`; an invalid rule file is reported as
    /// `FILE:LINE:COLUMN: error: …` and exits with 2.
    func catalog() throws -> RuleCatalog {
        try loadingRules { () throws(RuleError) in try RuleCatalog.builtIn().adding(try RuleCatalog.load(paths: paths)) }
    }
}

/// Runs `load`; a ``RuleError`` is written to standard error as the compiler-style
/// `FILE:LINE:COLUMN: error: …` line and becomes exit code 2.
func loadingRules<T>(_ load: () throws(RuleError) -> T) throws -> T {
    do {
        return try load()
    } catch {
        printError(error.description)
        throw ExitCode(ExitStatus.usageOrInput)
    }
}
