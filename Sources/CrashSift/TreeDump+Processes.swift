extension TreeDump {
    /// The `ps` tables printed by command number `command`: one node per table, its entries
    /// below it (nested under their parent or leader for `-p`, `-c`, `-g`, under their CPU
    /// for `-l -C`/`-m -C`).
    ///
    /// ```
    /// processes table: 102 entries, 4 active, header line 2 (PID PPID CPU TASK ST %MEM VSZ RSS COMM, wide)
    /// ├─ > PID 56 PPID 2 CPU 2 TASK ffff88800526c200 RU %MEM 0.0 VSZ 0 RSS 0 [khungtaskd] (line 7)
    /// ```
    static func processNodes(_ tables: [ProcessTable], command: Int) -> [Node] {
        tables.filter { $0.commandIndex == command }.map(tableNode)
    }

    private static func tableNode(_ table: ProcessTable) -> Node {
        var text = "processes \(table.layout.rawValue)"
        text += table.layout == .summary
            ? ": \(counted(table.stateCounts.count, "state", "states")), \(counted(table.stateCounts.reduce(0) { $0 + $1.count }, "task", "tasks"))"
            : ": \(counted(table.entries.count, "entry", "entries"))"
        let active = table.activeEntries.count
        if active > 0 { text += ", \(active) active" }
        if let filter = table.stateFilter { text += ", foreach state \(filter)" }
        if let header = table.headerLine {
            text += ", header line \(header) (\(table.columns.joined(separator: " "))"
            if let widths = table.columnWidths { text += ", \(widths.rawValue)" }
            text += ")"
        }
        if table.isPartial { text += " partial" }
        var node = Node(text)
        // Who is listed under whom, computed once: tables have thousands of rows.
        var listed = Array(repeating: [Int](), count: table.entries.count)
        for (index, entry) in table.entries.enumerated() {
            if let parent = entry.listedUnder, listed.indices.contains(parent) { listed[parent].append(index) }
        }
        node.children = table.stateCounts.map { Node("\($0.state): \($0.count) (line \($0.line))") }
        if table.cpuGroups.isEmpty {
            node.children += table.entries.indices.filter { table.entries[$0].listedUnder == nil }.map { entryNode(table, $0, listed) }
        } else {
            // Each `CPU: n` line heads the entries printed after it, up to the next one.
            for (position, group) in table.cpuGroups.enumerated() {
                let end = position + 1 < table.cpuGroups.count ? table.cpuGroups[position + 1].line : Int.max
                var groupNode = Node("CPU \(group.cpu)\(group.isOffline ? " offline" : "") (line \(group.line))")
                groupNode.children = table.entries.indices
                    .filter { table.entries[$0].line > group.line && table.entries[$0].line < end }
                    .map { entryNode(table, $0, listed) }
                node.children.append(groupNode)
            }
        }
        return node
    }

    private static func entryNode(_ table: ProcessTable, _ index: Int, _ listed: [[Int]]) -> Node {
        let entry = table.entries[index]
        var text = entry.activeMarker.map { "\($0.rawValue) " } ?? ""
        if let milliseconds = entry.sinceLastRunMilliseconds { text += "[\(elapsed(milliseconds))] " }
        if let lastRun = entry.lastRun { text += "[\(lastRun)] " }
        text += "PID \(entry.pid)"
        if let ppid = entry.ppid { text += " PPID \(ppid)" }
        text += " CPU \(entry.cpu.map(String.init) ?? "?")"
        if let task = entry.taskAddress { text += " TASK \(task)" }
        if let stack = entry.kernelStackPointer { text += " KSTACKP \(stack)" }
        if let state = entry.state { text += " \(state)" }
        if let memory = entry.memoryPercent { text += " %MEM \(memory)" }
        if let size = entry.virtualSizeKiB { text += " VSZ \(size)" }
        if let size = entry.residentSizeKiB { text += " RSS \(size)" }
        if let policy = entry.policy { text += " POLICY \(policy)" }
        if let priority = entry.priority { text += " PRIO \(priority)" }
        text += entry.isKernelThread == true ? " [\(entry.command)]" : " \"\(entry.command)\""
        text += " (line \(entry.line))"
        var node = Node(text)
        if let times = entry.times {
            var parts: [String] = []
            if let run = times.runTime { parts.append("run time \(run)" + (times.runTimeSeconds.map { " (\($0) s)" } ?? "")) }
            if let start = times.startTime { parts.append("start time \(start)") }
            if let user = times.userTime { parts.append("user \(user)") }
            if let system = times.systemTime { parts.append("system \(system)") }
            node.children.append(Node("times: " + parts.joined(separator: ", ") + " (lines \(times.lines.lowerBound)-\(times.lines.upperBound))"))
        }
        if let arguments = entry.arguments { node.children.append(Node("ARG: \(arguments)")) }
        if let environment = entry.environment {
            var environmentNode = Node("ENV: \(environment.count) variables")
            environmentNode.children = environment.map { Node($0) }
            node.children.append(environmentNode)
        }
        if !entry.resourceLimits.isEmpty {
            var limitsNode = Node("rlimits")
            limitsNode.children = entry.resourceLimits.map { limit in
                let current = limit.current.map(String.init) ?? "unlimited"
                let maximum = limit.maximum.map(String.init) ?? "unlimited"
                return Node("\(limit.name) current \(current) maximum \(maximum) (line \(limit.line))")
            }
            node.children.append(limitsNode)
        }
        node.children += listed[index].map { entryNode(table, $0, listed) }
        return node
    }

    private static func counted(_ count: Int, _ singular: String, _ plural: String) -> String {
        "\(count) \(count == 1 ? singular : plural)"
    }

    /// Milliseconds as `ps -m` prints them: `0 00:00:00.013`.
    private static func elapsed(_ milliseconds: Int) -> String {
        func padded(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        let seconds = milliseconds / 1000
        return "\(seconds / 86400) \(padded(seconds / 3600 % 24, 2)):\(padded(seconds / 60 % 60, 2)):\(padded(seconds % 60, 2)).\(padded(milliseconds % 1000, 3))"
    }
}
