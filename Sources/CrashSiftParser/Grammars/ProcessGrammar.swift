import CrashSiftModel
import CrashSiftText

/// The output of `ps` in every layout crash prints (task.c `show_ps()` and the functions it
/// calls), and of `foreach … ps`, which prints one table for all the tasks it selects.
///
/// Lines are recognised by their shape, so output that a pipe filtered, or that lost its
/// header, still reads; the flags only say what the layout means (a task header under `-p`
/// is a generation, under `-c` a child). Table rows are read token by token in the order of
/// the header's columns: crash 8.0.2 widened the columns, and a value wider than its field
/// pushes the rest of the row right, so no column position is ever used. COMM is the rest of
/// the row (it may contain spaces).
enum ProcessGrammar: OutputGrammar {
    static func parse(_ output: LineSpan, command: Int, context: inout ParseContext) {
        let invocation = Invocation(arguments: context.transcript.commands[command].arguments)
        read(output, command: command, invocation, &context)
    }

    /// `foreach [selectors] ps [flags]`: the selectors are `foreach`'s; a state selector is
    /// checked against the states the rows print, and given to the selected task where the
    /// layout prints none (`foreach UN ps -t`).
    static func parse(_ output: LineSpan, command: Int, foreach arguments: ForeachGrammar.Arguments, context: inout ParseContext) {
        var invocation = Invocation(arguments: arguments.subcommandArguments.joined(separator: " "))
        invocation.selectors = arguments.selectors
        invocation.stateFilter = arguments.state
        invocation.isForeach = true
        read(output, command: command, invocation, &context)
    }

    private static func read(_ output: LineSpan, command: Int, _ invocation: Invocation, _ context: inout ParseContext) {
        let promptIndentation = context.line(context.transcript.commands[command].line).indentation
        var reader = Reader(table: invocation.table(command: command, lines: output), promptIndentation: promptIndentation)
        if !output.isEmpty {
            for number in output.first...output.last {
                // The splitter or the paste repair already settled this line (an over-long line,
                // an annotation, a doubled copy).
                if context.transcript.lineRoles[number - 1] != .blank { continue }
                let line = context.line(number)
                if line.isBlank {
                    reader.blankLine()
                    continue
                }
                if PastedText.isElision(line, in: context.base) {
                    _ = context.recordElision(line)
                    reader.table.isPartial = true
                    continue
                }
                reader.read(line, &context)
            }
        }
        reader.blankLine()
        context.transcript.processes.append(reader.table)
    }

    // MARK: - The command line

    /// What the command line asks `ps` for.
    struct Invocation {
        var flags: [String] = []
        var cpuSelection: String?
        var policySelection: String?
        var selectors: [String] = []
        var stateFilter: TaskState?
        var isForeach = false

        /// Reads `ps`'s arguments the way crash's `getopt` does: option letters may be
        /// grouped (`-us`), `-C` and `-y` take a value (`-C0`, `-C 0`), the rest selects tasks.
        init(arguments: String) {
            // A pipe or a redirection belongs to the shell, not to crash.
            let command = arguments.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? arguments
            var words = command.split(whereSeparator: { $0 == " " || $0 == "\t" })[...]
            while let word = words.popFirst() {
                if word.hasPrefix(">") { break }
                guard word.hasPrefix("-"), word.count > 1 else {
                    selectors.append(String(word))
                    continue
                }
                var letters = word.dropFirst()
                while let letter = letters.popFirst() {
                    flags.append("-" + String(letter))
                    guard letter == "C" || letter == "y" else { continue }
                    let value = letters.isEmpty ? words.popFirst().map(String.init) : String(letters)
                    if letter == "C" { cpuSelection = value } else { policySelection = value }
                    break
                }
            }
        }

        /// The layout the flags choose (crash refuses to combine them, so the first one found wins).
        var layout: ProcessTable.Layout {
            for flag in flags {
                switch flag {
                case "-S": return .summary
                case "-Y": return .policy
                case "-l": return .lastRun
                case "-m": return .sinceLastRun
                case "-t": return .times
                case "-p": return .parents
                case "-c": return .children
                case "-g": return .threadGroups
                case "-a": return .argumentsAndEnvironment
                case "-r": return .resourceLimits
                default: continue
                }
            }
            return .table
        }

        func table(command: Int, lines: LineSpan) -> ProcessTable {
            ProcessTable(
                commandIndex: command, lines: lines, layout: layout, flags: flags, cpuSelection: cpuSelection,
                policySelection: policySelection, selectors: selectors, stateFilter: stateFilter, isForeach: isForeach
            )
        }
    }

    // MARK: - Columns

    /// A column of the table layouts, named by the header.
    enum Column: Equatable {
        case pid, ppid, cpu, task, kernelStackPointer, state, memory, virtualSize, residentSize, policy, priority, command
        /// A name crash does not print today: its value is read as one word and not kept.
        case other

        init(name: Range<Int>, in base: UnsafeBufferPointer<UInt8>) {
            self = switch String(decoding: UnsafeBufferPointer(rebasing: base[name]), as: UTF8.self) {
            case "PID": .pid
            case "PPID": .ppid
            case "CPU": .cpu
            case "TASK": .task
            case "KSTACKP": .kernelStackPointer
            case "ST": .state
            case "%MEM": .memory
            case "VSZ": .virtualSize
            case "RSS": .residentSize
            case "POLICY": .policy
            case "PRIO": .priority
            case "COMM": .command
            default: .other
            }
        }

        /// The columns crash prints for `table` when there is no header to read (`ps -H`, a
        /// header cut off by a pipe or a paste).
        static func defaults(for table: ProcessTable) -> [Column] {
            let address: Column = table.flags.contains("-s") ? .kernelStackPointer : .task
            if table.layout == .policy { return [.pid, .ppid, .cpu, address, .policy, .priority, .command] }
            return [.pid, .ppid, .cpu, address, .state, .memory, .virtualSize, .residentSize, .command]
        }
    }

    // MARK: - Reading lines

    /// Reads lines into one table, keeping what the next line needs: the columns, the block
    /// being built (`-p` chain, `-c`/`-g` group), and the entry that `-t`/`-a`/`-r` lines belong to.
    struct Reader {
        var table: ProcessTable
        /// How far the prompt was indented (articles indent pasted sessions); the header's own
        /// indentation is measured from there.
        let promptIndentation: Int
        var columns: [Column]
        /// `-p`: the last entry of the chain being read.
        private var chainEnd: Int?
        /// `-c`, `-g`: the first entry of the block being read.
        private var blockHead: Int?
        /// The entry that `-t` times, `-a` lines and `-r` rows belong to.
        private var owner: Int?
        /// After `ENV:`: indented lines are more variables.
        private var inEnvironment = false
        /// After the `RLIMIT CURRENT MAXIMUM` header.
        private var inLimits = false
        /// True right after a crash message, whose indented continuation lines follow.
        private var afterMessage = false
        /// True right after an unrecognized line, so a run of them gets one diagnostic.
        private var afterUnrecognized = false

        init(table: ProcessTable, promptIndentation: Int) {
            self.table = table
            self.promptIndentation = promptIndentation
            columns = Column.defaults(for: table)
        }

        /// A blank line ends every block: a `-p` chain, a `-c`/`-g` group, a task's times,
        /// arguments or limits.
        mutating func blankLine() {
            if let end = chainEnd { inheritFilterState(end) }
            chainEnd = nil
            blockHead = nil
            owner = nil
            inEnvironment = false
            inLimits = false
        }

        mutating func read(_ line: Line, _ context: inout ParseContext) {
            if inEnvironment, line.indentation > 0, let owner {
                table.entries[owner].environment?.append(context.string(line.range))
                return parsed(line, &context)
            }
            inEnvironment = false
            if readRow(line, &context) || readColumnHeader(line, context) || readTaskHeader(line, &context)
                || readStampedHeader(line, &context) || readCPUGroup(line, context) || readStateCount(line, &context)
                || readTime(line, context) || readArgumentLine(line, context) || readLimitHeader(line, context)
                || readLimit(line, &context) || readNoneListed(line, context)
            {
                return parsed(line, &context)
            }
            var c = context.cursor(line)
            if let message = CrashMessageGrammar.parse(&c) {
                report(message, line, &context)
                context.setRole(.parsed, line.number)
                afterMessage = true
                afterUnrecognized = false
                return
            }
            if afterMessage, line.indentation > 0 {
                // `    FILE: task.c  LINE: 4412  FUNCTION: …` continues the message above.
                return context.setRole(.parsed, line.number)
            }
            context.markUnrecognized(line)
            if !afterUnrecognized {
                context.diagnose(.warning, .unrecognizedProcessLine, line: line.number, offset: line.range.lowerBound)
            }
            afterUnrecognized = true
            afterMessage = false
        }

        private mutating func parsed(_ line: Line, _ context: inout ParseContext) {
            context.setRole(.parsed, line.number)
            afterMessage = false
            afterUnrecognized = false
        }

        private func report(_ message: CrashMessageGrammar.Message, _ line: Line, _ context: inout ParseContext) {
            let text = context.string(message.text)
            switch message.kind {
            case .continuation: break
            case .warning: context.diagnose(.warning, .crashWarning(text), line: line.number, offset: message.text.lowerBound)
            case .note: context.diagnose(.note, .crashNote(text), line: line.number, offset: message.text.lowerBound)
            case .error: context.diagnose(.warning, .crashError(text), line: line.number, offset: message.text.lowerBound)
            }
        }

        // MARK: Table layouts

        /// `PID PPID CPU TASK ST %MEM VSZ RSS COMM` (or `KSTACKP`, or `POLICY PRIO`): the
        /// columns the rows below are read by.
        private mutating func readColumnHeader(_ line: Line, _ context: ParseContext) -> Bool {
            guard context.base[line.range.lowerBound] == UInt8(ascii: "P") else { return false }
            var c = context.cursor(line)
            var names: [Range<Int>] = []
            while let name = c.lexWord() {
                names.append(name)
                c.skipBlanks()
            }
            let found = names.map { Column(name: $0, in: context.base) }
            guard found.count >= 3, found[0] == .pid, found[1] == .ppid, found.last == .command,
                  found.dropLast().allSatisfy({ $0 != .command })
            else { return false }
            columns = found
            table.columns = names.map { context.string($0) }
            table.headerLine = line.number
            // `PID` ends in column 9 since 8.0.2 (6 blanks), in column 6 before (3 blanks).
            table.columnWidths = line.indentation - promptIndentation + 3 >= 8 ? .wide : .narrow
            return true
        }

        /// A row: an optional `>`/`-` marker, then one token per column, then COMM.
        private mutating func readRow(_ line: Line, _ context: inout ParseContext) -> Bool {
            let base = context.base
            let first = base[line.range.lowerBound]
            guard ASCII.isDigit(first) || first == ASCII.greater || first == ASCII.minus else { return false }
            var c = context.cursor(line)
            var entry = ProcessEntry(line: line.number, pid: 0, command: "")
            if c.consume(ASCII.greater) {
                entry.activeMarker = .active
            } else if c.peek() == ASCII.minus, c.peek(1).map(ASCII.isBlank) == true {
                c.position += 1
                entry.activeMarker = .activeOnOfflineCPU
            }
            var stateRange: Range<Int>?
            for column in columns where column != .command {
                c.skipBlanks()
                switch column {
                case .pid:
                    guard let pid = c.lexDecimal() else { return false }
                    entry.pid = pid
                case .ppid:
                    guard let ppid = Self.signedDecimal(&c) else { return false }
                    entry.ppid = ppid
                case .cpu:
                    if !c.consume(UInt8(ascii: "?")) {
                        guard let cpu = c.lexDecimal() else { return false }
                        entry.cpu = cpu
                    }
                case .task, .kernelStackPointer:
                    guard let address = c.lexHex() else { return false }
                    if column == .task { entry.taskAddress = address } else { entry.kernelStackPointer = address }
                case .state:
                    guard let code = Self.stateCode(&c) else { return false }
                    stateRange = code
                case .memory:
                    guard let percent = Self.decimalFraction(&c) else { return false }
                    entry.memoryPercent = percent
                case .virtualSize:
                    guard let size = c.lexDecimal() else { return false }
                    entry.virtualSizeKiB = size
                case .residentSize:
                    guard let size = c.lexDecimal() else { return false }
                    entry.residentSizeKiB = size
                case .policy:
                    guard let policy = c.lexWord() else { return false }
                    entry.policy = context.intern(policy)
                case .priority:
                    guard let priority = Self.signedDecimal(&c) else { return false }
                    entry.priority = priority
                case .other:
                    guard c.lexWord() != nil else { return false }
                case .command:
                    break
                }
                // Every value ends at a blank (or the end of a row whose COMM is empty).
                guard c.isAtEnd || c.peek().map(ASCII.isBlank) == true else { return false }
            }
            c.skipBlanks()
            var name = c.rest
            let isBracketed = name.count >= 2 && base[name.lowerBound] == ASCII.openBracket && base[name.upperBound - 1] == ASCII.closeBracket
            if isBracketed { name = (name.lowerBound + 1)..<(name.upperBound - 1) }
            entry.command = context.intern(name)
            entry.isKernelThread = isBracketed
            if let stateRange { entry.state = state(stateRange, line, &context) }
            add(entry, printsState: stateRange != nil, &context)
            return true
        }

        // MARK: Task-header layouts

        /// `PID: 1  TASK: …  CPU: 0  COMMAND: "init"`, indented under `-p`, `-c` and `-g`.
        private mutating func readTaskHeader(_ line: Line, _ context: inout ParseContext) -> Bool {
            guard context.base[line.range.lowerBound] == UInt8(ascii: "P") else { return false }
            var c = context.cursor(line)
            // A lone `PID: 150` is not a header (crash's `set` prints one).
            guard let header = TaskHeaderGrammar.parse(&c), header.taskAddress != nil else { return false }
            let entry = self.entry(header, line, &context)
            add(entry, printsState: false, &context)
            owner = table.entries.count - 1
            return true
        }

        /// `-l`: `[20811245123] [IN]  PID: …`; `-m`: `[0 00:00:00.013] [RU]  PID: …`.
        private mutating func readStampedHeader(_ line: Line, _ context: inout ParseContext) -> Bool {
            guard context.base[line.range.lowerBound] == ASCII.openBracket else { return false }
            var c = context.cursor(line)
            guard let stamp = c.lexBracketed() else { return false }
            c.skipBlanks()
            guard let stateText = c.lexBracketed() else { return false }
            var s = Lexer.Cursor(context.base, stateText)
            guard let code = Self.stateCode(&s), s.isAtEnd else { return false }
            c.skipBlanks()
            guard let header = TaskHeaderGrammar.parse(&c), header.taskAddress != nil else { return false }
            var entry = self.entry(header, line, &context)
            var stampCursor = Lexer.Cursor(context.base, stamp)
            if let milliseconds = Self.sinceLastRun(&stampCursor) {
                entry.sinceLastRunMilliseconds = milliseconds
            } else if let value = Self.lastRun(stamp, context.base) {
                entry.lastRun = value
            } else {
                return false
            }
            entry.state = state(code, line, &context)
            add(entry, printsState: true, &context)
            return true
        }

        /// `-l -C`/`-m -C`: `CPU: 2`, or `CPU: 3 [OFFLINE]`.
        private mutating func readCPUGroup(_ line: Line, _ context: ParseContext) -> Bool {
            var c = context.cursor(line)
            guard c.consume("CPU:"), c.consumeBlanks(), let cpu = c.lexDecimal() else { return false }
            c.skipBlanks()
            let isOffline = c.consume("[OFFLINE]")
            guard c.isAtEnd else { return false }
            table.cpuGroups.append(ProcessTable.CPUGroup(cpu: cpu, isOffline: isOffline, line: line.number))
            return true
        }

        /// `-S`: `RU: 12`.
        private mutating func readStateCount(_ line: Line, _ context: inout ParseContext) -> Bool {
            var c = context.cursor(line)
            guard let code = Self.stateCode(&c), c.consume(ASCII.colon), c.consumeBlanks(), let count = c.lexDecimal(), c.isAtEnd else {
                return false
            }
            table.stateCounts.append(ProcessTable.StateCount(state: state(code, line, &context), count: count, line: line.number))
            return true
        }

        /// `-t`: `    RUN TIME: 1 days, 01:35:32`, `  START TIME: 5209`, `       UTIME: 95`, …
        private mutating func readTime(_ line: Line, _ context: ParseContext) -> Bool {
            guard let owner else { return false }
            var c = context.cursor(line)
            guard let label = c.lex(upTo: ASCII.colon), c.consume(ASCII.colon) else { return false }
            c.skipBlanks()
            let value = c.rest
            var times = table.entries[owner].times ?? ProcessTimes(line: line.number)
            let number = Self.wholeDecimal(value, context.base)
            switch String(decoding: UnsafeBufferPointer(rebasing: context.base[label]), as: UTF8.self) {
            case "RUN TIME":
                times.runTime = context.string(value)
                times.runTimeSeconds = Self.runTimeSeconds(value, context.base)
            case "START TIME":
                guard let number else { return false }
                times.startTime = number
            case "UTIME", "USER TIME":
                guard let number else { return false }
                times.userTime = number
            case "STIME", "SYSTEM TIME":
                guard let number else { return false }
                times.systemTime = number
            default:
                return false
            }
            times.lines = min(times.lines.lowerBound, line.number)...max(times.lines.upperBound, line.number)
            table.entries[owner].times = times
            return true
        }

        /// `-a`: `ARG: /usr/sbin/automount --timeout=60 …` and `ENV: SELINUX_INIT=YES`.
        private mutating func readArgumentLine(_ line: Line, _ context: ParseContext) -> Bool {
            guard let owner else { return false }
            var c = context.cursor(line)
            if c.consume("ARG:") {
                c.skipBlanks()
                table.entries[owner].arguments = context.string(c.rest)
                return true
            }
            if c.consume("ENV:") {
                c.skipBlanks()
                table.entries[owner].environment = c.isAtEnd ? [] : [context.string(c.rest)]
                inEnvironment = true
                return true
            }
            return false
        }

        /// `-r`: `   RLIMIT     CURRENT       MAXIMUM`.
        private mutating func readLimitHeader(_ line: Line, _ context: ParseContext) -> Bool {
            guard owner != nil else { return false }
            var c = context.cursor(line)
            guard c.consume("RLIMIT"), c.consumeBlanks(), c.consume("CURRENT"), c.consumeBlanks(), c.consume("MAXIMUM"), c.isAtEnd else {
                return false
            }
            inLimits = true
            return true
        }

        /// `-r`: `    STACK    10485760     (unlimited)`.
        private mutating func readLimit(_ line: Line, _ context: inout ParseContext) -> Bool {
            guard inLimits, let owner else { return false }
            var c = context.cursor(line)
            guard let name = c.lexWord(), c.consumeBlanks(), let current = Self.limitValue(&c), c.consumeBlanks(),
                  let maximum = Self.limitValue(&c), c.isAtEnd
            else { return false }
            table.entries[owner].resourceLimits.append(ResourceLimit(
                name: context.intern(name), current: current.number, maximum: maximum.number, line: line.number
            ))
            return true
        }

        /// `-c`: `  (no children)`; `-g`: `  (no threads)`.
        private func readNoneListed(_ line: Line, _ context: ParseContext) -> Bool {
            var c = context.cursor(line)
            return (c.consume("(no children)") || c.consume("(no threads)")) && c.isAtEnd
        }

        // MARK: Entries

        /// An entry from a task header; the header's line may be cut short, which is said.
        private func entry(_ header: TaskHeaderGrammar.Header, _ line: Line, _ context: inout ParseContext) -> ProcessEntry {
            var entry = ProcessEntry(line: line.number, pid: header.pid, command: header.command.map { context.intern($0) } ?? "")
            entry.taskAddress = header.taskAddress
            entry.cpu = header.cpu
            if !header.isComplete {
                context.diagnose(.warning, .incompleteProcessHeader, line: line.number, offset: line.range.lowerBound)
            }
            return entry
        }

        /// Adds `entry`, placing it in its `-p` chain or `-c`/`-g` group, and compares its
        /// state with `foreach`'s state selector.
        private mutating func add(_ entry: ProcessEntry, printsState: Bool, _ context: inout ParseContext) {
            var entry = entry
            let index = table.entries.count
            var isSelectedTask = !printsState
            switch table.layout {
            case .parents:
                // The chain runs from the idle task down to the selected task, which comes last.
                if let end = chainEnd {
                    entry.depth = (table.entries[end].depth ?? 0) + 1
                    entry.listedUnder = end
                } else {
                    entry.depth = 0
                }
                chainEnd = index
                isSelectedTask = false
            case .children, .threadGroups:
                if let head = blockHead {
                    entry.depth = 1
                    entry.listedUnder = head
                    isSelectedTask = false
                } else {
                    entry.depth = 0
                    blockHead = index
                }
            default:
                break
            }
            if let filter = table.stateFilter, let state = entry.state, !state.rawValue.hasPrefix(filter.rawValue) {
                // `foreach DE ps` listed zombies too before crash 8.0.4 (commit 558aecc).
                context.diagnose(.warning, .stateOutsideForeachFilter(state.rawValue, filter.rawValue), line: entry.line)
            }
            table.entries.append(entry)
            if isSelectedTask { inheritFilterState(index) }
        }

        /// Gives `foreach`'s state selector to entry `index` when its line printed no state.
        private mutating func inheritFilterState(_ index: Int) {
            guard table.entries[index].state == nil, let filter = table.stateFilter else { return }
            table.entries[index].state = filter
        }

        /// The state code in `range`, with a note when crash does not print such a code.
        private func state(_ range: Range<Int>, _ line: Line, _ context: inout ParseContext) -> TaskState {
            let state = TaskState(rawValue: context.intern(range))
            if !state.isKnownPSCode {
                context.diagnose(.note, .unknownStateCode(state.rawValue), line: line.number, offset: range.lowerBound)
            }
            return state
        }

        // MARK: Tokens

        /// A state code: two capitals or `??`, possibly followed by `EX` (`UNEX`).
        static func stateCode(_ c: inout Lexer.Cursor) -> Range<Int>? {
            let start = c.position
            while let byte = c.peek(), ASCII.isUpper(byte) || byte == UInt8(ascii: "?") { c.position += 1 }
            guard c.position - start == 2 || c.position - start == 4 else {
                c.position = start
                return nil
            }
            return start..<c.position
        }

        /// A decimal number with an optional leading `-` (crash 8.0.2 prints a PPID of `-1`).
        static func signedDecimal(_ c: inout Lexer.Cursor) -> Int? {
            let start = c.position
            let negative = c.consume(ASCII.minus)
            guard let value = c.lexDecimal() else {
                c.position = start
                return nil
            }
            return negative ? -value : value
        }

        /// `%MEM`: `46.3`; the value is built from the digits (tenths divided by ten is
        /// correctly rounded, the same double the text denotes).
        static func decimalFraction(_ c: inout Lexer.Cursor) -> Double? {
            let start = c.position
            // Bounded so the scaling below cannot overflow; crash prints at most `100.0`.
            guard let whole = c.lexDecimal(), whole < 1_000_000_000, c.consume(ASCII.dot) else {
                c.position = start
                return nil
            }
            var scaled = whole
            var scale = 1.0
            var digits = 0
            while let byte = c.peek(), ASCII.isDigit(byte), digits < 6 {
                scaled = scaled * 10 + Int(byte - 0x30)
                scale *= 10
                digits += 1
                c.position += 1
            }
            guard digits > 0 else {
                c.position = start
                return nil
            }
            return Double(scaled) / scale
        }

        /// More days than any uptime (about 2.7 million years): larger values are not crash's.
        static let maximumDays = 1_000_000_000

        /// `[0 00:00:00.013]` without its brackets (days right-aligned): milliseconds.
        static func sinceLastRun(_ c: inout Lexer.Cursor) -> Int? {
            c.skipBlanks()
            // Days are bounded so the sum below cannot overflow.
            guard let days = c.lexDecimal(), days < Self.maximumDays, c.consumeBlanks(), let hours = twoDigits(&c), c.consume(ASCII.colon),
                  let minutes = twoDigits(&c), c.consume(ASCII.colon), let seconds = twoDigits(&c), c.consume(ASCII.dot)
            else { return nil }
            let start = c.position
            guard let milliseconds = c.lexDecimal(), c.position - start == 3, c.isAtEnd else { return nil }
            return (((days * 24 + hours) * 60 + minutes) * 60 + seconds) * 1000 + milliseconds
        }

        private static func twoDigits(_ c: inout Lexer.Cursor) -> Int? {
            guard let tens = c.peek(), let ones = c.peek(1), ASCII.isDigit(tens), ASCII.isDigit(ones) else { return nil }
            c.position += 2
            return Int(tens - 0x30) * 10 + Int(ones - 0x30)
        }

        /// `[20811245123]` without its brackets: decimal, or hex when it has hex letters
        /// (crash prints it in the output radix).
        static func lastRun(_ range: Range<Int>, _ base: UnsafeBufferPointer<UInt8>) -> Int? {
            if let value = wholeDecimal(range, base) { return value }
            var c = Lexer.Cursor(base, range)
            guard let hex = c.lexHex(), c.isAtEnd else { return nil }
            return Int(exactly: hex.value)
        }

        /// `range` when it is only decimal digits (at most 18).
        static func wholeDecimal(_ range: Range<Int>, _ base: UnsafeBufferPointer<UInt8>) -> Int? {
            var c = Lexer.Cursor(base, range)
            guard let value = c.lexDecimal(), c.isAtEnd else { return nil }
            return value
        }

        /// `1 days, 01:35:32` or `01:35:32` (tools.c `convert_time()`), in seconds.
        static func runTimeSeconds(_ range: Range<Int>, _ base: UnsafeBufferPointer<UInt8>) -> Int? {
            var c = Lexer.Cursor(base, range)
            var days = 0
            let start = c.position
            if let count = c.lexDecimal(), count < Self.maximumDays, c.consume(" days, ") {
                days = count
            } else {
                c.position = start
            }
            guard let hours = c.lexDecimal(), hours < 24, c.consume(ASCII.colon), let minutes = twoDigits(&c), c.consume(ASCII.colon),
                  let seconds = twoDigits(&c), c.isAtEnd
            else { return nil }
            return ((days * 24 + hours) * 60 + minutes) * 60 + seconds
        }

        /// A `-r` value: `(unlimited)`, or a decimal number of up to 19 digits.
        enum LimitValue {
            case unlimited
            case number(Int)

            /// The number; nil for `(unlimited)`.
            var number: Int? {
                if case .number(let value) = self { return value }
                return nil
            }
        }

        static func limitValue(_ c: inout Lexer.Cursor) -> LimitValue? {
            if c.consume("(unlimited)") { return .unlimited }
            let start = c.position
            var value = 0
            while let byte = c.peek(), ASCII.isDigit(byte) {
                let (times10, overflowed) = value.multipliedReportingOverflow(by: 10)
                let (sum, carried) = times10.addingReportingOverflow(Int(byte - 0x30))
                guard !overflowed, !carried else {
                    c.position = start
                    return nil
                }
                value = sum
                c.position += 1
            }
            return c.position > start ? .number(value) : nil
        }
    }
}

extension Diagnostic.Message {
    fileprivate static var unrecognizedProcessLine: Self {
        .init("not understood as `ps` output; the line is kept as unrecognized")
    }
    fileprivate static var incompleteProcessHeader: Self {
        .init("task header is incomplete (expected `PID: … TASK: … CPU: … COMMAND: \"…\"`); the line may be cut")
    }
    fileprivate static func unknownStateCode(_ code: String) -> Self {
        .init("state `\(code)` is not a code crash prints (RU IN UN ID ZO ST TR SW DE PA WA NE ??, optionally followed by EX); kept as printed")
    }
    fileprivate static func stateOutsideForeachFilter(_ state: String, _ filter: String) -> Self {
        .init("`foreach \(filter) ps` listed a task in state \(state); crash before 8.0.4 let other states through (commit 558aecc)")
    }
}
