import Yams

/// A YAML node of a rule file with its position, so that every error can name the line and
/// column it is about. Built once from Yams's tree; the loader reads only this.
indirect enum RuleNode: Sendable {
    case scalar(String, Position)
    case sequence([RuleNode], Position)
    case mapping([(key: String, keyPosition: Position, value: RuleNode)], Position)

    /// A line and column, from 1.
    struct Position: Sendable {
        var line: Int
        var column: Int
    }

    var position: Position {
        switch self {
        case .scalar(_, let position), .sequence(_, let position), .mapping(_, let position): position
        }
    }

    /// What the node is, for messages: `a mapping`, `a list`, `the text 'foo'`.
    var kindDescription: String {
        switch self {
        case .scalar(let text, _): "the text '\(text)'"
        case .sequence: "a list"
        case .mapping: "a mapping"
        }
    }

    /// Parses `yaml` (the text of `file`).
    static func parse(_ yaml: String, file: String) throws(RuleError) -> RuleNode {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            let position = error.mark.map { Position($0, end: endPosition(of: yaml)) }
            throw RuleError(file: file, line: position?.line ?? 0, column: position?.column ?? 0, message: "invalid YAML: \(error.problem)")
        } catch {
            throw RuleError(file: file, line: 0, column: 0, message: "invalid YAML: \(error)")
        }
        guard let root else { throw RuleError(file: file, line: 1, column: 1, message: "the file is empty") }
        return try convert(root, file: file, end: endPosition(of: yaml))
    }

    /// Where `yaml` ends, counted as libyaml counts (line breaks `\n`, `\r`, `\r\n`, U+0085,
    /// U+2028, U+2029; columns in scalars). At the end of a file without a final line break,
    /// libyaml puts errors and empty nodes at the start of the next line, which the file does
    /// not have; ``Position/init(_:end:)`` moves them here.
    static func endPosition(of yaml: String) -> Position {
        var line = 1
        var column = 1
        var afterCarriageReturn = false
        for scalar in yaml.unicodeScalars {
            switch scalar {
            case "\n" where afterCarriageReturn: break
            case "\n", "\r", "\u{85}", "\u{2028}", "\u{2029}":
                line += 1
                column = 1
            default:
                column += 1
            }
            afterCarriageReturn = scalar == "\r"
        }
        return Position(line: line, column: column)
    }

    private static func convert(_ node: Node, file: String, end: Position) throws(RuleError) -> RuleNode {
        let position = node.mark.map { Position($0, end: end) } ?? Position(line: 0, column: 0)
        switch node {
        case .scalar(let scalar):
            return .scalar(scalar.string, position)
        case .sequence(let sequence):
            var items: [RuleNode] = []
            for item in sequence { items.append(try convert(item, file: file, end: end)) }
            return .sequence(items, position)
        case .mapping(let mapping):
            var pairs: [(key: String, keyPosition: Position, value: RuleNode)] = []
            for (key, value) in mapping {
                guard case .scalar(let keyScalar) = key else {
                    throw RuleError(file: file, line: position.line, column: position.column, message: "a mapping key must be text")
                }
                let keyPosition = key.mark.map { Position($0, end: end) } ?? Position(line: 0, column: 0)
                if pairs.contains(where: { $0.key == keyScalar.string }) {
                    throw RuleError(file: file, line: keyPosition.line, column: keyPosition.column, message: "the key '\(keyScalar.string)' is given twice")
                }
                pairs.append((keyScalar.string, keyPosition, try convert(value, file: file, end: end)))
            }
            return .mapping(pairs, position)
        case .alias:
            throw RuleError(file: file, line: position.line, column: position.column, message: "YAML aliases are not used in rule files")
        }
    }
}

extension YamlError {
    /// The position the error is about, when Yams knows it.
    fileprivate var mark: Mark? {
        switch self {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): mark
        default: nil
        }
    }

    /// The problem in libyaml's words.
    fileprivate var problem: String {
        switch self {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _): problem
        default: "\(self)"
        }
    }
}

extension RuleNode.Position {
    /// `mark`, or `end` when `mark` lies on a line past it (see ``RuleNode/endPosition(of:)``).
    init(_ mark: Mark, end: RuleNode.Position) {
        self = mark.line > end.line ? end : RuleNode.Position(line: mark.line, column: mark.column)
    }
}
