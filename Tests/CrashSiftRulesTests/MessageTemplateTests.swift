@testable import CrashSiftRules
import Testing

@Suite struct MessageTemplateTests {
    static func render(_ source: String, _ values: [String: String]) throws -> String {
        let template = try MessageTemplate.parse(source).get()
        return template.render { name, key in values["\(name).\(key)"] }
    }

    @Test func unknownValuesReadAsTheirKey() throws {
        #expect(try Self.render("PID {waiter.pid} on CPU {waiter.cpu}", ["waiter.pid": "7"]) == "PID 7 on CPU <cpu>")
    }

    @Test func theFirstKnownAlternativeIsUsed() throws {
        #expect(try Self.render("{a.pid|b.pid}", ["b.pid": "9"]) == "9")
        #expect(try Self.render("{a.pid|b.pid}", [:]) == "<pid>")
    }

    @Test func optionalTextIsLeftOutWhenAValueInItIsUnknown() throws {
        let source = "waits[[ for CPU {target.cpu}]][[; CPU {target.cpu} runs {task.command}]]."
        #expect(try Self.render(source, [:]) == "waits.")
        #expect(try Self.render(source, ["target.cpu": "3"]) == "waits for CPU 3.")
        #expect(try Self.render(source, ["target.cpu": "3", "task.command": "spinner"]) == "waits for CPU 3; CPU 3 runs spinner.")
        #expect(try Self.render("[[{a.x|b.x}]]", ["b.x": "1"]) == "1")
    }

    @Test func namesIncludeThoseInOptionalText() throws {
        let template = try MessageTemplate.parse("{a.x}[[ {b.y}]]").get()
        #expect(template.names == ["a", "b"])
    }

    @Test func unclosedMarksAreErrors() {
        #expect(throws: MessageTemplate.TemplateError.self) { try MessageTemplate.parse("waits[[ for {a.b}").get() }
        #expect(throws: MessageTemplate.TemplateError.self) { try MessageTemplate.parse("waits {a.b").get() }
    }
}
