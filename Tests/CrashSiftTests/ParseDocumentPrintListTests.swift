import CrashSift
import CrashSiftTestSupport
import Foundation
import Testing

/// The `printed[]`, `perCPU[]` and `lists[]` keys of `crashsift.parse/1`.
@Suite struct ParseDocumentPrintListTests {
    let document: JSONValue

    init() {
        let source = SourceFile(name: "session.txt", text: """
            crash> p call_single_queue
            PER-CPU DATA TYPE:
              struct llist_head call_single_queue;
            PER-CPU ADDRESSES:
              [0]: ffff88803f233d80
              [1]: ffff88803f2b3d80
            crash> list ffff88803f2b3d80
            ffff88803f2b3d80
            ffff888004a12100
            crash> p panic_cpu
            panic_cpu = $2 = {
              counter = 2
            }
            crash> p x
            $3 = {0x0 <repeats 4 times>, 97 'a', 0xffffffff81a0b2f0 <schedule>, 0xc02c05c8 "rootfs"}
            crash> list -H modules -s module.name
            ffffffffc020e040
              name = "crashtest\\000\\000",

            list: duplicate list entry: ffffffffc020e040
            """)
        document = ParseDocument.json(for: TranscriptParser.parse(source), source: source)
    }

    @Test func theKeysComeAfterTheLog() throws {
        guard case .object(let pairs) = document else { Issue.record("not an object"); return }
        let keys = pairs.map(\.0)
        let log = try #require(keys.firstIndex(of: "log"))
        #expect(Array(keys[(log + 1)...]).starts(with: ["processes", "systems", "runQueues", "printed", "perCPU", "lists"]))
        #expect(document["unrecognized"]?.arrayValue == [])
    }

    @Test func printedValuesAreTaggedTrees() throws {
        let panic = try #require(document["printed"]?[0])
        #expect(panic["expression"] == "panic_cpu")
        #expect(panic["symbol"] == "panic_cpu")
        #expect(panic["history"] == .int(2))
        #expect(panic["line"] == .int(11))
        #expect(panic["lastLine"] == .int(13))
        #expect(panic["value"]?["kind"] == "struct")
        #expect(panic["value"]?["fields"]?[0]?["name"] == "counter")
        #expect(panic["value"]?["fields"]?[0]?["value"]?["number"] == .int(2))

        let array = try #require(document["printed"]?[1]?["value"])
        #expect(array["kind"] == "array")
        let elements = try #require(array["elements"]?.arrayValue)
        #expect(elements[0]["repeats"] == .int(4))
        #expect(elements[0]["value"]?["hex"] == "0")
        #expect(elements[1]["value"]?["char"] == "a")
        #expect(elements[1]["value"]?["number"] == .int(97))
        #expect(elements[2]["value"]?["kind"] == "pointer")
        #expect(elements[2]["value"]?["symbol"] == "schedule")
        #expect(elements[2]["value"]?["address"] == "ffffffff81a0b2f0")
        #expect(elements[3]["value"]?["kind"] == "string")
        #expect(elements[3]["value"]?["text"] == "rootfs")
        #expect(elements[3]["value"]?["address"] == "c02c05c8")
    }

    @Test func perCPUTablesAndTheJoinedList() throws {
        let table = try #require(document["perCPU"]?[0])
        #expect(table["symbol"] == "call_single_queue")
        #expect(table["type"] == "struct llist_head")
        #expect(table["addresses"]?[1]?["cpu"] == .int(1))
        #expect(table["addresses"]?[1]?["address"] == "ffff88803f2b3d80")

        let walk = try #require(document["lists"]?[0])
        #expect(walk["start"] == "ffff88803f2b3d80")
        #expect(walk["headMode"] == "start")
        #expect(walk["perCPU"]?["symbol"] == "call_single_queue")
        #expect(walk["perCPU"]?["cpu"] == .int(1))
        #expect(walk["head"]?["address"] == "ffff88803f2b3d80")
        #expect(walk["entries"]?.arrayValue?.count == 1)
        #expect(walk["empty"] == .bool(false))
    }

    @Test func listEntriesWithMembersAndProblems() throws {
        let walk = try #require(document["lists"]?[1])
        #expect(walk["headMode"] == "list-head")
        #expect(walk["structure"] == "module.name")
        #expect(walk["head"] == nil)
        let name = try #require(walk["entries"]?[0]?["fields"]?[0])
        #expect(name["name"] == "name")
        #expect(name["value"]?["text"] == #"crashtest\000\000"#)
        #expect(name["value"]?["cString"] == "crashtest")
        #expect(walk["problems"]?[0]?["kind"] == "duplicateEntry")
        #expect(walk["problems"]?[0]?["address"] == "ffffffffc020e040")
        #expect(walk["empty"] == .bool(false))
    }

    @Test func theDocumentIsValidJSON() throws {
        let object = try JSONSerialization.jsonObject(with: Data(document.serialized().utf8)) as? [String: Any]
        #expect((object?["lists"] as? [Any])?.count == 2)
    }
}
