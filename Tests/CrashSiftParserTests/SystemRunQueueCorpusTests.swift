import CrashSift
import CrashSiftTestSupport
import Foundation
import Testing

/// Every `sys`, `sys -t`, `runq` and `runq -t` output of the real corpus (crash 8.0.6 and 8.0.2
/// on Debian 12 vmcores, copied from ../shared/corpus/real into Fixtures/real), read with its
/// prompt: nothing unrecognized, the invariants hold, the facts a reader looks for match the
/// text, and the tree equals its reviewed golden file.
@Suite struct SystemRunQueueCorpusTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let scenario: String
        let file: String
        var testDescription: String { "\(scenario)/\(file)" }
        var url: URL { PackagePaths.fixtures(of: "CrashSiftParserTests").appendingPathComponent("real/\(scenario)/\(file)") }

        /// The command that printed the file, from its name as the corpus spells it: `sys-t.txt` is `sys -t`.
        var command: String {
            let parts = file.dropLast(".txt".count).split(separator: "-")
            return parts.dropFirst().reduce(String(parts[0])) { $0 + " -" + $1 }
        }
    }

    static let cases: [Case] = {
        let root = PackagePaths.fixtures(of: "CrashSiftParserTests").appendingPathComponent("real")
        let scenarios = (try? FileManager.default.contentsOfDirectory(atPath: root.path))?.sorted() ?? []
        return scenarios.flatMap { scenario in
            PackagePaths.files(in: root.appendingPathComponent(scenario)) { name in
                (name.hasPrefix("sys") || name.hasPrefix("runq")) && name.hasSuffix(".txt")
            }.map { Case(scenario: scenario, file: $0.lastPathComponent) }
        }
    }()

    private static func parse(_ test: Case) throws -> (Transcript, SourceFile) {
        let bytes = Array("crash> \(test.command)\n".utf8) + (try PackagePaths.bytes(of: test.url))
        let source = SourceFile(name: test.testDescription, bytes: bytes)
        return (TranscriptParser.parse(source), source)
    }

    @Test func theCorpusIsThere() {
        // 6 scenarios with sys and runq; 5 of them also with sys -t and runq -t.
        #expect(Self.cases.count == 22)
    }

    @Test(arguments: cases)
    func parsesCompletelyAndMatchesTheGoldenTree(_ test: Case) throws {
        let (transcript, source) = try Self.parse(test)
        #expect(transcript.unrecognized.isEmpty)
        #expect(transcript.prose.isEmpty)
        #expect(transcript.diagnostics.isEmpty)
        #expect(TranscriptInvariants.violations(of: transcript, source: source) == [])
        let golden = PackagePaths.golden(of: "CrashSiftParserTests").appendingPathComponent("real/\(test.scenario)/\(test.file).dump.txt")
        if let problem = Golden.compare(TreeDump.render(transcript, source: source), with: golden) {
            Issue.record(Comment(rawValue: problem))
        }
    }

    // MARK: `sys`

    struct SystemFacts: Sendable, CustomTestStringConvertible {
        let scenario: String
        let panic: String
        let panicRemark: String?
        let offlineCPUs: Int
        let release: String
        let tasks: Int
        let uptimeSeconds: Int
        let dumpFile: String
        let dumpMarkers: [String]
        var testDescription: String { scenario }
    }

    /// Read off each scenario's sys.txt (and its README's table of panics).
    static let systemFacts: [SystemFacts] = [
        .init(scenario: "rt-hung-task", panic: "Kernel panic - not syncing: hung_task: blocked tasks", panicRemark: nil, offlineCPUs: 0,
              release: "6.1.0-56-rt-amd64", tasks: 102, uptimeSeconds: 18, dumpFile: "dump.202611252029", dumpMarkers: ["PARTIAL DUMP"]),
        .init(scenario: "rt-rcu-stall", panic: "Kernel panic - not syncing: RCU Stall", panicRemark: nil, offlineCPUs: 0,
              release: "6.1.0-56-rt-amd64", tasks: 102, uptimeSeconds: 13, dumpFile: "dump.202611252023", dumpMarkers: ["PARTIAL DUMP"]),
        // crash 8.0.2 cannot build these kernels' task table (the corpus README): 8 tasks.
        .init(scenario: "rt-rcu-stall-crash802", panic: "Kernel panic - not syncing: RCU Stall", panicRemark: nil, offlineCPUs: 0,
              release: "6.1.0-56-rt-amd64", tasks: 8, uptimeSeconds: 13, dumpFile: "dump.202611252023", dumpMarkers: ["PARTIAL DUMP"]),
        // A QEMU dump: smp_send_stop() marked the other CPUs offline.
        .init(scenario: "rt-rcu-stall-la57-qemudump", panic: "Kernel panic - not syncing: RCU Stall", panicRemark: nil, offlineCPUs: 3,
              release: "6.1.0-56-rt-amd64", tasks: 101, uptimeSeconds: 10, dumpFile: "vmcore", dumpMarkers: []),
        .init(scenario: "rt-sysrq-c", panic: "Kernel panic - not syncing: sysrq triggered crash", panicRemark: nil, offlineCPUs: 0,
              release: "6.1.0-56-rt-amd64", tasks: 99, uptimeSeconds: 11, dumpFile: "dump.202611252027", dumpMarkers: ["PARTIAL DUMP"]),
        .init(scenario: "std-oops", panic: "Oops: 0002 [#1] PREEMPT SMP NOPTI", panicRemark: "check log for details", offlineCPUs: 0,
              release: "6.1.0-56-amd64", tasks: 80, uptimeSeconds: 8, dumpFile: "dump.202611252039", dumpMarkers: ["PARTIAL DUMP"]),
    ]

    @Test(arguments: systemFacts)
    func systemSummaryFacts(_ facts: SystemFacts) throws {
        let (transcript, _) = try Self.parse(Case(scenario: facts.scenario, file: "sys.txt"))
        let system = try #require(transcript.system)
        #expect(transcript.systems.count == 1)
        #expect(system.kind == .summary)
        #expect(system.commandIndex == 0)
        #expect(system.fields.map(\.key) == [
            "KERNEL", "DUMPFILE", "CPUS", "DATE", "UPTIME", "LOAD AVERAGE", "TASKS", "NODENAME", "RELEASE", "VERSION", "MACHINE",
            "MEMORY", "PANIC",
        ])
        #expect(system.fields.map(\.line) == Array(2...14))
        #expect(system.panicMessage == facts.panic)
        #expect(system.panicRemark == facts.panicRemark)
        #expect(system.cpuCount == 4)
        #expect(system.offlineCPUCount == facts.offlineCPUs)
        #expect(system.release?.text == facts.release)
        #expect(system.release?.numbers == [6, 1, 0])
        #expect(system.release?.suffix == String(facts.release.dropFirst("6.1.0".count)))
        #expect(system.taskCount == facts.tasks)
        #expect(system.uptimeSeconds == facts.uptimeSeconds)
        #expect(system.uptime == String(format: "00:00:%02d", facts.uptimeSeconds))
        #expect(system.kernel == "vmlinux-\(facts.release)")
        #expect(system.kernelMarkers == ["TAINTED"])
        #expect(system.isTainted == true)
        #expect(system.dumpFiles == [facts.dumpFile])
        #expect(system.dumpMarkers == facts.dumpMarkers)
        #expect(system.machine == "x86_64")
        #expect(system.processorMHz == 2596)
        #expect(system.memory == "1 GB")
        #expect(system.nodeName == "(none)")
        #expect(system.date?.hasSuffix("UTC 2026") == true)
        #expect(system.loadAverage.count == 3)
        #expect(system.version?.hasPrefix("#1 SMP PREEMPT") == true)
    }

    @Test(arguments: cases.filter { $0.file == "sys-t.txt" })
    func taintMask(_ test: Case) throws {
        let (transcript, _) = try Self.parse(test)
        let taint = try #require(transcript.systems.first)
        #expect(taint.kind == .taint)
        #expect(transcript.system == nil, "sys -t is not the summary")
        // crashtest.ko is out of tree (O) and unsigned (E): bits 12 and 13.
        #expect(taint.taintMask?.value == 0x3000)
        #expect(taint.taintFlags == "OE")
        #expect(taint.isTainted == true)
    }

    // MARK: `runq`

    /// The run queues as a reader sees them in the text, found with plain string handling
    /// (not the grammar): each `CPU n RUNQUEUE:`, its `CURRENT:` pid and the pids queued under it.
    private static func runQueuesInText(_ text: String) -> [(cpu: Int, current: Int, queued: [Int])] {
        var result: [(cpu: Int, current: Int, queued: [Int])] = []
        for line in text.split(separator: "\n") {
            let words = line.split(separator: " ")
            if words.first == "CPU", words.count == 4, words[2] == "RUNQUEUE:", let cpu = Int(words[1]) {
                result.append((cpu, -1, []))
            } else if words.first == "CURRENT:", words.count > 2, let pid = Int(words[2]) {
                result[result.count - 1].current = pid
            } else if line.contains("PID:"), let pidIndex = words.firstIndex(of: "PID:"), let pid = Int(words[pidIndex + 1]) {
                result[result.count - 1].queued.append(pid)
            }
        }
        return result
    }

    @Test(arguments: cases.filter { $0.file == "runq.txt" })
    func runQueuesMatchTheText(_ test: Case) throws {
        let (transcript, _) = try Self.parse(test)
        let expected = Self.runQueuesInText(try String(contentsOf: test.url, encoding: .utf8))
        #expect(expected.count == 4)
        #expect(transcript.runQueues.map(\.cpu) == expected.map(\.cpu))
        #expect(transcript.runQueues.map { $0.current?.pid } == expected.map(\.current))
        #expect(transcript.runQueues.map { $0.queuedTasks.map(\.pid) } == expected.map(\.queued))
        for runQueue in transcript.runQueues {
            #expect(runQueue.commandIndex == 0)
            #expect(runQueue.address != nil)
            // CFS kernels: the RT array, then the CFS tree; no task groups without -g.
            #expect(runQueue.queues.map(\.kind) == [.realTime, .fair])
            #expect(runQueue.queues.allSatisfy { $0.groups.isEmpty && $0.taskGroup == nil })
            #expect(runQueue.queues[0].tasks.allSatisfy { $0.priority == 98 })
            #expect(runQueue.queues[1].tasks.allSatisfy { $0.priority == 120 })
        }
    }

    /// rt-rcu-stall: the spinning kthread holds CPU 2 while RCU's helpers wait behind it.
    @Test func rcuStallQueuesBehindTheSpinner() throws {
        let (transcript, _) = try Self.parse(Case(scenario: "rt-rcu-stall", file: "runq.txt"))
        let cpu2 = try #require(transcript.runQueues.first { $0.cpu == 2 })
        #expect(cpu2.address?.description == "ffff88803f332c00")
        #expect(cpu2.current?.pid == 150)
        #expect(cpu2.current?.command == "crashtest_spin/")
        #expect(cpu2.current?.taskAddress?.description == "ffff88803fd8c200")
        #expect(cpu2.queues[0].address?.description == "ffff88803f332e40")
        #expect(cpu2.queues[0].tasks.map(\.command) == ["rcuc/2", "irq_work/2", "ktimers/2"])
        #expect(cpu2.queues[1].tasks.map(\.pid) == [37, 136, 139])
        let cpu3 = try #require(transcript.runQueues.last)
        #expect(cpu3.queues.allSatisfy { $0.tasks.isEmpty }, "`[no tasks queued]` twice")
    }

    @Test(arguments: cases.filter { $0.file == "runq-t.txt" })
    func timestampsMatchTheText(_ test: Case) throws {
        let (transcript, _) = try Self.parse(test)
        let lines = try String(contentsOf: test.url, encoding: .utf8).split(separator: "\n")
        #expect(transcript.runQueues.count == 4)
        for (index, runQueue) in transcript.runQueues.enumerated() {
            // ` CPU 0: 18447204039` then `        18447204039  PID: 133    TASK: …`
            let clockLine = lines[2 * index].split(separator: " ")
            let taskLine = lines[2 * index + 1].split(separator: " ")
            #expect(runQueue.cpu == index)
            #expect(runQueue.clock == Int(clockLine[2]))
            #expect(runQueue.current?.lastRun == Int(taskLine[0]))
            #expect(runQueue.current?.pid == Int(taskLine[2]))
            #expect(runQueue.queues.isEmpty)
        }
        // The same CPUs run the same tasks in the scenario's runq.txt.
        let (plain, _) = try Self.parse(Case(scenario: test.scenario, file: "runq.txt"))
        #expect(transcript.runQueues.map { $0.current?.pid } == plain.runQueues.map { $0.current?.pid })
    }
}
