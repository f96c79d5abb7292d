import CrashSiftModel

/// The kernel report formats, as data: which header text starts a report, and for each header
/// the formats tried in order, each with its title pattern, the title it gives, and how its
/// guilty frame is found.
///
/// This is the knowledge of syzkaller's `linuxOopses` table (`pkg/report/linux.go`), written
/// here as our own table. The title strings (`INFO: rcu detected stall in $1`, …) are
/// syzkaller's conventions and must stay exactly as they are, so that titles agree with it.
///
/// Title templates use `$N` for the N-th argument: first the groups of the format's `report`
/// pattern (or of its `title` pattern when it has none), then one function per stack trace
/// the stack recipe reads.
enum KernelReportTable {
    /// One header: the literal text that makes a line a report start, its formats, and the
    /// lines that contain the text but are not reports.
    struct Header: Sendable {
        /// Found anywhere in the raw line (prefix included), as syzkaller does.
        var literal: String
        /// The kind of a report whose title fell back to the header line (no format matched).
        var kind: ReportKind
        var formats: [Format]
        /// Patterns that, when found in the same line, mean it is not a report.
        var suppressions: [String] = []
    }

    /// One way a report under a header can look, and the title it then gets.
    struct Format: Sendable {
        /// Searched in the report text (its lines, prefixes stripped); the earliest match
        /// among a header's formats wins.
        var title: String
        /// When set, must also match the report text, and its groups are the title's
        /// arguments; when the title matches but this does not, the report is corrupted.
        var report: String? = nil
        /// The title, with `$N` arguments.
        var template: String
        /// Alternative titles, with the same arguments.
        var alternatives: [String] = []
        var kind: ReportKind
        /// How to find the guilty function(s); nil when the title names none.
        var stack: StackRecipe? = nil
        /// The report has no stack trace by nature, so a missing one does not make it corrupted.
        var noStackTrace = false
        /// Reports of this format are always corrupted (they are truncated by nature).
        var corrupted = false
    }

    /// How the guilty frame is read from a report.
    struct StackRecipe: Sendable {
        /// Steps matched one after another, line by line, from where the title matched.
        var steps: [StackStep]
        /// Tried when `steps` give no frame.
        var fallbackSteps: [StackStep] = []
        /// Functions skipped in this kind of report, on top of ``KernelStackRules/skippedFunctions``.
        var skip: [String] = []
        var chooser: FrameChooser = .first
    }

    /// One step of a stack recipe.
    enum StackStep: Sendable {
        /// Go to the first line matching the pattern; its groups, if any, are frames.
        case line(String)
        /// Read a stack trace: every frame line until the next trace heading.
        case trace
    }

    /// How the guilty frame is picked from the frames of a trace.
    enum FrameChooser: Sendable {
        /// The first frame that is not skipped.
        case first
        /// Stalls and lockups: the frame above the first work-dispatching anchor
        /// (``KernelStackRules/stallAnchors``).
        case stall
        /// Hung tasks: the frame of an anchor that groups hangs, else the first frame that is
        /// not waiting machinery.
        case hungTask
    }

    // MARK: Shared steps

    static let instructionPointer = StackStep.line(KernelStackRules.instructionPointer)
    static let callTrace = StackStep.line(KernelStackRules.callTraceHeading)

    /// WARNINGs: the frames after the trapping instruction pointer (x86 `RIP:`, or powerpc's
    /// `--- interrupt: N at func`), else after the call trace heading of older kernels.
    static func warningStack(skip: [String] = []) -> StackRecipe {
        StackRecipe(
            steps: [.line("(?:\(KernelStackRules.instructionPointer)|--- interrupt: [0-9]+ at {{FUNC}})"), .trace],
            fallbackSteps: [callTrace, .trace],
            skip: skip)
    }

    /// The registers-then-trace recipe of faults: the faulting instruction pointer, then the trace.
    static let faultStack = StackRecipe(steps: [instructionPointer, callTrace, .trace])

    /// The trace after the call trace heading.
    static func traceStack(skip: [String] = [], chooser: FrameChooser = .first) -> StackRecipe {
        StackRecipe(steps: [callTrace, .trace], skip: skip, chooser: chooser)
    }

    // MARK: The table

    /// Every header, in the order they are tried on a line.
    static let headers: [Header] = [
        Header(literal: "BUG:", kind: .kernelBug, formats: [
            Format(title: "BUG: KASAN:",
                   report: #"BUG: KASAN: ([a-z\-]+) in {{FUNC}}(?:.*\n)+?.*(Read|Write) (?:of size|at addr) (?:[0-9a-f]+)"#,
                   template: "KASAN: $1 $3 in $4", alternatives: ["bad-access in $4"], kind: .kasan,
                   stack: StackRecipe(steps: [.line(#"BUG: KASAN: (?:[a-z\-]+) in {{FUNC}}"#), callTrace, .trace],
                                      // Frames of KASAN_HW_TAGS reports (arm64 MTE).
                                      skip: ["kernel_fault", "tag_check", "mem_abort", "^el1_", "^el1h_"])),
            Format(title: "BUG: KASAN:",
                   report: #"BUG: KASAN: (?:double-free or invalid-free|double-free|invalid-free) in {{FUNC}}"#,
                   template: "KASAN: invalid-free in $2", alternatives: ["invalid-free in $2"], kind: .kasan,
                   stack: StackRecipe(steps: [.line(#"BUG: KASAN: (?:double-free or invalid-free|double-free|invalid-free) in {{FUNC}}"#), callTrace, .trace],
                                      skip: ["slab_", "kfree", "vunmap", "vfree"])),
            Format(title: #"BUG: KASAN: ([a-z\-]+) on address(?:.*\n)+?.*(Read|Write) of size ([0-9]+)"#,
                   template: "KASAN: $1 $2", kind: .kasan),
            Format(title: "BUG: KASAN: (.*)", template: "KASAN: $1", kind: .kasan, corrupted: true),
            Format(title: "BUG: KMSAN: kernel-usb-infoleak",
                   report: "BUG: KMSAN: kernel-usb-infoleak in {{FUNC}}",
                   template: "KMSAN: kernel-usb-infoleak in $2", alternatives: ["KMSAN origin in $3"], kind: .kmsan,
                   stack: StackRecipe(steps: [.trace, .line("(Local variable .* created at:|Uninit was created at:)"), .trace],
                                      skip: ["alloc_skb", "usb_submit_urb", "usb_start_wait_urb", "usb_bulk_msg", "usb_interrupt_msg", "usb_control_msg"]),
                   noStackTrace: true),
            Format(title: "BUG: KMSAN:",
                   report: #"BUG: KMSAN: ([a-z\-]+) in {{FUNC}}"#,
                   template: "KMSAN: $1 in $3", alternatives: ["bad-access in $3"], kind: .kmsan,
                   stack: StackRecipe(steps: [.trace, .line("(Local variable .* created at:|Uninit was created at:)"), .trace],
                                      // Crypto routines are where such bugs are hit, but the generic
                                      // code makes a bad title.
                                      skip: ["alloc_skb", "netlink_ack", "netlink_rcv_skb", "_encrypt$", "^(?:crypto|cipher|drbg|rng)_"]),
                   noStackTrace: true),
            Format(title: "BUG: KCSAN: data-race", report: "BUG: KCSAN: (.*)", template: "KCSAN: $1", kind: .kcsan, noStackTrace: true),
            Format(title: "BUG: KCSAN:", report: "BUG: KCSAN: (.*)", template: "KCSAN: $1", kind: .kcsan, noStackTrace: true),
            Format(title: "BUG: KFENCE: (use-after-free|out-of-bounds) (read|write) in {{FUNC}}",
                   template: "KFENCE: $1 $2 in $4", alternatives: ["bad-access in $4"], kind: .kfence,
                   stack: StackRecipe(steps: [.line(#"BUG: KFENCE: (?:[a-z\- ]+) in {{FUNC}}"#), .trace])),
            Format(title: "BUG: KFENCE: invalid free in {{FUNC}}",
                   template: "KFENCE: invalid free in $2", alternatives: ["invalid-free in $2"], kind: .kfence,
                   stack: StackRecipe(steps: [.line(#"BUG: KFENCE: (?:[a-z\- ]+) in {{FUNC}}"#), .trace]),
                   noStackTrace: true),
            Format(title: "BUG: KFENCE: invalid (read|write) in {{FUNC}}",
                   template: "KFENCE: invalid $1 in $3", alternatives: ["bad-access in $3"], kind: .kfence,
                   stack: StackRecipe(steps: [.line(#"BUG: KFENCE: (?:[a-z\- ]+) in {{FUNC}}"#), .trace])),
            Format(title: "BUG: KFENCE: memory corruption in {{FUNC}}",
                   template: "KFENCE: memory corruption in $2", kind: .kfence,
                   stack: StackRecipe(steps: [.line(#"BUG: KFENCE: (?:[a-z\- ]+) in {{FUNC}}"#), .trace]),
                   noStackTrace: true),
            Format(title: "BUG: (?:unable to handle kernel paging request|unable to handle page fault for address|Unable to handle kernel data access)",
                   template: "BUG: unable to handle kernel paging request in $1", alternatives: ["bad-access in $1"],
                   kind: .pageFault, stack: faultStack),
            Format(title: "BUG: (?:unable to handle kernel NULL pointer dereference|kernel NULL pointer dereference|Kernel NULL pointer dereference)",
                   template: "BUG: unable to handle kernel NULL pointer dereference in $1", alternatives: ["bad-access in $1"],
                   kind: .nullPointerDereference, stack: faultStack),
            // The second half of this header is a separate printk that may be lost.
            Format(title: "BUG: (?:unable to handle kernel|Unable to handle kernel)", template: "BUG: unable to handle kernel",
                   kind: .pageFault, corrupted: true),
            Format(title: "BUG: (spinlock|rwlock) (lockup suspected|already unlocked|recursion|cpu recursion|bad magic|wrong owner|wrong CPU|trylock failure on UP)",
                   template: "BUG: $1 $2 in $3", kind: .spinlockBug,
                   stack: traceStack(skip: ["spin_", "_lock", "_unlock"])),
            Format(title: "BUG: soft lockup", template: "BUG: soft lockup in $1", alternatives: ["stall in $1"], kind: .softLockup,
                   stack: StackRecipe(steps: [instructionPointer, callTrace, .trace], chooser: .stall)),
            Format(title: "BUG: .*still has locks held!", report: #"BUG: .*still has locks held!(?:.*\n)+?.*{{PC}} +{{FUNC}}"#,
                   template: "BUG: still has locks held in $1", kind: .lockdep),
            Format(title: "BUG: scheduling while atomic", template: "BUG: scheduling while atomic in $1", kind: .schedulingWhileAtomic,
                   stack: traceStack(skip: ["schedule"])),
            Format(title: "BUG: lock held when returning to user space",
                   report: #"BUG: lock held when returning to user space(?:.*\n)+?.*leaving the kernel with locks still held(?:.*\n)+?.*at: (?:{{PC}} +)?{{FUNC}}"#,
                   template: "BUG: lock held when returning to user space in $1", kind: .lockdep, noStackTrace: true),
            Format(title: "BUG: bad unlock balance detected!", template: "BUG: bad unlock balance in $1", kind: .lockdep,
                   stack: StackRecipe(steps: [.line("{{PC}} +{{FUNC}}"), callTrace, .trace])),
            Format(title: "BUG: held lock freed!", report: #"BUG: held lock freed!(?:.*\n)+?.*{{PC}} +{{FUNC}}"#,
                   template: "BUG: held lock freed in $1", kind: .lockdep),
            Format(title: "BUG: Bad rss-counter state", template: "BUG: Bad rss-counter state", kind: .kernelBug, noStackTrace: true),
            Format(title: "BUG: non-zero nr_ptes on freeing mm", template: "BUG: non-zero nr_ptes on freeing mm", kind: .kernelBug, noStackTrace: true),
            Format(title: "BUG: non-zero nr_pmds on freeing mm", template: "BUG: non-zero nr_pmds on freeing mm", kind: .kernelBug, noStackTrace: true),
            // The file system type and block device are left out of the title: loop0/1/2 and
            // the type both split one bug into many.
            Format(title: "BUG: Dentry .* still in use", report: #"BUG: Dentry .* still in use \([0-9]+\) \[(unmount) of ([^\]]+)\]"#,
                   template: "BUG: Dentry still in use in $1", alternatives: ["BUG: Dentry still in use [$1 of $2]"], kind: .kernelBug),
            Format(title: "BUG: Bad page (state|cache)", template: "BUG: Bad page $1 in $2", kind: .kernelBug,
                   stack: StackRecipe(steps: [.line("page last allocated"), .trace],
                                      skip: ["(free|put|get|update|release)_page", "free_unref", "^_*folio", "truncate_inode_pages",
                                             "page_frag_free", "alloc", "vmap", "page_owner"])),
            Format(title: "BUG: Bad page map", template: "BUG: Bad page map", kind: .kernelBug),
            Format(title: "BUG: workqueue lockup", template: "BUG: workqueue lockup", kind: .kernelBug, noStackTrace: true),
            Format(title: "BUG: sleeping function called from invalid context at (.*)",
                   template: "BUG: sleeping function called from invalid context in $2", kind: .schedulingWhileAtomic,
                   stack: traceStack()),
            Format(title: #"BUG: using ([a-z_]+)\(\) in preemptible"#, template: "BUG: using $1() in preemptible code in $2", kind: .kernelBug,
                   stack: traceStack(skip: ["dump_stack", "preemption", "preempt", "debug_", "processor_id", "this_cpu"])),
            Format(title: "BUG: workqueue leaked lock or atomic",
                   report: #"BUG: workqueue leaked lock or atomic(?:.*\n)+?.*last function: ([a-zA-Z0-9_]+)\n"#,
                   template: "BUG: workqueue leaked lock or atomic in $1", kind: .kernelBug, noStackTrace: true),
            Format(title: "BUG: memory leak", template: "memory leak in $1", kind: .memoryLeak,
                   stack: StackRecipe(steps: [.line(#"backtrace(?: \(crc [[:xdigit:]]*\))?:"#), .trace],
                                      skip: ["kmemleak", "mmap", "kmem", "slab", "alloc", "create_object", "idr_get", "list_lru_init",
                                             "kasprintf", "kvasprintf", "pcpu_create", "strdup", "strndup", "memdup"])),
            Format(title: "BUG: .*stack guard page was hit at", template: "BUG: stack guard page was hit in $1",
                   alternatives: ["stack-overflow in $1"], kind: .kernelBug,
                   stack: StackRecipe(steps: [instructionPointer, callTrace, .trace], chooser: .stall)),
            // The arm/arm64 form of a report amd64 prints as a lockdep WARNING; same title.
            Format(title: "BUG: Invalid wait context", template: "WARNING: locking bug in $1", kind: .lockdep,
                   stack: traceStack(skip: ["lock_sock", "release_sock"])),
            Format(title: #"BUG:[[:space:]]*(?:\n|\z)"#, template: "BUG: corrupted", kind: .kernelBug, corrupted: true),
        ], suppressions: [
            "ODEBUG:",                                  // CONFIG_DEBUG_OBJECTS output
            "Boot_DEBUG:", "xlog_status:", "DEBUG:",    // Android
            "BUG: no syscalls can create resource",     // syzkaller's own debug output
        ]),

        Header(literal: "WARNING:", kind: .warning, formats: [
            Format(title: #"WARNING: .*lib/debugobjects\.c.* (?:debug_print|debug_check|at)"#, template: "WARNING: ODEBUG bug in $1", kind: .warning,
                   // Users of debug objects are skipped too.
                   stack: warningStack(skip: ["debug_", "rcu", "hrtimer_", "timer_", "work_", "percpu_", "vunmap", "vfree", "__free_",
                                              "debug_check", "kobject_"])),
            Format(title: #"WARNING: .*mm/usercopy\.c.* (?:usercopy_warn|at)"#, template: "WARNING: bad usercopy in $1", kind: .warning,
                   stack: warningStack(skip: ["usercopy", "__check"])),
            Format(title: #"WARNING: .*lib/kobject\.c.* (?:kobject_|at)"#, template: "WARNING: kobject bug in $1", kind: .warning,
                   stack: warningStack(skip: ["kobject_"])),
            Format(title: #"WARNING: .*fs/proc/generic\.c.* (?:proc_register|at)"#, template: "WARNING: proc registration bug in $1", kind: .warning,
                   stack: warningStack(skip: ["proc_"])),
            Format(title: #"WARNING: .*lib/refcount\.c.* (?:refcount_|at)"#, template: "WARNING: refcount bug in $1", kind: .warning,
                   stack: warningStack(skip: ["refcount", "kobject_"])),
            Format(title: #"WARNING: .*kernel/locking/lockdep\.c.*lock_"#, template: "WARNING: locking bug in $1", kind: .lockdep,
                   stack: warningStack(skip: ["lock_sock", "release_sock"])),
            Format(title: "WARNING: .*still has locks held!", report: #"WARNING: .*still has locks held!(?:.*\n)+?.*at: {{FUNC}}"#,
                   template: "WARNING: still has locks held in $1", kind: .lockdep),
            Format(title: "WARNING: Nested lock was not taken", template: "WARNING: nested lock was not taken in $1", kind: .lockdep,
                   stack: warningStack()),
            Format(title: "WARNING: lock held when returning to user space",
                   report: #"WARNING: lock held when returning to user space(?:.*\n)+?.*leaving the kernel with locks still held(?:.*\n)+?.*at: (?:{{PC}} +)?{{FUNC}}"#,
                   template: "WARNING: lock held when returning to user space in $1", kind: .lockdep, noStackTrace: true),
            Format(title: #"WARNING: .*mm/.*\.c.* k?.?malloc"#, template: "WARNING: kmalloc bug in $1", kind: .warning,
                   stack: warningStack(skip: ["kmalloc", "krealloc", "slab", "kmem"])),
            Format(title: "WARNING: .*mm/vmalloc.c.*__vmalloc_node", template: "WARNING: zero-size vmalloc in $1", kind: .warning,
                   stack: warningStack()),
            Format(title: "WARNING: .* usb_submit_urb", template: "WARNING in $1/usb_submit_urb", kind: .warning,
                   stack: warningStack(skip: ["usb_submit_urb", "usb_start_wait_urb", "usb_bulk_msg", "usb_interrupt_msg", "usb_control_msg"])),
            // `WARNING: file.c:123 at 0x…, CPU#1`: the format of kernels from late 2025 on.
            Format(title: #"WARNING: {{SRC}} at 0x\d+, CPU#\d+"#, template: "WARNING in $2", kind: .warning, stack: warningStack()),
            Format(title: "WARNING: .* at {{SRC}} {{FUNC}}", template: "WARNING in $3", kind: .warning, stack: warningStack()),
            Format(title: "WARNING: {{SRC}} at {{FUNC}}", template: "WARNING in $3", kind: .warning, stack: warningStack()),
            Format(title: #"WARNING: \[.*\] {{SRC}} at {{FUNC}}.*"#, template: "WARNING in $3", kind: .warning, stack: warningStack()),
            Format(title: "WARNING: possible circular locking dependency detected",
                   report: #"WARNING: possible circular locking dependency detected(?:.*\n)+?.*is trying to acquire lock"#,
                   template: "possible deadlock in $1", kind: .lockdep,
                   stack: StackRecipe(steps: [.line("at: (?:{{PC}} +)?{{FUNC}}"), .line("at: (?:{{PC}} +)?{{FUNC}}"), .trace],
                                      // These take locks that stand for work items: deadlocks seen in
                                      // them belong to the work item's subsystem.
                                      skip: ["process_one_work", "flush_workqueue", "drain_workqueue", "destroy_workqueue"])),
            Format(title: "WARNING: possible irq lock inversion dependency detected",
                   report: #"WARNING: possible irq lock inversion dependency detected(?:.*\n)+?.*just changed the state of lock(?:.*\n)+?.*at: (?:{{PC}} +)?{{FUNC}}"#,
                   template: "possible deadlock in $1", kind: .lockdep),
            Format(title: "WARNING: .*-safe -> .*-unsafe lock order detected", template: "possible deadlock in $1", kind: .lockdep,
                   stack: StackRecipe(steps: [.line("which became (?:.*) at:"), .trace])),
            Format(title: "WARNING: possible recursive locking detected",
                   report: #"WARNING: possible recursive locking detected(?:.*\n)+?.*is trying to acquire lock(?:.*\n)+?.*at: (?:{{PC}} +)?{{FUNC}}"#,
                   template: "possible deadlock in $1", kind: .lockdep),
            Format(title: "WARNING: inconsistent lock state",
                   report: #"WARNING: inconsistent lock state(?:.*\n)+?.*takes(?:.*\n)+?.*at: (?:{{PC}} +)?{{FUNC}}"#,
                   template: "inconsistent lock state in $2", kind: .lockdep, stack: traceStack()),
            Format(title: "WARNING: suspicious RCU usage", report: #"WARNING: suspicious RCU usage(?:.*\n)+?.*?{{SRC}}"#,
                   template: "WARNING: suspicious RCU usage in $2", kind: .lockdep,
                   stack: traceStack(skip: ["rcu", "kmem", "slab"])),
            Format(title: "WARNING: kernel stack regs at [0-9a-f]+ in [^ ]* has bad '([^']+)' value",
                   template: "WARNING: kernel stack regs has bad '$1' value", kind: .warning, noStackTrace: true),
            Format(title: "WARNING: kernel stack frame pointer at [0-9a-f]+ in [^ ]* has bad value",
                   template: "WARNING: kernel stack frame pointer has bad value", kind: .warning, noStackTrace: true),
            Format(title: "WARNING: bad unlock balance detected!", template: "WARNING: bad unlock balance in $1", kind: .lockdep,
                   stack: StackRecipe(steps: [.line("{{PC}} +{{FUNC}}"), callTrace, .trace])),
            Format(title: "WARNING: held lock freed!", report: #"WARNING: held lock freed!(?:.*\n)+?.*at:(?: {{PC}})? +{{FUNC}}"#,
                   template: "WARNING: held lock freed in $1", kind: .lockdep),
            Format(title: "WARNING: kernel stack regs .* has bad 'bp' value", template: "WARNING: kernel stack regs has bad value",
                   kind: .warning, noStackTrace: true),
            Format(title: "WARNING: kernel stack frame pointer .* has bad value", template: "WARNING: kernel stack regs has bad value",
                   kind: .warning, noStackTrace: true),
            Format(title: #"WARNING:[[:space:]]*(?:\n|\z)"#, template: "WARNING: corrupted", kind: .warning, corrupted: true),
        ], suppressions: [
            "WARNING: /etc/ssh/moduli does not exist, using fixed modulus",  // sshd
            "WARNING: workqueue cpumask: online intersect > possible intersect",
            "WARNING: [Tt]he mand mount option",
            #"WARNING: Unsupported flag value\(s\) of 0x%x in DT_FLAGS_1"#,   // dumping glibc
            "WARNING: Unprivileged eBPF is enabled with eIBRS",
            #"WARNING: fbcon: Driver '(.*)' missed to adjust virtual screen size (\((?:\d+)x(?:\d+) vs\. (?:\d+)x(?:\d+)\))"#,
            "WARNING: See https.* for mitigation options.",
            "WARNING: kernel not compiled with CPU_SRSO",
            #"EXT4-[Ff][Ss](?: \(.*\))?:"#,                                 // __ext4_msg
            "(?i)warning: .* uses (deprecated v2 capabilities|wireless extensions)",
            #"XFS \(\w+\): WARNING"#,
        ]),

        Header(literal: "INFO:", kind: .other, formats: [
            Format(title: "INFO: possible circular locking dependency detected",
                   report: #"INFO: possible circular locking dependency detected \](?:.*\n)+?.*is trying to acquire lock(?:.*\n)+?.*at: {{PC}} +{{FUNC}}"#,
                   template: "possible deadlock in $1", kind: .lockdep),
            Format(title: "INFO: possible irq lock inversion dependency detected",
                   report: #"INFO: possible irq lock inversion dependency detected \](?:.*\n)+?.*just changed the state of lock(?:.*\n)+?.*at: {{PC}} +{{FUNC}}"#,
                   template: "possible deadlock in $1", kind: .lockdep),
            Format(title: "INFO: SOFTIRQ-safe -> SOFTIRQ-unsafe lock order detected",
                   report: #"INFO: SOFTIRQ-safe -> SOFTIRQ-unsafe lock order detected \](?:.*\n)+?.*is trying to acquire(?:.*\n)+?.*at: {{PC}} +{{FUNC}}"#,
                   template: "possible deadlock in $1", kind: .lockdep),
            Format(title: "INFO: possible recursive locking detected",
                   report: #"INFO: possible recursive locking detected \](?:.*\n)+?.*is trying to acquire lock(?:.*\n)+?.*at: {{PC}} +{{FUNC}}"#,
                   template: "possible deadlock in $1", kind: .lockdep),
            Format(title: "INFO: inconsistent lock state",
                   report: #"INFO: inconsistent lock state \](?:.*\n)+?.*takes(?:.*\n)+?.*at: {{PC}} +{{FUNC}}"#,
                   template: "inconsistent lock state in $1", kind: .lockdep),
            Format(title: "INFO: rcu_(?:preempt|sched|bh|tasks) (?:self-)?detected(?: expedited)? stall",
                   template: "INFO: rcu detected stall in $1", alternatives: ["stall in $1"], kind: .rcuStall,
                   stack: StackRecipe(steps: [.line("apic_timer_interrupt"), instructionPointer, .trace],
                                      fallbackSteps: [.line("(?:apic_timer_interrupt|Exception stack|el1h_64_irq)"), .trace],
                                      skip: ["apic_timer_interrupt", "rcu"], chooser: .stall)),
            Format(title: "INFO: trying to register non-static key", template: "INFO: trying to register non-static key in $1", kind: .lockdep,
                   stack: traceStack(skip: ["stack", "lock", "IRQ"])),
            Format(title: "INFO: suspicious RCU usage", report: #"INFO: suspicious RCU usage(?:.*\n)+?.*?{{SRC}}"#,
                   template: "INFO: suspicious RCU usage in $2", kind: .lockdep,
                   stack: traceStack(skip: ["rcu", "kmem", "slab"])),
            Format(title: "INFO: task {{TASK}} blocked (?:in I/O wait )?for more than [0-9]+ seconds",
                   template: "INFO: task hung in $1", alternatives: ["hang in $1"], kind: .hungTask,
                   stack: traceStack(chooser: .hungTask)),
            Format(title: "INFO: task {{TASK}} can't die for more than .* seconds",
                   template: "INFO: task can't die in $1", alternatives: ["hang in $1"], kind: .hungTask,
                   stack: traceStack(skip: ["schedule"])),
            // Old KASAN reports that lost their header.
            Format(title: "INFO: (Freed|Allocated) in (.*)", template: "INFO: $1 in $2", kind: .kasan, corrupted: true),
            Format(title: #"INFO:[[:space:]]*(?:\n|\z)"#, template: "INFO: corrupted", kind: .other, corrupted: true),
        ], suppressions: [
            "INFO: lockdep is turned off",
            "INFO: Stall ended before state dump start",
            "INFO: NMI handler",
            "INFO: recovery required on readonly filesystem",
            "(handler|interrupt).*took too long",
            "INFO: sys_.* is not present in /proc/kallsyms",  // syzkaller's own debug output
            "INFO: no syscalls can create resource",
            "rmt_storage:INFO:",                              // Android
            "_INFO:",                                         // `INVALID BTF_INFO:NUM`
        ]),

        Header(literal: "Unable to handle kernel", kind: .pageFault, formats: [
            Format(title: "Unable to handle kernel (paging request|NULL pointer dereference|access to user memory)",
                   template: "BUG: unable to handle kernel $1 in $2", alternatives: ["bad-access in $2"], kind: .pageFault,
                   stack: faultStack),
        ]),
        Header(literal: "general protection fault", kind: .generalProtectionFault, formats: [
            Format(title: "general protection fault.*:", template: "general protection fault in $1", alternatives: ["bad-access in $1"],
                   kind: .generalProtectionFault, stack: faultStack),
        ], suppressions: [
            // A user-space fault: `traps: x[1] general protection fault ip:… error:0 in libc.so`.
            #"general protection fault .* error:\d+ in "#,
        ]),
        Header(literal: "stack segment: ", kind: .other, formats: [
            Format(title: "stack segment: ", template: "stack segment fault in $1", kind: .other, stack: faultStack),
        ]),
        Header(literal: "Kernel panic", kind: .panic, formats: [
            // On stack corruption the kernel may fail to print the function or to unwind.
            Format(title: "Kernel panic - not syncing: stack-protector:",
                   report: "Kernel panic - not syncing: stack-protector: Kernel stack is corrupted in: {{FUNC}}",
                   template: "kernel panic: stack is corrupted in $1", kind: .stackProtector, noStackTrace: true),
            Format(title: "Kernel panic - not syncing: stack-protector:",
                   report: "Kernel panic - not syncing: stack-protector: Kernel stack is corrupted in: [a-f0-9]+",
                   template: "kernel panic: stack is corrupted in $1", kind: .stackProtector,
                   stack: traceStack(skip: ["stack_chk"])),
            Format(title: "Kernel panic - not syncing: corrupted stack end",
                   report: "Kernel panic - not syncing: corrupted stack end detected inside scheduler",
                   template: "kernel panic: corrupted stack end in $1", alternatives: ["stack-overflow in $1"], kind: .panic,
                   stack: traceStack(skip: ["schedule", "retint_kernel"], chooser: .stall)),
            Format(title: "Kernel panic - not syncing: kernel stack overflow", template: "kernel stack overflow in $1",
                   alternatives: ["stack-overflow in $1"], kind: .panic,
                   stack: traceStack(skip: ["bad_stack"], chooser: .stall)),
            Format(title: "Kernel panic - not syncing: Attempted to kill init!", template: "kernel panic: Attempted to kill init!", kind: .killedInit),
            Format(title: "Kernel panic - not syncing: Couldn't open N_TTY ldisc for [^ ]+ --- error -[0-9]+",
                   template: "kernel panic: Couldn't open N_TTY ldisc", kind: .panic),
            // These panics follow a BUG, a WARNING (panic_on_warn) or a hung task report: taken
            // as the title, they mean the log lost that report's header.
            Format(title: "Kernel panic - not syncing: Fatal exception", template: "kernel panic: Fatal exception", kind: .panic, corrupted: true),
            Format(title: "Kernel panic - not syncing: panic_on_warn set", template: "kernel panic: panic_on_warn set", kind: .panic, corrupted: true),
            Format(title: "Kernel panic - not syncing: hung_task: blocked tasks", template: "kernel panic: hung_task: blocked tasks",
                   kind: .panic, corrupted: true),
            Format(title: "Kernel panic - not syncing: (.*)", template: "kernel panic: $1", kind: .panic),
        ]),
        Header(literal: "PANIC: double fault", kind: .doubleFault, formats: [
            Format(title: "PANIC: double fault", template: "PANIC: double fault in $1", kind: .doubleFault,
                   stack: StackRecipe(steps: [instructionPointer])),
        ]),
        Header(literal: "rust_kernel: panicked", kind: .kernelBug, formats: [
            Format(title: "rust_kernel: panicked", report: #"rust_kernel: panicked at [^\n]*?\n(.+?)\n"#, template: "$1 in $2", kind: .kernelBug,
                   stack: traceStack(skip: [#"__rustc::rust_begin_unwind"#])),
        ]),
        Header(literal: "kernel BUG", kind: .kernelBug, formats: [
            Format(title: "kernel BUG at mm/usercopy.c", template: "BUG: bad usercopy in $1", kind: .kernelBug,
                   stack: traceStack(skip: ["usercopy", "__check"])),
            // Also seen on memory corruption and races.
            Format(title: "kernel BUG at lib/list_debug.c", template: "BUG: corrupted list in $1", alternatives: ["bad-access in $1"],
                   kind: .listCorruption, stack: traceStack()),
            Format(title: "kernel BUG at (.*)", template: "kernel BUG in $2", kind: .kernelBug,
                   // Many skb wrappers BUG_ON a bad argument; the bug is in their caller.
                   stack: StackRecipe(steps: [instructionPointer, callTrace, .trace], skip: ["^skb_"])),
        ]),
        Header(literal: "Kernel BUG", kind: .kernelBug, formats: [
            Format(title: "Kernel BUG (.*)", template: "kernel BUG $1", kind: .kernelBug),
        ]),
        Header(literal: "BUG kmalloc-", kind: .kernelBug, formats: [
            Format(title: "BUG kmalloc-.*: Object already free", template: "BUG: Object already free", kind: .kernelBug),
        ]),
        Header(literal: "divide error:", kind: .divideError, formats: [
            Format(title: "divide error: ", template: "divide error in $1", kind: .divideError, stack: StackRecipe(steps: [instructionPointer])),
        ]),
        // A misspelling of the above, from kernel commit 9d06c4027f21 (x86/entry).
        Header(literal: "divide_error:", kind: .divideError, formats: [
            Format(title: "divide_error: ", template: "divide error in $1", kind: .divideError, stack: StackRecipe(steps: [instructionPointer])),
        ]),
        Header(literal: "invalid opcode:", kind: .oops, formats: [
            Format(title: "invalid opcode: ", template: "invalid opcode in $1", kind: .oops, stack: StackRecipe(steps: [instructionPointer])),
        ]),
        Header(literal: "int3:", kind: .oops, formats: [
            Format(title: "int3: ", template: "int3 in $1", kind: .oops, stack: faultStack),
        ]),
        Header(literal: "UBSAN:", kind: .ubsan, formats: [
            Format(title: "UBSAN:", report: "UBSAN: Undefined behaviour in", template: "UBSAN: undefined-behaviour in $1", kind: .ubsan,
                   stack: traceStack(skip: ["ubsan", "overflow"])),
            Format(title: "UBSAN: array-index-out-of-bounds in", template: "UBSAN: array-index-out-of-bounds in $1",
                   alternatives: ["bad-access in $1"], kind: .ubsan, stack: traceStack(skip: ["ubsan", "overflow"])),
            Format(title: "UBSAN:", report: "UBSAN: (.*?) in", template: "UBSAN: $1 in $2", kind: .ubsan,
                   stack: traceStack(skip: ["ubsan", "overflow"])),
        ]),
        Header(literal: "Booting the kernel.", kind: .other, formats: [
            Format(title: "^Booting the kernel", template: "unexpected kernel reboot", kind: .other, noStackTrace: true),
        ], suppressions: [
            // Boot messages echoed back as a bad mount option look like a reboot.
            "Parsing ELF|Decompressing Linux|Unknown parameter '",
        ]),
        Header(literal: "unregister_netdevice: waiting for", kind: .other, formats: [
            Format(title: "unregister_netdevice: waiting for (?:.*) to become free", template: "unregister_netdevice: waiting for DEV to become free",
                   kind: .other, noStackTrace: true),
        ]),
        // Printed by old kernels' VFS (syzkaller issue 3621).
        Header(literal: "VFS: Close: file count is 0", kind: .other, formats: [
            Format(title: "VFS: Close: file count is 0", template: "VFS: Close: file count is zero (use-after-free)", kind: .other, noStackTrace: true),
        ]),
        Header(literal: "VFS: Busy inodes after unmount", kind: .other, formats: [
            Format(title: "VFS: Busy inodes after unmount", template: "VFS: Busy inodes after unmount (use-after-free)", kind: .other, noStackTrace: true),
        ]),
        // arm64 prints some faults as `Internal error: synchronous external abort` where arm
        // prints `Unable to handle kernel paging request`: the alternative title merges them.
        Header(literal: "Internal error:", kind: .oops, formats: [
            Format(title: "Internal error:", template: "Internal error in $1", alternatives: ["bad-access in $1"], kind: .oops, stack: faultStack),
        ]),
        // arm's NULL dereference (`page domain fault`), an x86 general protection fault elsewhere.
        Header(literal: "Unhandled fault:", kind: .pageFault, formats: [
            Format(title: "Unhandled fault:", template: "Unhandled fault in $1", alternatives: ["bad-access in $1"], kind: .pageFault, stack: faultStack),
        ]),
        Header(literal: "Alignment trap:", kind: .other, formats: [
            Format(title: "Alignment trap:", template: "Alignment trap in $1", kind: .other, stack: faultStack),
        ]),
        Header(literal: "trusty: panic", kind: .other, formats: [
            Format(title: "trusty: panic.* ASSERT FAILED", report: #"trusty: panic \(.*?\):(?: DEBUG)? ASSERT FAILED at \(.*?\): (.+)"#,
                   template: "trusty: ASSERT FAILED: $1", kind: .other, noStackTrace: true),
            Format(title: "trusty: panic.* ASSERT FAILED.*: *(.*)", template: "trusty: ASSERT FAILED: $1", kind: .other, corrupted: true),
            Format(title: "trusty: panic", report: #"trusty: panic \(.*?\): (.+)"#, template: "trusty: panic: $1", kind: .other, noStackTrace: true),
        ]),
        // Go runtime errors (syzkaller's own programs, or a Go kernel such as gVisor's).
        Header(literal: "fatal error:", kind: .other, formats: [
            Format(title: "fatal error:", template: "go runtime error", kind: .other, noStackTrace: true),
        ], suppressions: ["ALSA", "fatal error: cannot create timer"]),
        // Errors of syzkaller's executor and of Go programs.
        Header(literal: "SYZFAIL:", kind: .other, formats: [
            Format(title: "SYZFAIL:(.*)", template: "SYZFAIL:$1", kind: .other, noStackTrace: true),
        ]),
        Header(literal: "SYZFATAL:", kind: .other, formats: [
            Format(title: "SYZFATAL:(.*)()", template: "SYZFATAL:$1", alternatives: ["SYZFATAL$2"], kind: .other, noStackTrace: true),
        ]),
        Header(literal: "panic:", kind: .other, formats: [
            Format(title: "panic: Sentry detected .* stuck task", template: "panic: Sentry detected stuck tasks", kind: .other, noStackTrace: true),
            Format(title: "panic:(.*)", template: "panic:$1", kind: .other, noStackTrace: true),
        ], suppressions: [
            "_panic:",                       // kernel functions such as skb_over_panic
            "xlog_status:", #"ddb\.onpanic:"#, "evtlog_status:",
        ]),
    ]

    /// Lines that match a header but never start a report of their own while one is open:
    /// they are part of the report before them (`invalid opcode` after `kernel BUG at`, the
    /// panic that follows a report, arm64's `Internal error:` after `Unable to handle…`).
    static let continuations: [String] = [
        "invalid opcode: 0000",
        "Kernel panic - not syncing",
        "unregister_netdevice: waiting for",
        "PANIC: double fault",
        "Internal error:",
    ]

    /// Messages of reports that are not bugs but print a stack; inside another report, they
    /// end the part of it used for the title.
    static let stackCarryingInfo: [String] = [
        "vmalloc: allocation failure:",
        "FAULT_INJECTION: forcing a failure",
        "FAULT_FLAG_ALLOW_RETRY missing",
    ]

    /// The kind of a `Kernel panic - not syncing: MESSAGE` report, from its message.
    static let panicKinds: [(messageContains: String, kind: ReportKind)] = [
        ("Attempted to kill init", .killedInit),
        ("stack-protector:", .stackProtector),
        ("Out of memory", .outOfMemory),
        ("System is deadlocked on memory", .outOfMemory),
        ("sysrq triggered crash", .sysrq),
        ("machine check", .machineCheck),
        ("Machine check", .machineCheck),
        ("Fatal hardware error", .machineCheck),
    ]
}
