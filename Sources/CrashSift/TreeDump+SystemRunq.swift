extension TreeDump {
    /// The `sys` outputs and run queues that command `index` printed.
    static func systemAndRunQueueNodes(_ transcript: Transcript, command index: Int) -> [Node] {
        transcript.systems.filter { $0.commandIndex == index }.map(systemNode)
            + transcript.runQueues.filter { $0.commandIndex == index }.map(runQueueNode)
    }

    private static func systemNode(_ system: SystemInfo) -> Node {
        var node = Node("sys \(system.kind.rawValue), lines \(system.lines)")
        node.children = system.fields.map { field in
            let lines = field.lastLine == field.line ? "line \(field.line)" : "lines \(field.line)-\(field.lastLine)"
            return Node("\(field.key) = \(field.value.split(separator: "\n").joined(separator: " | ")) (\(lines))")
        }
        var read: [String] = []
        if let kernel = system.kernel { read.append("kernel \(kernel)") }
        if !system.kernelMarkers.isEmpty { read.append("kernel markers [\(system.kernelMarkers.joined(separator: ", "))]") }
        if let tainted = system.isTainted { read.append(tainted ? "tainted" : "not tainted") }
        if !system.dumpFiles.isEmpty { read.append("dump files \(system.dumpFiles.joined(separator: ", "))") }
        if !system.dumpMarkers.isEmpty { read.append("dump markers [\(system.dumpMarkers.joined(separator: ", "))]") }
        if let cpus = system.cpuCount { read.append("\(cpus) CPUs, \(system.offlineCPUCount ?? 0) offline") }
        if let seconds = system.uptimeSeconds { read.append("up \(seconds) s") }
        if !system.loadAverage.isEmpty { read.append("load \(system.loadAverage.map { String($0) }.joined(separator: " "))") }
        if let tasks = system.taskCount { read.append("\(tasks) tasks") }
        if let release = system.release {
            read.append("release \(release.numbers.map(String.init).joined(separator: ".")) suffix \"\(release.suffix)\"")
        }
        if let machine = system.machine { read.append("machine \(machine)") }
        if let mhz = system.processorMHz { read.append("\(mhz) MHz") }
        if let message = system.panicMessage { read.append("panic \"\(message)\"") }
        if let remark = system.panicRemark { read.append("panic remark (\(remark))") }
        if let task = system.contextTask {
            read.append("\(task.isPanicTask ? "panic task" : "context task") PID \(task.pid)"
                + (task.taskAddress.map { " TASK \($0)" } ?? "") + (task.cpu.map { " CPU \($0)" } ?? "")
                + (task.command.map { " \"\($0)\"" } ?? ""))
        }
        if let mask = system.taintMask { read.append("taint mask \(mask)") }
        if let flags = system.taintFlags { read.append("taint flags \(flags)") }
        if !read.isEmpty {
            var readNode = Node("read")
            readNode.children = read.map { Node($0) }
            node.children.append(readNode)
        }
        if !system.systemCalls.isEmpty {
            var calls = Node("system calls (\(system.systemCalls.count))")
            calls.children = system.systemCalls.map { call in
                var text = "\(call.number) \(call.name)"
                if let entry = call.invalidEntry { text += " invalid entry \(entry)" }
                if let file = call.file { text += " \(file):\(call.sourceLine.map(String.init) ?? "?")" }
                return Node(text + " (line \(call.line))")
            }
            node.children.append(calls)
        }
        if !system.configOptions.isEmpty {
            var options = Node("config options (\(system.configOptions.count))")
            options.children = system.configOptions.map { option in
                Node("\(option.name)\(option.value.map { "=" + $0 } ?? " is not set") (line \(option.line))")
            }
            node.children.append(options)
        }
        return node
    }

    private static func runQueueNode(_ runQueue: RunQueue) -> Node {
        var text = "CPU \(runQueue.cpu)"
        if let address = runQueue.address { text += " RUNQUEUE \(address)" }
        if runQueue.isOffline { text += " offline" }
        if let clock = runQueue.clock { text += " clock \(clock)" }
        if let milliseconds = runQueue.currentRunMilliseconds { text += " current ran \(milliseconds) ms" }
        if let lag = runQueue.lagSeconds { text += " lag \(lag) s" }
        var node = Node(text + " (line \(runQueue.line))")
        if let current = runQueue.current { node.children.append(runQueueTaskNode(current, label: "current")) }
        if let address = runQueue.currentAddress { node.children.append(Node("current task \(address), unknown to crash")) }
        node.children += runQueue.queues.map(schedulerQueueNode)
        return node
    }

    private static func schedulerQueueNode(_ queue: SchedulerQueue) -> Node {
        var text = queue.priority.map { "[\($0)] " } ?? ""
        text += "\(queue.kind.rawValue) queue \(queue.address?.description ?? "?")"
        if let label = queue.groupLabel { text += " \(label) \(queue.taskGroup?.description ?? "?")" }
        if let name = queue.groupName { text += " <\(name)>" }
        if queue.isThrottled { text += " throttled" }
        if queue.tasks.isEmpty && queue.groups.isEmpty { text += ", no tasks" }
        var node = Node(text + " (line \(queue.line))")
        // Tasks and groups in print order, as crash interleaves them.
        let entries = queue.tasks.map { (line: $0.line, node: runQueueTaskNode($0, label: "task")) }
            + queue.groups.map { (line: $0.line, node: schedulerQueueNode($0)) }
        node.children = entries.sorted { $0.line < $1.line }.map(\.node)
        return node
    }

    private static func runQueueTaskNode(_ task: RunQueueTask, label: String) -> Node {
        var text = label
        if let priority = task.priority { text += " [\(priority)]" }
        text += " PID \(task.pid) TASK \(task.taskAddress?.description ?? "?") COMMAND \"\(task.command)\""
        if task.isCurrent { text += " [CURRENT]" }
        if let lastRun = task.lastRun { text += " last run \(lastRun)" }
        return Node(text + " (line \(task.line))")
    }
}
