import CrashSiftText
import Testing

// Messages declared the way the grammars declare theirs.
extension Diagnostic.Message {
    fileprivate static var frameBeforeTaskHeader: Self { .init("a frame before any task header") }
    fileprivate static func unknownRegister(_ name: String) -> Self { .init("unknown register \(name)") }
    fileprivate static func truncatedLine(at column: Int, reason: String) -> Self {
        .init("line cut at column \(column): \(reason)")
    }
    fileprivate static func emptyParameterList() -> Self { .init("no parameters") }
    fileprivate static var builtInAClosure: Self { ["x"].map { Self("from a closure \($0)") }[0] }
    /// The pitfall the doc comment warns about: a stored `static let` does not get its own name.
    fileprivate static let storedConstant: Self = .init("stored")
}

@Suite struct DiagnosticTests {
    // MARK: Message ids

    @Test func staticVarGivesItsName() {
        let message = Diagnostic.Message.frameBeforeTaskHeader
        #expect(message.id == "frameBeforeTaskHeader")
        #expect(message.text == "a frame before any task header")
    }

    @Test func staticFuncGivesItsBaseName() {
        let message = Diagnostic.Message.unknownRegister("XMM0")
        #expect(message.id == "unknownRegister")
        #expect(message.text == "unknown register XMM0")
    }

    @Test func labelledParametersAreCutOff() {
        let message = Diagnostic.Message.truncatedLine(at: 80, reason: "binary")
        #expect(message.id == "truncatedLine")
        #expect(message.text == "line cut at column 80: binary")
    }

    @Test func anEmptyParameterListIsCutOff() {
        #expect(Diagnostic.Message.emptyParameterList().id == "emptyParameterList")
    }

    @Test func aClosureInsideTheDeclarationStillGivesTheDeclaration() {
        #expect(Diagnostic.Message.builtInAClosure.id == "builtInAClosure")
    }

    @Test func aStoredStaticLetGetsTheTypeNameNotItsOwn() {
        // Documented in `Message.init`: write messages as computed `static var`s.
        #expect(Diagnostic.Message.storedConstant.id == "Message")
    }

    @Test(arguments: [
        ("custom", "custom"),
        ("f(x:)", "f"),
        ("g()", "g"),
        ("(odd)", ""),
        ("", ""),
    ])
    func explicitIdsAreCutAtTheFirstParenthesis(given: String, id: String) {
        #expect(Diagnostic.Message("text", id: given).id == id)
    }

    @Test func messagesCompareByIdAndText() {
        #expect(Diagnostic.Message.unknownRegister("A") == .unknownRegister("A"))
        #expect(Diagnostic.Message.unknownRegister("A") != .unknownRegister("B"))
        #expect(Diagnostic.Message("same", id: "a") != Diagnostic.Message("same", id: "b"))
    }

    // MARK: Diagnostics

    @Test func initialiserCopiesTheMessage() {
        let location = SourceLocation(line: 12, column: 5)
        let diagnostic = Diagnostic(.warning, .unknownRegister("XMM0"), at: location)
        #expect(diagnostic.severity == .warning)
        #expect(diagnostic.id == "unknownRegister")
        #expect(diagnostic.message == "unknown register XMM0")
        #expect(diagnostic.location == location)
        #expect(diagnostic.line == 12)
    }

    @Test func lineInitialiserUsesColumnOne() {
        let diagnostic = Diagnostic(.note, .frameBeforeTaskHeader, line: 40)
        #expect(diagnostic.location == SourceLocation(line: 40, column: 1))
        #expect(diagnostic.line == 40)
    }

    @Test(arguments: [
        (Diagnostic(.error, .frameBeforeTaskHeader, line: 3),
         "3:1: error: a frame before any task header [frameBeforeTaskHeader]"),
        (Diagnostic(.warning, .unknownRegister("XMM0"), at: SourceLocation(line: 12, column: 5)),
         "12:5: warning: unknown register XMM0 [unknownRegister]"),
        (Diagnostic(.note, .truncatedLine(at: 9, reason: "x"), line: 1),
         "1:1: note: line cut at column 9: x [truncatedLine]"),
    ])
    func descriptionFormat(diagnostic: Diagnostic, text: String) {
        #expect(diagnostic.description == text)
        #expect("\(diagnostic)" == text)
    }

    @Test func equalityUsesEveryField() {
        let base = Diagnostic(.warning, .frameBeforeTaskHeader, line: 3)
        var other = base
        #expect(other == base)
        other.severity = .error
        #expect(other != base)
        other = base
        other.location.column = 2
        #expect(other != base)
        other = base
        other.id = "somethingElse"
        #expect(other != base)
        #expect(Set([base, base]).count == 1)
    }

    // MARK: Severity

    @Test func severityOrdersByImportance() {
        #expect(Diagnostic.Severity.note < .warning)
        #expect(Diagnostic.Severity.warning < .error)
        #expect(Diagnostic.Severity.note < .error)
        #expect(!(Diagnostic.Severity.error < .error))
        #expect(!(Diagnostic.Severity.error < .note))
        #expect([Diagnostic.Severity.warning, .error, .note].sorted() == [.note, .warning, .error])
        #expect(Diagnostic.Severity.allCases.max() == .error)
        #expect(Diagnostic.Severity.allCases.min() == .note)
    }

    @Test func severityCasesAndRawValues() {
        #expect(Diagnostic.Severity.allCases == [.error, .warning, .note])
        #expect(Diagnostic.Severity.allCases.map(\.rawValue) == ["error", "warning", "note"])
        #expect(Diagnostic.Severity(rawValue: "warning") == .warning)
        #expect(Diagnostic.Severity(rawValue: "Warning") == nil)
    }
}
