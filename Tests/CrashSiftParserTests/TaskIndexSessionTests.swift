import CrashSift
import CrashSiftTestSupport
import Foundation
import Testing

/// The task index of whole real sessions (Fixtures/real/<scenario>/transcript.txt, copied from
/// ../shared/corpus/real): the panic task from crash's start-up `sys` banner, every task's
/// state from `ps`, and the tasks `runq` shows on each CPU, each checked against the text read
/// here with plain string handling, not with the grammars.
@Suite struct TaskIndexSessionTests {
    static let scenarios = ["rt-rcu-stall", "rt-hung-task"]

    private struct Session {
        let lines: [Substring]
        let transcript: Transcript

        init(_ scenario: String) throws {
            let url = PackagePaths.fixtures(of: "CrashSiftParserTests").appendingPathComponent("real/\(scenario)/transcript.txt")
            let bytes = try PackagePaths.bytes(of: url)
            lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            transcript = TranscriptParser.parse(SourceFile(name: scenario, bytes: bytes))
        }

        /// The lines a command printed: after `crash> command` up to the next prompt.
        func output(of command: String) -> [Substring] {
            guard let start = lines.firstIndex(of: Substring("crash> \(command)")) else { return [] }
            let rest = lines[(start + 1)...]
            return Array(rest.prefix { !$0.hasPrefix("crash> ") })
        }

        /// `KEY: value` of the banner before the first prompt.
        func banner(_ key: String) -> String? {
            for line in lines.prefix(while: { !$0.hasPrefix("crash> ") }) {
                let trimmed = line.drop { $0 == " " }
                if trimmed.hasPrefix("\(key): ") { return String(trimmed.dropFirst(key.count + 2)) }
            }
            return nil
        }
    }

    @Test(arguments: scenarios)
    func thePanicTaskComesFromTheBanner(_ scenario: String) throws {
        let session = try Session(scenario)
        let panic = try #require(session.transcript.taskIndex.panicTask)
        let pid = try #require(session.banner("PID"))
        let cpu = try #require(session.banner("CPU"))
        #expect(panic.pid == Int(pid))
        #expect(panic.cpu == Int(cpu))
        let task = try #require(session.banner("TASK"))
        #expect(panic.taskAddress?.description == task.split(separator: " ").first.map(String.init))
        let state = try #require(session.banner("STATE"))
        #expect(state.hasSuffix("(PANIC)"))
        // The panic task also ran `bt`: its backtraces are joined to it.
        #expect(!panic.backtraces.isEmpty)
    }

    @Test(arguments: scenarios)
    func everyTaskHasItsStateFromPS(_ scenario: String) throws {
        let session = try Session(scenario)
        let rows = session.output(of: "ps").dropFirst()  // the header
        #expect(rows.count > 50)
        for row in rows where !row.isEmpty {
            let words = row.split(separator: " ").filter { $0 != ">" }
            let (pid, task, state) = (Int(words[0]), String(words[3]), String(words[4]))
            let address = try #require(HexNumber(task), "\(row)")
            let entry = try #require(session.transcript.taskIndex.entry(forTask: address), "\(row)")
            #expect(entry.pid == pid)
            #expect(entry.states.contains { $0.value.rawValue == state && $0.source.kind == .process }, "\(row)")
        }
    }

    @Test(arguments: scenarios)
    func runqTasksAreOnTheirCPUs(_ scenario: String) throws {
        let session = try Session(scenario)
        var cpu = -1
        var checked = 0
        for line in session.output(of: "runq") {
            let words = line.split(separator: " ")
            if words.count >= 3, words[0] == "CPU", words[2] == "RUNQUEUE:" {
                cpu = try #require(Int(words[1]))
                continue
            }
            guard let pidAt = words.firstIndex(of: "PID:"), let taskAt = words.firstIndex(of: "TASK:") else { continue }
            let address = try #require(HexNumber(words[taskAt + 1]))
            let entry = try #require(session.transcript.taskIndex.entry(forTask: address))
            #expect(entry.pid == Int(words[pidAt + 1]))
            let role: RunQueuePlace.Role? = line.contains("CURRENT:") ? .current : nil
            #expect(entry.runQueuePlaces.contains { $0.value.cpu == cpu && (role == nil || $0.value.role == role) }, "\(line)")
            #expect(session.transcript.taskIndex.tasks(onCPU: cpu).contains { $0.pid == entry.pid })
            checked += 1
        }
        #expect(checked >= 4)
    }

    /// In the RT RCU stall, the spinning module thread is current on CPU 2 in `runq`, `RU` in
    /// `ps`, the panic task in the banner, and the task of the log's `CPU: 2 PID: 150` line.
    @Test func theStallingTaskIsOneEntryWithEveryCommandsFacts() throws {
        let session = try Session("rt-rcu-stall")
        let tasks = session.transcript.taskIndex.entries(pid: 150)
        #expect(tasks.count == 1)
        let task = try #require(tasks.first)
        #expect(task.command == "crashtest_spin/")
        #expect(Set(task.cpus.map(\.value)) == [2])
        #expect(Set(task.cpus.map(\.source.kind)) == [.backtrace, .process, .runQueue, .system, .log])
        #expect(task.state == .running)
        #expect(task.runQueuePlaces.first?.value == RunQueuePlace(cpu: 2, role: .current))
        #expect(task.panic != nil)
        #expect(!session.transcript.diagnostics.contains { $0.id == "taskFactsDisagree" })
    }
}
