import CrashSiftModel
import CrashSiftText
import PCRE2

extension RuleEvaluation {
    /// Evaluates a predicate that is not a task clause, given the roles assigned so far and
    /// the values of the clauses and roles (for `{name.key}` references).
    func evaluate(_ predicate: Predicate, assignment: Assignment, values: [String: [String: String]]) throws -> ClauseResult {
        switch predicate {
        case .task:
            return .fails  // task clauses are evaluated by the search
        case .log(let log):
            return try evaluate(log)
        case .perCPUList(let list):
            return perCPUList(list)
        case .listEntriesOnStacks(let symbol, let roles):
            return listEntriesOnStacks(symbol: symbol, roles: roles, assignment: assignment)
        case .registerPointsAtList(let role, let symbol):
            return registerPointsAtList(role: role, symbol: symbol, assignment: assignment)
        case .kernel(let kernel):
            return self.kernel(kernel)
        case .all(let parts):
            var combined = ClauseResult(holds: true)
            for part in parts {
                let result = try evaluate(part, assignment: assignment, values: values)
                guard result.holds else { return .fails }
                combined.lines += result.lines
                combined.values.merge(result.values) { first, _ in first }
            }
            return combined
        case .any(let parts):
            for part in parts {
                let result = try evaluate(part, assignment: assignment, values: values)
                if result.holds { return result }
            }
            return .fails
        case .not(let part):
            return ClauseResult(holds: !(try evaluate(part, assignment: assignment, values: values).holds))
        case .atLeast(let count, let parts):
            var combined = ClauseResult(holds: false)
            var holding = 0
            for part in parts {
                let result = try evaluate(part, assignment: assignment, values: values)
                if result.holds {
                    holding += 1
                    combined.lines += result.lines
                    combined.values.merge(result.values) { first, _ in first }
                }
            }
            combined.holds = holding >= count
            return combined.holds ? combined : .fails
        }
    }

    // MARK: The log

    func evaluate(_ log: LogPredicate) throws -> ClauseResult {
        var result = ClauseResult(holds: true)
        if !log.reportKinds.isEmpty || log.title != nil {
            var found: KernelReport?
            for report in transcript.log.reports where log.reportKinds.isEmpty || log.reportKinds.contains(report.kind) {
                if let title = log.title {
                    guard let match = try firstMatch(title.pattern, in: report.title) else { continue }
                    result.values.merge(match) { first, _ in first }
                }
                found = report
                break
            }
            guard let report = found else { return .fails }
            result.lines.append((report.line, nil))
            result.values["title"] = report.title
            result.values["kind"] = report.kind.rawValue
            result.values["line"] = String(report.line)
            if let cpu = report.cpu { result.values["cpu"] = String(cpu) }
            if let pid = report.pid { result.values["pid"] = String(pid) }
            if let command = report.command { result.values["command"] = command }
            if let frame = report.guiltyFrame { result.values["frame"] = frame }
        }
        if let panic = log.panic {
            var found = false
            for message in input.panicMessages {
                guard let match = try firstMatch(panic.pattern, in: message.text) else { continue }
                result.lines.append((message.line, nil))
                result.values.merge(match) { first, _ in first }
                result.values["panic"] = message.text
                found = true
                break
            }
            if !found { return .fails }
        }
        if let record = log.record {
            guard let (line, captures) = try search(record.pattern) else { return .fails }
            result.lines.append((line, nil))
            result.values.merge(captures) { first, _ in first }
            result.values["record"] = input.text(ofLine: line).trimmingCharacters(in: .whitespaces)
        }
        return result
    }

    /// The first match of `pattern` in `text`: its named groups.
    func firstMatch(_ pattern: Pattern, in text: String) throws(PatternGaveUp) -> [String: String]? {
        let found: Match?
        do {
            found = try patterns.matcher(pattern, key: pattern.source).firstMatch(in: text)
        } catch {
            throw error.naming(pattern.source)
        }
        guard let match = found else { return nil }
        var values: [String: String] = [:]
        for (name, _) in pattern.captureNames {
            if let value = match.string(named: name, in: text) { values[name] = value }
        }
        return values
    }

    /// The first match of `pattern` in the log's text, searched a block at a time (the lines
    /// from the first record to the last): the line it is on and its named groups.
    func search(_ pattern: Pattern) throws -> (line: Int, captures: [String: String])? {
        guard let first = transcript.log.records.first, let last = transcript.log.records.last else { return nil }
        let lines = input.source.lines
        let start = lines.startOffset(ofLine: first.line)
        let end = lines.contentRange(ofLine: last.lastLine).upperBound
        let matcher = patterns.matcher(pattern, key: pattern.source)
        return try input.source.bytes.withUnsafeBytes { buffer -> (Int, [String: String])? in
            let block = UnsafeRawBufferPointer(rebasing: buffer[start..<end])
            let found: Match?
            do throws(PatternError) {
                found = try matcher.firstMatch(in: block)
            } catch {
                throw error.naming(pattern.source)
            }
            guard let match = found else { return nil }
            var captures: [String: String] = [:]
            for (name, _) in pattern.captureNames {
                if let range = match[name] { captures[name] = String(decoding: block[range], as: UTF8.self) }
            }
            return (lines.line(containing: start + match.range.lowerBound), captures)
        }
    }

    // MARK: Lists

    /// The walks of per-cpu variable `symbol`.
    func walks(of symbol: String) -> [ListWalk] {
        transcript.lists.filter { $0.perCPUSymbol == symbol || $0.perCPU?.symbol == symbol }
    }

    func perCPUList(_ predicate: PerCPUListPredicate) -> ClauseResult {
        let long = walks(of: predicate.symbol).filter { $0.entries.count >= predicate.minimumEntries }
        guard let walk = long.max(by: { $0.entries.count < $1.entries.count }) else { return .fails }
        var result = ClauseResult(holds: true)
        let commandLine = transcript.commands[walk.commandIndex].line
        result.lines = [(commandLine, nil)] + walk.entries.map { ($0.line, nil) }
        result.values["symbol"] = predicate.symbol
        result.values["entries"] = String(walk.entries.count)
        result.values["line"] = String(commandLine)
        if let cpu = walk.perCPU?.cpu { result.values["cpu"] = String(cpu) }
        if let address = walk.startAddress { result.values["address"] = address.description }
        return result
    }

    func listEntriesOnStacks(symbol: String, roles: [String], assignment: Assignment) -> ClauseResult {
        let entries = walks(of: symbol).flatMap(\.entries)
        guard !entries.isEmpty else { return .fails }
        var result = ClauseResult(holds: true)
        var found: [String] = []
        for role in roles {
            guard let candidate = candidate(of: role, in: assignment) else { return .fails }
            let windows = input.stackWindows(ofTask: candidate.position)
            let onStack = entries.filter { entry in windows.contains { $0.contains(entry.address.value) } }
            guard !onStack.isEmpty else { return .fails }
            result.lines += onStack.map { ($0.line, role) }
            found += onStack.map(\.address.description)
        }
        result.values["entries"] = found.joined(separator: ", ")
        result.values["count"] = String(found.count)
        return result
    }

    func registerPointsAtList(role: String, symbol: String, assignment: Assignment) -> ClauseResult {
        guard let candidate = candidate(of: role, in: assignment) else { return .fails }
        let heads = walks(of: symbol)
        guard !heads.isEmpty else { return .fails }
        for frame in input.tasks[candidate.position].backtrace.frames {
            guard let exception = frame.exception else { continue }
            for register in exception.registers.registers {
                guard let value = register.value.number?.value, let walk = heads.first(where: { $0.startAddress?.value == value }) else { continue }
                var result = ClauseResult(holds: true)
                let text = "\(register.name): \(register.value)"
                let line = exception.registers.lines.first { input.text(ofLine: $0).contains(text) } ?? exception.line
                result.lines = [(line, role)]
                result.values["register"] = register.name
                result.values["address"] = register.value.description
                if let cpu = walk.perCPU?.cpu { result.values["cpu"] = String(cpu) }
                return result
            }
        }
        return .fails
    }

    func candidate(of role: String, in assignment: Assignment) -> Candidate? {
        for (index, candidate) in assignment {
            if case .task(let task) = rule.clauses[index].predicate, task.role == role { return candidate }
        }
        return nil
    }

    // MARK: The kernel

    func kernel(_ predicate: KernelPredicate) -> ClauseResult {
        var result = ClauseResult(holds: true)
        if let wanted = predicate.preemptible {
            guard let fact = input.preemptible, fact.value == wanted else { return .fails }
            result.lines.append((fact.line, nil))
        }
        if let wanted = predicate.preemptRT {
            guard let fact = input.preemptRT, fact.value == wanted else { return .fails }
            result.lines.append((fact.line, nil))
        }
        if predicate.releaseAtLeast != nil || predicate.releaseBelow != nil {
            guard let release = input.kernelRelease else { return .fails }
            if let minimum = predicate.releaseAtLeast, KernelReleaseOrder.isLess(release.value, than: minimum) { return .fails }
            if let limit = predicate.releaseBelow, !KernelReleaseOrder.isLess(release.value, than: limit) { return .fails }
            result.lines.append((release.line, nil))
            result.values["release"] = release.value
        }
        if let architecture = predicate.architecture {
            guard let machine = input.machine, machine.value == architecture else { return .fails }
            result.lines.append((machine.line, nil))
            result.values["architecture"] = machine.value
        }
        if let release = input.kernelRelease, result.values["release"] == nil { result.values["release"] = release.value }
        return result
    }

    // MARK: Can the input answer a clause?

    /// Whether the input holds the output that could show `clause` (so that its being false
    /// is a fact, not a gap in the paste).
    func isAnswerable(_ clause: Clause, assignment: Assignment) -> Bool {
        if let commands = clause.answeredBy { return input.hasCommand(startingWith: commands) }
        return isAnswerable(clause.predicate, assignment: assignment)
    }

    func isAnswerable(_ predicate: Predicate, assignment: Assignment) -> Bool {
        switch predicate {
        case .task(let task):
            return input.hasForeachBacktraces(covering: task.states)
        case .log(let log):
            if log.panic != nil && log.reportKinds.isEmpty && log.title == nil && log.record == nil {
                return !input.panicMessages.isEmpty || !transcript.log.records.isEmpty
            }
            return !transcript.log.records.isEmpty
        case .perCPUList(let list):
            return !walks(of: list.symbol).isEmpty
        case .listEntriesOnStacks(let symbol, let roles):
            return !walks(of: symbol).isEmpty && roles.allSatisfy { candidate(of: $0, in: assignment) != nil }
        case .registerPointsAtList(let role, let symbol):
            return !walks(of: symbol).isEmpty && candidate(of: role, in: assignment) != nil
        case .kernel(let kernel):
            if kernel.preemptible != nil && input.preemptible == nil { return false }
            if kernel.preemptRT != nil && input.preemptRT == nil { return false }
            if (kernel.releaseAtLeast != nil || kernel.releaseBelow != nil) && input.kernelRelease == nil { return false }
            if kernel.architecture != nil && input.machine == nil { return false }
            return true
        case .all(let parts), .any(let parts), .atLeast(_, let parts):
            return parts.allSatisfy { isAnswerable($0, assignment: assignment) }
        case .not(let part):
            return isAnswerable(part, assignment: assignment)
        }
    }
}
