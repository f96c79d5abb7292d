import CrashSiftModel
import CrashSiftText

/// Builds ``Transcript/taskIndex`` once every command has been read: one entry per task, with
/// each command's facts about it, and a note wherever two commands disagree.
///
/// Each source of facts is one function below; adding a command to the index is adding one.
enum TaskIndexBuilder {
    static func build(_ context: inout ParseContext) {
        var index = TaskIndex()
        index.reserveCapacity(context.transcript.tasks.count)
        addBacktraces(context.transcript, to: &index)
        addProcesses(context.transcript, to: &index)
        addRunQueues(context.transcript, to: &index)
        addSystems(context.transcript, to: &index)
        addLogReports(context.transcript, to: &index)
        context.transcript.taskIndex = index
        noteConflicts(in: index, &context)
    }

    /// `bt` and `foreach … bt` task headers (with `foreach`'s state filter).
    private static func addBacktraces(_ transcript: Transcript, to index: inout TaskIndex) {
        // Fields are read in place: copying a whole task (its frames) per step costs more than
        // the index itself.
        for position in transcript.tasks.indices {
            let (pid, address, cpu) = (transcript.tasks[position].pid, transcript.tasks[position].taskAddress, transcript.tasks[position].cpu)
            let command = transcript.tasks[position].command
            let state = transcript.tasks[position].state
            let source = TaskFactSource(.backtrace, line: transcript.tasks[position].line, commandIndex: transcript.tasks[position].commandIndex)
            let entry = index.position(pid: pid, address: address, cpu: cpu)
            index.update(entry) { entry in
                entry.add(.backtrace(position), from: source)
                entry.add(.pid(pid), from: source)
                if let command { entry.add(.command(command), from: source) }
                if let cpu { entry.add(.cpu(cpu), from: source) }
                if let state { entry.add(.state(state), from: source) }
            }
        }
    }

    /// `ps` rows (every layout; `foreach … ps` too): PID, PPID, CPU, TASK, state, COMM.
    private static func addProcesses(_ transcript: Transcript, to index: inout TaskIndex) {
        for table in transcript.processes {
            for row in table.entries {
                let source = TaskFactSource(.process, line: row.line, commandIndex: table.commandIndex)
                let entry = index.position(pid: row.pid, address: row.taskAddress, cpu: row.cpu)
                index.update(entry) { entry in
                    entry.add(.pid(row.pid), from: source)
                    entry.add(.command(row.command), from: source)
                    if let cpu = row.cpu { entry.add(.cpu(cpu), from: source) }
                    if let state = row.state { entry.add(.state(state), from: source) }
                    // crash 8.0.2 prints -1 when it could not find the parent.
                    if let ppid = row.ppid, ppid >= 0 { entry.add(.parentPID(ppid), from: source) }
                }
            }
        }
    }

    /// `runq`: the task current on each CPU, and the tasks queued there (RT, CFS, …).
    private static func addRunQueues(_ transcript: Transcript, to index: inout TaskIndex) {
        for queue in transcript.runQueues {
            let current = queue.current.map { [($0, RunQueuePlace.Role.current)] } ?? []
            let queued = queue.queues.flatMap { scheduler in
                // `runq -g` marks the running task inside its group with `[CURRENT]`.
                scheduler.allTasks.map { ($0, $0.isCurrent ? RunQueuePlace.Role.current : role(of: scheduler.kind)) }
            }
            for (task, role) in current + queued {
                let source = TaskFactSource(.runQueue, line: task.line, commandIndex: queue.commandIndex)
                let entry = index.position(pid: task.pid, address: task.taskAddress, cpu: queue.cpu)
                index.update(entry) { entry in
                    entry.add(.pid(task.pid), from: source)
                    entry.add(.command(task.command), from: source)
                    entry.add(.cpu(queue.cpu), from: source)
                    let place = RunQueuePlace(cpu: queue.cpu, role: role, priority: role == .current ? nil : task.priority)
                    entry.add(.runQueuePlace(place), from: source)
                }
            }
        }
    }

    private static func role(of kind: SchedulerQueue.Kind) -> RunQueuePlace.Role {
        switch kind {
        case .realTime: .realTime
        case .fair: .fair
        default: .other
        }
    }

    /// The context task of `sys`'s summary (crash's start-up banner): on a dump, the panic task.
    private static func addSystems(_ transcript: Transcript, to index: inout TaskIndex) {
        for system in transcript.systems {
            guard let task = system.contextTask else { continue }
            let source = TaskFactSource(.system, line: task.line, commandIndex: system.commandIndex)
            let entry = index.position(pid: task.pid, address: task.taskAddress, cpu: task.cpu)
            index.update(entry) { entry in
                entry.add(.pid(task.pid), from: source)
                if let command = task.command { entry.add(.command(command), from: source) }
                if let cpu = task.cpu { entry.add(.cpu(cpu), from: source) }
                if task.isPanicTask, entry.panic == nil { entry.add(.panicTask, from: source) }
            }
        }
    }

    /// The task a kernel report names (`CPU: 2 PID: 150 Comm: crashtest_spin/`, a hung task's
    /// header, the task line after `Task dump for CPU 0:`).
    private static func addLogReports(_ transcript: Transcript, to index: inout TaskIndex) {
        for report in transcript.log.reports {
            guard let pid = report.pid else { continue }
            let source = TaskFactSource(.log, line: report.taskLine ?? report.line)
            let entry = index.position(pid: pid, address: nil, cpu: report.cpu)
            index.update(entry) { entry in
                entry.add(.pid(pid), from: source)
                if let command = report.command { entry.add(.command(command), from: source) }
                if let cpu = report.cpu { entry.add(.cpu(cpu), from: source) }
            }
        }
    }

    /// A note on the first fact that disagrees with the first fact of its kind, per task.
    private static func noteConflicts(in index: TaskIndex, _ context: inout ParseContext) {
        for entry in index.entries where disagrees(entry.facts) {
            note(entry.pids, "PID", of: entry, &context)
            note(entry.commands, "command", of: entry, &context)
            note(entry.cpus, "CPU", of: entry, &context)
            note(entry.states, "state", of: entry, &context)
            note(entry.parentPIDs, "parent PID", of: entry, &context)
        }
    }

    /// Whether two facts of one kind differ: a pass over the facts without building the typed
    /// lists (most tasks are printed once, or the same way every time).
    private static func disagrees(_ facts: [TaskIndexEntry.Fact]) -> Bool {
        guard facts.count > 1 else { return false }
        for (position, fact) in facts.enumerated() {
            for earlier in facts[..<position] where sameKind(earlier.value, fact.value) && earlier.value != fact.value {
                return true
            }
        }
        return false
    }

    private static func sameKind(_ a: TaskIndexEntry.Fact.Value, _ b: TaskIndexEntry.Fact.Value) -> Bool {
        switch (a, b) {
        case (.pid, .pid), (.command, .command), (.cpu, .cpu), (.state, .state), (.parentPID, .parentPID): true
        default: false
        }
    }

    private static func note<Value>(_ facts: [TaskFact<Value>], _ what: String, of entry: TaskIndexEntry, _ context: inout ParseContext) {
        guard let first = facts.first, let other = facts.first(where: { $0.value != first.value }) else { return }
        let task = entry.taskAddress.map { "PID \(entry.pid) (\($0))" } ?? "PID \(entry.pid)"
        context.diagnose(
            .note, .taskFactsDisagree(task: task, what: what, first: "\(first.value)", firstSource: first.source,
                                      other: "\(other.value)", otherSource: other.source),
            line: other.source.line
        )
    }
}

extension Diagnostic.Message {
    fileprivate static func taskFactsDisagree(
        task: String, what: String, first: String, firstSource: TaskFactSource, other: String, otherSource: TaskFactSource
    ) -> Self {
        .init("\(task): \(what) \(first) in \(firstSource), but \(other) in \(otherSource)")
    }
}
