import CrashSiftModel
import CrashSiftText

/// The output of `runq` (task.c `cmd_runq()`) in every layout crash prints:
///
/// * CFS kernels (`dump_CFS_runqueues()`): `CPU n RUNQUEUE: ADDR`, `CURRENT: PID: …`, the
///   `RT PRIO_ARRAY:` and `CFS RB_ROOT:` queues with `[prio] PID: … TASK: … COMMAND: "…"` lines
///   or `[no tasks queued]`;
/// * O(1) kernels (`dump_runqueues()`): `ACTIVE`/`EXPIRED PRIO_ARRAY:`, where further tasks of
///   one priority are printed under the first without `[prio]`;
/// * `-g` (`dump_tasks_by_task_group()`): `CPU n`, `ROOT_TASK_GROUP: ADDR  RT_RQ: ADDR`, and task
///   groups (`[  0] TASK_GROUP: ADDR RT_RQ: ADDR`, `TASK_GROUP: ADDR  CFS_RQ: ADDR  <name>`,
///   `(THROTTLED)`) nested by indentation, the running task marked `[CURRENT]`;
/// * `-t` (` CPU n: <rq clock>` then `<last run>  PID: …`), `-m` (`CPU n: [d hh:mm:ss.mmm]  PID: …`)
///   and `-T` (`CPU n: 0.04 secs`);
/// * `CPU n [OFFLINE]` / `CPU n: [OFFLINE]` for a CPU crash does not show.
///
/// Lines are read by keyword; only the nesting of task groups is read from the indentation
/// (crash indents a group's entries deeper than its heading).
enum RunQueueGrammar: OutputGrammar {
    static func parse(_ output: LineSpan, command: Int, context: inout ParseContext) {
        guard !output.isEmpty else { return }
        var builder = Builder(command: command)
        for number in output.first...output.last {
            let line = context.line(number)
            if line.isBlank { continue }
            // The splitter already settled this line (an over-long line, an annotation).
            if context.transcript.lineRoles[number - 1] != .blank { continue }
            builder.read(line, &context)
        }
        builder.finishQueue(&context)
    }

    // MARK: - Line shapes

    /// The fields of `PID: 137    TASK: ffff88803fbe8000  COMMAND: "burn"[ [CURRENT]]`.
    struct TaskFields {
        var pid: Int
        var taskAddress: HexNumber?
        var command: Range<Int>
        var isCurrent: Bool
    }

    /// What one line of `runq` output is.
    enum Item {
        /// `CPU 0 RUNQUEUE: ADDR`, `CPU 0 [OFFLINE]`, `CPU 0` (`-g`), ` CPU 0: [OFFLINE]`.
        case cpu(Int, address: HexNumber?, isOffline: Bool)
        /// `-t`: ` CPU 0: 18447204039`.
        case cpuClock(Int, clock: Int)
        /// `-m`: `CPU 0: [0 00:00:00.014]  PID: …`, or `CPU 0: [unknown]` (no task).
        case cpuRunTime(Int, milliseconds: Int?, task: TaskFields?)
        /// `-T`: `  CPU 1: 0.04 secs`.
        case cpuLag(Int, seconds: Double)
        /// `CURRENT: PID: …`.
        case current(TaskFields)
        /// `CURRENT: ADDR`: crash found no task for the active task's address.
        case currentAddress(HexNumber)
        /// `RT PRIO_ARRAY: ADDR`, `CFS RB_ROOT: ADDR`, `ACTIVE PRIO_ARRAY: ADDR`, `EXPIRED PRIO_ARRAY: ADDR`.
        case classQueue(SchedulerQueue.Kind, address: HexNumber)
        /// `-g`: `ROOT_TASK_GROUP: ADDR  RT_RQ: ADDR`, `INIT_TASK_GROUP: ADDR  CFS_RQ: ADDR`.
        case rootGroup(label: Range<Int>, taskGroup: HexNumber, kind: SchedulerQueue.Kind, address: HexNumber)
        /// `[  0] TASK_GROUP: ADDR RT_RQ: ADDR[ <name>][ (THROTTLED)]`, `TASK_GROUP: ADDR  CFS_RQ: ADDR …`.
        case group(priority: Int?, taskGroup: HexNumber, kind: SchedulerQueue.Kind, address: HexNumber, name: Range<Int>?, isThrottled: Bool)
        /// `[120] PID: …`, or an O(1) task under the one before it (`PID: …` alone).
        case task(priority: Int?, TaskFields)
        /// `-t`: `18447204039  PID: …`, the CPU's running task and when it last ran.
        case timestampedTask(lastRun: Int, TaskFields)
        /// `[no tasks queued]`.
        case noTasks
    }

    /// What `line` is, judged from the line alone; nil when it is not `runq` output.
    static func classify(_ line: Line, _ base: UnsafeBufferPointer<UInt8>) -> Item? {
        var c = Lexer.Cursor(base, line.range)
        if c.consume("CPU ") { return cpuLine(&c) }
        if c.consume("CURRENT:") {
            c.skipBlanks()
            if let task = taskFields(&c) { return .current(task) }
            if let address = c.lexHex(), c.isAtEnd { return .currentAddress(address) }
            return nil
        }
        if c.consume("[no tasks queued]") { return c.isAtEnd ? .noTasks : nil }
        if c.peek() == ASCII.openBracket {
            guard let slot = c.lexBracketed(), let priority = priority(slot, base) else { return nil }
            c.skipBlanks()
            if let task = taskFields(&c) { return .task(priority: priority, task) }
            return groupLine(&c, priority: priority)
        }
        if c.startsWith("PID:") {
            return taskFields(&c).map { .task(priority: nil, $0) }
        }
        if let lastRun = c.lexDecimal(), c.consumeBlanks() {
            return taskFields(&c).map { .timestampedTask(lastRun: lastRun, $0) }
        }
        c = Lexer.Cursor(base, line.range)
        for (heading, kind) in classQueueHeadings where c.consume(heading) {
            c.skipBlanks()
            guard let address = c.lexHex(), c.isAtEnd else { return nil }
            return .classQueue(kind, address: address)
        }
        if c.startsWith("TASK_GROUP:") { return groupLine(&c, priority: nil) }
        if let label = c.lexLabel(), String(decoding: UnsafeBufferPointer(rebasing: base[label]), as: UTF8.self).hasSuffix("_TASK_GROUP") {
            c.skipBlanks()
            guard let taskGroup = c.lexHex(), c.consumeBlanks(), let kind = groupQueueKind(&c), let address = c.lexHex(), c.isAtEnd else {
                return nil
            }
            return .rootGroup(label: label, taskGroup: taskGroup, kind: kind, address: address)
        }
        return nil
    }

    static let classQueueHeadings: [(StaticString, SchedulerQueue.Kind)] = [
        ("RT PRIO_ARRAY:", .realTime), ("CFS RB_ROOT:", .fair), ("ACTIVE PRIO_ARRAY:", .active), ("EXPIRED PRIO_ARRAY:", .expired),
    ]

    /// The rest of a line that starts `CPU `.
    private static func cpuLine(_ c: inout Lexer.Cursor) -> Item? {
        guard let cpu = c.lexDecimal() else { return nil }
        if c.isAtEnd { return .cpu(cpu, address: nil, isOffline: false) }
        if c.consume(ASCII.colon) {
            c.skipBlanks()
            if c.consume("[OFFLINE]") { return c.isAtEnd ? .cpu(cpu, address: nil, isOffline: true) : nil }
            if c.consume("[unknown]") { return c.isAtEnd ? .cpuRunTime(cpu, milliseconds: nil, task: nil) : nil }
            if c.peek() == ASCII.openBracket {
                guard let time = c.lexBracketed(), let milliseconds = runTimeMilliseconds(time, c.base), c.consumeBlanks(),
                      let task = taskFields(&c)
                else { return nil }
                return .cpuRunTime(cpu, milliseconds: milliseconds, task: task)
            }
            var probe = c
            if let seconds = SystemInfoGrammar.decimalFraction(&probe), probe.consume(" secs"), probe.isAtEnd {
                return .cpuLag(cpu, seconds: seconds)
            }
            guard let clock = c.lexDecimal(), c.isAtEnd else { return nil }
            return .cpuClock(cpu, clock: clock)
        }
        guard c.consumeBlanks() else { return nil }
        if c.consume("[OFFLINE]") { return c.isAtEnd ? .cpu(cpu, address: nil, isOffline: true) : nil }
        guard c.consume("RUNQUEUE:") else { return nil }
        c.skipBlanks()
        guard let address = c.lexHex(), c.isAtEnd else { return nil }
        return .cpu(cpu, address: address, isOffline: false)
    }

    /// `PID: 137    TASK: ffff88803fbe8000  COMMAND: "burn"`, optionally followed by ` [CURRENT]`.
    /// The command runs to the last quote of the line (crash does not escape quotes in it).
    static func taskFields(_ cursor: inout Lexer.Cursor) -> TaskFields? {
        var c = cursor
        guard c.consume("PID:") else { return nil }
        c.skipBlanks()
        guard let pid = c.lexDecimal(), c.consumeBlanks(), c.consume("TASK:") else { return nil }
        c.skipBlanks()
        guard let task = c.lexHex(), c.consumeBlanks(), c.consume("COMMAND:") else { return nil }
        c.skipBlanks()
        guard let command = c.lexQuotedToLastQuote() else { return nil }
        c.skipBlanks()
        let isCurrent = c.consume("[CURRENT]")
        guard c.isAtEnd else { return nil }
        cursor = c
        return TaskFields(pid: pid, taskAddress: task, command: command, isCurrent: isCurrent)
    }

    /// `TASK_GROUP: ADDR  CFS_RQ: ADDR  <name> (THROTTLED)` (help text shows single blanks).
    private static func groupLine(_ c: inout Lexer.Cursor, priority: Int?) -> Item? {
        guard c.consume("TASK_GROUP:") else { return nil }
        c.skipBlanks()
        guard let taskGroup = c.lexHex(), c.consumeBlanks(), let kind = groupQueueKind(&c), let address = c.lexHex() else { return nil }
        c.skipBlanks()
        var name: Range<Int>?
        if c.consume(ASCII.less) {
            guard let inner = c.lex(upTo: ASCII.greater) else { return nil }
            c.position += 1
            name = inner
            c.skipBlanks()
        }
        let isThrottled = c.consume("(THROTTLED)")
        c.skipBlanks()
        guard c.isAtEnd else { return nil }
        return .group(priority: priority, taskGroup: taskGroup, kind: kind, address: address, name: name, isThrottled: isThrottled)
    }

    /// `RT_RQ:` or `CFS_RQ:` and the blanks after it.
    private static func groupQueueKind(_ c: inout Lexer.Cursor) -> SchedulerQueue.Kind? {
        let kind: SchedulerQueue.Kind
        if c.consume("RT_RQ:") {
            kind = .realTime
        } else if c.consume("CFS_RQ:") {
            kind = .fair
        } else {
            return nil
        }
        c.skipBlanks()
        return kind
    }

    /// `120`, ` 98`, `  0`, ` -1` (a deadline task's prio) inside `[…]`.
    private static func priority(_ slot: Range<Int>, _ base: UnsafeBufferPointer<UInt8>) -> Int? {
        var c = Lexer.Cursor(base, slot)
        c.skipBlanks()
        let negative = c.consume(ASCII.minus)
        guard let value = c.lexDecimal(), c.isAtEnd else { return nil }
        return negative ? -value : value
    }

    /// `0 00:00:00.014` (crash's `translate_nanoseconds()`, days may be padded) in milliseconds.
    /// Days below a billion and at most three digits for the other fields, so the sum cannot
    /// overflow; larger values are not crash's.
    private static func runTimeMilliseconds(_ range: Range<Int>, _ base: UnsafeBufferPointer<UInt8>) -> Int? {
        var c = Lexer.Cursor(base, range)
        c.skipBlanks()
        guard let days = c.lexDecimal(), days < 1_000_000_000, c.consumeBlanks(), let hours = c.lexDecimal(), c.consume(ASCII.colon),
              let minutes = c.lexDecimal(), c.consume(ASCII.colon), let seconds = c.lexDecimal(), c.consume(ASCII.dot),
              let milliseconds = c.lexDecimal(), c.isAtEnd, max(hours, minutes, seconds, milliseconds) < 1000
        else { return nil }
        return (((days * 24 + hours) * 60 + minutes) * 60 + seconds) * 1000 + milliseconds
    }

    // MARK: - Building run queues

    /// Places each line's item into the run queue being built; task groups nest by indentation.
    private struct Builder {
        let command: Int
        var runQueue: RunQueue?
        /// The open queues, outermost first, with the indentation of their headings: the class
        /// queue (or root group), then the task groups inside it.
        var openQueues: [(queue: SchedulerQueue, indentation: Int)] = []
        var unclaimed = UnclaimedLines(unrecognizedMessage: .unrecognizedRunQueueLine)

        init(command: Int) { self.command = command }

        mutating func read(_ line: Line, _ context: inout ParseContext) {
            if PastedText.isElision(line, in: context.base) {
                _ = context.recordElision(line)
                unclaimed.lineWasRead()
                return
            }
            if unclaimed.readMessage(line, &context) { return }
            if let item = RunQueueGrammar.classify(line, context.base), apply(item, line, &context) {
                context.setRole(.parsed, line.number)
                unclaimed.lineWasRead()
                return
            }
            unclaimed.readUnclaimed(line, &context)
        }

        /// Adds `item` to the run queue; false when it has no place (a task before any CPU line).
        private mutating func apply(_ item: Item, _ line: Line, _ context: inout ParseContext) -> Bool {
            switch item {
            case .cpu(let cpu, let address, let isOffline):
                startRunQueue(cpu, line, &context)
                runQueue!.address = address
                runQueue!.isOffline = isOffline
            case .cpuClock(let cpu, let clock):
                startRunQueue(cpu, line, &context)
                runQueue!.clock = clock
            case .cpuRunTime(let cpu, let milliseconds, let task):
                startRunQueue(cpu, line, &context)
                runQueue!.currentRunMilliseconds = milliseconds
                runQueue!.current = task.map { runQueueTask($0, priority: nil, line, &context) }
            case .cpuLag(let cpu, let seconds):
                startRunQueue(cpu, line, &context)
                runQueue!.lagSeconds = seconds
            case .current(let fields):
                guard runQueue != nil, runQueue!.current == nil, runQueue!.currentAddress == nil else { return false }
                runQueue!.current = runQueueTask(fields, priority: nil, line, &context)
            case .currentAddress(let address):
                guard runQueue != nil, runQueue!.current == nil, runQueue!.currentAddress == nil else { return false }
                runQueue!.currentAddress = address
            case .timestampedTask(let lastRun, let fields):
                guard runQueue?.clock != nil, runQueue!.current == nil else { return false }
                var task = runQueueTask(fields, priority: nil, line, &context)
                task.lastRun = lastRun
                runQueue!.current = task
            case .classQueue(let kind, let address):
                guard runQueue != nil else { return false }
                openQueue(SchedulerQueue(kind: kind, address: address, line: line.number), line)
            case .rootGroup(let label, let taskGroup, let kind, let address):
                guard runQueue != nil else { return false }
                let queue = SchedulerQueue(kind: kind, address: address, taskGroup: taskGroup, groupLabel: context.string(label), line: line.number)
                openQueue(queue, line)
            case .group(let priority, let taskGroup, let kind, let address, let name, let isThrottled):
                guard closeQueues(deeperThan: line) else { return false }
                openQueues.append((SchedulerQueue(
                    kind: kind, address: address, taskGroup: taskGroup, groupLabel: "TASK_GROUP", groupName: name.map { context.string($0) },
                    priority: priority, isThrottled: isThrottled, line: line.number
                ), line.indentation))
            case .task(let priority, let fields):
                guard closeQueues(deeperThan: line) else { return false }
                // O(1): further tasks of one priority are printed under the first without `[prio]`.
                let slot = priority ?? openQueues[openQueues.count - 1].queue.tasks.last?.priority
                guard slot != nil else { return false }
                let task = runQueueTask(fields, priority: slot, line, &context)
                openQueues[openQueues.count - 1].queue.tasks.append(task)
            case .noTasks:
                guard closeQueues(deeperThan: line) else { return false }
            }
            return true
        }

        /// Closes the queues whose heading is indented as deep as `line` or deeper, so that
        /// `line` belongs to the innermost one left; false when no queue is open.
        private mutating func closeQueues(deeperThan line: Line) -> Bool {
            guard !openQueues.isEmpty else { return false }
            while openQueues.count > 1, openQueues[openQueues.count - 1].indentation >= line.indentation {
                let group = openQueues.removeLast().queue
                openQueues[openQueues.count - 1].queue.groups.append(group)
            }
            return true
        }

        private mutating func openQueue(_ queue: SchedulerQueue, _ line: Line) {
            closeAllQueues()
            openQueues = [(queue, line.indentation)]
        }

        private mutating func closeAllQueues() {
            guard !openQueues.isEmpty else { return }
            while openQueues.count > 1 {
                let group = openQueues.removeLast().queue
                openQueues[openQueues.count - 1].queue.groups.append(group)
            }
            runQueue?.queues.append(openQueues.removeLast().queue)
        }

        private mutating func startRunQueue(_ cpu: Int, _ line: Line, _ context: inout ParseContext) {
            finishQueue(&context)
            runQueue = RunQueue(cpu: cpu, line: line.number, commandIndex: command)
        }

        /// Ends the run queue being built and adds it to the transcript.
        mutating func finishQueue(_ context: inout ParseContext) {
            closeAllQueues()
            if let runQueue { context.transcript.runQueues.append(runQueue) }
            runQueue = nil
        }

        private func runQueueTask(_ fields: TaskFields, priority: Int?, _ line: Line, _ context: inout ParseContext) -> RunQueueTask {
            RunQueueTask(
                pid: fields.pid, taskAddress: fields.taskAddress, command: context.intern(fields.command), priority: priority,
                isCurrent: fields.isCurrent, line: line.number
            )
        }
    }
}

extension Diagnostic.Message {
    fileprivate static var unrecognizedRunQueueLine: Self {
        .init("not understood as `runq` output; the line is kept as unrecognized")
    }
}
