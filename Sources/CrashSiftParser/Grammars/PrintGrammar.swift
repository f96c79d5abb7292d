import CrashSiftModel
import CrashSiftText

/// The output of `p`, `px`, `pd` (and `print`): crash hands the expression to gdb and prints
/// gdb's answer with a leader (symbols.c `cmd_p()`, `process_gdb_output()`, `display_per_cpu_info()`).
///
/// * `jiffies = $1 = 4294896919`, `panic_cpu = $2 = {` … `}`, `$3 = 9792` (an expression:
///   no leader), and crash's re-broken form whose first line ends with `= ` and whose value
///   starts on the next line (` {…}`): each becomes a ``PrintResult`` whose value is read by
///   ``GdbValueGrammar``.
/// * `per_cpu(irq_stat, 1) = $29 = {…}` and `&per_cpu(sym, 1) = $30 = (void *) 0x…`
///   (`p sym:1`, `p sym:a`): results that carry their symbol and CPU.
/// * `PER-CPU DATA TYPE:` / declaration / `PER-CPU ADDRESSES:` / `  [N]: ADDR` /
///   `cpu N is OFFLINE`: a ``PerCPUTable``.
/// * crash's messages (`p: gdb request failed: …`, `WARNING: x is not percpu; cpuspec
///   ignored.`) and gdb's (`No symbol "x" in current context.`) become diagnostics.
enum PrintGrammar: OutputGrammar {
    static func parse(_ output: LineSpan, command: Int, context: inout ParseContext) {
        guard !output.isEmpty else { return }
        var reader = OutputReader(command: command, output: output)
        var number = output.first
        while number <= output.last {
            number = reader.read(line: number, &context) + 1
        }
    }

    /// The state while one command's output is read.
    private struct OutputReader {
        let command: Int
        let output: LineSpan
        /// Index into ``Transcript/perCPU`` of the table being printed.
        var table: Int?
        /// True after `PER-CPU DATA TYPE:` until the declaration under it.
        var expectsDeclaration = false
        /// True after an unrecognized line: only the first of a run gets a diagnostic.
        var afterUnrecognized = false

        init(command: Int, output: LineSpan) {
            self.command = command
            self.output = output
        }

        /// Reads the item that starts on line `number`; returns the last line it took.
        mutating func read(line number: Int, _ context: inout ParseContext) -> Int {
            let line = context.line(number)
            if line.isBlank || context.transcript.lineRoles[number - 1] != .blank { return number }
            if PastedText.isElision(line, in: context.base) {
                _ = context.recordElision(line)
                return number
            }
            if let last = readValue(line, &context) {
                table = nil
                afterUnrecognized = false
                return last
            }
            if readTableLine(line, &context) || readMessage(line, &context) {
                context.setRole(.parsed, number)
                afterUnrecognized = false
                return number
            }
            context.markUnrecognized(line)
            if !afterUnrecognized {
                context.diagnose(.warning, .unrecognizedLine, line: number, offset: line.range.lowerBound)
            }
            afterUnrecognized = true
            return number
        }

        // MARK: Values

        /// `[leader = ]$N = value`: reads the value (over several lines when it is a
        /// structure) and records it; returns its last line, or nil when the line is not one.
        mutating func readValue(_ line: Line, _ context: inout ParseContext) -> Int? {
            var c = context.cursor(line)
            var leader: Range<Int>?
            if c.peek() != UInt8(ascii: "$") {
                guard let equals = c.find(" = $") else { return nil }
                leader = line.range.lowerBound..<equals
                c.position = equals + 3
            }
            guard c.consume(UInt8(ascii: "$")), let history = c.lexDecimal(), c.consume(" =") else { return nil }
            guard c.isAtEnd || c.consumeBlanks() else { return nil }

            var valueLine = line
            var valueStart = c.position
            if c.isAtEnd {
                // crash breaks a one-line structure after `= `: the value is the next line.
                guard line.number < output.last else { return nil }
                let next = context.line(line.number + 1)
                guard !next.isBlank, context.transcript.lineRoles[next.number - 1] == .blank,
                      !PastedText.isElision(next, in: context.base)
                else { return nil }
                valueLine = next
                valueStart = next.range.lowerBound
            }
            let reading = GdbValueGrammar.read(at: valueStart, of: valueLine, through: output.last, member: true, context: &context)
            for number in line.number...reading.lastLine where context.transcript.lineRoles[number - 1] == .blank && !context.line(number).isBlank {
                context.setRole(.parsed, number)
            }
            let lastRange = context.line(reading.lastLine).range
            if reading.end < lastRange.upperBound {
                context.diagnose(.note, .textAfterValue, line: reading.lastLine, offset: reading.end)
            }
            if !reading.isComplete && !endsAtElision(after: reading.lastLine, context) {
                context.diagnose(.warning, .valueWithoutClosingBrace, line: reading.lastLine)
            }

            var expression: String?
            var symbol: String?
            var cpu: Int?
            var isAddressOf = false
            if let leader {
                expression = context.string(leader)
                if let perCPU = Self.perCPULeader(leader, context) {
                    symbol = context.intern(perCPU.symbol)
                    cpu = perCPU.cpu
                    isAddressOf = perCPU.isAddressOf
                } else if Self.isSymbol(leader, context.base) {
                    symbol = expression
                }
            }
            let invocation = context.transcript.commands[command]
            context.transcript.printed.append(PrintResult(
                commandIndex: command, commandLine: invocation.commandLine, expression: expression, symbol: symbol,
                cpu: cpu, isAddressOf: isAddressOf, historyNumber: history, value: reading.value,
                lines: LineSpan(first: line.number, last: reading.lastLine), isPartial: !reading.isComplete
            ))
            return reading.lastLine
        }

        /// Whether the line after `line` is an elision marker (which then explains a value cut short).
        func endsAtElision(after line: Int, _ context: ParseContext) -> Bool {
            var number = line + 1
            while number <= output.last, context.line(number).isBlank, context.transcript.lineRoles[number - 1] != .blank { number += 1 }
            return number <= output.last && PastedText.isElision(context.line(number), in: context.base)
        }

        /// `per_cpu(sym, N)` or `&per_cpu(sym, N)`.
        static func perCPULeader(_ range: Range<Int>, _ context: ParseContext) -> (symbol: Range<Int>, cpu: Int, isAddressOf: Bool)? {
            var c = Lexer.Cursor(context.base, range)
            let isAddressOf = c.consume(UInt8(ascii: "&"))
            guard c.consume("per_cpu("), let symbol = c.lex(upTo: UInt8(ascii: ",")) else { return nil }
            c.position += 1
            c.skipBlanks()
            guard let cpu = c.lexDecimal(), c.consume(ASCII.closeParen), c.isAtEnd, !symbol.isEmpty else { return nil }
            return (symbol, cpu, isAddressOf)
        }

        /// A C identifier (what gdb prints as the leader for a plain symbol).
        static func isSymbol(_ range: Range<Int>, _ base: UnsafeBufferPointer<UInt8>) -> Bool {
            guard let first = range.first, ASCII.isLetter(base[first]) || base[first] == ASCII.underscore else { return false }
            return range.allSatisfy { ASCII.isAlphanumeric(base[$0]) || base[$0] == ASCII.underscore }
        }

        // MARK: Per-cpu tables

        /// The lines of a `PER-CPU DATA TYPE:` table; true when `line` is one (its role is set by the caller).
        mutating func readTableLine(_ line: Line, _ context: inout ParseContext) -> Bool {
            var c = context.cursor(line)
            if c.consume("PER-CPU DATA TYPE:"), c.isAtEnd {
                startTable(line, &context)
                expectsDeclaration = true
                return true
            }
            c = context.cursor(line)
            if c.consume("PER-CPU ADDRESSES:"), c.isAtEnd {
                if table == nil { startTable(line, &context) }
                expectsDeclaration = false
                extendTable(to: line.number, &context)
                return true
            }
            if expectsDeclaration, let table {
                expectsDeclaration = false
                let (symbol, type) = Self.declaration(line, context)
                if let symbol { context.transcript.perCPU[table].symbol = context.intern(symbol) }
                context.transcript.perCPU[table].typeText = type
                context.transcript.perCPU[table].declarationLine = line.number
                extendTable(to: line.number, &context)
                return true
            }
            // `  [3]: ffff88803f3b3d80`
            c = context.cursor(line)
            if c.consume(ASCII.openBracket), let cpu = c.lexDecimal(), c.consume("]:"), c.consumeBlanks(), let address = c.lexHex(), c.isAtEnd {
                if table == nil { startTable(line, &context) }
                context.transcript.perCPU[table!].addresses.append(PerCPUAddress(cpu: cpu, address: address, line: line.number))
                extendTable(to: line.number, &context)
                return true
            }
            // `cpu 3 is OFFLINE`
            c = context.cursor(line)
            if c.consume("cpu "), let cpu = c.lexDecimal(), c.consume(" is OFFLINE"), c.isAtEnd {
                if table == nil { startTable(line, &context) }
                context.transcript.perCPU[table!].offlineCPUs.append(PerCPUOffline(cpu: cpu, line: line.number))
                extendTable(to: line.number, &context)
                return true
            }
            return false
        }

        mutating func startTable(_ line: Line, _ context: inout ParseContext) {
            let symbol = Self.symbolArgument(of: context.transcript.commands[command].arguments)
            context.transcript.perCPU.append(PerCPUTable(
                commandIndex: command, symbol: symbol, lines: LineSpan(first: line.number, last: line.number)
            ))
            table = context.transcript.perCPU.count - 1
        }

        func extendTable(to line: Int, _ context: inout ParseContext) {
            guard let table else { return }
            context.transcript.perCPU[table].lines.last = line
        }

        /// `struct llist_head call_single_queue;` → (`call_single_queue`, `struct llist_head`);
        /// array dimensions stay with the type (`unsigned long [4]`). When no name can be
        /// taken off the end (`[undetermined type] sym;` can, a function pointer cannot), the
        /// whole declaration is the type.
        static func declaration(_ line: Line, _ context: ParseContext) -> (symbol: Range<Int>?, type: String) {
            let base = context.base
            var end = line.range.upperBound
            if end > line.range.lowerBound, base[end - 1] == UInt8(ascii: ";") { end -= 1 }
            while end > line.range.lowerBound, ASCII.isBlank(base[end - 1]) { end -= 1 }
            var dimensionsStart = end
            while dimensionsStart > line.range.lowerBound, base[dimensionsStart - 1] == ASCII.closeBracket {
                var open = dimensionsStart - 1
                while open > line.range.lowerBound, base[open] != ASCII.openBracket { open -= 1 }
                guard base[open] == ASCII.openBracket else { break }
                dimensionsStart = open
            }
            var nameStart = dimensionsStart
            while nameStart > line.range.lowerBound, ASCII.isAlphanumeric(base[nameStart - 1]) || base[nameStart - 1] == ASCII.underscore {
                nameStart -= 1
            }
            var typeEnd = nameStart
            while typeEnd > line.range.lowerBound, ASCII.isBlank(base[typeEnd - 1]) { typeEnd -= 1 }
            guard nameStart < dimensionsStart, typeEnd > line.range.lowerBound, !ASCII.isDigit(base[nameStart]) else {
                return (nil, context.string(line.range.lowerBound..<end))
            }
            var type = context.string(line.range.lowerBound..<typeEnd)
            if dimensionsStart < end { type += " " + context.string(dimensionsStart..<end) }
            return (nameStart..<dimensionsStart, type)
        }

        /// The symbol a `p` command names: its first argument that is not an option, without
        /// a `:cpuspec`.
        static func symbolArgument(of arguments: String) -> String {
            let words = arguments.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard let word = words.first(where: { !$0.hasPrefix("-") }) else { return "" }
            return String(word.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)[0])
        }

        // MARK: Messages

        /// crash's own messages and gdb's error lines, as diagnostics.
        func readMessage(_ line: Line, _ context: inout ParseContext) -> Bool {
            var c = context.cursor(line)
            if let message = CrashMessageGrammar.parse(&c) {
                let text = context.string(message.text)
                switch message.kind {
                case .warning: context.diagnose(.warning, .crashWarning(text), line: line.number, offset: line.range.lowerBound)
                case .note: context.diagnose(.note, .crashNote(text), line: line.number, offset: line.range.lowerBound)
                case .error, .continuation: context.diagnose(.warning, .crashError(text), line: line.number, offset: line.range.lowerBound)
                }
                return true
            }
            c = context.cursor(line)
            for prefix in Self.gdbErrorPrefixes where c.startsWith(prefix) {
                context.diagnose(.warning, .crashError(context.string(line.range)), line: line.number, offset: line.range.lowerBound)
                return true
            }
            return false
        }

        /// How gdb's error messages start (gdb prints them without a command name).
        static let gdbErrorPrefixes: [StaticString] = [
            "No symbol ", "Cannot access memory at address ", "There is no member named ", "A syntax error in expression",
            "No struct type named ", "No union type named ", "No enum type named ", "Attempt to ",
        ]
    }
}

extension Diagnostic.Message {
    fileprivate static var unrecognizedLine: Self {
        .init("not understood as `p` output; the line is kept as unrecognized")
    }
    /// A value read by ``GdbValueGrammar`` that stopped before its closing brace.
    static var valueWithoutClosingBrace: Self {
        .init("the value ends before its closing brace; what was printed is kept and the value is marked partial")
    }
    /// Text left on the line after a complete value.
    static var textAfterValue: Self {
        .init("text after the end of the value is not part of it")
    }
}
