import CrashSift
import CrashSiftTestSupport
import Testing

/// The shapes of `runq` output the corpora show only partly or not at all, written to crash's
/// format (task.c `dump_CFS_runqueues()`, `dump_tasks_by_task_group()`, `dump_on_rq_*()`).
@Suite struct RunQueueGrammarTests {
    private func parse(_ text: String) -> (Transcript, SourceFile) {
        let source = SourceFile(name: "snippet", text: text)
        return (TranscriptParser.parse(source), source)
    }

    private func runQueues(_ text: String) -> [RunQueue] {
        let (transcript, source) = parse(text)
        #expect(transcript.unrecognized.isEmpty)
        #expect(TranscriptInvariants.violations(of: transcript, source: source) == [])
        return transcript.runQueues
    }

    @Test func emptyQueuesAndAnOfflineCPU() throws {
        let queues = runQueues("""
            crash> runq
            CPU 0 RUNQUEUE: ffff88803f232c00
              CURRENT: PID: 0      TASK: ffffffff82a1a940  COMMAND: "swapper/0"
              RT PRIO_ARRAY: ffff88803f232e40
                 [no tasks queued]
              CFS RB_ROOT: ffff88803f232cb0
                 [no tasks queued]

            CPU 1 [OFFLINE]
            """)
        #expect(queues.map(\.cpu) == [0, 1])
        #expect(queues[0].queues.map(\.kind) == [.realTime, .fair])
        #expect(queues[0].queues.allSatisfy { $0.tasks.isEmpty && $0.groups.isEmpty })
        #expect(queues[0].queuedTasks.isEmpty)
        #expect(queues[0].current?.command == "swapper/0")
        #expect(queues[1].isOffline)
        #expect(queues[1].address == nil && queues[1].current == nil && queues[1].queues.isEmpty)
    }

    /// `runq -g` in current crash: two blanks before `CFS_RQ:`, a trailing blank, cgroup names,
    /// `(THROTTLED)` on real-time and fair groups.
    @Test func throttledGroupsNest() throws {
        let queues = runQueues("""
            crash> runq -g
            CPU 1
              CURRENT: PID: 2001   TASK: ffff888100a00000  COMMAND: "stress"
              ROOT_TASK_GROUP: ffffffff82b0c240  RT_RQ: ffff88813bc2e5c0
                 [ 49] TASK_GROUP: ffff888104c8e000  RT_RQ: ffff888104c8f000 <rt> (THROTTLED)
                       [ 49] PID: 2002   TASK: ffff888100a02000  COMMAND: "rt-hog"
                 [ 98] PID: 17     TASK: ffff888100a04000  COMMAND: "rcu_preempt"
              ROOT_TASK_GROUP: ffffffff82b0c240  CFS_RQ: ffff88813bc2e380
                 [120] PID: 2001   TASK: ffff888100a00000  COMMAND: "stress" [CURRENT]
                 TASK_GROUP: ffff888104c8a000  CFS_RQ: ffff888104c8b000  <batch> (THROTTLED)
                    [120] PID: 2003   TASK: ffff888100a06000  COMMAND: "batch-1"
                    TASK_GROUP: ffff888104c8c000  CFS_RQ: ffff888104c8d000  <batch/inner>
                       [no tasks queued]
                 [120] PID: 2004   TASK: ffff888100a08000  COMMAND: "stress"
            """)
        let cpu = try #require(queues.first)
        #expect(cpu.address == nil)
        let rt = cpu.queues[0]
        #expect(rt.groupLabel == "ROOT_TASK_GROUP")
        #expect(rt.tasks.map(\.pid) == [17], "the task after the group belongs to the root again")
        #expect(rt.groups.count == 1)
        #expect(rt.groups[0] == SchedulerQueue(
            kind: .realTime, address: HexNumber(0xffff_8881_04c8_f000, digits: 16), taskGroup: HexNumber(0xffff_8881_04c8_e000, digits: 16),
            groupLabel: "TASK_GROUP", groupName: "rt", priority: 49, isThrottled: true,
            tasks: [RunQueueTask(pid: 2002, taskAddress: HexNumber(0xffff_8881_00a0_2000, digits: 16), command: "rt-hog", priority: 49, line: 6)],
            line: 5
        ))
        let cfs = cpu.queues[1]
        #expect(cfs.tasks.map(\.pid) == [2001, 2004])
        #expect(cfs.tasks.map(\.isCurrent) == [true, false])
        let batch = try #require(cfs.groups.first)
        #expect(cfs.groups.count == 1)
        #expect(batch.groupName == "batch")
        #expect(batch.isThrottled)
        #expect(batch.tasks.map(\.command) == ["batch-1"])
        #expect(batch.groups.map(\.groupName) == ["batch/inner"])
        #expect(batch.groups.first?.isThrottled == false)
        #expect(batch.groups.first?.tasks.isEmpty == true)
        #expect(cpu.queuedTasks.map(\.pid) == [17, 2002, 2001, 2004, 2003])
    }

    @Test func timestampsAndOfflineCPUs() throws {
        let queues = runQueues("""
            crash> runq -t
             CPU 0: 10935446089
                    10935403687  PID: 130    TASK: ff1100003fe74200  COMMAND: "burn"
             CPU 1: [OFFLINE]
            """)
        #expect(queues.map(\.cpu) == [0, 1])
        #expect(queues[0].clock == 10_935_446_089)
        #expect(queues[0].current?.lastRun == 10_935_403_687)
        #expect(queues[0].current?.taskAddress?.description == "ff1100003fe74200")
        #expect(queues[1].isOffline)
    }

    @Test func runTimesLagAndUnknownTasks() throws {
        let milliseconds = runQueues("""
            crash> runq -m
              CPU 0: [ 0 00:00:00.014]  PID: 5275   TASK: f5dbcaa0  COMMAND: "sh"
              CPU 1: [12 01:02:03.004]  PID: 5203   TASK: f5c7baa0  COMMAND: "cat"
              CPU 2: [unknown]
              CPU 3: [OFFLINE]
            """)
        #expect(milliseconds.map(\.currentRunMilliseconds) == [14, ((12 * 24 + 1) * 60 + 2) * 60_000 + 3_004, nil, nil])
        #expect(milliseconds.map { $0.current?.pid } == [5275, 5203, nil, nil])
        #expect(milliseconds.map(\.isOffline) == [false, false, false, true])

        let lag = runQueues("""
            crash> runq -T
              CPU 3: 0.00 secs
              CPU 0: 0.04 secs
              CPU 1: 1.25 secs
            """)
        #expect(lag.map(\.cpu) == [3, 0, 1])
        #expect(lag.map(\.lagSeconds) == [0, 0.04, 1.25])
    }

    /// `CURRENT: ADDR` when crash has no task for the active task's address; `[ -1]` for a
    /// deadline task; `COMMAND` with blanks and quotes.
    @Test func unusualTaskLines() throws {
        let queues = runQueues("""
            crash> runq
            CPU 0 RUNQUEUE: ffff88803f232c00
              CURRENT: ffff88800526a100
              RT PRIO_ARRAY: ffff88803f232e40
                 [ -1] PID: 42     TASK: ffff88800526c200  COMMAND: "dl "task""
              CFS RB_ROOT: ffff88803f232cb0
                 [139] PID: 43     TASK: ffff88800526e200  COMMAND: "kworker/0:1 H"
            """)
        let cpu = try #require(queues.first)
        #expect(cpu.current == nil)
        #expect(cpu.currentAddress?.description == "ffff88800526a100")
        #expect(cpu.queues[0].tasks.first?.priority == -1)
        #expect(cpu.queues[0].tasks.first?.command == "dl \"task\"")
        #expect(cpu.queues[1].tasks.first?.command == "kworker/0:1 H")
    }

    @Test func crashMessagesAndStrayLines() {
        let (transcript, source) = parse("""
            crash> runq
                 [120] PID: 1      TASK: ffff888004a12100  COMMAND: "init"
            CPU 0 RUNQUEUE: ffff88803f232c00
              CURRENT: PID: 1      TASK: ffff888004a12100  COMMAND: "init"
              CURRENT: PID: 2      TASK: ffff888004a14200  COMMAND: "kthreadd"
              CFS RB_ROOT: ffff88803f232cb0
            WARNING: duplicate CFS runqueue node: task ffff888004a12100
                 [120] PID: 3      TASK: ffff888004a16200  COMMAND: "burn"
            crash> runq -d
            runq: per-cpu runqueues do not exist
            """)
        // A task before any CPU line, and a second CURRENT, have no place.
        #expect(transcript.unrecognized == [2, 5])
        #expect(transcript.diagnostics.map(\.id) == ["unrecognizedRunQueueLine", "unrecognizedRunQueueLine", "crashWarning", "crashError"])
        #expect(transcript.runQueues.count == 1)
        #expect(transcript.runQueues.first?.queuedTasks.map(\.pid) == [3])
        #expect(TranscriptInvariants.violations(of: transcript, source: source) == [])
    }

    /// Run queues of several `runq` commands are kept apart by their command index.
    @Test func everyCommandKeepsItsCPUs() {
        let queues = runQueues("""
            crash> runq -c 1
            CPU 1 RUNQUEUE: ffff88803f2b2c00
              CURRENT: PID: 134    TASK: ffff888006192100  COMMAND: "burn"
            crash> runq -t -c 1
             CPU 1: 18458588508
                    18458588508  PID: 134    TASK: ffff888006192100  COMMAND: "burn"
            """)
        #expect(queues.map(\.cpu) == [1, 1])
        #expect(queues.map(\.commandIndex) == [0, 1])
    }
}
