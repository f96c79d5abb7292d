import CrashSift
import CrashSiftTestSupport
import Testing

/// The `list` walks of the reference article (Fixtures/seed-article.txt): one per CPU's
/// `call_single_queue`, indented inside prose, one of them annotated `<--- CPU 60's
/// call_single_queue`, two followed by `[...]`.
@Suite struct SeedListTests {
    let transcript: Transcript

    init() throws {
        let url = PackagePaths.fixtures(of: "CrashSiftParserTests").appendingPathComponent("seed-article.txt")
        transcript = TranscriptParser.parse(SourceFile(name: "seed-article.txt", bytes: try PackagePaths.bytes(of: url)))
    }

    @Test func everyListIsRead() {
        let listCommands = transcript.commands.indices.filter { transcript.commands[$0].name == "list" }
        #expect(listCommands.count == 9)
        #expect(transcript.lists.map(\.commandIndex) == listCommands)
        for walk in transcript.lists {
            #expect(!transcript.unrecognized.contains { walk.lines.first...walk.lines.last ~= $0 }, "\(walk.commandLine)")
            #expect(walk.head?.address == walk.startAddress, "\(walk.commandLine)")
        }
        #expect(transcript.unrecognized.isEmpty)
        #expect(!transcript.diagnostics.contains { $0.id == "noGrammar" })
    }

    @Test func onlyCPU60sQueueHasEntries() throws {
        let nonEmpty = transcript.lists.filter { !$0.isEmpty }
        #expect(nonEmpty.count == 1)
        let queue = try #require(nonEmpty.first)
        #expect(queue.start?.description == "ffff92f43c31cb40")
        #expect(queue.entries.map(\.address.description) == ["ffff92d19b2a7990", "ffff92c414a1fb20", "ffff92c427d67c30"])
        #expect(queue.entries.map(\.line) == [187, 188, 189])
        // The article's `p call_single_queue` went into a file, so no table names the CPU: the
        // walks ran from that file (`< csd_queues`), and the pasted note names CPU 60.
        #expect(transcript.perCPU.isEmpty)
        #expect(queue.perCPU == PerCPUReference(symbol: "call_single_queue", cpu: 60))
        #expect(queue.perCPULine == 185)
        #expect(transcript.lists.allSatisfy { $0.perCPUSymbol == "call_single_queue" })
        #expect(transcript.lists.filter { $0.perCPU != nil }.count == 1)
    }

    @Test func theArticlesElisionsStayWithTheirWalks() {
        #expect(transcript.lists.filter { !$0.elisions.isEmpty }.map(\.elisions) == [[182], [194]])
    }
}
