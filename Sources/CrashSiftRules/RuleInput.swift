import CrashSiftModel
import CrashSiftText

/// One input as the rules see it: the transcript and its text, plus what every rule asks and
/// is worth computing once: each task's call chain, which tasks have a function in their
/// chain, the kernel facts, the walks of each per-cpu variable.
public final class RuleInput: @unchecked Sendable {
    // @unchecked: built on one task and then only read; the lazy caches below are filled by
    // the one evaluation that owns the input (``RuleEngine`` evaluates an input on one task).

    public let transcript: Transcript
    public let source: SourceFile

    /// The input is read; nothing is computed until a rule asks. A repaired paste is seen as
    /// the grammars read it (``Transcript/repairedText``).
    public init(transcript: Transcript, source: SourceFile) {
        self.transcript = transcript
        self.source = transcript.text(of: source)
    }

    // MARK: Tasks

    /// The tasks the rules see: every task a `bt` printed, then the task of every kernel report
    /// in the log that names it (`CPU: N PID: P Comm: C`) and has a call trace or a `RIP:` — so
    /// a rule written against `bt` output also reads a `vmcore-dmesg.txt` or a console log.
    /// `bt` printings come first, so they are the ones a rule quotes when both exist.
    private(set) lazy var tasks: [KernelTask] = {
        var tasks = transcript.tasks
        for report in transcript.log.reports {
            guard let pid = report.pid else { continue }
            let rip = report.instructionPointerFunction
            guard !report.callTraces.isEmpty || rip != nil else { continue }
            var backtrace = Backtrace()
            backtrace.frames = report.frames
            if let first = report.callTraces.first?.line, let last = report.callTraces.last?.lastLine { backtrace.lines = first...last }
            if let rip {
                // The interrupted function, first in the chain as `bt` shows an exception
                // frame's RIP; its line is the `RIP:` line.
                let line = ripLine(of: report) ?? report.line
                reportRIPs[tasks.count] = ChainFrame(function: rip, line: line, stack: report.frames.first?.stack ?? .process, isReliable: true, isException: true)
            }
            tasks.append(KernelTask(pid: pid, taskAddress: nil, cpu: report.cpu, command: report.command, line: report.taskLine ?? report.line, backtrace: backtrace))
        }
        return tasks
    }()

    /// The `RIP:` function of report tasks, by position in ``tasks``.
    private var reportRIPs: [Int: ChainFrame] = [:]

    /// The line of the report that shows its instruction pointer.
    private func ripLine(of report: KernelReport) -> Int? {
        guard let pointer = report.instructionPointer else { return nil }
        let end = report.callTraces.first?.line ?? report.endLine
        guard report.line <= end else { return nil }
        return (report.line...end).first { text(ofLine: $0).contains(pointer) }
    }

    // MARK: Call chains

    /// One frame of a call chain.
    struct ChainFrame {
        var function: String
        var line: Int
        var stack: StackKind
        var isReliable: Bool
        /// The interrupted function of an exception frame (inserted after its carrier frame).
        var isException: Bool
    }

    private var chainCache: [Int: [ChainFrame]] = [:]

    /// The call chain of task `position` (in ``Transcript/tasks``): its frames in order, with
    /// each exception frame's interrupted function after the frame that carries it.
    func chain(ofTask position: Int) -> [ChainFrame] {
        if let chain = chainCache[position] { return chain }
        var chain: [ChainFrame] = []
        let backtrace = tasks[position].backtrace
        chain.reserveCapacity(backtrace.frames.count + 2)
        if let rip = reportRIPs[position] { chain.append(rip) }
        for frame in backtrace.frames {
            chain.append(ChainFrame(function: frame.function, line: frame.line, stack: frame.stack, isReliable: frame.reliable, isException: false))
            if let exception = frame.exception, let function = exception.function {
                chain.append(ChainFrame(function: function, line: exception.line, stack: exception.stack, isReliable: true, isException: true))
            }
        }
        chainCache[position] = chain
        return chain
    }

    private var functionIndexStorage: [String: [Int]]?

    /// Function name → the tasks whose chain has it (each task once, in order).
    var functionIndex: [String: [Int]] {
        if let index = functionIndexStorage { return index }
        var index: [String: [Int]] = [:]
        func add(_ function: String, _ position: Int) {
            // Positions arrive in order, so a task already listed is the last one.
            index[function, default: []].appendUnlessLast(position)
        }
        // Indexing rather than `for frame in …`: a frame is large, and only two names are read.
        let tasks = self.tasks
        for position in tasks.indices {
            if let rip = reportRIPs[position] { add(rip.function, position) }
            let frames = tasks[position].backtrace.frames
            for index in frames.indices {
                add(frames[index].function, position)
                if let function = frames[index].exception?.function { add(function, position) }
            }
        }
        functionIndexStorage = index
        return index
    }

    // MARK: Task identity and facts

    /// The task index entry of task `position`, which says who the task is across commands.
    func entry(ofTask position: Int) -> TaskIndexEntry? {
        let task = tasks[position]
        if let address = task.taskAddress, let entry = transcript.taskIndex.entry(forTask: address) { return entry }
        let entries = transcript.taskIndex.entries(pid: task.pid)
        return entries.count == 1 ? entries[0] : entries.first { $0.cpus.contains { $0.value == task.cpu } }
    }

    private var identities: [String?] = []

    /// A key that is the same for every printing of one task (computed once per task, as
    /// every rule asks it of the same tasks).
    func identity(ofTask position: Int) -> String {
        if identities.isEmpty { identities = Array(repeating: nil, count: tasks.count) }
        if let known = identities[position] { return known }
        let task = tasks[position]
        // A report's task has no address; the task index knows it when `bt` or `ps` printed it.
        let address = task.taskAddress ?? entry(ofTask: position)?.taskAddress
        let identity = address?.description ?? "pid:\(task.pid):\(task.cpu.map(String.init) ?? "?")"
        identities[position] = identity
        return identity
    }

    /// The task's CPU: its header's, else what another command said.
    func cpu(ofTask position: Int) -> Int? {
        tasks[position].cpu ?? entry(ofTask: position)?.cpu
    }

    /// Every state any command printed for the task.
    func states(ofTask position: Int) -> [TaskState] {
        var states = tasks[position].state.map { [$0] } ?? []
        for fact in entry(ofTask: position)?.states ?? [] where !states.contains(fact.value) { states.append(fact.value) }
        return states
    }

    /// The 16 KiB-aligned windows around the task's stack pointers (its process stack and
    /// its exception frames' `RSP`/`SP`), where objects on its stack lie.
    func stackWindows(ofTask position: Int) -> [ClosedRange<UInt64>] {
        let backtrace = tasks[position].backtrace
        var pointers: [UInt64] = backtrace.frames.compactMap { $0.sp?.value }
        for frame in backtrace.frames {
            if let exception = frame.exception {
                for name in ["RSP", "SP", "sp", "ESP", "R1"] {
                    if case .hex(let value)? = exception.registers[name]?.value { pointers.append(value.value) }
                }
            }
        }
        let mask: UInt64 = 0x3FFF
        var windows: [ClosedRange<UInt64>] = []
        for pointer in pointers where pointer > 0xFFFF {
            let window = (pointer & ~mask)...(pointer | mask)
            if !windows.contains(window) { windows.append(window) }
        }
        return windows
    }

    // MARK: Commands present

    /// Whether a command whose line starts with one of `prefixes` is in the input.
    func hasCommand(startingWith prefixes: [String]) -> Bool {
        transcript.commands.contains { command in prefixes.contains { command.commandLine.hasPrefix($0) } }
    }

    /// Whether a `foreach … bt` printed every task in `states` (or every task when no state
    /// filter was given): the output that can show no task is in some state or shape.
    func hasForeachBacktraces(covering states: [TaskState]) -> Bool {
        transcript.commands.contains { command in
            guard command.name == "foreach" else { return false }
            let words = command.arguments.split(separator: " ").map(String.init)
            guard words.contains("bt") else { return false }
            let filters = words.prefix { $0 != "bt" }.filter { TaskState.knownCodes.contains($0) }
            if filters.isEmpty { return !words.prefix(while: { $0 != "bt" }).contains { !$0.hasPrefix("-") && !TaskState.knownCodes.contains($0) } }
            return !states.isEmpty && states.allSatisfy { filters.contains($0.rawValue) }
        }
    }

    // MARK: Text

    /// The text of input line `number`, trimmed at the end.
    func text(ofLine number: Int) -> String {
        guard number >= 1, number <= source.lines.count else { return "" }
        return String(source.text(ofLine: number))
    }
}

extension Array where Element == Int {
    mutating func appendUnlessLast(_ value: Int) {
        if last != value { append(value) }
    }
}
