extension ParseDocument {
    /// A `ps` table: the command line's flags, the header, and the entries (README.md, `processes[]`).
    static func json(for table: ProcessTable) -> JSONValue {
        var object = JSONObject()
        object.set("printedBy", .int(table.commandIndex))
        object.set("lines", json(for: table.lines))
        object.set("layout", .string(table.layout.rawValue))
        object.set("flags", .array(table.flags.map { .string($0) }))
        object.set("cpus", table.cpuSelection)
        object.set("policy", table.policySelection)
        object.set("selectors", .array(table.selectors.map { .string($0) }))
        object.set("stateFilter", table.stateFilter?.rawValue)
        if table.isForeach { object.set("foreach", .bool(true)) }
        if !table.columns.isEmpty { object.set("columns", .array(table.columns.map { .string($0) })) }
        object.set("headerLine", table.headerLine)
        object.set("columnWidths", table.columnWidths?.rawValue)
        object.set("partial", .bool(table.isPartial))
        object.set("entries", .array(table.entries.map(json(for:))))
        if !table.stateCounts.isEmpty {
            object.set("stateCounts", .array(table.stateCounts.map { count in
                var object = JSONObject()
                object.set("state", .string(count.state.rawValue))
                object.set("count", .int(count.count))
                object.set("line", .int(count.line))
                return object.value
            }))
        }
        if !table.cpuGroups.isEmpty {
            object.set("cpuGroups", .array(table.cpuGroups.map { group in
                var object = JSONObject()
                object.set("cpu", .int(group.cpu))
                if group.isOffline { object.set("offline", .bool(true)) }
                object.set("line", .int(group.line))
                return object.value
            }))
        }
        return object.value
    }

    static func json(for entry: ProcessEntry) -> JSONValue {
        var object = JSONObject()
        object.set("line", .int(entry.line))
        object.set("active", entry.activeMarker?.rawValue)
        object.set("pid", .int(entry.pid))
        object.set("ppid", entry.ppid)
        object.set("cpu", entry.cpu)
        object.set("task", entry.taskAddress?.description)
        object.set("kstackp", entry.kernelStackPointer?.description)
        object.set("state", entry.state?.rawValue)
        object.set("memoryPercent", entry.memoryPercent.map { JSONValue.double($0) })
        object.set("vsz", entry.virtualSizeKiB)
        object.set("rss", entry.residentSizeKiB)
        object.set("command", .string(entry.command))
        object.set("kernelThread", entry.isKernelThread)
        object.set("policy", entry.policy)
        object.set("priority", entry.priority)
        object.set("lastRun", entry.lastRun)
        object.set("sinceLastRunMs", entry.sinceLastRunMilliseconds)
        if let times = entry.times {
            var timesObject = JSONObject()
            timesObject.set("runTime", times.runTime)
            timesObject.set("runTimeSeconds", times.runTimeSeconds)
            timesObject.set("startTime", times.startTime)
            timesObject.set("userTime", times.userTime)
            timesObject.set("systemTime", times.systemTime)
            timesObject.set("lines", json(for: LineSpan(first: times.lines.lowerBound, last: times.lines.upperBound)))
            object.set("times", timesObject.value)
        }
        object.set("depth", entry.depth)
        object.set("listedUnder", entry.listedUnder)
        object.set("arguments", entry.arguments)
        object.set("environment", entry.environment.map { JSONValue.array($0.map { .string($0) }) })
        if !entry.resourceLimits.isEmpty {
            // `(unlimited)` is null: crash printed it, so the key stays.
            object.set("rlimits", .array(entry.resourceLimits.map { limit in
                var object = JSONObject()
                object.set("name", .string(limit.name))
                object.set("current", limit.current.map { JSONValue.int($0) } ?? .null)
                object.set("maximum", limit.maximum.map { JSONValue.int($0) } ?? .null)
                object.set("line", .int(limit.line))
                return object.value
            }))
        }
        return object.value
    }
}
