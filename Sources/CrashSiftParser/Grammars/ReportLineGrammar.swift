import CrashSiftModel
import CrashSiftText

/// The fact lines inside a kernel report: `CPU: 3 PID: 1 Comm: init Tainted: G OE 6.1.0-56-amd64 #1`,
/// `Hardware name: …`, `RIP: …`, `Code: …`, `Modules linked in: …`, register rows, and the places
/// a report names its CPU when it has no `CPU:` line.
enum ReportLineGrammar {
    /// The fields of a `CPU:` line.
    struct CPULine {
        var cpu: Int
        var pid: Int?
        var command: Range<Int>?
        var tainted: Range<Int>?
        var release: Range<Int>?
    }

    /// `CPU: 1 PID: 4070 Comm: syz-executor Not tainted 4.8.0-rc3+ #33`, with the newer
    /// `UID: 0` field and `Kdump: loaded` note, and `Tainted: G           OE      6.1.0-56-amd64 #1`.
    static func cpuLine(_ cursor: inout Lexer.Cursor) -> CPULine? {
        var c = cursor
        guard c.consume("CPU: "), let cpu = c.lexDecimal(), c.consumeBlanks() else { return nil }
        var line = CPULine(cpu: cpu)
        if c.consume("UID: ") {
            _ = c.lexDecimal()
            c.skipBlanks()
        }
        guard c.consume("PID: "), let pid = c.lexDecimal(), c.consumeBlanks(), c.consume("Comm: ") else { return nil }
        line.pid = pid
        // The command runs to ` Not tainted`, ` Tainted:` or ` Kdump:` (a comm may contain spaces).
        let commandStart = c.position
        var commandEnd = c.end
        var at = commandStart
        while at < c.end {
            if c.base[at] == ASCII.space {
                let probe = Lexer.Cursor(c.base, (at + 1)..<c.end)
                if probe.startsWith("Not tainted") || probe.startsWith("Tainted:") || probe.startsWith("Kdump:") {
                    commandEnd = at
                    break
                }
            }
            at += 1
        }
        line.command = commandStart..<commandEnd
        c.position = commandEnd
        c.skipBlanks()
        if c.consume("Kdump: loaded") || c.consume("Kdump: not loaded") { c.skipBlanks() }
        (line.tainted, line.release) = taintAndRelease(&c)
        cursor.position = cursor.end
        return line
    }

    /// The hung-task report's `      Tainted: G           OE      6.1.0-56-rt-amd64 #1 Debian …`
    /// (or `Not tainted 6.1.0 #1`) line: the taint flags and the kernel release.
    static func taintLine(_ cursor: inout Lexer.Cursor) -> (tainted: Range<Int>?, release: Range<Int>?)? {
        var c = cursor
        guard c.startsWith("Not tainted") || c.startsWith("Tainted:") else { return nil }
        let fields = taintAndRelease(&c)
        guard fields.release != nil else { return nil }
        cursor.position = cursor.end
        return fields
    }

    /// `Not tainted 4.8.0-rc3+` or `Tainted: G     B  D W  OE 6.1.0-56-amd64`: the flags (when
    /// tainted) and the release after them.
    private static func taintAndRelease(_ c: inout Lexer.Cursor) -> (tainted: Range<Int>?, release: Range<Int>?) {
        var tainted: Range<Int>?
        if c.consume("Not tainted") {
            c.skipBlanks()
        } else if c.consume("Tainted:") {
            c.skipBlanks()
            // Taint flags are letters and blanks (`G     B  D W  OE`); the release starts with a digit.
            let flags = c.position
            var last = flags
            while !c.isAtEnd, let byte = c.peek(), ASCII.isLetter(byte) || ASCII.isBlank(byte) {
                if ASCII.isLetter(byte) { last = c.position + 1 }
                c.position += 1
            }
            if last > flags { tainted = flags..<last }
            c.skipBlanks()
        }
        var release: Range<Int>?
        if let word = c.lexWord(), c.base[word.lowerBound] != ASCII.hash { release = word }
        return (tainted, release)
    }

    /// The task line of `sched_show_task` (hung tasks, `Task dump for CPU N:`):
    /// `task:init            state:D stack:0     pid:148   ppid:1      flags:0x00004002`.
    static func taskLine(_ cursor: inout Lexer.Cursor) -> (command: Range<Int>, pid: Int)? {
        var c = cursor
        guard c.consume("task:") else { return nil }
        // The command runs to ` state:` (a comm may contain blanks).
        let commandStart = c.position
        guard let stateAt = c.find(" state:") else { return nil }
        var commandEnd = stateAt
        while commandEnd > commandStart, ASCII.isBlank(c.base[commandEnd - 1]) { commandEnd -= 1 }
        c.position = stateAt
        guard let pidAt = c.find(" pid:") else { return nil }
        c.position = pidAt + 5
        c.skipBlanks()
        guard let pid = c.lexDecimal() else { return nil }
        cursor.position = cursor.end
        return (commandStart..<commandEnd, pid)
    }

    /// The task line older kernels print after `Task dump for CPU N:`:
    /// `swapper/0       R  running task    28272     1      0 0x00004000` (free stack, pid,
    /// parent pid, flags), also `… R running task on cpu   1     0 16797   3934 0x30020008 288748335923`.
    static func oldTaskLine(_ cursor: inout Lexer.Cursor) -> (command: Range<Int>, pid: Int)? {
        var c = cursor
        var words: [Range<Int>] = []
        while true {
            c.skipBlanks()
            guard let word = c.lexWord() else { break }
            words.append(word)
        }
        // The state is the first one-letter word after the command.
        guard let state = words.indices.dropFirst().first(where: { words[$0].count == 1 && ASCII.isLetter(c.base[words[$0].lowerBound]) }),
              let flags = words.indices.first(where: { $0 > state && Lexer.Cursor(c.base, words[$0]).startsWith("0x") })
        else { return nil }
        let numbers = words[(state + 1)..<flags].compactMap { word -> Int? in
            var number = Lexer.Cursor(c.base, word)
            guard let value = number.lexDecimal(), number.isAtEnd else { return nil }
            return value
        }
        guard numbers.count >= 2 else { return nil }
        cursor.position = cursor.end
        return (words[0].lowerBound..<words[state - 1].upperBound, numbers[numbers.count - 2])
    }

    /// The command and pid of a hung-task header: `INFO: task syz-executor.4:15720 blocked for more than 140 seconds.`
    static func hungTaskHeader(_ range: Range<Int>, _ base: UnsafeBufferPointer<UInt8>) -> (command: Range<Int>, pid: Int)? {
        let c = Lexer.Cursor(base, range)
        guard let start = c.find("INFO: task "), let blocked = Lexer.Cursor(base, start..<range.upperBound).find(" blocked ") else { return nil }
        let nameStart = start + 11
        var colon = blocked - 1
        while colon > nameStart, base[colon] != ASCII.colon { colon -= 1 }
        guard colon > nameStart else { return nil }
        var digits = Lexer.Cursor(base, (colon + 1)..<blocked)
        guard let pid = digits.lexDecimal(), digits.isAtEnd else { return nil }
        return (nameStart..<colon, pid)
    }

    /// `Call Trace:`, `Call trace:`, `Backtrace:` — a trace starts after them.
    static let traceHeadings: [StaticString] = [
        "Call Trace:", "Call trace:", "Backtrace:", "Stack trace:",
        "backtrace:", "backtrace (crc",  // kmemleak
    ]

    /// Whether `range` (a message) has the shape of a report line: a call-trace line or
    /// heading, an instruction pointer, `Code:`, a register row, a `CPU:`/`task:`/`Tainted:`
    /// line, `Hardware name:`, `Modules linked in:`, a `---[ … ]---` or `cut here` line. Lines
    /// of a log pasted without stamps are kept with it when they have this shape.
    static func isReportShaped(_ range: Range<Int>, _ base: UnsafeBufferPointer<UInt8>) -> Bool {
        if CallTraceGrammar.parse(range, base) != nil || registerRow(range, base) != nil { return true }
        var c = Lexer.Cursor(base, range)
        c.skipBlanks()
        if c.startsWith("Code:") || c.startsWith("---[") || c.startsWith("------------[") { return true }
        if traceHeadings.contains(where: { c.startsWith($0) }) || textFields.contains(where: { c.startsWith($0.prefix) }) { return true }
        var probe = c
        if location(&probe) != nil || cpuLine(&probe) != nil || taskLine(&probe) != nil || taintLine(&probe) != nil { return true }
        return false
    }

    /// The fields read as text: which prefix, into which report field.
    enum TextField { case hardware, modules }

    static let textFields: [(prefix: StaticString, key: TextField)] = [
        ("Hardware name:", .hardware), ("Modules linked in:", .modules),
    ]

    /// Where the CPU was, as a report prints it: `RIP: 0010:crashtest_spin_forever+0x25/0x30 [crashtest]`,
    /// `RIP: 0033:0x47b7a0`, `RIP: 0010:[<ffffffff8108a5b5>]  [<ffffffff8108a5b5>] native_safe_halt+0x5/0x10`,
    /// `EIP: 0060:[<c10a0e0e>] EFLAGS: 00210246 CPU: 0`, arm64 `pc : el0_svc_common+0x44/0x130`, ppc `NIP [c0000000001234] foo+0x1/0x2`.
    struct Location {
        /// Everything after the prefix, as printed.
        var text: Range<Int>
        /// The code segment selector (`0010`), on x86.
        var segment: Int?
        /// The location after the selector and any `[<address>]`.
        var symbol: Range<Int>
        /// The function, when the location is `function+0xoff`.
        var function: Range<Int>?
        var offset: Int?

        /// Kernel or user mode: the selector's privilege level on x86, else kernel when a
        /// function is named.
        var mode: ExceptionFrame.Mode {
            if let segment { return segment & 3 == 3 ? .user : .kernel }
            return function == nil ? .unknown : .kernel
        }
    }

    /// The prefixes of an instruction-pointer line.
    /// (ppc64's `NIP:  c000… LR: … CTR: …` is a register row; its `NIP [c000…] func+0x1/0x2`
    /// line, printed after the rows, is the location; s390x prints `Krnl PSW : w w (func+0x1/0x2)`.)
    static let locationPrefixes: [StaticString] = ["RIP:", "EIP:", "pc :", "NIP ", "PC is at", "Krnl PSW :", "User PSW :"]

    /// Reads an instruction-pointer line (see ``Location``).
    static func location(_ cursor: inout Lexer.Cursor) -> Location? {
        var c = cursor
        guard locationPrefixes.contains(where: { c.consume($0) }) else { return nil }
        c.skipBlanks()
        let text = c.rest
        var segment: Int?
        var probe = c
        if let selector = probe.lexHex(), probe.consume(ASCII.colon) {
            segment = Int(truncatingIfNeeded: selector.value)
            c = probe
        }
        // Old kernels print the address in brackets before the symbol, sometimes twice.
        while true {
            c.skipBlanks()
            var bracket = c
            guard bracket.consume(ASCII.openBracket), bracket.consume(ASCII.less), bracket.lexHex() != nil,
                  bracket.consume(ASCII.greater), bracket.consume(ASCII.closeBracket)
            else { break }
            c = bracket
        }
        var location = Location(text: text, segment: segment, symbol: c.rest)
        let nameStart = c.position
        while let byte = c.peek(), ASCII.isAlphanumeric(byte) || byte == ASCII.underscore || byte == ASCII.dot {
            c.position += 1
        }
        let nameEnd = c.position
        if nameEnd > nameStart, c.consume("+0x"), let offset = c.lexHex() {
            location.function = nameStart..<nameEnd
            location.offset = Int(truncatingIfNeeded: offset.value)
        } else if let inner = trailingParenthesizedSymbol(text, c.base) {
            // s390x: `Krnl PSW : 0704c00180000000 00000000009e5a2e (sysrq_handle_crash+0x1e/0x30)`.
            var symbol = Lexer.Cursor(c.base, inner)
            let start = symbol.position
            while let byte = symbol.peek(), ASCII.isAlphanumeric(byte) || byte == ASCII.underscore || byte == ASCII.dot {
                symbol.position += 1
            }
            let end = symbol.position
            if end > start, symbol.consume("+0x"), let offset = symbol.lexHex() {
                location.symbol = inner
                location.function = start..<end
                location.offset = Int(truncatingIfNeeded: offset.value)
            }
        }
        cursor.position = cursor.end
        return location
    }

    /// The text inside a `(…)` that ends `range` (trailing blanks aside).
    static func trailingParenthesizedSymbol(_ range: Range<Int>, _ base: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        var end = range.upperBound
        while end > range.lowerBound, ASCII.isBlank(base[end - 1]) { end -= 1 }
        guard end > range.lowerBound, base[end - 1] == ASCII.closeParen else { return nil }
        var open = end - 1
        while open > range.lowerBound, base[open] != ASCII.openParen { open -= 1 }
        guard base[open] == ASCII.openParen, open + 1 < end - 1 else { return nil }
        return (open + 1)..<(end - 1)
    }

    /// The module names of `Modules linked in: crashtest(OE) nft_chain_nat … [last unloaded: x]`.
    static func moduleNames(_ range: Range<Int>, _ base: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var c = Lexer.Cursor(base, range)
        var names: [Range<Int>] = []
        while true {
            c.skipBlanks()
            guard let word = c.lexWord() else { break }
            if base[word.lowerBound] == ASCII.openBracket { break }  // `[last unloaded: x]`
            var end = word.upperBound
            // `crashtest(OE)`: the taint flags of a module are not part of its name.
            var at = word.lowerBound
            while at < word.upperBound, base[at] != ASCII.openParen { at += 1 }
            end = at
            if end > word.lowerBound { names.append(word.lowerBound..<end) }
        }
        return names
    }

    /// A register value in a log: hex (`ffffffff81234567`) or `segment:hex` (`0018:ffffc900…`).
    struct Value {
        var number: HexNumber?
        var text: Range<Int>
    }

    /// A row of `NAME: value` pairs as the kernel prints registers: `RAX: 0000000000000000 RBX: …`,
    /// `RSP: 0018:ffffc90000423b20 EFLAGS: 00000246`, arm64 `x29: ffff… x28: …`, `sp : ffff…`.
    /// `RIP:` is not a register row (its value is a location).
    static func registerRow(_ range: Range<Int>, _ base: UnsafeBufferPointer<UInt8>) -> [(Range<Int>, Value)]? {
        var c = Lexer.Cursor(base, range)
        c.skipBlanks()
        var pairs: [(Range<Int>, Value)] = []
        return readPairs(&c, into: &pairs) ? (pairs.isEmpty ? nil : pairs) : nil
    }

    /// A row of a table's ``ArchitectureFormat/partialRows``: the pairs read before the first
    /// word that is not one (maybe none); nil when the row does not start with such a prefix.
    static func partialRegisterRow(_ range: Range<Int>, _ base: UnsafeBufferPointer<UInt8>) -> [(Range<Int>, Value)]? {
        var c = Lexer.Cursor(base, range)
        c.skipBlanks()
        guard ArchitectureFormat.partialRows.contains(where: { c.startsWith($0) }) else { return nil }
        var pairs: [(Range<Int>, Value)] = []
        _ = readPairs(&c, into: &pairs)
        return pairs
    }

    /// Reads `NAME: value` pairs to the end of the line; false (keeping the pairs read) at the first that is not one.
    private static func readPairs(_ c: inout Lexer.Cursor, into pairs: inout [(Range<Int>, Value)]) -> Bool {
        let base = c.base
        while !c.isAtEnd {
            let nameStart = c.position
            while !c.isAtEnd, let byte = c.peek(), ASCII.isAlphanumeric(byte) || byte == ASCII.underscore { c.position += 1 }
            let name = nameStart..<c.position
            guard !name.isEmpty, name.count <= 8 else { return false }
            c.skipBlanks()  // arm64 pads short names: `sp : …`
            // `GS:ffff88803f380000(0000)` has no blank after the colon.
            guard c.consume(ASCII.colon) else { return false }
            c.skipBlanks()
            let valueStart = c.position
            var probe = c
            // Kernels print registers zero-padded, four digits at least (`CS:  0010`): this
            // keeps `PID: 150` and other prose out.
            guard var number = probe.lexHex(), number.digits >= 4 || allowsShortValue(name, base) else { return false }
            var isSegmented = false
            if probe.consume(ASCII.colon) {
                guard let offset = probe.lexHex() else { return false }
                number = offset
                isSegmented = true
            } else if probe.consume(ASCII.openParen) {
                // `FS:  000000003c6083c0(0000)`: the selector follows the base in parentheses.
                guard probe.lexHex() != nil, probe.consume(ASCII.closeParen) else { return false }
            }
            guard probe.isAtEnd || probe.peek().map(ASCII.isBlank) == true else { return false }
            c = probe
            pairs.append((name, Value(number: isSegmented ? nil : number, text: valueStart..<c.position)))
            // `pstate: 60400005 (nZCv daif +PAN …)`, `MSR:  8000000000009033 <SF,EE,…>`.
            _ = skipFlagGroup(&c)
            c.skipBlanks()
        }
        return true
    }

    /// Where a report names its CPU without a `CPU:` line: the number follows one of these.
    static let cpuMentions: [StaticString] = [
        "Task dump for CPU ", "NMI backtrace for cpu ", "soft lockup - CPU#", "stall on CPU { ", "hard LOCKUP on cpu ",
        "Watchdog detected hard LOCKUP on cpu ",
    ]

    /// The CPU number after one of ``cpuMentions`` in `range`.
    static func cpuMention(_ range: Range<Int>, _ base: UnsafeBufferPointer<UInt8>) -> Int? {
        for mention in cpuMentions {
            let count = mention.utf8CodeUnitCount
            var at = range.lowerBound
            while at + count <= range.upperBound {
                if base[at] == mention.utf8Start[0] {
                    var matched = true
                    for i in 1..<count where base[at + i] != mention.utf8Start[i] {
                        matched = false
                        break
                    }
                    if matched {
                        var c = Lexer.Cursor(base, (at + count)..<range.upperBound)
                        c.skipBlanks()
                        if let cpu = c.lexDecimal() { return cpu }
                    }
                }
                at += 1
            }
        }
        return nil
    }
}
