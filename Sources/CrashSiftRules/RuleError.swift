import PCRE2

/// What is wrong with a rule file, and where: the file, and the line and column (from 1) of
/// the YAML node at fault.
///
/// Only rule files throw; bad crash text never does.
public struct RuleError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The rule file (a path, or `built-in:<id>`).
    public var file: String
    /// The line of the offending node, from 1 (0 when the file could not be read at all).
    public var line: Int
    /// The column of the offending node, from 1.
    public var column: Int
    /// What is wrong, in a sentence.
    public var message: String

    /// An error in `file` at `line`:`column`.
    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `rules/foo.yaml:12:5: error: unknown key 'stak' in a task clause (did you mean 'stack'?)`
    public var description: String {
        line > 0 ? "\(file):\(line):\(column): error: \(message)" : "\(file): error: \(message)"
    }
}

/// A rule that could not be evaluated on one input (a pattern hit PCRE2's match limit): it
/// becomes a note on that input's report, and the other rules go on.
public struct RuleFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The rule's id.
    public var rule: String
    /// Why it failed.
    public var message: String

    public init(rule: String, message: String) {
        self.rule = rule
        self.message = message
    }

    public var description: String { "rule \(rule) failed: \(message)" }
}

/// A pattern that PCRE2 gave up on for one input (its match, depth or JIT-stack limit): the
/// rule fails for that input and the message names the pattern, so its author can fix it.
struct PatternGaveUp: Error, CustomStringConvertible {
    /// The pattern as the rule gives it (macros expanded).
    var source: String
    var error: PatternError

    var description: String {
        guard case .matchFailed(let code, let message) = error else { return "\(error)" }
        let hint = error.isLimitExceeded ? "; nested quantifiers (such as (a+)+) backtrack without end, make the pattern more specific" : ""
        return "the pattern '\(source)' failed on this input: \(message) (PCRE2 error \(code))\(hint)"
    }
}

extension PatternError {
    /// This error as the failure of the rule pattern `source`.
    func naming(_ source: String) -> PatternGaveUp { PatternGaveUp(source: source, error: self) }
}
