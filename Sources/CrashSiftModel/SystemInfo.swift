import CrashSiftText

/// What one `sys` command printed: the system summary (`KERNEL:`, `CPUS:`, `PANIC:` …),
/// `sys -t`'s taint mask, `sys -i`'s DMI strings, `sys -c`'s system-call table, or `sys config`'s
/// kernel configuration.
///
/// Every `KEY: value` line is kept in ``fields`` as printed, in order; the values a reader
/// usually wants are also read into typed properties (``cpuCount``, ``release``,
/// ``panicMessage``…). A property is nil (or empty) when its line was not printed.
public struct SystemInfo: Hashable, Sendable {
    /// Which `sys` output this is, from the command's arguments.
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        /// `sys`: the summary crash also prints when a session starts.
        case summary
        /// `sys -t`: `TAINTED_MASK: 3000  OE`.
        case taint
        /// `sys -i`: `DMI_BIOS_VENDOR: LENOVO` and the other DMI strings.
        case dmi
        /// `sys -c [name|number]`: the system-call table.
        case systemCalls = "system-calls"
        /// `sys config`: the kernel's `.config` (when built with `CONFIG_IKCONFIG`).
        case config
    }

    /// One `KEY: value` line (with the lines that continue its value).
    public struct Field: Hashable, Sendable {
        /// The key as printed, without the alignment blanks: `KERNEL`, `LOAD AVERAGE`, `DMI_BIOS_VENDOR`.
        public var key: String
        /// The value as printed after `: `, trailing blanks removed; continuation lines (split
        /// dumps list one file per line) are joined with `\n`.
        public var value: String
        /// The input line of the key.
        public var line: Int
        /// The last input line of the value (`line` when it has no continuation line).
        public var lastLine: Int

        /// A field on `line`.
        public init(key: String, value: String, line: Int, lastLine: Int? = nil) {
            self.key = key
            self.value = value
            self.line = line
            self.lastLine = lastLine ?? line
        }
    }

    /// Which output this is.
    public var kind: Kind
    /// Which entry of ``Transcript/commands`` printed it.
    public var commandIndex: Int?
    /// The output lines (blank lines and crash's messages included).
    public var lines: LineSpan
    /// Every `KEY: value` line, in print order.
    public var fields: [Field]

    /// The kernel file named by `KERNEL:` (by `DEBUG KERNEL:` when crash was given a System.map),
    /// without the markers after it.
    public var kernel: String?
    /// The bracketed markers after the kernel file (or after `SYSTEM MAP:`), as printed without
    /// brackets: `TAINTED`, `LIVEPATCH`, `TRANSITION`; and `temporary` for a remote kernel's `(temporary)`.
    public var kernelMarkers: [String]
    /// The dump files of `DUMPFILE:` / `DUMPFILES:` (one per line for a split dump), or the
    /// memory source of a live system (`/proc/kcore`).
    public var dumpFiles: [String]
    /// The bracketed markers after the dump files: `PARTIAL DUMP`, `LIVE DUMP`, `INCOMPLETE`,
    /// `EXCLUDED VMEMMAP`, `temporary ELF header`.
    public var dumpMarkers: [String]
    /// The CPUs present (`CPUS: 4`).
    public var cpuCount: Int?
    /// The CPUs crash shows as offline (`CPUS: 4 [OFFLINE: 3]`); 0 when `CPUS:` has no such note.
    public var offlineCPUCount: Int?
    /// The uptime in seconds, read from `UPTIME: [N days, ]hh:mm:ss`.
    public var uptimeSeconds: Int?
    /// The 1, 5 and 15 minute load averages of `LOAD AVERAGE: 1.86, 0.41, 0.13`.
    public var loadAverage: [Double]
    /// The number of tasks (`TASKS: 102`).
    public var taskCount: Int?
    /// The kernel release of `RELEASE:`, taken apart.
    public var release: KernelRelease?
    /// The processor speed of `MACHINE: x86_64  (2596 Mhz)`; nil for `(unknown Mhz)`.
    public var processorMHz: Int?
    /// The panic message of `PANIC: "…"`, without the quotes (empty when crash found none).
    public var panicMessage: String?
    /// What crash printed in parentheses after or instead of the message: `check log for
    /// details` (after an `Oops:`), `HARDWARE RESET`, `INIT`, `MCA`.
    public var panicRemark: String?
    /// `sys -t`: the kernel's `tainted_mask` (`TAINTED_MASK: 3000`; old kernels' `TAINTED: 1`).
    public var taintMask: HexNumber?
    /// `sys -t`: the taint flag letters after the mask (`OE`).
    public var taintFlags: String?
    /// `sys -c`: the system-call table rows.
    public var systemCalls: [SystemCall]
    /// `sys config`: the options, in print order (comment lines other than `# … is not set` are not kept).
    public var configOptions: [KernelConfigOption]

    /// An empty output of `kind` on `lines`.
    public init(kind: Kind, commandIndex: Int? = nil, lines: LineSpan) {
        self.kind = kind
        self.commandIndex = commandIndex
        self.lines = lines
        fields = []
        kernelMarkers = []
        dumpFiles = []
        dumpMarkers = []
        loadAverage = []
        systemCalls = []
        configOptions = []
    }

    /// The value of the first field named `key` (as printed: `LOAD AVERAGE`), or nil.
    public func value(of key: String) -> String? {
        fields.first { $0.key == key }?.value
    }

    /// `DATE:` as printed (`Wed Nov 25 20:28:46 UTC 2026`; no zone before crash 7.2.9).
    public var date: String? { value(of: "DATE") }
    /// `UPTIME:` as printed (`00:00:18`, `10 days, 14:14:39`).
    public var uptime: String? { value(of: "UPTIME") }
    /// `NODENAME:` (the host name; `(none)` when the kernel had none).
    public var nodeName: String? { value(of: "NODENAME") }
    /// `VERSION:`, the kernel's uts version (`#1 SMP PREEMPT_RT Debian 6.1.192-2 (2026-11-16)`).
    public var version: String? { value(of: "VERSION") }
    /// `MEMORY:` as printed (`1 GB`).
    public var memory: String? { value(of: "MEMORY") }
    /// The machine of `MACHINE:` without the speed (`x86_64`).
    public var machine: String? {
        value(of: "MACHINE").map { value in
            String(value.prefix { $0 != " " && $0 != "\t" })
        }
    }

    /// The task crash's context was set to, as its start-up banner prints it after the summary
    /// (`PID: 150`, `COMMAND: "crashtest_spin/"`, `TASK: ffff88803fd8c200  [THREAD_INFO: …]`,
    /// `CPU: 2`, `STATE: TASK_RUNNING (PANIC)`); on a dump it is the task that panicked.
    public struct ContextTask: Hashable, Sendable {
        /// The process id.
        public var pid: Int
        /// `COMMAND:` without its quotes.
        public var command: String?
        /// `TASK:`.
        public var taskAddress: HexNumber?
        /// `CPU:`.
        public var cpu: Int?
        /// `STATE:` as printed (`TASK_RUNNING (PANIC)`).
        public var state: String?
        /// True when `STATE:` ends in `(PANIC)`: this task panicked.
        public var isPanicTask: Bool { state?.hasSuffix("(PANIC)") == true }
        /// The line of `PID:`.
        public var line: Int
    }

    /// The context task, when the output printed one (crash's start-up banner does).
    public var contextTask: ContextTask? {
        guard let pidField = fields.first(where: { $0.key == "PID" }), let pid = Int(pidField.value) else { return nil }
        let command = value(of: "COMMAND").map { value in
            value.hasPrefix("\"") && value.hasSuffix("\"") && value.count >= 2 ? String(value.dropFirst().dropLast()) : value
        }
        let address = value(of: "TASK").flatMap { HexNumber($0.prefix { $0 != " " && $0 != "\t" }) }
        return ContextTask(
            pid: pid, command: command, taskAddress: address, cpu: value(of: "CPU").flatMap { Int($0) },
            state: value(of: "STATE"), line: pidField.line
        )
    }

    /// Whether the kernel was tainted: crash's `[TAINTED]` after `KERNEL:`, or a non-zero
    /// `sys -t` mask; false when `KERNEL:` was printed without it; nil when neither was printed.
    public var isTainted: Bool? {
        if let taintMask { return taintMask.value != 0 }
        if kernelMarkers.contains("TAINTED") { return true }
        return kernel == nil ? nil : false
    }
}

/// A Linux kernel release string (`uname -r`), with its leading version numbers read:
/// `6.1.0-56-rt-amd64` is 6.1.0 with local version `-56-rt-amd64`.
public struct KernelRelease: Hashable, Sendable, CustomStringConvertible {
    /// The release as printed.
    public var text: String
    /// The dotted numbers at the start (`[6, 1, 0]`; `[2, 6, 32]`); empty when it does not start with one.
    public var numbers: [Int]
    /// Everything after the numbers (`-56-rt-amd64`, `-1160.el7.x86_64`, `-rc3+`, `smp`).
    public var suffix: String

    /// A release `text` whose leading numbers are `numbers`, followed by `suffix`.
    public init(text: String, numbers: [Int], suffix: String) {
        self.text = text
        self.numbers = numbers
        self.suffix = suffix
    }

    /// The major version (`6`).
    public var major: Int? { numbers.first }
    /// The minor version (`1`).
    public var minor: Int? { numbers.count > 1 ? numbers[1] : nil }
    /// The patch level (`0`), when printed.
    public var patch: Int? { numbers.count > 2 ? numbers[2] : nil }

    public var description: String { text }
}

/// One row of `sys -c`: `  1  sys_exit                   ../kernel/exit.c: 404`.
public struct SystemCall: Hashable, Sendable {
    /// The system-call number.
    public var number: Int
    /// The handler's symbol (`sys_exit`, `__x64_sys_read`); for an invalid table entry, the
    /// symbol crash printed in parentheses, or empty.
    public var name: String
    /// The source file as crash printed it (relative to the build directory, `../kernel/exit.c`).
    public var file: String?
    /// The source line in ``file``.
    public var sourceLine: Int?
    /// The table's value when crash found no symbol for it (`invalid sys_call_table entry: ADDR`).
    public var invalidEntry: HexNumber?
    /// The input line.
    public var line: Int

    /// A row on `line`.
    public init(number: Int, name: String, file: String? = nil, sourceLine: Int? = nil, invalidEntry: HexNumber? = nil, line: Int) {
        self.number = number
        self.name = name
        self.file = file
        self.sourceLine = sourceLine
        self.invalidEntry = invalidEntry
        self.line = line
    }
}

/// One option of `sys config`: `CONFIG_SMP=y`, or `# CONFIG_KASAN is not set`.
public struct KernelConfigOption: Hashable, Sendable {
    /// The option's name, with its `CONFIG_` prefix.
    public var name: String
    /// The value as printed after `=` (`y`, `m`, `0x1000`, `"string"` with its quotes); nil
    /// for `# … is not set`.
    public var value: String?
    /// The input line.
    public var line: Int

    /// An option on `line`.
    public init(name: String, value: String?, line: Int) {
        self.name = name
        self.value = value
        self.line = line
    }
}

extension Transcript {
    /// The first `sys` summary (`KERNEL:`, `CPUS:`, `PANIC:` …) in the input, or nil.
    public var system: SystemInfo? { systems.first { $0.kind == .summary } }
}
