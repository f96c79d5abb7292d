/// Something a grammar wants the reader to know about the input: damage it repaired, text
/// it could not place, or a message that `crash` itself printed.
///
/// Bad crash text is never an error in the Swift sense: grammars recover and report a
/// `Diagnostic`. Each message has a stable ``id`` (the name of its declaration), so tests and
/// filters match on the id, never on the wording.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    /// How much the diagnostic matters to someone reading the result.
    public enum Severity: String, Hashable, Sendable, Comparable, CaseIterable {
        /// Information was lost or could not be understood.
        case error
        /// The result may be incomplete or differ from what was meant.
        case warning
        /// Worth knowing; nothing was lost.
        case note

        private var rank: Int {
            switch self {
            case .error: 2
            case .warning: 1
            case .note: 0
            }
        }

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    /// What is said, with its stable id; declared next to the code that emits it.
    public struct Message: Hashable, Sendable {
        /// The stable id, e.g. `frameWithoutTaskHeader`.
        public let id: String
        /// The human-readable text.
        public let text: String

        /// A message whose id is the name of the declaration it is written in.
        ///
        /// Write messages as `static var name: Self { .init("text") }` or
        /// `static func name(_ x: String) -> Self { .init("text \(x)") }`; `#function` then
        /// gives `name` (any parameter list is cut off). Do not write `static let name: Self =
        /// .init("text")`: in a stored property's initialiser `#function` is the type's name,
        /// so every such message would get the id `Message`.
        public init(_ text: String, id: String = #function) {
            if let paren = id.firstIndex(of: "(") {
                self.id = String(id[..<paren])
            } else {
                self.id = id
            }
            self.text = text
        }
    }

    /// How much it matters.
    public var severity: Severity
    /// The stable id of the message.
    public var id: String
    /// The human-readable text.
    public var message: String
    /// Where in the input it applies.
    public var location: SourceLocation

    /// A diagnostic with `message` at `location`.
    public init(_ severity: Severity, _ message: Message, at location: SourceLocation) {
        self.severity = severity
        self.id = message.id
        self.message = message.text
        self.location = location
    }

    /// A diagnostic with `message` at column 1 of `line`.
    public init(_ severity: Severity, _ message: Message, line: Int) {
        self.init(severity, message, at: SourceLocation(line: line))
    }

    /// The line the diagnostic applies to.
    public var line: Int { location.line }

    /// `line:column: severity: message [id]`, as compilers print diagnostics.
    public var description: String { "\(location): \(severity.rawValue): \(message) [\(id)]" }
}
