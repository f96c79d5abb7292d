import CrashSiftModel
import PCRE2

/// Reads a rule file into a ``Rule``, checking everything it can before any input is seen:
/// unknown keys (with the nearest known one), missing keys, wrong kinds of values, patterns
/// that do not compile, roles used before a clause binds them, templates naming unknown roles.
/// Every error names the file, line and column.
public enum RuleLoader {
    /// Reads the rule in `yaml`, the text of `file`.
    public static func load(yaml: String, file: String) throws(RuleError) -> Rule {
        let root = try RuleNode.parse(yaml, file: file)
        var reader = Reader(file: file)
        return try reader.rule(root)
    }

    /// `{{FUNC}}`, `{{ADDR}}`, `{{HEX}}`, `{{NUM}}` in patterns, expanded by ``expandMacros(_:)``.
    static let macros: [(name: String, expansion: String)] = [
        ("{{FUNC}}", #"[A-Za-z_][A-Za-z0-9_.$]*"#),
        ("{{ADDR}}", #"[0-9a-f]{8,16}"#),
        ("{{HEX}}", #"(?:0x)?[0-9a-fA-F]+"#),
        ("{{NUM}}", #"[0-9]+"#),
    ]

    /// `pattern` with every macro replaced by its expansion.
    public static func expandMacros(_ pattern: String) -> String {
        var result = pattern
        for macro in macros { result = result.replacingOccurrences(of: macro.name, with: macro.expansion) }
        return result
    }
}

/// The loader's state while it reads one file.
private struct Reader {
    let file: String
    /// Named patterns (`patterns:`), macros expanded.
    var patterns: [String: String] = [:]
    /// Roles bound so far, in clause order.
    var roles: [String] = []
    var clauseIDs: [String] = []

    init(file: String) { self.file = file }

    func error(_ node: RuleNode, _ message: String) -> RuleError {
        RuleError(file: file, line: node.position.line, column: node.position.column, message: message)
    }

    func error(at position: RuleNode.Position, _ message: String) -> RuleError {
        RuleError(file: file, line: position.line, column: position.column, message: message)
    }

    // MARK: The rule

    mutating func rule(_ root: RuleNode) throws(RuleError) -> Rule {
        let fields = try Fields(root, known: ["id", "title", "severity", "aliases", "about", "patterns", "clauses", "finding", "examples"],
                                what: "a rule", reader: self)
        let id = try fields.requiredText("id", reader: self)
        guard Self.isKebabCase(id) else { throw error(fields.node("id")!, "the id '\(id)' is not kebab-case (lower-case words joined by '-')") }
        // `rules/foo.yaml`, `built-in:foo.yaml`: the name without folder, prefix and extension.
        let base = file.split(separator: "/").last.flatMap { $0.split(separator: ":").last } ?? ""
        let expectedName = base.split(separator: ".").first.map(String.init)
        if file.hasSuffix(".yaml") || file.hasSuffix(".yml"), let expectedName, expectedName != id {
            throw error(fields.node("id")!, "the id '\(id)' must be the file's name ('\(expectedName)')")
        }
        let title = try fields.requiredText("title", reader: self)
        let severityText = try fields.requiredText("severity", reader: self)
        guard let severity = Severity(rawValue: severityText) else {
            throw error(fields.node("severity")!, "unknown severity '\(severityText)' (one of \(Severity.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        let aliases = try fields.node("aliases").map { node throws(RuleError) in try textList(node) } ?? []
        let about = try fields.node("about").map { node throws(RuleError) in try self.about(node) }
            ?? About(summary: nil, references: [], affected: nil, fixed: nil, architectures: [])
        if let patternsNode = fields.node("patterns") { try readPatterns(patternsNode) }
        guard let clausesNode = fields.node("clauses") else { throw error(root, "a rule needs 'clauses'") }
        guard case .sequence(let clauseNodes, _) = clausesNode, !clauseNodes.isEmpty else {
            throw error(clausesNode, "'clauses' must be a list of at least one clause")
        }
        var clauses: [Clause] = []
        for node in clauseNodes { clauses.append(try clause(node)) }
        guard clauses.contains(where: { $0.isRequired || $0.requiredGroup != nil }) else {
            throw error(clausesNode, "at least one clause must be 'required: true' (or in a 'requiredGroup')")
        }
        for clause in clauses {
            guard let group = clause.requiredGroup, clauses.filter({ $0.requiredGroup == group }).count < 2 else { continue }
            throw error(at: RuleNode.Position(line: clause.line, column: 1),
                        "the requiredGroup '\(group)' has one clause; a group holds alternatives (use 'required: true' for one clause)")
        }
        guard let findingNode = fields.node("finding") else { throw error(root, "a rule needs 'finding' with a 'message'") }
        let findingFields = try Fields(findingNode, known: ["message"], what: "'finding'", reader: self)
        let message = try template(findingFields.requiredNode("message", reader: self))
        let examples = try fields.node("examples").map { node throws(RuleError) in try self.examples(node) }
            ?? Examples(triggering: [], nonTriggering: [])
        return Rule(id: id, title: title, severity: severity, aliases: aliases, about: about, clauses: clauses, message: message,
                    examples: examples, file: file)
    }

    static func isKebabCase(_ text: String) -> Bool {
        !text.isEmpty && !text.hasPrefix("-") && !text.hasSuffix("-") && !text.contains("--")
            && text.allSatisfy { ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") || $0 == "-" }
    }

    func about(_ node: RuleNode) throws(RuleError) -> About {
        let fields = try Fields(node, known: ["summary", "references", "affected", "fixed", "architectures"], what: "'about'", reader: self)
        return About(
            summary: try fields.optionalText("summary", reader: self),
            references: try fields.node("references").map { node throws(RuleError) in try textList(node) } ?? [],
            affected: try fields.optionalText("affected", reader: self),
            fixed: try fields.optionalText("fixed", reader: self),
            architectures: try fields.node("architectures").map { node throws(RuleError) in try textList(node) } ?? []
        )
    }

    mutating func readPatterns(_ node: RuleNode) throws(RuleError) {
        guard case .mapping(let pairs, _) = node else { throw error(node, "'patterns' must map names to regular expressions") }
        for pair in pairs {
            guard case .scalar(let text, _) = pair.value else { throw error(pair.value, "the pattern '\(pair.key)' must be text") }
            let expanded = RuleLoader.expandMacros(text)
            do {
                _ = try Pattern(expanded)
            } catch {
                throw self.error(pair.value, "the pattern '\(pair.key)' does not compile: \(error)")
            }
            patterns[pair.key] = expanded
        }
    }

    // MARK: Clauses

    mutating func clause(_ node: RuleNode) throws(RuleError) -> Clause {
        let predicateKeys = ["task", "log", "perCPUList", "listEntriesOnStacks", "registerPointsAtList", "kernel", "all", "any", "not", "atLeast"]
        let fields = try Fields(node, known: ["id", "required", "requiredGroup", "decisive", "says", "confirmWith", "answeredBy"] + predicateKeys,
                                what: "a clause", reader: self)
        let id = try fields.requiredText("id", reader: self)
        guard Self.isKebabCase(id) else { throw error(fields.node("id")!, "the clause id '\(id)' is not kebab-case") }
        guard !clauseIDs.contains(id) else { throw error(fields.node("id")!, "the clause id '\(id)' is used twice") }
        let isRequired = try fields.optionalBool("required", reader: self) ?? false
        let isDecisive = try fields.optionalBool("decisive", reader: self) ?? false
        if isRequired && isDecisive { throw error(fields.node("decisive")!, "a required clause is always decisive; 'decisive' is for supporting clauses") }
        let requiredGroup = try fields.optionalText("requiredGroup", reader: self)
        if let requiredGroup, let node = fields.node("requiredGroup") {
            guard Self.isKebabCase(requiredGroup) else { throw error(node, "the requiredGroup '\(requiredGroup)' is not kebab-case") }
            if isRequired { throw error(node, "a clause is 'required: true' or in a 'requiredGroup', not both") }
            if isDecisive { throw error(node, "a clause in a 'requiredGroup' is an alternative; it cannot be 'decisive'") }
        }
        let given = predicateKeys.filter { fields.node($0) != nil }
        guard given.count == 1, let key = given.first, let predicateNode = fields.node(key) else {
            throw error(node, given.isEmpty
                ? "a clause needs one condition (\(predicateKeys.joined(separator: ", ")))"
                : "a clause has one condition; this one has \(given.joined(separator: " and "))")
        }
        let predicate = try self.predicate(key, predicateNode, topLevel: true)
        clauseIDs.append(id)
        // Templates may name the roles bound so far (this clause's included) and the clause ids.
        let says = try template(fields.requiredNode("says", reader: self))
        let confirmWith = try fields.node("confirmWith").map { node throws(RuleError) in try templateList(node) } ?? []
        let answeredBy = try fields.node("answeredBy").map { node throws(RuleError) in try textList(node) }
        return Clause(id: id, isRequired: isRequired, requiredGroup: requiredGroup, isDecisive: isDecisive, says: says, confirmWith: confirmWith,
                      answeredBy: answeredBy, predicate: predicate, line: node.position.line)
    }

    mutating func predicate(_ key: String, _ node: RuleNode, topLevel: Bool) throws(RuleError) -> Predicate {
        switch key {
        case "task":
            guard topLevel else { throw error(node, "a 'task' condition binds a role and cannot sit inside all/any/not/atLeast") }
            return .task(try task(node))
        case "log": return .log(try log(node))
        case "perCPUList":
            let fields = try Fields(node, known: ["symbol", "minEntries"], what: "'perCPUList'", reader: self)
            return .perCPUList(PerCPUListPredicate(
                symbol: try fields.requiredText("symbol", reader: self), minimumEntries: try fields.optionalInt("minEntries", reader: self) ?? 1
            ))
        case "listEntriesOnStacks":
            let fields = try Fields(node, known: ["symbol", "roles"], what: "'listEntriesOnStacks'", reader: self)
            let roles = try textList(fields.requiredNode("roles", reader: self))
            for role in roles where !self.roles.contains(role) {
                throw error(fields.node("roles")!, "the role '\(role)' is not bound by an earlier task clause")
            }
            return .listEntriesOnStacks(symbol: try fields.requiredText("symbol", reader: self), roles: roles)
        case "registerPointsAtList":
            let fields = try Fields(node, known: ["role", "symbol"], what: "'registerPointsAtList'", reader: self)
            let role = try fields.requiredText("role", reader: self)
            guard roles.contains(role) else { throw error(fields.node("role")!, "the role '\(role)' is not bound by an earlier task clause") }
            return .registerPointsAtList(role: role, symbol: try fields.requiredText("symbol", reader: self))
        case "kernel": return .kernel(try kernel(node))
        case "all", "any":
            guard case .sequence(let items, _) = node, !items.isEmpty else { throw error(node, "'\(key)' takes a list of conditions") }
            var predicates: [Predicate] = []
            for item in items { predicates.append(try nested(item)) }
            return key == "all" ? .all(predicates) : .any(predicates)
        case "not":
            return .not(try nested(node))
        case "atLeast":
            let fields = try Fields(node, known: ["count", "of"], what: "'atLeast'", reader: self)
            let count = try fields.optionalInt("count", reader: self) ?? 1
            guard case .sequence(let items, _) = try fields.requiredNode("of", reader: self) else {
                throw error(node, "'atLeast' takes 'of', a list of conditions")
            }
            var predicates: [Predicate] = []
            for item in items { predicates.append(try nested(item)) }
            guard count >= 1, count <= predicates.count else { throw error(node, "'count' must be between 1 and the number of conditions") }
            return .atLeast(count, predicates)
        default:
            throw error(node, "unknown condition '\(key)'")
        }
    }

    /// A condition inside all/any/not/atLeast: a mapping with one condition key.
    mutating func nested(_ node: RuleNode) throws(RuleError) -> Predicate {
        guard case .mapping(let pairs, _) = node, pairs.count == 1, let pair = pairs.first else {
            throw error(node, "a nested condition is a mapping with one key (log, kernel, perCPUList, all, any, not, atLeast)")
        }
        return try predicate(pair.key, pair.value, topLevel: false)
    }

    mutating func task(_ node: RuleNode) throws(RuleError) -> TaskPredicate {
        let fields = try Fields(node, known: ["bind", "stack", "state", "command", "cpu", "sameCPUAs", "otherCPUThan", "differentFrom", "panicTask"],
                                what: "a task condition", reader: self)
        let role = try fields.requiredText("bind", reader: self)
        guard Self.isIdentifier(role) else { throw error(fields.node("bind")!, "the role '\(role)' must be a word (letters, digits, _)") }
        guard !roles.contains(role) else { throw error(fields.node("bind")!, "the role '\(role)' is bound twice") }
        var predicate = TaskPredicate(role: role, stack: [], states: [], command: nil, cpu: nil, sameCPUAs: nil, otherCPUThan: nil,
                                      differentFrom: [], isPanicTask: nil)
        if let stack = fields.node("stack") { predicate.stack = try chains(stack) }
        if let state = fields.node("state") { predicate.states = try textOrList(state).map { TaskState(rawValue: $0) } }
        if let command = fields.node("command") { predicate.command = try namePattern(command) }
        if let cpuNode = fields.node("cpu") {
            guard case .scalar(let text, _) = cpuNode else { throw error(cpuNode, "'cpu' is a number or {clause.key}") }
            if let number = Int(text) {
                predicate.cpu = .fixed(number)
            } else if case .success(let template) = MessageTemplate.parse(text), template.parts.count == 1,
                      case .value(let name, let key) = template.parts[0]
            {
                guard clauseIDs.contains(name) else { throw error(cpuNode, "'\(text)' names no earlier clause") }
                predicate.cpu = .value(name: name, key: key)
            } else {
                throw error(cpuNode, "'cpu' is a number or {clause.key}")
            }
        }
        predicate.sameCPUAs = try fields.optionalText("sameCPUAs", reader: self)
        predicate.otherCPUThan = try fields.optionalText("otherCPUThan", reader: self)
        if let different = fields.node("differentFrom") { predicate.differentFrom = try textOrList(different) }
        predicate.isPanicTask = try fields.optionalBool("panicTask", reader: self)
        for (key, other) in [("sameCPUAs", predicate.sameCPUAs), ("otherCPUThan", predicate.otherCPUThan)] {
            if let other, !roles.contains(other) { throw error(fields.node(key)!, "the role '\(other)' is not bound by an earlier task clause") }
        }
        for other in predicate.differentFrom where !roles.contains(other) {
            throw error(fields.node("differentFrom")!, "the role '\(other)' is not bound by an earlier task clause")
        }
        roles.append(role)
        return predicate
    }

    static func isIdentifier(_ text: String) -> Bool {
        !text.isEmpty && text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    }

    /// `stack:` — one chain (a list of steps, or a mapping with `steps`), or `anyOf:` chains.
    func chains(_ node: RuleNode) throws(RuleError) -> [ChainPattern] {
        if case .mapping(let pairs, _) = node, pairs.count == 1, pairs[0].key == "anyOf" {
            guard case .sequence(let items, _) = pairs[0].value, !items.isEmpty else { throw error(pairs[0].value, "'anyOf' takes a list of chains") }
            var result: [ChainPattern] = []
            for item in items { result.append(try chain(item)) }
            return result
        }
        return [try chain(node)]
    }

    func chain(_ node: RuleNode) throws(RuleError) -> ChainPattern {
        var stepsNode = node
        var anchored = false
        var unreliable = false
        if case .mapping = node {
            let fields = try Fields(node, known: ["steps", "top", "unreliable"], what: "a chain", reader: self)
            stepsNode = try fields.requiredNode("steps", reader: self)
            anchored = try fields.optionalBool("top", reader: self) ?? false
            unreliable = try fields.optionalBool("unreliable", reader: self) ?? false
        }
        guard case .sequence(let items, _) = stepsNode, !items.isEmpty else { throw error(stepsNode, "a chain is a list of frames and '...'") }
        var steps: [ChainPattern.Step] = []
        for item in items {
            if case .scalar(let text, _) = item, text == "..." {
                steps.append(.gap)
                continue
            }
            if case .scalar = item {
                steps.append(.frame(try namePattern(item), stack: nil, exceptionOnly: false))
                continue
            }
            let fields = try Fields(item, known: ["function", "stack", "exception"], what: "a chain step", reader: self)
            let function = try namePattern(fields.requiredNode("function", reader: self))
            let stack = try fields.optionalText("stack", reader: self).map { StackKind(rawValue: $0) }
            let exception = try fields.optionalBool("exception", reader: self) ?? false
            steps.append(.frame(function, stack: stack, exceptionOnly: exception))
        }
        guard steps.contains(where: { if case .frame = $0 { true } else { false } }) else { throw error(stepsNode, "a chain needs at least one frame") }
        return ChainPattern(steps: steps, anchoredAtTop: anchored, includesUnreliable: unreliable)
    }

    /// A function or command pattern: a regular expression, or `$name` for a named pattern.
    func namePattern(_ node: RuleNode) throws(RuleError) -> NamePattern {
        guard case .scalar(let text, _) = node else { throw error(node, "a name pattern must be text") }
        let source = try resolve(text, node)
        do {
            return NamePattern(source: source, pattern: try Pattern("^(?:\(source))$"))
        } catch {
            throw self.error(node, "the pattern '\(text)' does not compile: \(error)")
        }
    }

    /// A pattern over text: `^` and `$` match at line starts and ends, since a record pattern
    /// is searched over many lines at once.
    func textPattern(_ node: RuleNode) throws(RuleError) -> TextPattern {
        guard case .scalar(let text, _) = node else { throw error(node, "a pattern must be text") }
        let source = try resolve(text, node)
        do {
            return TextPattern(source: source, pattern: try Pattern(source, options: .multiline))
        } catch {
            throw self.error(node, "the pattern '\(text)' does not compile: \(error)")
        }
    }

    /// `$name` → the named pattern; anything else with macros expanded.
    func resolve(_ text: String, _ node: RuleNode) throws(RuleError) -> String {
        if text.hasPrefix("$") {
            let name = String(text.dropFirst())
            guard let pattern = patterns[name] else { throw error(node, "no pattern named '\(name)' in 'patterns'") }
            return pattern
        }
        return RuleLoader.expandMacros(text)
    }

    func log(_ node: RuleNode) throws(RuleError) -> LogPredicate {
        let fields = try Fields(node, known: ["report", "title", "record", "panic"], what: "a log condition", reader: self)
        var predicate = LogPredicate(reportKinds: [], title: nil, record: nil, panic: nil)
        if let report = fields.node("report") {
            for name in try textOrList(report) {
                guard let kind = ReportKind(rawValue: name) else {
                    throw error(report, "unknown report kind '\(name)' (one of \(ReportKind.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                predicate.reportKinds.append(kind)
            }
        }
        if let title = fields.node("title") { predicate.title = try textPattern(title) }
        if let record = fields.node("record") { predicate.record = try textPattern(record) }
        if let panic = fields.node("panic") { predicate.panic = try textPattern(panic) }
        guard !predicate.reportKinds.isEmpty || predicate.title != nil || predicate.record != nil || predicate.panic != nil else {
            throw error(node, "a log condition needs 'report', 'title', 'record' or 'panic'")
        }
        return predicate
    }

    func kernel(_ node: RuleNode) throws(RuleError) -> KernelPredicate {
        let fields = try Fields(node, known: ["preemptible", "preemptRT", "release", "architecture"], what: "a kernel condition", reader: self)
        var predicate = KernelPredicate(preemptible: try fields.optionalBool("preemptible", reader: self),
                                        preemptRT: try fields.optionalBool("preemptRT", reader: self),
                                        releaseAtLeast: nil, releaseBelow: nil,
                                        architecture: try fields.optionalText("architecture", reader: self))
        if let release = fields.node("release") {
            let releaseFields = try Fields(release, known: ["atLeast", "below"], what: "'release'", reader: self)
            predicate.releaseAtLeast = try releaseFields.optionalText("atLeast", reader: self)
            predicate.releaseBelow = try releaseFields.optionalText("below", reader: self)
        }
        return predicate
    }

    // MARK: Templates and examples

    func template(_ node: RuleNode) throws(RuleError) -> MessageTemplate {
        guard case .scalar(let text, _) = node else { throw error(node, "a message must be text") }
        switch MessageTemplate.parse(text) {
        case .failure(let failure):
            throw error(node, failure.message)
        case .success(let template):
            for name in template.names where !roles.contains(name) && !clauseIDs.contains(name) {
                throw error(node, "'{\(name).…}' names no role bound so far and no earlier clause")
            }
            return template
        }
    }

    func templateList(_ node: RuleNode) throws(RuleError) -> [MessageTemplate] {
        guard case .sequence(let items, _) = node else { return [try template(node)] }
        var result: [MessageTemplate] = []
        for item in items { result.append(try template(item)) }
        return result
    }

    func examples(_ node: RuleNode) throws(RuleError) -> Examples {
        let fields = try Fields(node, known: ["triggering", "nonTriggering"], what: "'examples'", reader: self)
        func list(_ key: String) throws(RuleError) -> [Example] {
            guard let listNode = fields.node(key) else { return [] }
            guard case .sequence(let items, _) = listNode else { throw error(listNode, "'\(key)' is a list of examples") }
            var result: [Example] = []
            for item in items {
                let exampleFields = try Fields(item, known: ["text", "file"], what: "an example", reader: self)
                let text = try exampleFields.optionalText("text", reader: self)
                let file = try exampleFields.optionalText("file", reader: self)
                guard (text == nil) != (file == nil) else { throw error(item, "an example has 'text' or 'file', not both or neither") }
                result.append(Example(text: text, file: file, line: item.position.line))
            }
            return result
        }
        return Examples(triggering: try list("triggering"), nonTriggering: try list("nonTriggering"))
    }

    // MARK: Small readers

    func textList(_ node: RuleNode) throws(RuleError) -> [String] {
        guard case .sequence(let items, _) = node else { throw error(node, "expected a list of texts, found \(node.kindDescription)") }
        var result: [String] = []
        for item in items {
            guard case .scalar(let text, _) = item else { throw error(item, "expected text, found \(item.kindDescription)") }
            result.append(text)
        }
        return result
    }

    func textOrList(_ node: RuleNode) throws(RuleError) -> [String] {
        if case .scalar(let text, _) = node { return [text] }
        return try textList(node)
    }
}

/// The keys of one mapping, checked against the keys it may have.
private struct Fields {
    let node: RuleNode
    let pairs: [(key: String, keyPosition: RuleNode.Position, value: RuleNode)]

    init(_ node: RuleNode, known: [String], what: String, reader: Reader) throws(RuleError) {
        guard case .mapping(let pairs, _) = node else { throw reader.error(node, "\(what) must be a mapping, found \(node.kindDescription)") }
        for pair in pairs where !known.contains(pair.key) {
            let suggestion = Self.nearest(pair.key, in: known).map { " (did you mean '\($0)'?)" } ?? ""
            throw reader.error(at: pair.keyPosition, "unknown key '\(pair.key)' in \(what)\(suggestion)")
        }
        self.node = node
        self.pairs = pairs
    }

    func node(_ key: String) -> RuleNode? { pairs.first { $0.key == key }?.value }

    func requiredNode(_ key: String, reader: Reader) throws(RuleError) -> RuleNode {
        guard let value = node(key) else { throw reader.error(node, "missing key '\(key)'") }
        return value
    }

    func requiredText(_ key: String, reader: Reader) throws(RuleError) -> String {
        let value = try requiredNode(key, reader: reader)
        guard case .scalar(let text, _) = value, !text.isEmpty else { throw reader.error(value, "'\(key)' must be text") }
        return text
    }

    func optionalText(_ key: String, reader: Reader) throws(RuleError) -> String? {
        guard let value = node(key) else { return nil }
        guard case .scalar(let text, _) = value else { throw reader.error(value, "'\(key)' must be text, found \(value.kindDescription)") }
        return text
    }

    func optionalBool(_ key: String, reader: Reader) throws(RuleError) -> Bool? {
        guard let text = try optionalText(key, reader: reader) else { return nil }
        switch text {
        case "true", "yes": return true
        case "false", "no": return false
        default: throw reader.error(node(key)!, "'\(key)' must be true or false")
        }
    }

    func optionalInt(_ key: String, reader: Reader) throws(RuleError) -> Int? {
        guard let text = try optionalText(key, reader: reader) else { return nil }
        guard let value = Int(text) else { throw reader.error(node(key)!, "'\(key)' must be a whole number") }
        return value
    }

    /// The known key closest to `key` (at most two edits away), for "did you mean".
    static func nearest(_ key: String, in known: [String]) -> String? {
        known.map { ($0, distance(key, $0)) }.filter { $0.1 <= 2 }.min { $0.1 < $1.1 }?.0
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a.lowercased()), b = Array(b.lowercased())
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1]
            for (j, y) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}
