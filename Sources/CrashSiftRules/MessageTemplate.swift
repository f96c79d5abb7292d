/// A message with `{name.key}` places filled from what a rule matched: `{waiter.pid}`,
/// `{queue.cpu}`. `name` is a role (a task) or a clause id; an unknown value is shown as
/// `<key>`, so `list {queue.address}` reads `list <address>` when no walk was found.
/// `{waiter.pid|report.pid}` is the first of its values that is known. Text between `[[` and
/// `]]` is left out when a value in it is unknown: `waits[[ for CPU {target.cpu}]]`.
public struct MessageTemplate: Sendable, Hashable, CustomStringConvertible {
    indirect enum Part: Sendable, Hashable {
        case text(String)
        case value(name: String, key: String)
        /// `{a.x|b.y}`: the first known value, in order.
        case firstKnown([Reference])
        /// `[[…]]`: shown only when every value in it is known.
        case optional([Part])
    }

    struct Reference: Sendable, Hashable {
        var name: String
        var key: String
    }

    /// The template as written.
    public let source: String
    let parts: [Part]

    /// Reads `source`; nil with a message when a `{…}` is not `{name.key}`.
    static func parse(_ source: String) -> Result<MessageTemplate, TemplateError> {
        var parts: [Part] = []
        var rest = Substring(source)
        while let open = rest.range(of: "[[") {
            switch parseParts(rest[..<open.lowerBound]) {
            case .success(let before): parts += before
            case .failure(let error): return .failure(error)
            }
            guard let close = rest[open.upperBound...].range(of: "]]") else { return .failure(TemplateError(message: "a '[[' is not closed by ']]'")) }
            switch parseParts(rest[open.upperBound..<close.lowerBound]) {
            case .success(let inside): parts.append(.optional(inside))
            case .failure(let error): return .failure(error)
            }
            rest = rest[close.upperBound...]
        }
        switch parseParts(rest) {
        case .success(let after): parts += after
        case .failure(let error): return .failure(error)
        }
        return .success(MessageTemplate(source: source, parts: parts))
    }

    /// The parts of text without `[[…]]`.
    private static func parseParts(_ source: Substring) -> Result<[Part], TemplateError> {
        var parts: [Part] = []
        var text = ""
        var rest = source
        while let open = rest.firstIndex(of: "{") {
            text += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { return .failure(TemplateError(message: "a '{' is not closed")) }
            let inside = rest[rest.index(after: open)..<close]
            var references: [Reference] = []
            for alternative in inside.split(separator: "|", omittingEmptySubsequences: false) {
                let pieces = alternative.split(separator: ".", omittingEmptySubsequences: false)
                guard pieces.count == 2, !pieces[0].isEmpty, !pieces[1].isEmpty else {
                    return .failure(TemplateError(message: "'{\(inside)}' is not of the form {name.key} or {name.key|name.key}"))
                }
                references.append(Reference(name: String(pieces[0]), key: String(pieces[1])))
            }
            if !text.isEmpty { parts.append(.text(text)) }
            text = ""
            parts.append(references.count == 1 ? .value(name: references[0].name, key: references[0].key) : .firstKnown(references))
            rest = rest[rest.index(after: close)...]
        }
        text += rest
        if !text.isEmpty { parts.append(.text(text)) }
        return .success(parts)
    }

    struct TemplateError: Error {
        var message: String
    }

    /// The names the template refers to.
    var names: [String] { Self.names(in: parts) }

    private static func names(in parts: [Part]) -> [String] {
        parts.flatMap { part -> [String] in
            switch part {
            case .text: []
            case .value(let name, _): [name]
            case .firstKnown(let references): references.map(\.name)
            case .optional(let inside): names(in: inside)
            }
        }
    }

    /// The text with each place filled by `value(name, key)`.
    func render(_ value: (String, String) -> String?) -> String {
        Self.render(parts, value, unknown: { "<\($0)>" }) ?? ""
    }

    /// `parts` filled in; an unknown value is `unknown(key)`, or makes the whole nil when
    /// `unknown` gives nil (inside `[[…]]`).
    private static func render(_ parts: [Part], _ value: (String, String) -> String?, unknown: (String) -> String?) -> String? {
        var text = ""
        for part in parts {
            switch part {
            case .text(let piece):
                text += piece
            case .value(let name, let key):
                guard let filled = value(name, key) ?? unknown(key) else { return nil }
                text += filled
            case .firstKnown(let references):
                guard let filled = references.firstNonNil({ value($0.name, $0.key) }) ?? unknown(references[0].key) else { return nil }
                text += filled
            case .optional(let inside):
                text += render(inside, value, unknown: { _ in nil }) ?? ""
            }
        }
        return text
    }

    public var description: String { source }
}

extension Array {
    /// The first non-nil result of `transform`, in order.
    fileprivate func firstNonNil<Result>(_ transform: (Element) -> Result?) -> Result? {
        for element in self {
            if let result = transform(element) { return result }
        }
        return nil
    }
}
