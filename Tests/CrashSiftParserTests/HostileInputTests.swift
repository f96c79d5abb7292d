import CrashSift
import Testing

/// Inputs nobody should paste, which must still give a result and diagnostics, never a crash.
@Suite struct HostileInputTests {
    private let header = "PID: 260624  TASK: ffff92a0156ce480  CPU: 0   COMMAND: \"runc:[2:INIT]\""
    private let frame = " #0 [ffff92c43da03c68] machine_kexec at ffffffffaaa53b14"

    @Test func emptyInput() {
        let transcript = TranscriptParser.parse(SourceFile(name: "empty", bytes: []))
        #expect(transcript.lineCount == 0)
        #expect(transcript.tasks.isEmpty && transcript.diagnostics.isEmpty && transcript.lineRoles.isEmpty)
    }

    @Test func onlyNewlinesAndBlanks() {
        let transcript = TranscriptParser.parse("\n  \n\t\n\r\n")
        #expect(transcript.lineCount == 4)
        #expect(transcript.lineRoles.allSatisfy { $0 == .blank })
    }

    @Test func binaryGarbage() {
        // Deterministic pseudo-random bytes (an LCG), including NULs and every byte value.
        var state: UInt32 = 12345
        let bytes = (0..<200_000).map { _ -> UInt8 in
            state = state &* 1_103_515_245 &+ 12345
            return UInt8(truncatingIfNeeded: state >> 16)
        }
        let transcript = TranscriptParser.parse(SourceFile(name: "garbage", bytes: bytes))
        #expect(transcript.diagnostics.contains { $0.id == "binaryContent" })
        #expect(transcript.tasks.isEmpty)
        #expect(transcript.lineRoles.count == transcript.lineCount)
    }

    @Test func nulBytesInsideCrashOutput() throws {
        let bytes = Array("crash> bt\n\(header)\n".utf8) + [0, 0, 0x0A] + Array("\(frame)\n".utf8)
        let transcript = TranscriptParser.parse(SourceFile(name: "nul", bytes: bytes))
        let diagnostic = try #require(transcript.diagnostics.first { $0.id == "binaryContent" })
        #expect(diagnostic.location.line == 3)
        #expect(transcript.tasks.first?.backtrace.frames.count == 1)
        #expect(transcript.unrecognized == [3])
    }

    @Test func invalidUTF8InACommandName() throws {
        // A `comm` with bytes that are not UTF-8 (kernel comm is bytes): kept, replaced for display.
        let bytes = Array("PID: 7        TASK: ffff888004a12100  CPU: 1    COMMAND: \"".utf8) + [0xFF, 0xFE, 0x41] + Array("\"\n\(frame)\n".utf8)
        let transcript = TranscriptParser.parse(SourceFile(name: "utf8", bytes: bytes))
        let task = try #require(transcript.tasks.first)
        #expect(task.command == "\u{FFFD}\u{FFFD}A")
        #expect(task.backtrace.frames.count == 1)
    }

    @Test func aTenMegabyteLine() {
        let long = String(repeating: "ffff ", count: 2_000_000)
        let transcript = TranscriptParser.parse("crash> bt\n\(header)\n\(long)\n\(frame)\n")
        #expect(transcript.diagnostics.contains { $0.id == "lineTooLong" && $0.line == 3 })
        #expect(transcript.unrecognized == [3])
        #expect(transcript.tasks.first?.backtrace.frames.count == 1)
    }

    @Test func aHeaderCutInHalf() throws {
        let cut = String(header.prefix(30))  // "PID: 260624  TASK: ffff92a0156"
        let transcript = TranscriptParser.parse("crash> bt\n\(cut)\n\(frame)\n")
        let task = try #require(transcript.tasks.first)
        #expect(task.pid == 260624)
        #expect(task.cpu == nil && task.command == nil)
        #expect(task.diagnostics.map(\.id) == ["truncatedTaskHeader"])
        #expect(task.backtrace.frames.count == 1)
    }

    @Test func crlfLineEndings() throws {
        let text = "crash> bt\r\n\(header)\r\n\(frame)\r\n    [exception RIP: generic_exec_single+0xfa]\r\n    ORIG_RAX: ffffffffffffff10  CS: 0010  SS: 0000\r\n"
        let transcript = TranscriptParser.parse(text)
        let task = try #require(transcript.tasks.first)
        #expect(task.command == "runc:[2:INIT]")
        #expect(task.backtrace.frames.first?.address?.description == "ffffffffaaa53b14")
        #expect(task.backtrace.frames.first?.exception?.registers["SS"]?.value.description == "0000")
        #expect(transcript.unrecognized.isEmpty)
    }

    @Test func aFrameLineWithoutItsHeader() throws {
        let transcript = TranscriptParser.parse("\(frame)\n")
        #expect(transcript.tasks.isEmpty)
        #expect(transcript.fragments.first?.frames.count == 1)
        #expect(transcript.diagnostics.map(\.id) == ["frameWithoutTaskHeader"])
        #expect(transcript.diagnostics.first?.severity == .warning)
    }

    @Test func truncatedInTheMiddleOfAFrameLine() throws {
        let transcript = TranscriptParser.parse("crash> bt\n\(header)\n #0 [ffff92c43da03c68] machine_ke")
        let frame = try #require(transcript.tasks.first?.backtrace.frames.first)
        #expect(frame.function == "machine_ke")
        #expect(frame.address == nil)
        // The paste ends inside the frame: the trace is partial.
        #expect(transcript.diagnostics.map(\.id) == ["pasteTruncatedRecord", "frameWithoutAddress"])
        #expect(transcript.tasks.first?.backtrace.isPartial == true)
    }

    @Test func garbageInsideABacktrace() {
        let transcript = TranscriptParser.parse("crash> bt\n\(header)\n%%%% ?? @@\n#### also not\n\(frame)\n")
        #expect(transcript.unrecognized == [3, 4])
        // One diagnostic per run of unrecognized lines.
        #expect(transcript.diagnostics.map(\.id) == ["unrecognizedLine"])
        #expect(transcript.tasks.first?.backtrace.frames.count == 1)
    }
}
