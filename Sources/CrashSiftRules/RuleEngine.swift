import CrashSiftModel
import CrashSiftText
import PCRE2

/// Runs rules over inputs: each rule on its own, in order, so that a rule that fails (a
/// pattern that hits PCRE2's match limit) becomes a failed outcome and the others go on.
public struct RuleEngine: Sendable {
    /// The rules, in the order they run.
    public let rules: [Rule]

    public init(rules: [Rule]) {
        self.rules = rules
    }

    /// Every rule's outcome on `input`.
    public func evaluate(_ input: RuleInput) -> [(rule: Rule, outcome: RuleOutcome)] {
        let cache = PatternCache()
        return rules.map { rule in
            do {
                var evaluation = RuleEvaluation(rule: rule, input: input, patterns: cache)
                return (rule, try evaluation.run())
            } catch {
                return (rule, .failed(RuleFailure(rule: rule.id, message: "\(error)")))
            }
        }
    }
}

/// Compiled patterns' matchers and what they answered, shared by the rules of one input:
/// function names repeat across thousands of tasks, so each name is matched once per pattern.
final class PatternCache {
    private var matchers: [String: Pattern.Matcher] = [:]
    private var answers: [String: [String: Bool]] = [:]

    func matcher(_ pattern: Pattern, key: String) -> Pattern.Matcher {
        if let matcher = matchers[key] { return matcher }
        let matcher = Pattern.Matcher(pattern)
        matchers[key] = matcher
        return matcher
    }

    private var holders: [String: [[Int]]] = [:]

    /// The task lists of `index` (function → tasks) whose function matches `pattern`.
    func holders(of pattern: NamePattern, in index: [String: [Int]]) throws(PatternGaveUp) -> [[Int]] {
        if let known = holders[pattern.source] { return known }
        var found: [[Int]] = []
        for (function, tasks) in index where try matches(pattern, function) { found.append(tasks) }
        holders[pattern.source] = found
        return found
    }

    /// Whether the whole of `name` matches `pattern`.
    func matches(_ pattern: NamePattern, _ name: String) throws(PatternGaveUp) -> Bool {
        if let answer = answers[pattern.source]?[name] { return answer }
        let answer: Bool
        do {
            answer = try matcher(pattern.pattern, key: "^" + pattern.source).isMatch(name)
        } catch {
            throw error.naming(pattern.source)
        }
        answers[pattern.source, default: [:]][name] = answer
        return answer
    }
}

/// One rule on one input.
struct RuleEvaluation {
    let rule: Rule
    let input: RuleInput
    let patterns: PatternCache
    var transcript: Transcript { input.transcript }

    /// What a clause showed: whether it holds, its lines, and its values for templates.
    struct ClauseResult {
        var holds: Bool
        var lines: [(line: Int, role: String?)] = []
        var values: [String: String] = [:]

        static let fails = ClauseResult(holds: false)
    }

    /// A task that satisfies a task clause's own conditions.
    struct Candidate {
        var position: Int
        var identity: String
        var cpu: Int?
        /// The header line and the matched frames' lines.
        var lines: [Int]
        /// The function of the first matched frame.
        var frame: String?
    }

    /// A choice of task (or none, for a supporting clause) for each task clause.
    typealias Assignment = [Int: Candidate]

    init(rule: Rule, input: RuleInput, patterns: PatternCache) {
        self.rule = rule
        self.input = input
        self.patterns = patterns
    }

    // MARK: Running

    mutating func run() throws -> RuleOutcome {
        // Clauses that need no role are evaluated once; task clauses get their candidates.
        // Those first, so that a task clause's `cpu: '{clause.key}'` naming one of them is
        // known before its candidates are looked for (most tasks are then never looked at).
        var fixed: [Int: ClauseResult] = [:]
        var candidates: [Int: [Candidate]] = [:]
        for (index, clause) in rule.clauses.enumerated() {
            switch clause.predicate {
            case .task, .listEntriesOnStacks, .registerPointsAtList:
                continue
            default:
                let result = try evaluate(clause.predicate, assignment: [:], values: [:])
                if clause.isRequired && !result.holds { return .noMatch }
                fixed[index] = result
            }
        }
        for (index, clause) in rule.clauses.enumerated() {
            guard case .task(let task) = clause.predicate else { continue }
            candidates[index] = try self.candidates(for: task, cpu: knownCPU(of: task, fixed))
            if clause.isRequired && candidates[index]!.isEmpty { return .noMatch }
        }
        // A required group whose every clause is already known to fail cannot be met.
        for group in requiredGroups {
            let members = rule.clauses.indices.filter { rule.clauses[$0].requiredGroup == group }
            if members.allSatisfy({ fixed[$0]?.holds == false || candidates[$0]?.isEmpty == true }) { return .noMatch }
        }
        guard let best = try search(candidates: candidates, fixed: fixed) else { return .noMatch }
        return .finding(finding(from: best))
    }

    /// What a task clause's CPU must be, when that is known before any role is bound: a fixed
    /// number, or a value of a clause that needs no role (`.impossible` when that clause gave
    /// none, so no task can fit).
    enum KnownCPU {
        case any, cpu(Int), impossible
    }

    func knownCPU(of task: TaskPredicate, _ fixed: [Int: ClauseResult]) -> KnownCPU {
        switch task.cpu {
        case nil:
            return .any
        case .fixed(let cpu):
            return .cpu(cpu)
        case .value(let name, let key):
            guard let index = rule.clauses.firstIndex(where: { $0.id == name }), let result = fixed[index] else { return .any }
            return result.values[key].flatMap { Int($0) }.map(KnownCPU.cpu) ?? .impossible
        }
    }

    /// The best assignment found: every required clause holds, and as many supporting clauses
    /// as possible. The search stops after ``searchBudget`` complete assignments.
    struct Best {
        var assignment: Assignment
        var results: [Int: ClauseResult]
        var score: Int
    }

    static let searchBudget = 20_000

    /// The names of the rule's required groups (`requiredGroup:`), in clause order.
    var requiredGroups: [String] {
        var groups: [String] = []
        for clause in rule.clauses {
            if let group = clause.requiredGroup, !groups.contains(group) { groups.append(group) }
        }
        return groups
    }

    func search(candidates: [Int: [Candidate]], fixed: [Int: ClauseResult]) throws -> Best? {
        let taskClauses = rule.clauses.indices.filter { candidates[$0] != nil }
        var best: Best?
        var leaves = 0
        var finished = false

        func values(_ assignment: Assignment, _ results: [Int: ClauseResult]) -> [String: [String: String]] {
            var values: [String: [String: String]] = [:]
            for (index, result) in results { values[rule.clauses[index].id] = result.values }
            for (index, candidate) in assignment {
                if case .task(let task) = rule.clauses[index].predicate { values[task.role] = roleValues(candidate) }
            }
            return values
        }

        func leaf(_ assignment: Assignment) throws {
            leaves += 1
            var results = fixed
            for (index, clause) in rule.clauses.enumerated() {
                switch clause.predicate {
                case .task(let task):
                    if let candidate = assignment[index] {
                        results[index] = ClauseResult(holds: true, lines: candidate.lines.map { ($0, task.role) }, values: roleValues(candidate))
                    } else {
                        results[index] = .fails
                    }
                case .listEntriesOnStacks, .registerPointsAtList:
                    results[index] = try evaluate(clause.predicate, assignment: assignment, values: values(assignment, results))
                default:
                    continue
                }
                if clause.isRequired && results[index]?.holds != true { return }
            }
            for group in requiredGroups {
                guard rule.clauses.indices.contains(where: { rule.clauses[$0].requiredGroup == group && results[$0]?.holds == true }) else { return }
            }
            let score = results.values.filter(\.holds).count
            if best == nil || score > best!.score { best = Best(assignment: assignment, results: results, score: score) }
            // Every clause holds: no other assignment can do better.
            if score == rule.clauses.count { finished = true }
        }

        func assign(_ depth: Int, _ assignment: Assignment) throws {
            guard leaves < Self.searchBudget && !finished else { return }
            if depth == taskClauses.count {
                try leaf(assignment)
                return
            }
            let index = taskClauses[depth]
            let clause = rule.clauses[index]
            guard case .task(let task) = clause.predicate else { return }
            let known = values(assignment, fixed)
            for candidate in candidates[index] ?? [] where fits(candidate, task, assignment, known) {
                var next = assignment
                next[index] = candidate
                try assign(depth + 1, next)
                if leaves >= Self.searchBudget || finished { return }
            }
            if !clause.isRequired { try assign(depth + 1, assignment) }
        }

        try assign(0, [:])
        return best
    }

    /// Whether `candidate` can take the role of `task` next to the roles already assigned.
    func fits(_ candidate: Candidate, _ task: TaskPredicate, _ assignment: Assignment, _ values: [String: [String: String]]) -> Bool {
        func bound(_ role: String) -> Candidate? {
            for (index, other) in assignment {
                if case .task(let predicate) = rule.clauses[index].predicate, predicate.role == role { return other }
            }
            return nil
        }
        if assignment.values.contains(where: { $0.identity == candidate.identity }) { return false }
        if let role = task.sameCPUAs {
            guard let other = bound(role), let cpu = other.cpu, candidate.cpu == cpu else { return false }
        }
        if let role = task.otherCPUThan {
            guard let other = bound(role), let cpu = other.cpu, let mine = candidate.cpu, mine != cpu else { return false }
        }
        for role in task.differentFrom {
            if let other = bound(role), other.identity == candidate.identity { return false }
        }
        if case .value(let name, let key)? = task.cpu {
            guard let wanted = values[name]?[key].flatMap({ Int($0) }), candidate.cpu == wanted else { return false }
        }
        return true
    }

    func roleValues(_ candidate: Candidate) -> [String: String] {
        let task = input.tasks[candidate.position]
        var values: [String: String] = ["pid": String(task.pid), "line": String(task.line)]
        if let cpu = candidate.cpu { values["cpu"] = String(cpu) }
        if let command = task.command { values["command"] = command }
        if let address = task.taskAddress { values["task"] = address.description }
        if let frame = candidate.frame { values["frame"] = frame }
        if let state = input.states(ofTask: candidate.position).first { values["state"] = state.rawValue }
        return values
    }

    // MARK: Task candidates

    /// The tasks whose own conditions hold, one per task (its first printing that matches).
    func candidates(for task: TaskPredicate, cpu wantedCPU: KnownCPU) throws -> [Candidate] {
        if case .impossible = wantedCPU { return [] }
        var result: [Candidate] = []
        var seen = Set<String>()
        let tasks = input.tasks
        for position in try positionsToTry(task) {
            let cpu = input.cpu(ofTask: position)
            if case .cpu(let wanted) = wantedCPU, cpu != wanted { continue }
            let identity = input.identity(ofTask: position)
            guard !seen.contains(identity) else { continue }
            if !task.states.isEmpty {
                let states = input.states(ofTask: position)
                guard states.contains(where: { task.states.contains($0) }) else { continue }
            }
            if let command = task.command {
                guard let name = tasks[position].command, try patterns.matches(command, name) else { continue }
            }
            if let panic = task.isPanicTask {
                let isPanic = input.entry(ofTask: position)?.panic != nil
                guard isPanic == panic else { continue }
            }
            var lines = [tasks[position].line]
            var frame: String?
            if !task.stack.isEmpty {
                let chain = input.chain(ofTask: position)
                var matched: [Int]?
                for pattern in task.stack {
                    if let found = try match(pattern, chain) {
                        matched = found
                        break
                    }
                }
                guard let matched else { continue }
                lines += matched.map { chain[$0].line }
                frame = matched.first.map { chain[$0].function }
            }
            seen.insert(identity)
            result.append(Candidate(position: position, identity: identity, cpu: cpu, lines: lines, frame: frame))
        }
        return result
    }

    /// The tasks worth checking: those with a function that a step of every chain needs, found
    /// through the function index (a rule whose functions never occur costs next to nothing).
    func positionsToTry(_ task: TaskPredicate) throws -> [Int] {
        guard !task.stack.isEmpty else { return Array(input.tasks.indices) }
        var marked = [Bool](repeating: false, count: input.tasks.count)
        for chain in task.stack {
            // The step whose functions are held by the fewest tasks (counted with repeats,
            // which is enough to choose) narrows the search; only its tasks are collected.
            var narrowest: [[Int]]?
            var narrowestCount = Int.max
            for step in chain.steps {
                guard case .frame(let name, _, _) = step else { continue }
                let holders = try patterns.holders(of: name, in: input.functionIndex)
                let count = holders.reduce(0) { $0 + $1.count }
                if count < narrowestCount { (narrowest, narrowestCount) = (holders, count) }
                if count == 0 { break }
            }
            for tasks in narrowest ?? [] {
                for position in tasks { marked[position] = true }
            }
        }
        return marked.indices.filter { marked[$0] }
    }

    /// The positions in `chain` of the pattern's frame steps, or nil.
    func match(_ pattern: ChainPattern, _ chain: [RuleInput.ChainFrame]) throws -> [Int]? {
        let frames = pattern.includesUnreliable ? Array(chain.indices) : chain.indices.filter { chain[$0].isReliable }
        func matches(_ step: Int, _ at: Int) throws -> [Int]? {
            if step == pattern.steps.count { return [] }
            switch pattern.steps[step] {
            case .gap:
                for next in at...frames.count {
                    if let rest = try matches(step + 1, next) { return rest }
                }
                return nil
            case .frame(let name, let stack, let exceptionOnly):
                guard at < frames.count else { return nil }
                let frame = chain[frames[at]]
                if let stack, frame.stack != stack { return nil }
                if exceptionOnly && !frame.isException { return nil }
                guard try patterns.matches(name, frame.function) else { return nil }
                guard let rest = try matches(step + 1, at + 1) else { return nil }
                return [frames[at]] + rest
            }
        }
        let starts = pattern.anchoredAtTop ? [0] : Array(0..<max(frames.count, 1))
        for start in starts where start < frames.count {
            if let found = try matches(0, start) { return found }
        }
        return nil
    }
}
