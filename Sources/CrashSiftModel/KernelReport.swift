import CrashSiftText

/// The kernel log of a transcript: its records and the failure reports found in them.
public struct KernelLog: Hashable, Sendable {
    /// Every record, in input order.
    public var records: [LogRecord]
    /// The failure reports, in input order.
    public var reports: [KernelReport]

    /// An empty log.
    public init(records: [LogRecord] = [], reports: [KernelReport] = []) {
        self.records = records
        self.reports = reports
    }

    /// True when no log text was found.
    public var isEmpty: Bool { records.isEmpty }
}

/// One failure report in a kernel log: an RCU stall, an oops, a warning, a panic, … with the
/// facts the kernel printed around it.
///
/// ``title`` follows google/syzkaller's `pkg/report` conventions ("INFO: rcu detected stall in
/// generic_exec_single"), the names kernel developers already use for crash kinds.
public struct KernelReport: Hashable, Sendable {
    /// What kind of failure.
    public var kind: ReportKind
    /// The syzkaller-style title, numbers and addresses normalised.
    public var title: String
    /// Other titles the same failure is known by (for matching alike reports).
    public var altTitles: [String]
    /// syzkaller's crash type (`HANG`, `WARNING`, `KASAN-READ`, …).
    public var crashType: String
    /// The input line of the header (`INFO: rcu_preempt self-detected stall on CPU`).
    public var line: Int
    /// The last input line of the report.
    public var endLine: Int
    /// Positions in ``KernelLog/records`` of the records the report spans.
    public var records: Range<Int>
    /// The CPU from the report's `CPU: N PID: N Comm: …` line (or its header).
    public var cpu: Int?
    /// The pid from the `CPU:` line (or the hung task's header, `task:` line, `Task dump` line).
    public var pid: Int?
    /// The input line the pid and command were read from.
    public var taskLine: Int?
    /// The command (`Comm:`) from the `CPU:` line.
    public var command: String?
    /// The kernel release from the `CPU:` line (`6.1.0-56-rt-amd64`).
    public var kernel: String?
    /// The taint flags from the `CPU:` line (`G           OE`), when tainted.
    public var tainted: String?
    /// The `Hardware name:` text.
    public var hardware: String?
    /// The `RIP:`/`pc :`/`NIP` location as printed (`0010:crashtest_spin_forever+0x25/0x30 [crashtest]`).
    public var instructionPointer: String?
    /// The function of ``instructionPointer`` when it names one (`crashtest_spin_forever`),
    /// as the report grammar took it apart.
    public var instructionPointerFunction: String?
    /// The `Code:` line, as printed.
    public var code: String?
    /// The register rows printed in the report (`RSP: 0018:…  EFLAGS: …`, `RAX: …`).
    public var registers: RegisterSet?
    /// The modules from `Modules linked in:`, in order.
    public var modules: [String]
    /// The architecture, from the report's register names (`x29`, `RAX`, `GPR00`…) or its frames' addresses.
    public var architecture: Architecture?
    /// The call traces, in order.
    public var callTraces: [CallTrace]
    /// True when the report's evidence is broken (no frames, cut off, lines merged).
    public var corrupted: Bool
    /// Why it is corrupted.
    public var corruptedReason: String?
    /// The function the title names, when it names one.
    public var guiltyFrame: String?
    /// True for reports that carry a stack but are not failures by themselves
    /// (`Task dump for CPU 0:`, `NMI backtrace for cpu 1`, `X invoked oom-killer`).
    public var isInformational: Bool
    /// True when google/syzkaller reports this as a crash, so ``title`` is syzkaller's; false
    /// for the headers syzkaller does not look for (task dumps, NMI backtraces, OOM kills,
    /// CSD-lock and machine-check messages, a hard LOCKUP or list corruption before the panic or
    /// BUG that syzkaller titles), titled by their header line.
    public var isSyzkallerCrash: Bool
    /// True when the paste ends inside the report (its last line cut off, or a `<TASK>` trace
    /// without its end; see the `pasteTruncatedRecord` diagnostic).
    public var isPartial: Bool

    /// A report of `kind` titled `title` on lines `line...endLine`.
    public init(
        kind: ReportKind, title: String, altTitles: [String] = [], crashType: String = "", line: Int, endLine: Int,
        records: Range<Int>, corrupted: Bool = false, corruptedReason: String? = nil, guiltyFrame: String? = nil,
        isInformational: Bool? = nil, isSyzkallerCrash: Bool = true
    ) {
        self.kind = kind
        self.title = title
        self.altTitles = altTitles
        self.crashType = crashType
        self.line = line
        self.endLine = endLine
        self.records = records
        self.cpu = nil
        self.pid = nil
        self.taskLine = nil
        self.command = nil
        self.kernel = nil
        self.tainted = nil
        self.hardware = nil
        self.instructionPointer = nil
        self.instructionPointerFunction = nil
        self.code = nil
        self.registers = nil
        self.modules = []
        self.callTraces = []
        self.corrupted = corrupted
        self.corruptedReason = corruptedReason
        self.guiltyFrame = guiltyFrame
        self.isInformational = isInformational ?? kind.isInformational
        self.isSyzkallerCrash = isSyzkallerCrash
        self.isPartial = false
        self.architecture = nil
    }

    /// Every frame of every call trace, in print order.
    public var frames: [Frame] { callTraces.flatMap(\.frames) }
}

/// A call trace the kernel printed into its log: `Call Trace:` and the frames after it, with
/// the stacks they were on (`<IRQ>` … `</IRQ>`, `<NMI>`, `<EOI>`, `<TASK>`).
///
/// Frames use the same model as `bt` frames: ``Frame/index`` is the position in the trace,
/// ``Frame/reliable`` is false for the kernel's `?` frames, ``Frame/sp`` is absent.
public struct CallTrace: Hashable, Sendable {
    /// The input line of the `Call Trace:` line, or of the first frame when there is none.
    public var line: Int
    /// The last input line of the trace.
    public var lastLine: Int
    /// The frames, innermost first.
    public var frames: [Frame]

    /// A trace starting on `line`.
    public init(line: Int, lastLine: Int, frames: [Frame] = []) {
        self.line = line
        self.lastLine = lastLine
        self.frames = frames
    }

    /// The frames not marked `?`.
    public var reliableFrames: [Frame] { frames.filter(\.reliable) }
}
