import CrashSiftModel

/// Headers of reports that syzkaller does not look for, so that the model has them too: the
/// informational ones that carry a stack (task dumps, NMI backtraces, OOM-killer invocations),
/// CSD-lock and machine-check messages, hard LOCKUPs, OOM kills and list corruption (before
/// the panic or BUG that syzkaller titles), and a bare `Oops:` without a more specific header.
///
/// Inside an open crash report such a header belongs to that report (an RCU stall prints
/// `Task dump for CPU 0:`, a hung-task or lockup report prints NMI backtraces after
/// `Sending NMI from CPU …`).
enum ExtraReportHeaders {
    /// One header: a literal for the scan, the pattern that confirms it on the line's message
    /// (its match is the report's title, before sanitising), and its kind.
    struct Header: Sendable {
        var literal: String
        var pattern: String
        var kind: ReportKind
        /// Whether a report of this kind that is already open absorbs this header instead of
        /// ending (machine checks print many `[Hardware Error]` lines; the CSD-lock IPI is
        /// re-sent inside the report that detected it).
        var continuesOpenReport = false
    }

    static let headers: [Header] = [
        Header(literal: "Task dump for CPU ", pattern: #"Task dump for CPU [0-9]+:"#, kind: .taskDump),
        Header(literal: "NMI backtrace for cpu ", pattern: #"NMI backtrace for cpu [0-9]+"#, kind: .nmiBacktrace),
        Header(literal: " invoked oom-killer:", pattern: #"^.*? invoked oom-killer"#, kind: .oomInvoked),
        Header(literal: "csd: Detected non-responsive CSD lock", pattern: #"csd: Detected non-responsive CSD lock \(#[0-9]+\) on CPU#?[0-9]+"#,
               kind: .csdLock),
        Header(literal: "csd: CSD lock (#", pattern: #"csd: CSD lock \(#[0-9]+\) got unstuck on CPU#?[0-9]+"#, kind: .csdLock),
        Header(literal: "csd: Re-sending CSD lock", pattern: #"csd: Re-sending CSD lock \(#[0-9]+\) IPI"#, kind: .csdLock,
               continuesOpenReport: true),
        Header(literal: "mce: [Hardware Error]", pattern: #"mce: \[Hardware Error\]:.*"#, kind: .machineCheck, continuesOpenReport: true),
        Header(literal: "Machine check events logged", pattern: #"Machine check events logged"#, kind: .machineCheck,
               continuesOpenReport: true),
        // APEI/GHES: `{1}[Hardware Error]: Hardware error from APEI Generic Hardware Error Source: 0`.
        Header(literal: "[Hardware Error]:", pattern: #"\{[0-9]+\}\[Hardware Error\]:.*"#, kind: .machineCheck, continuesOpenReport: true),
        // syzkaller titles the panic (`Kernel panic - not syncing: Hard LOCKUP`) or the BUG
        // that follows these; alone, they are still the failure.
        Header(literal: "hard LOCKUP on cpu", pattern: #"Watchdog detected hard LOCKUP on cpu [0-9]+"#, kind: .hardLockup),
        Header(literal: "Out of memory: Kill", pattern: #"Out of memory: Kill(?:ed)? process [0-9]+ \([^)]*\)"#, kind: .outOfMemory),
        Header(literal: "list_add corruption", pattern: #"list_add corruption"#, kind: .listCorruption),
        Header(literal: "list_del corruption", pattern: #"list_del corruption"#, kind: .listCorruption),
        // `Oops: 0000 [#1] SMP`, `Oops - BUG: 0 [#1]`, `Internal error: Oops: …` are covered by
        // other headers when they come with one; alone, the log lost the real header.
        Header(literal: "Oops", pattern: #"\bOops(?::| -) .*"#, kind: .oops),
    ]
}
