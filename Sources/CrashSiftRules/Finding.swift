/// What a rule found in one input: the problem, how sure, the lines that show it, and what
/// to run in `crash` to be surer.
public struct Finding: Sendable, Hashable {
    /// The rule's id.
    public var rule: String
    /// The rule's title.
    public var title: String
    public var severity: Severity
    public var confidence: Confidence
    /// The rule's message, filled with what was matched.
    public var message: String
    /// Each satisfied clause's input lines.
    public var evidence: [Evidence]
    /// The supporting clauses (and `requiredGroup` alternatives) the input did not answer, with
    /// the commands that would.
    public var missing: [MissingClause]
    /// Every `confirmWith` command of the missing clauses, in order, without repeats.
    public var confirmWith: [String]
    /// Why confidence was lowered (an elided trace, a corrupted report).
    public var notes: [String]
    /// For a ruled-out finding: the clause whose output is present and says otherwise.
    public var ruledOutBy: RuledOut?

    /// True when the input contradicts a decisive clause: shown only in verbose output.
    public var isRuledOut: Bool { ruledOutBy != nil }
}

/// How sure a finding is.
public enum Confidence: String, Sendable, Hashable, CaseIterable, Comparable {
    /// Every clause holds.
    case confirmed
    /// The required clauses and at least half of the supporting ones hold.
    case likely
    /// The required clauses hold; most supporting ones could not be checked.
    case possible

    public static func < (a: Confidence, b: Confidence) -> Bool {
        allCases.firstIndex(of: a)! > allCases.firstIndex(of: b)!
    }

    /// One step less sure (for damaged evidence).
    var lowered: Confidence {
        switch self {
        case .confirmed: .likely
        case .likely, .possible: .possible
        }
    }
}

/// One input line that shows a clause holds.
public struct Evidence: Sendable, Hashable {
    /// The clause.
    public var clause: String
    /// The role the line is about (`waiter`), for task clauses.
    public var role: String?
    /// The input line, from 1.
    public var line: Int
    /// The line's text (filled by the caller that has the input).
    public var text: String
    /// What the clause says, filled.
    public var says: String

    public init(clause: String, role: String?, line: Int, text: String = "", says: String) {
        self.clause = clause
        self.role = role
        self.line = line
        self.text = text
        self.says = says
    }
}

/// A supporting clause the input does not answer.
public struct MissingClause: Sendable, Hashable {
    public var clause: String
    /// What the clause would show.
    public var says: String
    /// The crash commands that would answer it.
    public var confirmWith: [String]
}

/// The clause that rules a finding out, and the lines that answered it.
public struct RuledOut: Sendable, Hashable {
    public var clause: String
    public var says: String
    /// The input lines of the output that answered the clause (the command lines).
    public var lines: [Int]
}

/// What one rule made of one input.
public enum RuleOutcome: Sendable {
    /// The rule's required clauses hold.
    case finding(Finding)
    /// Nothing to report (a required clause does not hold).
    case noMatch
    /// The rule could not be evaluated (a pattern hit PCRE2's limits): a note on the report.
    case failed(RuleFailure)
}
