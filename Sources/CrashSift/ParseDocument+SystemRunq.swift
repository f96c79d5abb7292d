extension ParseDocument {
    /// Adds `system` (the first summary, the key ARCHITECTURE.md names), `systems` (every `sys`
    /// output) and `runQueues` (every CPU of every `runq` output).
    static func addSystemsAndRunQueues(of transcript: Transcript, to root: inout JSONObject) {
        root.set("system", transcript.system.map(json(for:)))
        root.set("systems", .array(transcript.systems.map(json(for:))))
        root.set("runQueues", .array(transcript.runQueues.map(json(for:))))
    }

    static func json(for system: SystemInfo) -> JSONValue {
        var object = JSONObject()
        object.set("kind", .string(system.kind.rawValue))
        object.set("printedBy", system.commandIndex)
        object.set("lines", json(for: system.lines))
        object.set("fields", .array(system.fields.map { field in
            var object = JSONObject()
            object.set("key", .string(field.key))
            object.set("value", .string(field.value))
            object.set("line", .int(field.line))
            if field.lastLine != field.line { object.set("lastLine", .int(field.lastLine)) }
            return object.value
        }))
        object.set("kernel", system.kernel)
        if !system.kernelMarkers.isEmpty { object.set("kernelMarkers", .array(system.kernelMarkers.map { .string($0) })) }
        object.set("tainted", system.isTainted)
        if !system.dumpFiles.isEmpty { object.set("dumpFiles", .array(system.dumpFiles.map { .string($0) })) }
        if !system.dumpMarkers.isEmpty { object.set("dumpMarkers", .array(system.dumpMarkers.map { .string($0) })) }
        object.set("cpus", system.cpuCount)
        object.set("offlineCPUs", system.offlineCPUCount)
        object.set("date", system.date)
        object.set("uptime", system.uptime)
        object.set("uptimeSeconds", system.uptimeSeconds)
        if !system.loadAverage.isEmpty { object.set("loadAverage", .array(system.loadAverage.map { .double($0) })) }
        object.set("tasks", system.taskCount)
        object.set("nodeName", system.nodeName)
        if let release = system.release {
            var releaseObject = JSONObject()
            releaseObject.set("text", .string(release.text))
            releaseObject.set("numbers", .array(release.numbers.map { .int($0) }))
            releaseObject.set("suffix", .string(release.suffix))
            object.set("release", releaseObject.value)
        }
        object.set("version", system.version)
        object.set("machine", system.machine)
        object.set("processorMHz", system.processorMHz)
        object.set("memory", system.memory)
        object.set("panicMessage", system.panicMessage)
        object.set("panicRemark", system.panicRemark)
        if let task = system.contextTask {
            var context = JSONObject()
            context.set("pid", .int(task.pid))
            context.set("command", task.command)
            context.set("task", task.taskAddress?.description)
            context.set("cpu", task.cpu)
            context.set("state", task.state)
            context.set("panic", .bool(task.isPanicTask))
            context.set("line", .int(task.line))
            object.set("contextTask", context.value)
        }
        object.set("taintMask", system.taintMask?.description)
        object.set("taintFlags", system.taintFlags)
        if !system.systemCalls.isEmpty {
            object.set("systemCalls", .array(system.systemCalls.map { call in
                var object = JSONObject()
                object.set("number", .int(call.number))
                object.set("name", .string(call.name))
                object.set("file", call.file)
                object.set("sourceLine", call.sourceLine)
                object.set("invalidEntry", call.invalidEntry?.description)
                object.set("line", .int(call.line))
                return object.value
            }))
        }
        if !system.configOptions.isEmpty {
            object.set("configOptions", .array(system.configOptions.map { option in
                var object = JSONObject()
                object.set("name", .string(option.name))
                // Left out for `# CONFIG_X is not set`.
                object.set("value", option.value)
                object.set("line", .int(option.line))
                return object.value
            }))
        }
        return object.value
    }

    static func json(for runQueue: RunQueue) -> JSONValue {
        var object = JSONObject()
        object.set("cpu", .int(runQueue.cpu))
        object.set("line", .int(runQueue.line))
        object.set("printedBy", runQueue.commandIndex)
        object.set("address", runQueue.address?.description)
        if runQueue.isOffline { object.set("offline", .bool(true)) }
        object.set("current", runQueue.current.map(json(for:)))
        object.set("currentAddress", runQueue.currentAddress?.description)
        object.set("clock", runQueue.clock)
        object.set("currentRunMilliseconds", runQueue.currentRunMilliseconds)
        object.set("lagSeconds", runQueue.lagSeconds.map { JSONValue.double($0) })
        object.set("queues", .array(runQueue.queues.map(json(for:))))
        return object.value
    }

    static func json(for queue: SchedulerQueue) -> JSONValue {
        var object = JSONObject()
        object.set("kind", .string(queue.kind.rawValue))
        object.set("address", queue.address?.description)
        object.set("taskGroup", queue.taskGroup?.description)
        object.set("groupLabel", queue.groupLabel)
        object.set("groupName", queue.groupName)
        object.set("priority", queue.priority)
        if queue.isThrottled { object.set("throttled", .bool(true)) }
        object.set("line", .int(queue.line))
        object.set("tasks", .array(queue.tasks.map(json(for:))))
        if !queue.groups.isEmpty { object.set("groups", .array(queue.groups.map(json(for:)))) }
        return object.value
    }

    static func json(for task: RunQueueTask) -> JSONValue {
        var object = JSONObject()
        object.set("pid", .int(task.pid))
        object.set("task", task.taskAddress?.description)
        object.set("command", .string(task.command))
        object.set("priority", task.priority)
        if task.isCurrent { object.set("current", .bool(true)) }
        object.set("lastRun", task.lastRun)
        object.set("line", .int(task.line))
        return object.value
    }
}
