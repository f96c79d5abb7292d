import CrashSiftText

/// Who printed a console line, as far as its prefix tells: syzkaller's "context" of a line.
///
/// syzkaller keeps only the lines of a report that come from the same context as its header,
/// so that output of other CPUs or tasks interleaved with it (printk is not atomic across
/// CPUs) does not end up in the report.
enum ConsoleContext: Equatable {
    /// No `[ seconds.micros]` timestamp: raw text.
    case none
    /// A timestamp without a caller tag.
    case console
    /// A timestamp and a `CONFIG_PRINTK_CALLER` tag: `[  T123]` (a task) or `[    C4]` (a CPU
    /// in interrupt context), compared byte for byte (padding, letter and digits).
    case caller(CallerTag)

    /// A caller tag, `[ *T123]` or `[ *C4]`, kept as the numbers that spell it.
    struct CallerTag: Equatable {
        /// `T` (task) or `C` (CPU).
        var letter: UInt8
        /// Spaces between `[` and the letter.
        var padding: Int
        /// The bytes of the number, packed (at most the first 8 digits kept, plus the count).
        var digits: UInt64
        var digitCount: Int
    }

    /// Whether this is a CPU tag, `[C4]`.
    var isCPU: Bool {
        if case .caller(let tag) = self { return tag.letter == UInt8(ascii: "C") }
        return false
    }
}

/// Reads the prefix syzkaller recognises on a console line and strips it, the way
/// `pkg/report` does before it matches report formats.
///
/// The prefix is, in order: an optional `** N printk messages dropped ** `, optionally anything
/// up to and including ` login: ` (a getty prompt the kernel wrote over), an optional `<N>`
/// log level, the `[ seconds.micros]` timestamp, an optional caller tag `[ T123]`/`[ C4]`, and
/// one space. Beyond syzkaller, the forms of crash's `log -T`/`-c`/`-m` and an indented
/// prefix (a log pasted into an article) are recognised too.
enum ConsoleLinePrefix {
    /// The context of `line`. `mayHaveLogin` says whether the line contains ` login: ` (the
    /// finder knows from its literal scan; passing true is always correct, only slower).
    static func context(of line: UnsafeRawBufferPointer, mayHaveLogin: Bool) -> ConsoleContext {
        if let afterDropped = droppedPrefixEnd(line), let context = context(of: line, from: afterDropped, mayHaveLogin: mayHaveLogin) {
            return context
        }
        if let context = context(of: line, from: 0, mayHaveLogin: mayHaveLogin) { return context }
        // A log pasted into an article or a mail is often indented: the prefix after the
        // indentation counts too (syzkaller never sees such lines).
        var indent = 0
        while indent < line.count, ASCII.isBlank(line[indent]) { indent += 1 }
        if indent > 0, let context = timestampContext(line, at: indent) { return context }
        return .none
    }

    /// The context when the rest of the prefix starts at `base`: after a ` login: ` (the last
    /// one first, as the greedy `(?:.* login: )?` tries them), else right at `base`.
    private static func context(of line: UnsafeRawBufferPointer, from base: Int, mayHaveLogin: Bool) -> ConsoleContext? {
        if mayHaveLogin {
            var end = line.count
            while let hit = lastLogin(in: line, from: base, before: end) {
                if let context = timestampContext(line, at: hit + 8) { return context }
                end = hit + 7
            }
        }
        return timestampContext(line, at: base)
    }

    /// The start of the last ` login: ` that lies within `base..<end`.
    private static func lastLogin(in line: UnsafeRawBufferPointer, from base: Int, before end: Int) -> Int? {
        var start = end - 8
        while start >= base {
            if line[start] == ASCII.space, ReportBytes.hasPrefix(" login: ", line.subBuffer(from: start)) { return start }
            start -= 1
        }
        return nil
    }

    /// Where `** N printk messages dropped ** ` ends, when the line starts with it.
    private static func droppedPrefixEnd(_ line: UnsafeRawBufferPointer) -> Int? {
        guard line.count > 3, line[0] == UInt8(ascii: "*"), ReportBytes.hasPrefix("** ", line) else { return nil }
        var index = 3
        while index < line.count, ASCII.isDigit(line[index]) { index += 1 }
        let end: StaticString = " printk messages dropped ** "
        guard index > 3, ReportBytes.hasPrefix(end, line.subBuffer(from: index)) else { return nil }
        return index + end.utf8CodeUnitCount
    }

    /// The context given by `<N>[ seconds.micros]([ T123])? ` starting exactly at `start`, or
    /// nil when the line does not have that shape there.
    ///
    /// Besides the kernel's console format that syzkaller reads, this accepts the forms of
    /// crash's `log` command, so that reports read from a vmcore get the same titles: a date
    /// instead of seconds (`log -T`: `[Sat Apr  4 07:41:09 JST 2020] `) and the caller tag
    /// after a space (`log -c`: `[    0.467730] [     T1] `). crash's level (`log -m`), which
    /// follows the prefix, is removed by ``strip(_:context:)``.
    private static func timestampContext(_ line: UnsafeRawBufferPointer, at start: Int) -> ConsoleContext? {
        var index = start
        let count = line.count
        if index < count, line[index] == ASCII.less {
            index += 1
            let digitsStart = index
            while index < count, ASCII.isDigit(line[index]) { index += 1 }
            guard index > digitsStart, index < count, line[index] == ASCII.greater else { return nil }
            index += 1
        }
        guard index < count, line[index] == ASCII.openBracket else { return nil }
        index += 1
        guard let close = secondsEnd(line, from: index) ?? dateEnd(line, from: index) else { return nil }
        index = close + 1
        guard index < count else { return nil }
        if line[index] == ASCII.space {
            // crash's `log -c` column: `] [     T1] `.
            if index + 1 < count, line[index + 1] == ASCII.openBracket, let (tag, _) = callerTag(line, at: index + 1) {
                return .caller(tag)
            }
            return .console
        }
        // `(\[ *[CT][0-9]+\])? `: the tag must be followed by a space, else there is no match.
        guard let (tag, _) = callerTag(line, at: index) else { return nil }
        return .caller(tag)
    }

    /// The whole seconds of a `[ 1234.567890]` stamp (after an optional `<level>`), or nil:
    /// enough to tell when a report's burst of lines is over.
    static func wholeSeconds(of line: UnsafeRawBufferPointer) -> Int? {
        var index = 0
        let count = line.count
        if index < count, line[index] == ASCII.less {
            while index < count, line[index] != ASCII.greater { index += 1 }
            index += 1
        }
        guard index < count, line[index] == ASCII.openBracket, secondsEnd(line, from: index + 1) != nil else { return nil }
        index += 1
        while index < count, line[index] == ASCII.space { index += 1 }
        var seconds = 0
        while index < count, ASCII.isDigit(line[index]), seconds < Int.max / 20 {
            seconds = seconds * 10 + Int(line[index] - 0x30)
            index += 1
        }
        return seconds
    }

    /// The offset of the `]` that ends ` *seconds.micros]` starting at `index`, or nil.
    private static func secondsEnd(_ line: UnsafeRawBufferPointer, from start: Int) -> Int? {
        var index = start
        let count = line.count
        while index < count, line[index] == ASCII.space { index += 1 }
        let secondsStart = index
        while index < count, ASCII.isDigit(line[index]) { index += 1 }
        guard index > secondsStart, index < count, line[index] == ASCII.dot else { return nil }
        index += 1
        let fractionStart = index
        while index < count, ASCII.isDigit(line[index]) { index += 1 }
        guard index > fractionStart, index < count, line[index] == ASCII.closeBracket else { return nil }
        return index
    }

    /// The offset of the `]` that ends crash's date, `Sat Apr  4 07:41:09 JST 2020]` (the zone
    /// is missing before crash 7.2.9), starting at `index`, or nil.
    private static func dateEnd(_ line: UnsafeRawBufferPointer, from start: Int) -> Int? {
        // Day and month names, then the rest up to `]`: digits, colons, spaces and a zone name.
        guard start + 24 <= line.count,
              ASCII.isUpper(line[start]), ASCII.isLower(line[start + 1]), ASCII.isLower(line[start + 2]), line[start + 3] == ASCII.space,
              ASCII.isUpper(line[start + 4]), ASCII.isLower(line[start + 5]), ASCII.isLower(line[start + 6]), line[start + 7] == ASCII.space,
              line[start + 8] == ASCII.space || ASCII.isDigit(line[start + 8]), ASCII.isDigit(line[start + 9]), line[start + 10] == ASCII.space,
              ASCII.isDigit(line[start + 11]), ASCII.isDigit(line[start + 12]), line[start + 13] == ASCII.colon
        else { return nil }
        var index = start + 14
        while index < line.count, index < start + 48, line[index] != ASCII.closeBracket {
            let byte = line[index]
            guard ASCII.isAlphanumeric(byte) || byte == ASCII.colon || byte == ASCII.space || byte == ASCII.plus || byte == ASCII.minus else { return nil }
            index += 1
        }
        guard index < line.count, line[index] == ASCII.closeBracket, ASCII.isDigit(line[index - 1]) else { return nil }
        return index
    }

    /// A caller tag `[ *[CT][0-9]+]` at `start`, followed by a space, and the offset after that space.
    private static func callerTag(_ line: UnsafeRawBufferPointer, at start: Int) -> (ConsoleContext.CallerTag, Int)? {
        let count = line.count
        guard start < count, line[start] == ASCII.openBracket else { return nil }
        var index = start + 1
        var padding = 0
        while index < count, line[index] == ASCII.space { index += 1; padding += 1 }
        guard index < count, line[index] == UInt8(ascii: "T") || line[index] == UInt8(ascii: "C") else { return nil }
        let letter = line[index]
        index += 1
        var digits: UInt64 = 0
        var digitCount = 0
        while index < count, ASCII.isDigit(line[index]) {
            if digitCount < 8 { digits = digits << 8 | UInt64(line[index]) }
            digitCount += 1
            index += 1
        }
        guard digitCount > 0, index + 1 < count, line[index] == ASCII.closeBracket, line[index + 1] == ASCII.space else { return nil }
        return (.init(letter: letter, padding: padding, digits: digits, digitCount: digitCount), index + 2)
    }

    /// The message of `line` without its prefix, and whether it is a questionable stack line
    /// (` ? func+0x…/0x…`, or ppc's ` (unreliable)`), which syzkaller leaves out of reports.
    ///
    /// Without a timestamp the line is kept whole. With one, everything up to the first `] `
    /// goes, and then crash's caller column and `<level>` when they follow. A questionable line is cut to start at the space after its `?`; an `<EOI>` line
    /// never counts as questionable (it carries the interrupted frame).
    static func strip(_ line: UnsafeRawBufferPointer, context: ConsoleContext) -> (message: Range<Int>, questionable: Bool) {
        guard context != .none, let close = ReportBytes.find("] ", in: line) else {
            return (0..<line.count, false)
        }
        var start = close + 2
        // crash's `log -c` caller column and `log -m` level, which follow the timestamp.
        if case .caller = context, start < line.count, line[start] == ASCII.openBracket, let (_, end) = callerTag(line, at: start) {
            start = end
        }
        if start + 2 < line.count, line[start] == ASCII.less, ASCII.isHexDigit(line[start + 1]) {
            var index = start + 1
            while index < line.count, ASCII.isHexDigit(line[index]) { index += 1 }
            if index < line.count, line[index] == ASCII.greater { start = index + 1 }
        }
        let message = line.subBuffer(from: start)
        let unreliable: StaticString = " (unreliable)"
        if ReportBytes.find(byte: UInt8(ascii: "?"), in: message) != nil || ReportBytes.hasSuffix(unreliable, message) {
            if !ReportBytes.contains("<EOI>", in: message) {
                if let mark = ReportBytes.find(" ? ", in: message) {
                    return ((start + mark + 2)..<line.count, true)
                }
                if ReportBytes.hasSuffix(unreliable, message) {
                    return (start..<(line.count - unreliable.utf8CodeUnitCount), true)
                }
            }
        }
        return (start..<line.count, false)
    }
}
