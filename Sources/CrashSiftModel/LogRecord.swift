import CrashSiftText

/// One message of a kernel log: what `crash> log`, `dmesg`, `vmcore-dmesg.txt`, `/dev/kmsg`
/// or a serial console printed for one printk call, with its prefix taken apart.
///
/// A record does not copy its text: ``text`` is a byte range of the input (the message on the
/// record's first line, after the prefix); continuation lines (`line + 1 ... lastLine`) are
/// the rest of the same message.
public struct LogRecord: Hashable, Sendable {
    /// The input line where the record starts.
    public var line: Int
    /// The last input line of the record (its continuation lines), `line` when it has none.
    public var lastLine: Int
    /// The message on the first line, after the prefix, as bytes of the input.
    public var text: Range<Int>
    /// Seconds since boot (`[ 2174.289360]`, or a `/dev/kmsg` microsecond stamp), when printed.
    public var time: Double?
    /// A wall-clock date as printed (`log -T`, `dmesg -T`, a syslog or journal prefix), as
    /// bytes of the input (read it with `LogText.date(of:in:)`).
    public var date: Range<Int>?
    /// The console log level (`<4>`, 0–7), when printed.
    public var level: Int?
    /// The syslog facility, when the prefix carried one (`<12>`: facility 1, level 4; `/dev/kmsg`).
    public var facility: Int?
    /// The printk caller (`[T123]` task, `[C4]` CPU), when printed.
    public var caller: LogCaller?
    /// The `/dev/kmsg` sequence number, when the record came from there.
    public var sequence: Int?
    /// Which prefix shape the line had.
    public var format: LogFormat

    /// A record on `line` whose message is the bytes `text`.
    @inlinable
    public init(
        line: Int, lastLine: Int? = nil, text: Range<Int>, time: Double? = nil, date: Range<Int>? = nil, level: Int? = nil,
        facility: Int? = nil, caller: LogCaller? = nil, sequence: Int? = nil, format: LogFormat
    ) {
        self.line = line
        self.lastLine = lastLine ?? line
        self.text = text
        self.time = time
        self.date = date
        self.level = level
        self.facility = facility
        self.caller = caller
        self.sequence = sequence
        self.format = format
    }
}

/// Who called printk: a task (`T123`, by pid) or a CPU in interrupt context (`C4`).
public enum LogCaller: Hashable, Sendable, CustomStringConvertible {
    /// A task, by pid.
    case task(Int)
    /// A CPU (the message came from interrupt context).
    case cpu(Int)

    /// `T123` or `C4`, as the kernel prints it.
    public var description: String {
        switch self {
        case .task(let pid): "T\(pid)"
        case .cpu(let cpu): "C\(cpu)"
        }
    }
}

/// The prefix shape of a log line.
public enum LogFormat: String, Hashable, Sendable {
    /// `[   12.345678] text` (crash `log`, `dmesg`, `vmcore-dmesg.txt`, a serial console).
    case timestamp
    /// `[Sat Apr  4 07:41:09 JST 2020] text` (crash `log -T`, `dmesg -T`).
    case date
    /// `4,123,456789,-;text` (`/dev/kmsg`).
    case kmsg
    /// `Nov 25 20:22:51 host kernel: text` (syslog, `journalctl`).
    case syslog
    /// `<4>text` with a level but no time.
    case level
    /// `type=1300 audit(1489384479.809:4343): …` (crash `log -a`); the text is the whole record.
    case audit
    /// No prefix (`log -t`, console lines the kernel did not stamp).
    case plain
}
