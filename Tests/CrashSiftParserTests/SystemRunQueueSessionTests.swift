import CrashSift
import CrashSiftTestSupport
import Foundation
import Testing

/// `sys` and `runq` inside whole sessions: the JSON keys `systems` and `runQueues`, and the
/// real corpus's `transcript.txt` files (read in place from ../shared; skipped when absent),
/// whose banner repeats the `sys` summary before the first prompt.
@Suite struct SystemRunQueueSessionTests {
    private static let session = """
        crash> sys
              KERNEL: vmlinux-6.1.0-56-rt-amd64  [TAINTED]
                CPUS: 4 [OFFLINE: 3]
             RELEASE: 6.1.0-56-rt-amd64
               PANIC: "Kernel panic - not syncing: RCU Stall"
        crash> sys -t
        TAINTED_MASK: 3000  OE
        crash> runq
        CPU 1 RUNQUEUE: ff1100003eab2c00
          CURRENT: PID: 131    TASK: ff1100003fe72100  COMMAND: "burn"
          RT PRIO_ARRAY: ff1100003eab2e40
             [ 98] PID: 17     TASK: ff11000004a88000  COMMAND: "rcu_preempt"
          CFS RB_ROOT: ff1100003eab2cb0
             [no tasks queued]
        """

    @Test func jsonKeys() throws {
        let source = SourceFile(name: "session", text: Self.session)
        let document = ParseDocument.json(for: TranscriptParser.parse(source), source: source)
        let systems = try #require(document["systems"]?.arrayValue)
        #expect(systems.count == 2)
        let summary = systems[0]
        #expect(summary["kind"] == "summary")
        #expect(summary["printedBy"] == 0)
        #expect(summary["fields"]?[2]?["key"] == "RELEASE")
        #expect(summary["fields"]?[2]?["line"] == 4)
        #expect(summary["cpus"] == 4)
        #expect(summary["offlineCPUs"] == 3)
        #expect(summary["tainted"] == true)
        #expect(summary["release"]?["numbers"] == [6, 1, 0])
        #expect(summary["release"]?["suffix"] == "-56-rt-amd64")
        #expect(summary["panicMessage"] == "Kernel panic - not syncing: RCU Stall")
        #expect(summary["panicRemark"] == nil, "absent values are left out")
        #expect(systems[1]["kind"] == "taint")
        #expect(systems[1]["taintMask"] == "3000")
        #expect(systems[1]["taintFlags"] == "OE")

        let runQueues = try #require(document["runQueues"]?.arrayValue)
        #expect(runQueues.count == 1)
        let cpu = runQueues[0]
        #expect(cpu["cpu"] == 1)
        #expect(cpu["printedBy"] == 2)
        #expect(cpu["address"] == "ff1100003eab2c00")
        #expect(cpu["current"]?["pid"] == 131)
        #expect(cpu["current"]?["command"] == "burn")
        #expect(cpu["queues"]?[0]?["kind"] == "rt")
        #expect(cpu["queues"]?[0]?["tasks"]?[0]?["priority"] == 98)
        #expect(cpu["queues"]?[0]?["tasks"]?[0]?["task"] == "ff11000004a88000")
        #expect(cpu["queues"]?[1]?["kind"] == "cfs")
        #expect(cpu["queues"]?[1]?["tasks"] == [])
        #expect(cpu["queues"]?[1]?["groups"] == nil)
    }

    @Test func treeShowsEachCommandsOutput() {
        let source = SourceFile(name: "session", text: Self.session)
        let tree = TreeDump.render(TranscriptParser.parse(source), source: source)
        #expect(tree.contains("│  └─ sys summary, lines 2-5\n"))
        #expect(tree.contains("4 CPUs, 3 offline"))
        #expect(tree.contains("taint flags OE"))
        #expect(tree.contains("   └─ CPU 1 RUNQUEUE ff1100003eab2c00 (line 9)\n"))
        #expect(tree.contains("task [98] PID 17 TASK ff11000004a88000 COMMAND \"rcu_preempt\" (line 12)"))
        #expect(tree.contains("cfs queue ff1100003eab2cb0, no tasks (line 13)"))
    }

    // MARK: The real sessions

    static var sessions: [String] {
        guard let real = PackagePaths.shared?.appendingPathComponent("corpus/real") else { return [] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: real.path)) ?? []
        return names.filter { FileManager.default.fileExists(atPath: real.appendingPathComponent("\($0)/transcript.txt").path) }.sorted()
    }

    @Test(.enabled(if: PackagePaths.shared != nil, Comment(rawValue: PackagePaths.sharedMissingMessage)), arguments: sessions)
    func wholeSession(_ scenario: String) throws {
        let real = try #require(PackagePaths.shared).appendingPathComponent("corpus/real/\(scenario)")
        let source = SourceFile(name: scenario, bytes: try PackagePaths.bytes(of: real.appendingPathComponent("transcript.txt")))
        let transcript = TranscriptParser.parse(source)
        #expect(TranscriptInvariants.violations(of: transcript, source: source) == [])

        // The banner before the first prompt (crash's copyright and gdb's stay prose, then the
        // same `KEY: value` summary and the context task) is a `sys` without a prompt; then
        // `crash> sys` and `crash> sys -t` are read.
        let banner = try #require(transcript.commands.first)
        #expect(banner.name == "sys" && banner.isInferred)
        #expect(transcript.prose.first.map { $0.last < banner.line } == true)
        let sysCommands = transcript.commands.indices.filter { transcript.commands[$0].name == "sys" }
        #expect(transcript.systems.map(\.commandIndex) == sysCommands)
        #expect(transcript.systems.first?.contextTask?.isPanicTask == true)

        // The session's `sys` is the one of the per-command file.
        let sysBytes = try PackagePaths.bytes(of: real.appendingPathComponent("sys.txt"))
        let file = SourceFile(name: "sys.txt", bytes: Array("crash> sys\n".utf8) + sysBytes)
        let alone = try #require(TranscriptParser.parse(file).system)
        let system = try #require(transcript.systems.first { $0.commandIndex != 0 && $0.kind == .summary })
        #expect(system.fields.map(\.key) == alone.fields.map(\.key))
        #expect(system.fields.map(\.value) == alone.fields.map(\.value))
        #expect(system.panicMessage == alone.panicMessage)

        // No line of any sys or runq output is left unrecognized.
        let outputs = transcript.commands.filter { ["sys", "runq"].contains($0.name) && !$0.output.isEmpty }.map(\.output)
        #expect(transcript.unrecognized.filter { line in outputs.contains { $0.first <= line && line <= $0.last } } == [])
        let runqCommands = transcript.commands.filter { $0.name == "runq" }.count
        #expect(transcript.runQueues.count == 4 * runqCommands)
    }
}
