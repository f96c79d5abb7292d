import CrashSiftModel
import CrashSiftText

/// The prefix that starts a kernel log line, in every shape crash and the kernel print and
/// case archives hold:
///
/// | shape | printed by |
/// |---|---|
/// | `[   12.345678] text`, `[   12.345678] [    T1] text`, `[   12.3][  C0] text` | crash `log`, `dmesg`, `vmcore-dmesg.txt`, serial consoles (`[T…]`/`[C…]` with `CONFIG_PRINTK_CALLER`) |
/// | `[   12.345678] <6>text`, `<6>[   12.345678] text`, `<6>text` | crash `log -m`, consoles with levels |
/// | `[Sat Apr  4 07:41:09 JST 2020] text`, `[Wed Nov 25 20:22:51 2026] text` | crash `log -T`, `dmesg -T` |
/// | `6,1234,5678901,-;text` | `/dev/kmsg` |
/// | `Nov 25 20:22:51 host kernel: text`, `2026-11-25T20:22:51.123456+00:00 host kernel: text` | syslog, `journalctl` |
/// | `type=1300 audit(1489384479.809:4343): arch=c000003e …` | crash `log -a` (audit records, wrapped at 80 columns) |
///
/// Console captures sometimes glue other output in front of the stamp
/// (`** 12 printk messages dropped ** [ …`, `syzkaller login: [ …`); that text is skipped.
enum LogPrefixGrammar {
    /// A prefix taken apart; `messageStart` is where the message begins.
    struct Prefix {
        var messageStart: Int
        var format: LogFormat
        var time: Double?
        var date: Range<Int>?
        var level: Int?
        var facility: Int?
        var caller: LogCaller?
        var sequence: Int?
    }

    /// Reads the prefix of `line`; nil when the line has none of the shapes above.
    @inline(__always)
    static func parse(_ line: Line, _ base: UnsafeBufferPointer<UInt8>) -> Prefix? {
        let start = line.range.lowerBound
        let end = line.range.upperBound
        guard start < end else { return nil }
        switch base[start] {
        case ASCII.openBracket, ASCII.less:
            return bracketed(base, start, end)
        case 0x30...0x39:
            return kmsg(base, start, end) ?? isoSyslog(base, start, end)
        case 0x41...0x5A:
            return syslog(base, start, end)
        case ASCII.star:
            // `** 4491 printk messages dropped ** [   50.750742] …`
            return afterGluedText(base, start, end, marker: "** ")
        case UInt8(ascii: "t"):
            return audit(base, start, end) ?? afterGluedText(base, start, end, marker: "login: ")
        default:
            return afterGluedText(base, start, end, marker: "login: ")
        }
    }

    // MARK: - `<N>` and `[stamp]` shapes

    /// `<N>`, `[time]`, `[date]` and `[T123]` in the orders crash and the kernel print them.
    @inline(__always)
    private static func bracketed(_ base: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Prefix? {
        var at = start
        var prefix = Prefix(messageStart: start, format: .plain)
        var sawLevel = false
        if base[at] == ASCII.less {
            guard let value = level(base, &at, end) else { return nil }
            setLevel(value, &prefix)
            sawLevel = true
        }
        if at < end, base[at] == ASCII.openBracket {
            if let time = timestamp(base, &at, end) {
                prefix.time = time
                prefix.format = .timestamp
            } else if let date = bracketedDate(base, &at, end) {
                prefix.date = date
                prefix.format = .date
            } else if !sawLevel {
                return nil
            }
        } else if !sawLevel {
            return nil
        }
        if prefix.format != .plain {
            // `[T123]` right after the stamp (console) or after a space (crash).
            var probe = at
            if probe < end, base[probe] == ASCII.space { probe += 1 }
            if let caller = caller(base, &probe, end) {
                prefix.caller = caller
                at = probe
            }
            // crash `log -m` puts the level after the stamp: `[ 0.000000] <6>Linux version`.
            probe = at
            if probe < end, base[probe] == ASCII.space { probe += 1 }
            if !sawLevel, probe < end, base[probe] == ASCII.less, let value = level(base, &probe, end) {
                setLevel(value, &prefix)
                at = probe
                prefix.messageStart = at
                return prefix
            }
        } else {
            prefix.format = .level
        }
        if at < end, base[at] == ASCII.space { at += 1 }
        prefix.messageStart = at
        return prefix
    }

    /// `<N>` with one to three digits: the level, plus the facility times 8 when above 7.
    @inline(__always)
    private static func level(_ base: UnsafeBufferPointer<UInt8>, _ at: inout Int, _ end: Int) -> Int? {
        var probe = at + 1
        var value = 0
        let digits = probe
        while probe < end, probe - digits < 3, ASCII.isDigit(base[probe]) {
            value = value * 10 + Int(base[probe] &- 0x30)
            probe += 1
        }
        guard probe > digits, probe < end, base[probe] == ASCII.greater else { return nil }
        at = probe + 1
        return value
    }

    private static func setLevel(_ value: Int, _ prefix: inout Prefix) {
        prefix.level = value & 7
        if value > 7 { prefix.facility = value >> 3 }
    }

    /// `[    12.345678]`: seconds since boot.
    @inline(__always)
    private static func timestamp(_ base: UnsafeBufferPointer<UInt8>, _ at: inout Int, _ end: Int) -> Double? {
        var probe = at + 1
        while probe < end, base[probe] == ASCII.space { probe += 1 }
        var seconds = 0
        let digits = probe
        while probe < end, probe - digits < 12, ASCII.isDigit(base[probe]) {
            seconds = seconds * 10 + Int(base[probe] &- 0x30)
            probe += 1
        }
        guard probe > digits, probe < end, base[probe] == ASCII.dot else { return nil }
        probe += 1
        var fraction = 0
        var scale = 1
        let fractionStart = probe
        while probe < end, probe - fractionStart < 9, ASCII.isDigit(base[probe]) {
            fraction = fraction * 10 + Int(base[probe] &- 0x30)
            scale *= 10
            probe += 1
        }
        guard probe > fractionStart, probe < end, base[probe] == ASCII.closeBracket else { return nil }
        at = probe + 1
        return Double(seconds) + Double(fraction) / Double(scale)
    }

    /// `[Sat Apr  4 07:41:09 JST 2020]` or `[Wed Nov 25 20:22:51 2026]`: the range inside the brackets.
    private static func bracketedDate(_ base: UnsafeBufferPointer<UInt8>, _ at: inout Int, _ end: Int) -> Range<Int>? {
        let inner = at + 1
        // "Www Mmm dd hh:mm:ss" is 19 bytes; a zone and the year follow.
        guard end - inner >= 24, ASCII.isUpper(base[inner]), ASCII.isLower(base[inner + 1]), ASCII.isLower(base[inner + 2]),
              base[inner + 3] == ASCII.space, isMonth(base, inner + 4), base[inner + 7] == ASCII.space,
              base[inner + 13] == ASCII.colon, base[inner + 16] == ASCII.colon
        else { return nil }
        var close = inner + 19
        while close < end, close - inner < 40, base[close] != ASCII.closeBracket { close += 1 }
        guard close < end, base[close] == ASCII.closeBracket, ASCII.isDigit(base[close - 1]) else { return nil }
        at = close + 1
        return inner..<close
    }

    /// `[T123]`, `[    C4]`: the printk caller.
    @inline(__always)
    private static func caller(_ base: UnsafeBufferPointer<UInt8>, _ at: inout Int, _ end: Int) -> LogCaller? {
        guard at < end, base[at] == ASCII.openBracket else { return nil }
        var probe = at + 1
        while probe < end, base[probe] == ASCII.space { probe += 1 }
        guard probe < end, base[probe] == UInt8(ascii: "T") || base[probe] == UInt8(ascii: "C") else { return nil }
        let isTask = base[probe] == UInt8(ascii: "T")
        probe += 1
        var value = 0
        let digits = probe
        while probe < end, probe - digits < 10, ASCII.isDigit(base[probe]) {
            value = value * 10 + Int(base[probe] &- 0x30)
            probe += 1
        }
        guard probe > digits, probe < end, base[probe] == ASCII.closeBracket else { return nil }
        at = probe + 1
        return isTask ? .task(value) : .cpu(value)
    }

    // MARK: - crash `log -a`

    /// `type=1300 audit(1489384479.809:4343): …`: the record keeps its whole line as text
    /// (the type is part of what it says); the stamp (seconds since the epoch, as printed) is
    /// its date and the serial its sequence.
    private static func audit(_ base: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Prefix? {
        var c = Lexer.Cursor(base, start..<end)
        guard c.consume("type="), c.lexDecimal() != nil, c.consume(" audit(") else { return nil }
        let stampStart = c.position
        guard c.lexDecimal() != nil, c.consume(ASCII.dot), c.lexDecimal() != nil else { return nil }
        let stamp = stampStart..<c.position
        guard c.consume(ASCII.colon), let serial = c.lexDecimal(), c.consume("):") else { return nil }
        var prefix = Prefix(messageStart: start, format: .audit)
        prefix.date = stamp
        prefix.sequence = serial
        return prefix
    }

    // MARK: - /dev/kmsg

    /// `6,1234,5678901,-;text` (level and facility, sequence, microseconds, flags).
    private static func kmsg(_ base: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Prefix? {
        var at = start
        guard let level = commaTerminatedNumber(base, &at, end), let sequence = commaTerminatedNumber(base, &at, end),
              let microseconds = commaTerminatedNumber(base, &at, end)
        else { return nil }
        // Flags (`-`, `c`, …) and any further fields, up to the `;`.
        let flags = at
        while at < end, at - flags < 16, base[at] != UInt8(ascii: ";") {
            guard base[at] != ASCII.space else { return nil }
            at += 1
        }
        guard at < end, base[at] == UInt8(ascii: ";") else { return nil }
        var prefix = Prefix(messageStart: at + 1, format: .kmsg)
        setLevel(level, &prefix)
        prefix.sequence = sequence
        prefix.time = Double(microseconds) / 1_000_000
        return prefix
    }

    /// Digits followed by a comma; the cursor moves past the comma. At most 18 digits, so the
    /// value cannot overflow (19 nines are more than `Int.max`); longer numbers are not kmsg's.
    private static func commaTerminatedNumber(_ base: UnsafeBufferPointer<UInt8>, _ at: inout Int, _ end: Int) -> Int? {
        var probe = at
        var value = 0
        while probe < end, probe - at < 18, ASCII.isDigit(base[probe]) {
            value = value * 10 + Int(base[probe] &- 0x30)
            probe += 1
        }
        guard probe > at, probe < end, base[probe] == UInt8(ascii: ",") else { return nil }
        at = probe + 1
        return value
    }

    // MARK: - syslog and journal

    /// `Nov 25 20:22:51 host kernel: text`.
    private static func syslog(_ base: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Prefix? {
        // "Mmm dd hh:mm:ss " is 16 bytes (the day is space-padded).
        guard end - start > 16, isMonth(base, start), base[start + 3] == ASCII.space,
              base[start + 9] == ASCII.colon, base[start + 12] == ASCII.colon, base[start + 15] == ASCII.space
        else { return nil }
        return afterHost(base, dateStart: start, dateEnd: start + 15, end)
    }

    /// `2026-11-25T20:22:51.123456+00:00 host kernel: text` (journalctl -o short-iso-precise, rsyslog).
    private static func isoSyslog(_ base: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Prefix? {
        guard end - start > 20, base[start + 4] == ASCII.minus, base[start + 7] == ASCII.minus,
              base[start + 10] == UInt8(ascii: "T"), base[start + 13] == ASCII.colon
        else { return nil }
        var dateEnd = start + 19
        while dateEnd < end, base[dateEnd] != ASCII.space { dateEnd += 1 }
        return afterHost(base, dateStart: start, dateEnd: dateEnd, end)
    }

    /// After a syslog date: ` host kernel: `, then possibly the kernel's own `[ stamp] `.
    private static func afterHost(_ base: UnsafeBufferPointer<UInt8>, dateStart: Int, dateEnd: Int, _ end: Int) -> Prefix? {
        var at = dateEnd
        guard at < end, base[at] == ASCII.space else { return nil }
        at += 1
        while at < end, base[at] != ASCII.space { at += 1 }  // the host
        guard end - at > 8, base[at] == ASCII.space else { return nil }
        at += 1
        let ident: StaticString = "kernel: "
        for i in 0..<ident.utf8CodeUnitCount where base[at + i] != ident.utf8Start[i] { return nil }
        at += ident.utf8CodeUnitCount
        var prefix = Prefix(messageStart: at, format: .syslog)
        prefix.date = dateStart..<dateEnd
        var probe = at
        if probe < end, base[probe] == ASCII.openBracket, let time = timestamp(base, &probe, end) {
            prefix.time = time
            if probe < end, base[probe] == ASCII.space { probe += 1 }
            prefix.messageStart = probe
        }
        return prefix
    }

    // MARK: - Helpers

    /// Console output glued before a stamp: skip up to `marker` when a `[stamp]` follows it.
    private static func afterGluedText(_ base: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, marker: StaticString) -> Prefix? {
        let count = marker.utf8CodeUnitCount
        var at = start
        while at + count < end, at - start < 200 {
            if base[at] == marker.utf8Start[0] {
                var matched = true
                for i in 1..<count where base[at + i] != marker.utf8Start[i] {
                    matched = false
                    break
                }
                if matched, base[at + count] == ASCII.openBracket || base[at + count] == ASCII.less,
                   let prefix = bracketed(base, at + count, end), prefix.format != .level
                {
                    return prefix
                }
            }
            at += 1
        }
        return nil
    }

    private static let months: [StaticString] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Whether the three bytes at `at` are an English month abbreviation.
    private static func isMonth(_ base: UnsafeBufferPointer<UInt8>, _ at: Int) -> Bool {
        for month in months where base[at] == month.utf8Start[0] && base[at + 1] == month.utf8Start[1] && base[at + 2] == month.utf8Start[2] {
            return true
        }
        return false
    }
}
