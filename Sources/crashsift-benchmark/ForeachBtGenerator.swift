/// Writes synthetic but realistic `crash> foreach bt` output (x86_64, crash 8.0.2+ column
/// widths), deterministically from a seed.
///
/// Shapes follow the real outputs in `corpus/real/*/foreach-bt.txt` and `bt-a.txt`: the idle
/// tasks (`swapper/N`, PID 0) first, then tasks in PID order; sleeping kernel threads ending
/// in `kthread`/`ret_from_fork`; user tasks sleeping in a system call or a page fault, with the
/// user-mode register dump (`CS: 0033  SS: 002b`) under the bottom frame; and tasks that were on
/// a CPU, caught by the NMI (`--- <NMI exception stack> ---`) and/or inside an interrupt
/// (`--- <IRQ stack> ---`), with kernel-mode dumps (`[exception RIP: …]`, `CS: 0010  SS: 0018`).
/// Function names are the toolchain notes' generator's (`FUNCS` in the Appendix).
///
/// Changing anything that changes the output must change ``version``: a cached file is reused
/// only when its trailer names the same version, seed and target size.
struct ForeachBtGenerator {
    static let version = "g1"

    /// What was generated; also written into the file's trailer, so a reused file still
    /// tells the benchmark what the parser must find in it.
    struct Summary: Equatable {
        var version: String
        var seed: UInt64
        /// The requested size; the file is at most this long.
        var target: Int
        /// Bytes before the trailer line.
        var body: Int
        var tasks = 0
        var frames = 0
        /// Register dumps (kernel-mode `[exception RIP:]` dumps and user-mode dumps).
        var exceptions = 0
        var registers = 0
        /// `--- <… stack> ---` lines.
        var separators = 0
        var moduleFrames = 0
        /// Wrapping sum of every frame's text address and every register value.
        var checksum: UInt64 = 0
    }

    // MARK: - Vocabulary

    /// The Appendix generator's `FUNCS`, in its order.
    static let functionNames: [String] = [
        "smp_call_function_single", "generic_exec_single", "native_queued_spin_lock_slowpath",
        "_raw_spin_lock_irqsave", "schedule", "__schedule", "schedule_timeout", "io_schedule", "wait_for_completion",
        "do_page_fault", "page_fault", "handle_mm_fault", "__do_fault", "filemap_fault", "ext4_filemap_fault",
        "xfs_file_read_iter", "vfs_read", "ksys_read", "__x64_sys_read", "do_syscall_64", "entry_SYSCALL_64_after_hwframe",
        "ret_from_fork", "kthread", "worker_thread", "process_one_work", "rcu_gp_kthread", "rcu_sched_clock_irq",
        "update_process_times", "tick_sched_handle", "tick_sched_timer", "__hrtimer_run_queues", "hrtimer_interrupt",
        "smp_apic_timer_interrupt", "apic_timer_interrupt", "native_safe_halt", "default_idle", "arch_cpu_idle", "do_idle",
        "cpu_startup_entry", "start_secondary", "secondary_startup_64", "crash_nmi_callback", "nmi_handle", "default_do_nmi",
        "do_nmi", "end_repeat_nmi", "on_each_cpu_mask", "flush_tlb_mm_range", "tlb_flush_mmu", "zap_pte_range",
        "unmap_page_range", "unmap_vmas", "exit_mmap", "mmput", "do_exit", "do_group_exit", "get_signal", "do_signal",
        "exit_to_usermode_loop", "mutex_lock", "__mutex_lock_slowpath", "rwsem_down_read_slowpath", "down_read", "ip_rcv",
        "__netif_receive_skb_core", "napi_gro_receive", "mlx5e_poll_rx_cq", "net_rx_action", "__do_softirq", "irq_exit",
        "do_IRQ", "common_interrupt",
    ]

    static let modules = ["mlx5_core", "xfs", "nfsd"]
    /// Functions that live in a module in a real kernel always print it.
    static let homeModules = ["mlx5e_poll_rx_cq": "mlx5_core", "xfs_file_read_iter": "xfs"]

    // Call chains, innermost frame first (the order crash prints them).
    static let nmiHead = ["crash_nmi_callback", "nmi_handle", "default_do_nmi", "do_nmi", "end_repeat_nmi"]
    static let sleepTops: [[String]] = [
        ["__schedule", "schedule"],
        ["__schedule", "schedule", "schedule_timeout"],
        ["__schedule", "schedule", "io_schedule"],
        ["__schedule", "schedule", "schedule_timeout", "wait_for_completion"],
        ["__schedule", "schedule", "__mutex_lock_slowpath", "mutex_lock"],
        ["__schedule", "schedule", "rwsem_down_read_slowpath", "down_read"],
    ]
    static let kthreadBottom = ["kthread", "ret_from_fork"]
    static let syscallBottom = ["do_syscall_64", "entry_SYSCALL_64_after_hwframe"]
    static let idleBottom = ["do_idle", "cpu_startup_entry", "start_secondary", "secondary_startup_64"]
    static let readPath = ["vfs_read", "ksys_read", "__x64_sys_read"]
    static let pageFaultIO = ["__schedule", "schedule", "io_schedule", "filemap_fault", "ext4_filemap_fault", "__do_fault",
                              "handle_mm_fault", "do_page_fault", "page_fault"]
    static let pageFaultLock = ["__schedule", "schedule", "rwsem_down_read_slowpath", "down_read", "do_page_fault", "page_fault"]
    static let signalExit = ["get_signal", "do_signal", "exit_to_usermode_loop"]
    static let exitMmap = ["on_each_cpu_mask", "flush_tlb_mm_range", "tlb_flush_mmu", "zap_pte_range", "unmap_page_range",
                           "unmap_vmas", "exit_mmap", "mmput", "do_exit", "do_group_exit", "get_signal", "do_signal",
                           "exit_to_usermode_loop", "do_syscall_64", "entry_SYSCALL_64_after_hwframe"]
    /// Code a CPU was running when the NMI or an interrupt came, first element interrupted.
    static let runningChains: [[String]] = [
        ["native_queued_spin_lock_slowpath", "_raw_spin_lock_irqsave", "process_one_work", "worker_thread", "kthread", "ret_from_fork"],
        ["native_queued_spin_lock_slowpath", "_raw_spin_lock_irqsave", "handle_mm_fault", "do_page_fault", "page_fault"],
        ["smp_call_function_single"] + exitMmap,
        ["generic_exec_single", "smp_call_function_single"] + exitMmap,
        ["native_queued_spin_lock_slowpath", "_raw_spin_lock_irqsave", "xfs_file_read_iter"] + readPath + syscallBottom,
    ]
    static let idleRunning = ["native_safe_halt", "default_idle", "arch_cpu_idle"] + idleBottom
    /// Interrupt handlers on the IRQ stack, innermost first, and the entry frame printed
    /// under `--- <IRQ stack> ---` on the interrupted stack.
    static let irqChains: [(frames: [String], entry: String)] = [
        (["rcu_sched_clock_irq", "update_process_times", "tick_sched_handle", "tick_sched_timer", "__hrtimer_run_queues",
          "hrtimer_interrupt", "smp_apic_timer_interrupt"], "apic_timer_interrupt"),
        (["ip_rcv", "__netif_receive_skb_core", "napi_gro_receive", "mlx5e_poll_rx_cq", "net_rx_action", "__do_softirq",
          "irq_exit", "do_IRQ"], "common_interrupt"),
    ]

    /// User programs: name and how many threads a process has.
    static let programs: [(name: String, threads: ClosedRange<Int>)] = [
        ("java", 10...80), ("postgres", 1...1), ("nginx", 1...4), ("sshd", 1...1), ("systemd", 1...1),
        ("python3", 1...8), ("containerd-shim", 8...12), ("systemd-journal", 1...1), ("bash", 1...1),
        ("rsyslogd", 3...3), ("mysqld", 10...40), ("redis-server", 4...4), ("node", 6...11), ("crond", 1...1),
        ("dockerd", 5...20), ("foo", 1...2),
    ]
    static let kernelThreads = ["rcu_sched", "rcu_gp", "rcu_par_gp", "kthreadd", "kswapd0", "khugepaged", "kcompactd0",
                                "oom_reaper", "jbd2/dm-0-8", "xfsaild/dm-1", "writeback", "kblockd"]
    /// System call numbers of sleeping calls (read, poll, select, wait4, futex, epoll_wait, clock_nanosleep, pselect6).
    static let sleepingSyscalls: [UInt64] = [0x0, 0x7, 0x17, 0x3d, 0xca, 0xe8, 0xe6, 0x10e]

    // MARK: - State

    private var rng: SplitMix64
    private let cpus = 64
    private var summary: Summary
    private var task = TextBuffer()
    private let names: [[UInt8]]
    private let index: [String: Int]
    private let textBase: [UInt64]
    private let moduleBase: [UInt64]
    private let homeModule: [Int?]
    private var pid = 0
    private var program: (name: [UInt8], kernel: Bool, threadsLeft: Int) = ([], true, 0)

    init(seed: UInt64, target: Int) {
        rng = SplitMix64(seed: seed)
        summary = Summary(version: Self.version, seed: seed, target: target, body: 0)
        names = Self.functionNames.map { Array($0.utf8) }
        var index: [String: Int] = [:]
        for (i, name) in Self.functionNames.enumerated() { index[name] = i }
        self.index = index
        // A fixed text address per function, so return addresses look like `sym+off`.
        var bases: [UInt64] = []
        for _ in Self.functionNames { bases.append(0xFFFF_FFFF_8100_0000 + UInt64(rng.below(0xC0_0000)) & ~0xF) }
        textBase = bases
        moduleBase = Self.modules.indices.map { 0xFFFF_FFFF_C000_0000 + UInt64($0) * 0x20_0000 }
        homeModule = Self.functionNames.map { name in Self.homeModules[name].flatMap { Self.modules.firstIndex(of: $0) } }
    }

    /// Writes the whole file through `sink` in chunks of about `chunk` bytes: the prompt, tasks
    /// while they fit in `target` minus room for the trailer, a bare prompt, and the trailer.
    mutating func generate(chunk: Int = 4 << 20, _ sink: ([UInt8]) throws -> Void) throws -> Summary {
        var out = TextBuffer()
        out.bytes.reserveCapacity(chunk + 64 * 1024)
        var written = 0
        func flush(_ out: inout TextBuffer) throws {
            try sink(out.bytes)
            written += out.bytes.count
            out.removeAll()
        }
        out.append("crash> foreach bt\n")
        let room = summary.target - Self.trailerReserve
        var first = true
        var cpu = 0
        while true {
            task.removeAll()
            var counts = Summary(version: "", seed: 0, target: 0, body: 0)
            if !first { task.newline() }  // tasks are separated by one blank line
            if cpu < cpus {
                idleTask(cpu: cpu, &counts)
                cpu += 1
            } else {
                nextTask(&counts)
            }
            if written + out.bytes.count + task.bytes.count > room { break }
            first = false
            out.append(task.bytes)
            summary.tasks += 1
            summary.frames += counts.frames
            summary.exceptions += counts.exceptions
            summary.registers += counts.registers
            summary.separators += counts.separators
            summary.moduleFrames += counts.moduleFrames
            summary.checksum &+= counts.checksum
            if out.bytes.count >= chunk { try flush(&out) }
        }
        // A bare prompt ends the session; the trailer after it is prose to the parser and
        // proves to a later run which generator, seed and size made the file.
        out.append(first ? "crash> \n" : "\ncrash> \n")
        summary.body = written + out.bytes.count
        out.append(Array(Self.trailer(summary).utf8))
        out.newline()
        try flush(&out)
        return summary
    }

    // MARK: - Trailer

    static let trailerPrefix = "crashsift-benchmark generated this file:"
    /// Room kept for the bare prompt and the trailer line.
    static let trailerReserve = 512

    static func trailer(_ s: Summary) -> String {
        "\(trailerPrefix) generator=\(s.version) seed=\(s.seed) target=\(s.target) body=\(s.body) tasks=\(s.tasks)"
            + " frames=\(s.frames) exceptions=\(s.exceptions) registers=\(s.registers) separators=\(s.separators)"
            + " modules=\(s.moduleFrames) checksum=\(s.checksum)"
    }

    /// Reads a trailer line back; nil when it is not one.
    static func parseTrailer(_ line: String) -> Summary? {
        guard line.hasPrefix(trailerPrefix) else { return nil }
        var fields: [Substring: Substring] = [:]
        for word in line.dropFirst(trailerPrefix.count).split(separator: " ") {
            guard let equals = word.firstIndex(of: "=") else { return nil }
            fields[word[..<equals]] = word[word.index(after: equals)...]
        }
        func number(_ key: Substring) -> Int? { fields[key].flatMap { Int($0) } }
        guard let version = fields["generator"], let seed = fields["seed"].flatMap({ UInt64($0) }),
              let target = number("target"), let body = number("body"), let tasks = number("tasks"),
              let frames = number("frames"), let exceptions = number("exceptions"), let registers = number("registers"),
              let separators = number("separators"), let modules = number("modules"),
              let checksum = fields["checksum"].flatMap({ UInt64($0) })
        else { return nil }
        return Summary(
            version: String(version), seed: seed, target: target, body: body, tasks: tasks, frames: frames,
            exceptions: exceptions, registers: registers, separators: separators, moduleFrames: modules, checksum: checksum
        )
    }

    // MARK: - Tasks

    private enum Stack { case nmi, irq, process }

    private enum Dump {
        /// `[exception RIP: fn+0xoff]` and kernel registers; RSP is the stack pointer of frame `rspFrame`.
        case kernel(function: Int, offset: Int, rip: UInt64, rspFrame: Int?, origRAX: UInt64)
        /// The user-mode registers under the bottom frame of a system call or page fault.
        case user(origRAX: UInt64, rax: UInt64)
    }

    private struct PlannedFrame {
        var function: Int
        var stack: Stack
        var address: UInt64
        var module: Int?
        var sp: UInt64 = 0
        var dump: Dump?
    }

    private mutating func plan(_ chain: [String], on stack: Stack, into frames: inout [PlannedFrame]) {
        for name in chain {
            guard let function = index[name] else { preconditionFailure("\(name) is not in the function list") }
            var module = homeModule[function]
            // About 5% of frames are in a module overall (the Appendix generator's rate).
            if module == nil, stack == .process, rng.chance(0.045) { module = rng.below(Self.modules.count) }
            let address: UInt64
            if let module {
                address = moduleBase[module] + (textBase[function] & 0xF_FFF0) + UInt64(rng.int(in: 0x10...0x3FF))
            } else {
                address = textBase[function] + UInt64(rng.int(in: 0x10...0x6FF))
            }
            frames.append(PlannedFrame(function: function, stack: stack, address: address, module: module))
        }
    }

    private mutating func idleTask(cpu: Int, _ counts: inout Summary) {
        var frames: [PlannedFrame] = []
        let roll = rng.below(4)
        if roll < 2 {
            caughtByNMI(interrupting: Self.idleRunning, &frames)
        } else if roll == 2 {
            inInterrupt(interrupting: Self.idleRunning, &frames)
        } else {
            plan(["__schedule", "schedule"] + Self.idleBottom, on: .process, into: &frames)
        }
        // swapper/0 is init_task, in the kernel image; the others are allocated.
        let taskAddress: UInt64 = cpu == 0 ? 0xFFFF_FFFF_82A2_4A40 : taskStructAddress()
        header(pid: 0, task: taskAddress, cpu: cpu, command: Array("swapper/\(cpu)".utf8))
        render(&frames, cpu: cpu, &counts)
    }

    private mutating func nextTask(_ counts: inout Summary) {
        if program.threadsLeft == 0 {
            pid += rng.int(in: 1...40)
            // Most processes are kernel threads, but user processes have threads: about 60%
            // of tasks are kernel threads, 40% user threads (with a user-mode register dump).
            if rng.chance(0.92) {
                program = (kernelThreadName(), true, 1)
            } else {
                let chosen = rng.pick(Self.programs)
                program = (Array(chosen.name.utf8), false, rng.int(in: chosen.threads))
            }
        } else {
            pid += rng.chance(0.9) ? 1 : rng.int(in: 2...5)
        }
        program.threadsLeft -= 1
        let cpu = rng.below(cpus)
        var frames: [PlannedFrame] = []
        if rng.chance(0.06) {
            // On a CPU when the dump was taken.
            let chain = program.kernel ? Self.runningChains[0] : Self.runningChains[1 + rng.below(Self.runningChains.count - 1)]
            if rng.chance(0.8) {
                caughtByNMI(interrupting: chain, &frames)
            } else {
                inInterrupt(interrupting: chain, &frames)
            }
            if chain.last == "page_fault" {
                frames[frames.count - 1].dump = .user(origRAX: 0xFFFF_FFFF_FFFF_FFFF, rax: registerValue(user: true))
            } else if chain.last == "entry_SYSCALL_64_after_hwframe" {
                frames[frames.count - 1].dump = .user(origRAX: rng.pick([0x0, 0xe7, 0x3c] as [UInt64]), rax: 0xFFFF_FFFF_FFFF_FFDA)
            }
        } else if program.kernel {
            sleepingKernelThread(&frames)
        } else {
            sleepingUserTask(&frames)
        }
        header(pid: pid, task: taskStructAddress(), cpu: cpu, command: program.name)
        render(&frames, cpu: cpu, &counts)
    }

    private mutating func sleepingKernelThread(_ frames: inout [PlannedFrame]) {
        let name = program.name
        if name.starts(with: "kworker".utf8) {
            if rng.chance(0.75) {
                plan(["__schedule", "schedule", "worker_thread"] + Self.kthreadBottom, on: .process, into: &frames)
            } else {
                plan(rng.pick(Self.sleepTops) + ["process_one_work", "worker_thread"] + Self.kthreadBottom, on: .process, into: &frames)
            }
        } else if name.starts(with: "rcu_".utf8) {
            plan(["__schedule", "schedule", "schedule_timeout", "rcu_gp_kthread"] + Self.kthreadBottom, on: .process, into: &frames)
        } else {
            plan(["__schedule", "schedule"] + Self.kthreadBottom, on: .process, into: &frames)
        }
    }

    private mutating func sleepingUserTask(_ frames: inout [PlannedFrame]) {
        let roll = rng.below(100)
        var origRAX: UInt64
        var rax: UInt64 = 0xFFFF_FFFF_FFFF_FFDA  // -ENOSYS: what RAX holds while a system call runs
        switch roll {
        case 0..<45:
            plan(["__schedule", "schedule", "schedule_timeout"] + Self.syscallBottom, on: .process, into: &frames)
            origRAX = rng.pick(Self.sleepingSyscalls)
        case 45..<70:
            var chain = rng.pick([["__schedule", "schedule", "io_schedule"], ["__schedule", "schedule", "schedule_timeout", "wait_for_completion"],
                                  ["__schedule", "schedule", "__mutex_lock_slowpath", "mutex_lock"]])
            if rng.chance(0.3) { chain.append("xfs_file_read_iter") }
            plan(chain + Self.readPath + Self.syscallBottom, on: .process, into: &frames)
            origRAX = 0
        case 70..<80:
            plan(["__schedule", "schedule"] + Self.signalExit + Self.syscallBottom, on: .process, into: &frames)
            origRAX = rng.pick(Self.sleepingSyscalls)
        default:
            plan(rng.chance(0.6) ? Self.pageFaultIO : Self.pageFaultLock, on: .process, into: &frames)
            origRAX = 0xFFFF_FFFF_FFFF_FFFF
            rax = registerValue(user: true)
        }
        frames[frames.count - 1].dump = .user(origRAX: origRAX, rax: rax)
    }

    /// The NMI handler's frames, the registers it saved, then the interrupted code: `chain`
    /// directly (its first function is the interrupted one and is printed as a frame too,
    /// at the saved RIP), or an interrupt handler that was running on the IRQ stack.
    private mutating func caughtByNMI(interrupting chain: [String], _ frames: inout [PlannedFrame]) {
        plan(Self.nmiHead, on: .nmi, into: &frames)
        let nmiDump = frames.count - 1
        if rng.chance(0.3) {
            let irq = rng.pick(Self.irqChains)
            let skip = rng.below(3)  // the NMI may come while the handler is anywhere in its chain
            plan(Array(irq.frames.dropFirst(skip)), on: .irq, into: &frames)
            interruptedAt(frame: nmiDump + 1, dumpOn: nmiDump, origRAX: 0xFFFF_FFFF_FFFF_FFFF, &frames)
            appendIRQReturn(entry: irq.entry, interrupting: chain, &frames)
        } else {
            plan(chain, on: .process, into: &frames)
            interruptedAt(frame: nmiDump + 1, dumpOn: nmiDump, origRAX: 0xFFFF_FFFF_FFFF_FFFF, &frames)
        }
    }

    /// An interrupt handler's frames on the IRQ stack, then the interrupted code.
    private mutating func inInterrupt(interrupting chain: [String], _ frames: inout [PlannedFrame]) {
        let irq = rng.pick(Self.irqChains)
        plan(irq.frames, on: .irq, into: &frames)
        appendIRQReturn(entry: irq.entry, interrupting: chain, &frames)
    }

    /// `--- <IRQ stack> ---`, the entry frame with the interrupted registers, and the callers
    /// of the interrupted function (which itself is named only in `[exception RIP: …]`).
    private mutating func appendIRQReturn(entry: String, interrupting chain: [String], _ frames: inout [PlannedFrame]) {
        plan([entry], on: .process, into: &frames)
        let entryFrame = frames.count - 1
        plan(Array(chain.dropFirst()), on: .process, into: &frames)
        let function = index[chain[0]]!
        let offset = rng.int(in: 0x2...0x3FF)
        let vector = rng.pick([0xFFFF_FFFF_FFFF_FF10, 0xFFFF_FFFF_FFFF_FF13, 0xFFFF_FFFF_FFFF_FFDD] as [UInt64])
        frames[entryFrame].dump = .kernel(
            function: function, offset: offset, rip: textBase[function] + UInt64(offset),
            rspFrame: entryFrame + 1 < frames.count ? entryFrame + 1 : nil, origRAX: vector
        )
    }

    /// Frame `frame` is the interrupted function: it prints at the saved RIP, and the dump on
    /// frame `dumpOn` names it.
    private mutating func interruptedAt(frame: Int, dumpOn: Int, origRAX: UInt64, _ frames: inout [PlannedFrame]) {
        let function = frames[frame].function
        let offset = rng.int(in: 0x2...0x3FF)
        let rip = (frames[frame].module.map { moduleBase[$0] + (textBase[function] & 0xF_FFF0) } ?? textBase[function]) + UInt64(offset)
        frames[frame].address = rip
        frames[dumpOn].dump = .kernel(function: function, offset: offset, rip: rip, rspFrame: frame, origRAX: origRAX)
    }

    // MARK: - Rendering

    /// `PID: %-7d  TASK: %s  CPU: %-3d  COMMAND: "%s"` (crash 8.0.2 and later).
    private mutating func header(pid: Int, task address: UInt64, cpu: Int, command: [UInt8]) {
        task.append("PID: ")
        task.decimal(pid, leftAlignedWidth: 7)
        task.append("  TASK: ")
        task.hex(address, width: 16)
        task.append("  CPU: ")
        task.decimal(cpu, leftAlignedWidth: 3)
        task.append("  COMMAND: \"")
        task.append(command)
        task.append("\"\n")
    }

    private mutating func render(_ frames: inout [PlannedFrame], cpu: Int, _ counts: inout Summary) {
        assignStackPointers(&frames, cpu: cpu)
        for i in frames.indices {
            let frame = frames[i]
            if i > 0, frames[i - 1].stack != frame.stack {
                task.append(frames[i - 1].stack == .nmi ? "--- <NMI exception stack> ---\n" : "--- <IRQ stack> ---\n")
                counts.separators += 1
            }
            // crash prints `%s#%d` with a leading blank below 10.
            if i < 10 { task.append(byte: 0x20) }
            task.append(byte: 0x23)
            task.decimal(i)
            task.append(" [")
            task.hex(frame.sp, width: 16)
            task.append("] ")
            task.append(names[frame.function])
            task.append(" at ")
            task.hex(frame.address, width: 16)
            if let module = frame.module {
                task.append(" [")
                task.append(Array(Self.modules[module].utf8))
                task.append(byte: 0x5D)
                counts.moduleFrames += 1
            }
            task.newline()
            counts.frames += 1
            counts.checksum &+= frame.address
            if let dump = frame.dump { render(dump, frames, &counts) }
        }
    }

    private mutating func render(_ dump: Dump, _ frames: [PlannedFrame], _ counts: inout Summary) {
        var values: [UInt64] = []
        switch dump {
        case .kernel(let function, let offset, let rip, let rspFrame, let origRAX):
            task.append("    [exception RIP: ")
            task.append(names[function])
            task.append("+0x")
            task.hex(UInt64(offset))
            task.append("]\n")
            let rsp = rspFrame.map { frames[$0].sp } ?? (frames.last!.sp + 0x58)
            values = [rip, rsp, rng.pick([0x46, 0x82, 0x86, 0x202, 0x246, 0x286, 0x2] as [UInt64])]
            for _ in 0..<15 { values.append(registerValue()) }
            values += [origRAX, 0x10, 0x18]
        case .user(let origRAX, let rax):
            let rip: UInt64 = rng.chance(0.7)
                ? 0x0000_7F00_0000_0000 | (rng.next() & 0xFF_FFFF_FFFF)
                : 0x40_0000 + UInt64(rng.below(0x10_0000))
            let rsp: UInt64 = 0x0000_7FFC_0000_0000 | (rng.next() & 0xFFFF_FFF8)
            values = [rip, rsp, rng.pick([0x246, 0x202, 0x293, 0x206, 0x297] as [UInt64]), rax]
            for _ in 0..<14 { values.append(registerValue(user: true)) }
            values += [origRAX, 0x33, 0x2B]
        }
        // `    RIP: %016lx  RSP: %016lx  RFLAGS: %08lx`, five rows of three `%3s: %016lx`, then
        // `    ORIG_RAX: %016lx  CS: %04lx  SS: %04lx`.
        task.append("    RIP: ")
        task.hex(values[0], width: 16)
        task.append("  RSP: ")
        task.hex(values[1], width: 16)
        task.append("  RFLAGS: ")
        task.hex(values[2], width: 8)
        task.newline()
        for row in 0..<5 {
            task.append("   ")
            for column in 0..<3 {
                let n = row * 3 + column
                task.spaces(column == 0 ? 1 : 2)
                task.rightAligned(Self.generalRegisters[n], width: 3)
                task.append(": ")
                task.hex(values[3 + n], width: 16)
            }
            task.newline()
        }
        task.append("    ORIG_RAX: ")
        task.hex(values[18], width: 16)
        task.append("  CS: ")
        task.hex(values[19], width: 4)
        task.append("  SS: ")
        task.hex(values[20], width: 4)
        task.newline()
        counts.exceptions += 1
        counts.registers += values.count
        for value in values { counts.checksum &+= value }
    }

    static let generalRegisters: [[UInt8]] = ["RAX", "RBX", "RCX", "RDX", "RSI", "RDI", "RBP", "R8", "R9", "R10", "R11",
                                               "R12", "R13", "R14", "R15"].map { Array($0.utf8) }

    /// Stack pointers grow from the innermost frame outwards; each stack's outermost frame sits
    /// near its top (`…3f50` on a task stack, as `ret_from_fork` and the syscall entry do).
    private mutating func assignStackPointers(_ frames: inout [PlannedFrame], cpu: Int) {
        let taskStack = 0xFFFF_C900_0000_0000 + UInt64(rng.below(1 << 22)) << 14
        var end = frames.count
        while end > 0 {
            let stack = frames[end - 1].stack
            var start = end - 1
            while start > 0, frames[start - 1].stack == stack { start -= 1 }
            var sp: UInt64
            let step: ClosedRange<Int>
            switch stack {
            case .process:
                sp = taskStack + 0x3F50
                step = 2...24
            case .nmi:
                sp = 0xFFFF_FE00_0000_D000 + UInt64(cpu) * 0x3_B000 + 0xEF0
                step = 1...4
            case .irq:
                sp = 0xFFFF_8880_3F80_0000 + UInt64(cpu) * 0x4_0000 + 0x3FB8
                step = 2...16
            }
            for i in stride(from: end - 1, through: start, by: -1) {
                frames[i].sp = sp
                sp -= UInt64(8 * rng.int(in: step))
            }
            end = start
        }
    }

    private mutating func taskStructAddress() -> UInt64 {
        0xFFFF_8880_0000_0000 + (UInt64(rng.below(1 << 28)) << 6)
    }

    private mutating func kernelThreadName() -> [UInt8] {
        let cpu = rng.below(cpus)
        let roll = rng.below(100)
        let name: String
        switch roll {
        case 0..<35: name = "kworker/\(cpu):\(rng.below(4))"
        case 35..<40: name = "kworker/\(cpu):\(rng.below(4))H"
        case 40..<50: name = "kworker/u\(cpus * 2):\(rng.below(10))"
        case 50..<60: name = "ksoftirqd/\(cpu)"
        case 60..<68: name = "migration/\(cpu)"
        case 68..<73: name = "cpuhp/\(cpu)"
        case 73..<78: name = "watchdog/\(cpu)"
        default: name = rng.pick(Self.kernelThreads)
        }
        return Array(name.utf8)
    }

    /// A register's contents: zeros, small numbers and pointers, in rough proportions seen in
    /// real dumps (user-mode dumps hold user pointers, kernel-mode ones mostly kernel pointers).
    private mutating func registerValue(user: Bool = false) -> UInt64 {
        if user {
            return switch rng.below(100) {
            case 0..<30: 0
            case 30..<60: UInt64(rng.below(0x1000))
            case 60..<80: 0x0000_7FFC_0000_0000 | (rng.next() & 0xFFFF_FFF8)
            case 80..<95: 0x0000_7F00_0000_0000 | (rng.next() & 0xFF_FFFF_FFF8)
            default: 0x40_0000 + UInt64(rng.below(0x100_0000))
            }
        }
        return switch rng.below(100) {
        case 0..<30: 0
        case 30..<50: UInt64(rng.below(0x1000))
        case 50..<72: 0xFFFF_8880_0000_0000 | (rng.next() & 0x3F_FFFF_FFF8)
        case 72..<84: 0xFFFF_C900_0000_0000 | (rng.next() & 0xFFFF_FFF8)
        case 84..<92: 0xFFFF_FFFF_8100_0000 + UInt64(rng.below(0xC0_0000))
        case 92..<96: 0x0000_7FFC_0000_0000 | (rng.next() & 0xFFFF_FFFF)
        default: rng.next()
        }
    }
}
