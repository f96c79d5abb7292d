import CrashSift
import CrashSiftTestSupport
import Foundation
import Testing

/// The `crashsift.parse/1` JSON document: the contract scripts rely on.
@Suite struct ParseDocumentTests {
    let document: JSONValue
    let text: String

    init() throws {
        let url = PackagePaths.samples.appendingPathComponent("rhel7-rt-csd-deadlock.article.txt")
        let source = SourceFile(name: "article.txt", bytes: try PackagePaths.bytes(of: url))
        let transcript = TranscriptParser.parse(source)
        document = ParseDocument.json(for: transcript, source: source)
        text = document.serialized()
    }

    @Test func isValidJSONWithTheSchemaFirst() throws {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["schema"] as? String == "crashsift.parse/1")
        #expect(text.hasPrefix("{\n  \"schema\": \"crashsift.parse/1\""))
        for key in ["source", "commands", "tasks", "fragments", "log", "elisions", "annotations", "prose", "diagnostics", "unrecognized"] {
            #expect(object[key] != nil, "missing \(key)")
        }
    }

    @Test func tasksUseTheContractKeys() throws {
        let task = try #require(document["tasks"]?[1])
        #expect(task["pid"] == .int(260624))
        #expect(task["task"] == "ffff92a0156ce480")
        #expect(task["cpu"] == .int(0))
        #expect(task["command"] == "runc:[2:INIT]")
        #expect(task["line"] == .int(110))
        let frames = try #require(task["frames"]?.arrayValue)
        #expect(frames.count == 24)
        #expect(frames[0]["stack"] == "irq")
        #expect(frames[0]["sp"] == "ffff92c43da03c68")
        #expect(frames[0]["address"] == "ffffffffaaa53b14")
        #expect(frames[0]["function"] == "machine_kexec")
        #expect(frames[0]["reliable"] == .bool(true))
        let exception = try #require(frames[12]["exception"])
        #expect(exception["function"] == "generic_exec_single")
        #expect(exception["offset"] == .int(0xfa))
        #expect(exception["mode"] == "kernel")
        #expect(exception["registers"]?["RIP"] == "ffffffffaab06d6a")
        #expect(exception["registers"]?["CS"] == "0010")
        let segments = try #require(task["segments"]?.arrayValue)
        #expect(segments.map { $0["stack"] } == ["irq", "process"])
        #expect(segments[0]["frames"]?.arrayValue?.count == 12)
    }

    @Test func theForeachTaskHasItsStateAndVia() throws {
        let task = try #require(document["tasks"]?[2])
        #expect(task["state"] == "RU")
        #expect(task["partial"] == .bool(true))
        let last = try #require(task["frames"]?.arrayValue?.last)
        #expect(last["via"] == "system_call")
        #expect(last["exception"]?["mode"] == "user")
    }

    @Test func commandsAndAccountingLists() throws {
        let commands = try #require(document["commands"]?.arrayValue)
        #expect(commands[0]["command"] == "bt")
        #expect(commands[0]["inferred"] == .bool(true))
        #expect(commands.contains { $0["command"] == "foreach" && $0["arguments"] == "RU bt" })
        #expect(document["elisions"]?.arrayValue?.count == 7)
        #expect(document["annotations"]?[1]?["text"] == "<--- CPU 60's call_single_queue")
        // Every line of the article is read now; a crash error shows the diagnostic's keys.
        let failed = SourceFile(name: "failed.txt", text: "crash> list ffff880000000000\nlist: invalid list entry: 0\n")
        let failedDocument = ParseDocument.json(for: TranscriptParser.parse(failed), source: failed)
        let diagnostic = try #require(failedDocument["diagnostics"]?[0])
        #expect(Set(["line", "column", "severity", "id", "message"]).isSubset(of: Set(keys(of: diagnostic))))
    }

    @Test func compactOutputIsOneLine() {
        let compact = document.serialized(pretty: false)
        #expect(!compact.contains("\n"))
        #expect(compact.hasPrefix("{\"schema\":\"crashsift.parse/1\""))
    }

    private func keys(of value: JSONValue) -> [String] {
        if case .object(let pairs) = value { return pairs.map(\.0) }
        return []
    }
}

@Suite struct JSONValueTests {
    @Test func escapesWhatJSONRequires() throws {
        let value: JSONValue = .object([("text", .string("quote \" backslash \\ newline \n tab \t bell \u{07} del \u{7F} é"))])
        let text = value.serialized(pretty: false)
        #expect(text == #"{"text":"quote \" backslash \\ newline \n tab \t bell \u0007 del \u007f é"}"#)
        let decoded = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: String]
        #expect(decoded?["text"] == "quote \" backslash \\ newline \n tab \t bell \u{07} del \u{7F} é")
    }

    @Test func keepsKeyOrderAndShortScalarArraysInline() {
        let value: JSONValue = .object([("b", 1), ("a", [1, 2, 3]), ("c", .array([])), ("d", .object([]))])
        #expect(value.serialized() == "{\n  \"b\": 1,\n  \"a\": [1, 2, 3],\n  \"c\": [],\n  \"d\": {}\n}")
    }

    @Test func nestedArraysOfObjectsIndent() {
        let value: JSONValue = .array([.object([("x", .null)]), .bool(false)])
        #expect(value.serialized() == "[\n  {\n    \"x\": null\n  },\n  false\n]")
    }
}

@Suite struct TreeDumpTests {
    @Test func theSeedArticleMatchesItsGoldenTree() throws {
        let url = PackagePaths.samples.appendingPathComponent("rhel7-rt-csd-deadlock.article.txt")
        let source = SourceFile(name: "rhel7-rt-csd-deadlock.article.txt", bytes: try PackagePaths.bytes(of: url))
        let tree = TreeDump.render(TranscriptParser.parse(source), source: source)
        let golden = PackagePaths.golden(of: "CrashSiftTests").appendingPathComponent("rhel7-rt-csd-deadlock.article.dump.txt")
        if let problem = Golden.compare(tree, with: golden) { Issue.record(Comment(rawValue: problem)) }
    }
}

@Suite struct InputReaderTests {
    @Test func aMissingFileIsNamedInTheError() {
        #expect(throws: InputError.unreadable(path: "/nonexistent/case.txt", reason: "No such file or directory")) {
            try SourceFile.read(path: "/nonexistent/case.txt")
        }
        let error = InputError.unreadable(path: "/nonexistent/case.txt", reason: "No such file or directory")
        #expect(error.description == "cannot read '/nonexistent/case.txt': No such file or directory")
    }

    @Test func aDirectoryIsRefused() {
        #expect(throws: InputError.isDirectory(path: PackagePaths.samples.path)) {
            try SourceFile.read(path: PackagePaths.samples.path)
        }
    }

    @Test func theSizeLimitIsEnforced() throws {
        let url = PackagePaths.samples.appendingPathComponent("rhel7-rt-csd-deadlock.article.txt")
        #expect(throws: InputError.self) { try SourceFile.read(path: url.path, maximumSize: 100) }
        let file = try SourceFile.read(path: url.path)
        #expect(file.lineCount == 232)
        #expect(file.name == url.path)
    }
}
