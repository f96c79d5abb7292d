/// Writes a synthetic but realistic kernel console log (what `dmesg`, `vmcore-dmesg.txt` or a
/// serial console shows), deterministically from a seed.
///
/// Shapes follow the real logs in `corpus/real/*/log.txt` and `console.log` (Debian 6.1 RT
/// kernels in QEMU) and the syzkaller logs in `corpus/syzkaller/`: one boot, then device
/// messages (USB, SCSI, network, containers, audit, firewall, segfaults) and, every 1,500 to
/// 5,000 lines, a failure report as x86_64 6.1 kernels print it: RCU stalls, soft lockups,
/// hung tasks, WARNINGs, general protection faults and NULL pointer dereferences, each with
/// its `CPU:` line, registers, `Call Trace:` (with `<IRQ>`/`<TASK>` markers, `?` frames and
/// the register dumps the kernel prints inside a trace) and, where the kernel prints them,
/// `Modules linked in:` and `---[ end trace … ]---`.
///
/// Every line is stamped (`[%5lu.%06lu] `, monotonic): nothing is a continuation line, so
/// the parser's record count equals `grep -c '^\['`. The taint flags accumulate as they do in
/// a real kernel (W after a warning, D after an oops, L after a soft lockup).
///
/// Changing anything that changes the output must change ``version``: a cached file is reused
/// only when its trailer names the same version, seed and target size.
struct KernelLogGenerator {
    static let version = "l1"

    /// The failure reports the log holds, by the model's name for them.
    enum FailureKind: Int, CaseIterable {
        case rcuStall, softLockup, hungTask, warning, generalProtectionFault, nullPointerDereference

        /// `ReportKind`'s raw value for the kind; also the trailer's.
        var name: String {
            switch self {
            case .rcuStall: "rcu-stall"
            case .softLockup: "soft-lockup"
            case .hungTask: "hung-task"
            case .warning: "warning"
            case .generalProtectionFault: "general-protection-fault"
            case .nullPointerDereference: "null-pointer-dereference"
            }
        }
    }

    /// What was generated; also written into the file's trailer, so a reused file still
    /// tells the benchmark what the parser must find in it.
    struct Summary: Equatable {
        var version: String
        var seed: UInt64
        /// The requested size; the file is at most this long.
        var target: Int
        /// Bytes before the trailer line.
        var body: Int
        /// Stamped lines, which is every line before the trailer (`grep -c '^\['`).
        var records = 0
        var reports = 0
        /// Frame lines inside reports (the markers `<IRQ>`, `<TASK>`… are not frames).
        var frames = 0
        /// Frames printed with `? `.
        var unreliableFrames = 0
        /// Wrapping sum of every line's time stamp, in microseconds.
        var stampSum: UInt64 = 0
        /// Reports per ``FailureKind``, in its order.
        var kinds = [Int](repeating: 0, count: FailureKind.allCases.count)
    }

    /// A frame as the kernel prints it: `[? ]name+0xoff/0xsize[ [module]]`.
    struct FrameSpec {
        var name: [UInt8]
        var module: [UInt8]?
        var reliable: Bool
        var offset: UInt64
        var size: UInt64
    }

    /// Who the report is about: the `Comm:` and pid of the `CPU:` line.
    enum TaskTemplate {
        /// `kworker/N:M` with a `Workqueue:` line.
        case kworker(workqueue: String)
        /// A kernel thread with a fixed name.
        case kthread(String)
        /// A per-CPU kernel thread: the prefix and the CPU (`ksoftirqd/2`).
        case perCPU(String)
        /// A user program (picked from ``programs``).
        case user
        /// The idle task of the CPU (`swapper/2`, pid 0).
        case idle
    }

    /// A failure's call chain: the task, the function RIP is in, and the task-stack frames
    /// (innermost first). Strings are `name`, `? name` (unreliable) or `name [module]`.
    struct Scenario {
        var task: TaskTemplate
        var rip: String
        var frames: [String]
    }

    /// A WARNING: the message printed before it (if any), where it fired, and its trace. With
    /// `irq`, the warning fired in an interrupt (frames on the IRQ stack) that came while
    /// `interrupted` ran (nil: user space, else a kernel function).
    struct WarningScenario {
        var message: String?
        var file: String
        var scenario: Scenario
        var irq: [String]? = nil
        var interrupted: String? = nil
    }

    // MARK: - State

    private var rng: SplitMix64
    private var summary: Summary
    /// The event being written (a message, a burst of messages or a report): it goes into the
    /// file only if it fits, so its counts are kept apart until then.
    private var event = TextBuffer()
    private var pending = Summary(version: "", seed: 0, target: 0, body: 0)
    /// Microseconds since boot.
    private var now: UInt64 = 0
    /// The taint columns after the first (`G`): `F S R M B U D A W C I O E L K X T N`, blank when unset.
    private var taint = [UInt8](repeating: 0x20, count: 18)
    private var dieCounter = 0
    private var auditSerial = 180
    private var usbDevice = 2
    private var frameCache: [String: FrameSpec] = [:]

    private static let taintColumn: [UInt8: Int] = [UInt8(ascii: "D"): 6, UInt8(ascii: "W"): 8, UInt8(ascii: "O"): 11,
                                                    UInt8(ascii: "E"): 12, UInt8(ascii: "L"): 13]

    init(seed: UInt64, target: Int) {
        rng = SplitMix64(seed: seed)
        summary = Summary(version: Self.version, seed: seed, target: target, body: 0)
        // crashtest.ko is out of tree and unsigned: every report says `OE`, as in the corpus.
        taint[Self.taintColumn[UInt8(ascii: "O")]!] = UInt8(ascii: "O")
        taint[Self.taintColumn[UInt8(ascii: "E")]!] = UInt8(ascii: "E")
    }

    /// Writes the whole file through `sink` in chunks of about `chunk` bytes: the boot, then
    /// messages and reports while they fit in `target` minus room for the trailer, then the
    /// trailer line (not stamped, so neither grep nor the log grammar counts it).
    mutating func generate(chunk: Int = 4 << 20, _ sink: ([UInt8]) throws -> Void) throws -> Summary {
        var out = TextBuffer()
        out.bytes.reserveCapacity(chunk + 64 * 1024)
        var written = 0
        func flush(_ out: inout TextBuffer) throws {
            try sink(out.bytes)
            written += out.bytes.count
            out.removeAll()
        }
        let room = summary.target - Self.trailerReserve
        var bootLine = 0
        var linesToReport = rng.int(in: 500...2_000)
        while true {
            event.removeAll()
            resetPending()
            if bootLine < Self.bootMessages.count {
                // The first lines all print at 0.000000, like a real boot before the clock runs.
                begin(after: bootLine < 15 ? 0 : rng.below(25_000))
                event.append(Self.bootMessages[bootLine])
                event.newline()
                bootLine += 1
            } else if linesToReport <= 0 {
                failureReport()
                linesToReport = rng.int(in: 1_500...5_000)
            } else {
                deviceMessages()
                linesToReport -= pending.records
            }
            if written + out.bytes.count + event.bytes.count > room { break }
            out.append(event.bytes)
            commitPending()
            if out.bytes.count >= chunk { try flush(&out) }
        }
        summary.body = written + out.bytes.count
        out.append(Array(Self.trailer(summary).utf8))
        out.newline()
        try flush(&out)
        return summary
    }

    private mutating func resetPending() {
        pending.records = 0
        pending.reports = 0
        pending.frames = 0
        pending.unreliableFrames = 0
        pending.stampSum = 0
        for i in pending.kinds.indices { pending.kinds[i] = 0 }
    }

    private mutating func commitPending() {
        summary.records += pending.records
        summary.reports += pending.reports
        summary.frames += pending.frames
        summary.unreliableFrames += pending.unreliableFrames
        summary.stampSum &+= pending.stampSum
        for i in pending.kinds.indices { summary.kinds[i] += pending.kinds[i] }
    }

    // MARK: - Trailer

    static let trailerPrefix = "crashsift-benchmark generated this file:"
    /// Room kept for the trailer line.
    static let trailerReserve = 512

    static func trailer(_ s: Summary) -> String {
        let kinds = FailureKind.allCases.map { "\($0.name):\(s.kinds[$0.rawValue])" }.joined(separator: ",")
        return "\(trailerPrefix) generator=\(s.version) input=log seed=\(s.seed) target=\(s.target) body=\(s.body)"
            + " records=\(s.records) reports=\(s.reports) frames=\(s.frames) unreliable=\(s.unreliableFrames)"
            + " stamps=\(s.stampSum) kinds=\(kinds)"
    }

    /// Reads a trailer line back; nil when it is not one of a log.
    static func parseTrailer(_ line: String) -> Summary? {
        guard line.hasPrefix(trailerPrefix) else { return nil }
        var fields: [Substring: Substring] = [:]
        for word in line.dropFirst(trailerPrefix.count).split(separator: " ") {
            guard let equals = word.firstIndex(of: "=") else { return nil }
            fields[word[..<equals]] = word[word.index(after: equals)...]
        }
        func number(_ key: Substring) -> Int? { fields[key].flatMap { Int($0) } }
        guard fields["input"] == "log", let version = fields["generator"], let seed = fields["seed"].flatMap({ UInt64($0) }),
              let target = number("target"), let body = number("body"), let records = number("records"),
              let reports = number("reports"), let frames = number("frames"), let unreliable = number("unreliable"),
              let stamps = fields["stamps"].flatMap({ UInt64($0) }), let kindList = fields["kinds"]
        else { return nil }
        var kinds = [Int](repeating: 0, count: FailureKind.allCases.count)
        for entry in kindList.split(separator: ",") {
            let parts = entry.split(separator: ":")
            guard parts.count == 2, let kind = FailureKind.allCases.first(where: { $0.name == parts[0] }),
                  let count = Int(parts[1])
            else { return nil }
            kinds[kind.rawValue] = count
        }
        return Summary(version: String(version), seed: seed, target: target, body: body, records: records, reports: reports,
                       frames: frames, unreliableFrames: unreliable, stampSum: stamps, kinds: kinds)
    }

    // MARK: - Lines

    /// Starts a line `delay` microseconds after the previous one: `[%5lu.%06lu] `.
    private mutating func begin(after delay: Int) {
        now += UInt64(delay)
        event.append(byte: 0x5B)
        event.decimal(Int(now / 1_000_000), rightAlignedWidth: 5)
        event.append(byte: 0x2E)
        event.decimal(Int(now % 1_000_000), rightAlignedWidth: 6, zeroPadded: true)
        event.append("] ")
        pending.records += 1
        pending.stampSum &+= now
    }

    /// A report's lines mostly share one stamp (printed in one go), sometimes a few µs later.
    private mutating func reportDelay() -> Int { rng.chance(0.7) ? 0 : rng.below(300) }

    /// The delay before an ordinary message: mostly milliseconds, sometimes seconds of quiet.
    private mutating func quietDelay() -> Int { rng.below(4) == 0 ? rng.below(8_000_000) : rng.below(40_000) }

    private mutating func line(_ text: StaticString, after delay: Int) {
        begin(after: delay)
        event.append(text)
        event.newline()
    }

    private mutating func reportLine(_ text: StaticString) { line(text, after: reportDelay()) }

    // MARK: - Device messages

    /// One ordinary message or a burst of related ones (a USB stick plugged in, a container
    /// started), in rough proportions of a busy server's console.
    private mutating func deviceMessages() {
        let delay = quietDelay()
        switch rng.below(100) {
        case 0..<14: firewall(delay)
        case 14..<24: audit(delay)
        case 24..<28: usbPlugged(delay)
        case 28..<31: usbUnplugged(delay)
        case 31..<40: containerStarted(delay)
        case 40..<46: containerStopped(delay)
        case 46..<50: loopMounted(delay)
        case 50..<55: kauditSuppressed(delay)
        case 55..<58: perfInterrupt(delay)
        case 58..<61: synFlood(delay)
        case 61..<65: nfsServer(delay)
        case 65..<69: segfault(delay)
        case 69..<73: linkChange(delay)
        case 73..<76: ioError(delay)
        case 76..<78: diskAttached(delay)
        case 78..<81: hrtimer(delay)
        case 81..<84: forkRejected(delay)
        case 84..<88: ipvs(delay)
        case 88..<91: conntrackFull(delay)
        case 91..<95: crashtestTick(delay)
        default: deprecatedSysctl(delay)
        }
    }

    private mutating func ipv4(_ first: Int) {
        event.decimal(first)
        for _ in 0..<3 {
            event.append(byte: 0x2E)
            event.decimal(rng.below(256))
        }
    }

    /// `veth1a2b3c4` style interface names (7 hex digits).
    private mutating func veth(_ value: UInt64) {
        event.append("veth")
        event.hex(value & 0xFFF_FFFF, width: 7)
    }

    private mutating func firewall(_ delay: Int) {
        begin(after: delay)
        event.append("[UFW BLOCK] IN=enp0s3 OUT= MAC=52:54:00:12:34:56:52:55:0a:00:02:02:08:00 SRC=")
        ipv4(rng.pick([45, 89, 103, 185, 193, 203]))
        event.append(" DST=10.0.2.15 LEN=")
        event.decimal(rng.pick([40, 44, 52, 60]))
        event.append(" TOS=0x00 PREC=0x00 TTL=")
        event.decimal(rng.int(in: 40...250))
        event.append(" ID=")
        event.decimal(rng.below(65_536))
        event.append(rng.chance(0.5) ? " DF PROTO=TCP SPT=" : " PROTO=TCP SPT=")
        event.decimal(rng.int(in: 1_024...65_535))
        event.append(" DPT=")
        event.decimal(rng.pick([22, 23, 80, 443, 3389, 5432, 6379, 8080, 8443]))
        event.append(" WINDOW=")
        event.decimal(rng.pick([1024, 14600, 29200, 64240, 65535]))
        event.append(" RES=0x00 SYN URGP=0 \n")
    }

    private mutating func audit(_ delay: Int) {
        begin(after: delay)
        auditSerial += 1 + rng.below(5)
        event.append("audit: type=1400 audit(")
        event.decimal(1_795_638_160 + Int(now / 1_000_000))
        event.append(byte: 0x2E)
        event.decimal(rng.below(1_000), rightAlignedWidth: 3, zeroPadded: true)
        event.append(byte: 0x3A)
        event.decimal(auditSerial)
        switch rng.below(3) {
        case 0: event.append("): apparmor=\"DENIED\" operation=\"open\" class=\"file\" profile=\"/usr/sbin/cupsd\" name=\"/etc/ssl/openssl.cnf\" pid=")
        case 1: event.append("): apparmor=\"DENIED\" operation=\"capable\" class=\"cap\" profile=\"docker-default\" pid=")
        default: event.append("): apparmor=\"ALLOWED\" operation=\"exec\" class=\"file\" profile=\"snap.lxd.daemon\" name=\"/usr/bin/lxc\" pid=")
        }
        event.decimal(rng.int(in: 300...65_000))
        event.append(" comm=\"")
        event.append(Array(rng.pick(Self.programs).utf8))
        event.append("\" requested_mask=\"r\" denied_mask=\"r\" fsuid=0 ouid=0\n")
    }

    private mutating func usbPrefix() {
        event.append("usb 1-")
        event.decimal(usbDevice % 4 + 1)
        event.append(": ")
    }

    private mutating func usbPlugged(_ delay: Int) {
        // Device numbers are 1-127 per bus and wrap around.
        usbDevice = usbDevice % 126 + 2
        begin(after: delay)
        usbPrefix()
        event.append("new high-speed USB device number ")
        event.decimal(usbDevice)
        event.append(" using xhci_hcd\n")
        begin(after: rng.int(in: 100_000...200_000))
        usbPrefix()
        event.append("New USB device found, idVendor=0781, idProduct=5583, bcdDevice= 1.00\n")
        begin(after: rng.below(50))
        usbPrefix()
        event.append("New USB device strings: Mfr=1, Product=2, SerialNumber=3\n")
        begin(after: rng.below(50))
        usbPrefix()
        event.append("Product: Ultra Fit\n")
        begin(after: rng.below(50))
        event.append("usb-storage 1-")
        event.decimal(usbDevice % 4 + 1)
        event.append(":1.0: USB Mass Storage device detected\n")
        begin(after: rng.below(500))
        event.append("scsi host")
        event.decimal(usbDevice + 2)
        event.append(": usb-storage 1-")
        event.decimal(usbDevice % 4 + 1)
        event.append(":1.0\n")
    }

    private mutating func usbUnplugged(_ delay: Int) {
        begin(after: delay)
        usbPrefix()
        event.append("USB disconnect, device number ")
        event.decimal(usbDevice)
        event.newline()
    }

    private mutating func containerStarted(_ delay: Int) {
        let host = rng.next()
        let peer = rng.next()
        let port = rng.int(in: 1...30)
        let bridge = rng.next() & 0xFFFF_FFFF_FFFF
        for (i, text) in (["entered blocking state", "entered disabled state"] as [StaticString]).enumerated() {
            begin(after: i == 0 ? delay : rng.below(100))
            bridgePort(bridge, port, host)
            event.append(text)
            event.newline()
        }
        begin(after: rng.below(200))
        event.append("device ")
        veth(host)
        event.append(" entered promiscuous mode\n")
        begin(after: rng.int(in: 20_000...90_000))
        event.append("eth0: renamed from ")
        veth(peer)
        event.newline()
        begin(after: rng.below(2_000))
        event.append("IPv6: ADDRCONF(NETDEV_CHANGE): ")
        veth(host)
        event.append(": link becomes ready\n")
        for text in ["entered blocking state", "entered forwarding state"] as [StaticString] {
            begin(after: rng.below(100))
            bridgePort(bridge, port, host)
            event.append(text)
            event.newline()
        }
    }

    private mutating func containerStopped(_ delay: Int) {
        let host = rng.next()
        let port = rng.int(in: 1...30)
        let bridge = rng.next() & 0xFFFF_FFFF_FFFF
        begin(after: delay)
        bridgePort(bridge, port, host)
        event.append("entered disabled state\n")
        begin(after: rng.below(3_000))
        veth(rng.next())
        event.append(": renamed from eth0\n")
        begin(after: rng.below(3_000))
        event.append("device ")
        veth(host)
        event.append(" left promiscuous mode\n")
        begin(after: rng.below(100))
        bridgePort(bridge, port, host)
        event.append("entered disabled state\n")
    }

    /// `br-0a1b2c3d4e5f: port 3(veth1a2b3c4) ` (docker's bridges are named after the network id).
    private mutating func bridgePort(_ bridge: UInt64, _ port: Int, _ host: UInt64) {
        event.append("br-")
        event.hex(bridge, width: 12)
        event.append(": port ")
        event.decimal(port)
        event.append(byte: 0x28)
        veth(host)
        event.append(") ")
    }

    private mutating func loopMounted(_ delay: Int) {
        let loop = rng.below(16)
        begin(after: delay)
        event.append("loop")
        event.decimal(loop)
        event.append(": detected capacity change from 0 to ")
        event.decimal(rng.int(in: 8...4_000) * 1_024)
        event.newline()
        begin(after: rng.below(20_000))
        if rng.chance(0.5) {
            event.append("squashfs: version 4.0 (2009/01/31) Phillip Lougher\n")
        } else {
            event.append("EXT4-fs (loop")
            event.decimal(loop)
            event.append("): mounted filesystem with ordered data mode. Quota mode: none.\n")
        }
    }

    private mutating func kauditSuppressed(_ delay: Int) {
        begin(after: delay)
        event.append("kauditd_printk_skb: ")
        event.decimal(rng.int(in: 1...40))
        event.append(" callbacks suppressed\n")
    }

    private mutating func perfInterrupt(_ delay: Int) {
        let took = rng.int(in: 2_501...9_000)
        begin(after: delay)
        event.append("perf: interrupt took too long (")
        event.decimal(took)
        event.append(" > ")
        event.decimal(took * 4 / 5)
        event.append("), lowering kernel.perf_event_max_sample_rate to ")
        event.decimal(25_000_000 / took * 4)
        event.newline()
    }

    private mutating func synFlood(_ delay: Int) {
        begin(after: delay)
        event.append("TCP: request_sock_TCP: Possible SYN flooding on port ")
        event.decimal(rng.pick([80, 443, 8080, 5432]))
        event.append(". Sending cookies.  Check SNMP counters.\n")
    }

    private mutating func nfsServer(_ delay: Int) {
        begin(after: delay)
        event.append(rng.chance(0.6) ? "nfs: server nas01 not responding, still trying\n" : "nfs: server nas01 OK\n")
    }

    /// A user program's segfault: the kernel prints the fault and the code bytes at its IP.
    private mutating func segfault(_ delay: Int) {
        let ip = 0x0000_7F00_0000_0000 | (rng.next() & 0xFF_FFFF_F000) | UInt64(rng.below(0x1000))
        begin(after: delay)
        event.append(Array(rng.pick(Self.programs).utf8))
        event.append(byte: 0x5B)
        event.decimal(rng.int(in: 300...65_000))
        event.append("]: segfault at ")
        event.hex(UInt64(rng.pick([0, 8, 0x10, 0x18, 0x28])))
        event.append(" ip ")
        event.hex(ip, width: 16)
        event.append(" sp ")
        event.hex(0x0000_7FFC_0000_0000 | (rng.next() & 0xFFFF_FFF8), width: 16)
        event.append(" error 4 in libc.so.6[")
        event.hex(ip & ~0xF_FFFF)
        event.append("+155000] likely on CPU ")
        let cpu = rng.below(Self.cpus)
        event.decimal(cpu)
        event.append(" (core ")
        event.decimal(cpu)
        event.append(", socket 0)\n")
        begin(after: rng.below(30))
        codeBytes(trap: false)
    }

    private mutating func linkChange(_ delay: Int) {
        begin(after: delay)
        if rng.chance(0.5) {
            event.append("e1000e 0000:00:04.0 ens4: NIC Link is Down\n")
        } else {
            event.append("e1000e 0000:00:04.0 ens4: NIC Link is Up 1000 Mbps Full Duplex, Flow Control: Rx/Tx\n")
        }
    }

    private mutating func ioError(_ delay: Int) {
        let sector = rng.below(20_000_000)
        begin(after: delay)
        event.append("I/O error, dev sdb, sector ")
        event.decimal(sector)
        event.append(" op 0x0:(READ) flags 0x80700 phys_seg 1 prio class 2\n")
        begin(after: rng.below(200))
        event.append("Buffer I/O error on dev sdb1, logical block ")
        event.decimal(sector / 8)
        event.append(", async page read\n")
    }

    private mutating func diskAttached(_ delay: Int) {
        let lines: [StaticString] = [
            "scsi 2:0:0:0: Direct-Access     QEMU     QEMU HARDDISK    2.5+ PQ: 0 ANSI: 5",
            "sd 2:0:0:0: Attached scsi generic sg1 type 0",
            "sd 2:0:0:0: [sdb] 20971520 512-byte logical blocks: (10.7 GB/10.0 GiB)",
            "sd 2:0:0:0: [sdb] Write Protect is off",
            "sd 2:0:0:0: [sdb] Mode Sense: 63 00 00 08",
            "sd 2:0:0:0: [sdb] Write cache: enabled, read cache: enabled, doesn't support DPO or FUA",
            " sdb: sdb1",
            "sd 2:0:0:0: [sdb] Attached SCSI disk",
        ]
        for (i, text) in lines.enumerated() { line(text, after: i == 0 ? delay : rng.below(3_000)) }
    }

    private mutating func hrtimer(_ delay: Int) {
        begin(after: delay)
        event.append("hrtimer: interrupt took ")
        event.decimal(rng.int(in: 20_000...3_000_000))
        event.append(" ns\n")
    }

    private mutating func forkRejected(_ delay: Int) {
        begin(after: delay)
        event.append("cgroup: fork rejected by pids controller in /system.slice/docker-")
        event.hex(rng.next(), width: 16)
        event.hex(rng.next(), width: 16)
        event.append(".scope\n")
    }

    private mutating func ipvs(_ delay: Int) {
        begin(after: delay)
        event.append("IPVS: rr: TCP 10.96.")
        event.decimal(rng.below(4))
        event.append(byte: 0x2E)
        event.decimal(rng.int(in: 1...254))
        event.append(":443 - no destination available\n")
    }

    private mutating func conntrackFull(_ delay: Int) {
        begin(after: delay)
        event.append("nf_conntrack: nf_conntrack: table full, dropping packet\n")
    }

    private mutating func crashtestTick(_ delay: Int) {
        begin(after: delay)
        event.append("crashtest: tick ")
        event.decimal(Int(now / 1_000))
        event.append(" on CPU ")
        event.decimal(rng.below(Self.cpus))
        event.newline()
    }

    private mutating func deprecatedSysctl(_ delay: Int) {
        begin(after: delay)
        event.append("ICMPv6: process `dhclient' is using deprecated sysctl (syscall) net.ipv6.neigh.ens4.base_reachable_time")
        event.append(" - use net.ipv6.neigh.ens4.base_reachable_time_ms instead\n")
    }

    // MARK: - Failure reports

    private mutating func failureReport() {
        switch rng.below(11) {
        case 0, 1: rcuStall()
        case 2, 3: softLockup()
        case 4, 5: hungTasks()
        case 6, 7, 8: warning()
        case 9: oops(nullPointer: false)
        default: oops(nullPointer: true)
        }
    }

    private mutating func started(_ kind: FailureKind) {
        pending.reports += 1
        pending.kinds[kind.rawValue] += 1
    }

    /// The task a report is about.
    private struct Culprit {
        var comm: [UInt8]
        var pid: Int
        var cpu: Int
        var workqueue: [UInt8]?
        var user: Bool
    }

    private mutating func culprit(_ template: TaskTemplate) -> Culprit {
        let cpu = rng.below(Self.cpus)
        return switch template {
        case .kworker(let workqueue):
            Culprit(comm: Array("kworker/\(cpu):\(rng.below(3))".utf8), pid: rng.int(in: 30...3_000), cpu: cpu,
                    workqueue: Array(workqueue.utf8), user: false)
        case .kthread(let name):
            Culprit(comm: Array(name.utf8), pid: rng.int(in: 20...400), cpu: cpu, workqueue: nil, user: false)
        case .perCPU(let prefix):
            Culprit(comm: Array("\(prefix)\(cpu)".utf8), pid: 14 + 8 * cpu, cpu: cpu, workqueue: nil, user: false)
        case .user:
            Culprit(comm: Array(rng.pick(Self.programs).utf8), pid: rng.int(in: 300...65_000), cpu: cpu, workqueue: nil, user: true)
        case .idle:
            Culprit(comm: Array("swapper/\(cpu)".utf8), pid: 0, cpu: cpu, workqueue: nil, user: false)
        }
    }

    /// `rcu: INFO: rcu_preempt self-detected stall on CPU`, the stall details, the registers of
    /// the spinning code and its trace (sometimes with the timer interrupt's `?` frames).
    private mutating func rcuStall() {
        started(.rcuStall)
        let scenario = rng.pick(Self.spinning)
        let task = culprit(scenario.task)
        let t = rng.int(in: 5_250...21_000)
        begin(after: quietDelay())
        event.append("rcu: INFO: rcu_preempt self-detected stall on CPU\n")
        begin(after: reportDelay())
        event.append("rcu: \t")
        event.decimal(task.cpu)
        event.append(rng.pick(["-....: ", "-...!: ", "-...0: "] as [StaticString]))
        if rng.chance(0.5) {
            event.append(byte: 0x28)
            event.decimal(rng.int(in: 1...3))
            event.append(" GPs behind)")
        } else {
            event.append(byte: 0x28)
            event.decimal(rng.int(in: 100...t))
            event.append(" ticks this GP)")
        }
        event.append(" idle=")
        event.hex(UInt64(rng.below(0x10000)), width: 4)
        event.append("/1/0x4000000000000000 softirq=")
        let softirq = rng.below(500_000)
        event.decimal(softirq)
        event.append(byte: 0x2F)
        event.decimal(softirq + rng.below(3))
        event.append(" fqs=")
        event.decimal(rng.below(t / 2))
        if rng.chance(0.3) {
            event.append(" rcuc=")
            event.decimal(t)
            event.append(" jiffies(starved)")
        }
        event.newline()
        begin(after: reportDelay())
        event.append("\t(t=")
        event.decimal(t)
        event.append(" jiffies g=")
        event.decimal(Int(now / 4_000))
        event.append(" q=")
        event.decimal(rng.int(in: 10...900))
        event.append(" ncpus=")
        event.decimal(Self.cpus)
        event.append(")\n")
        spinDump(scenario, task: task, irq: Self.stallIRQ)
    }

    /// What stalls and lockups print of the spinning CPU: its `CPU:` line, registers, and a
    /// trace that half the time starts on the timer interrupt's stack (`irq`).
    private mutating func spinDump(_ scenario: Scenario, task: Culprit, irq: [String]) {
        cpuLine(task)
        let rip = spec(scenario.rip)
        kernelRegisters(rip: rip, offset: randomOffset(rip), task: task, full: true, trap: false, cr2: userAddress())
        var trace = Trace(task: scenario.frames)
        if rng.chance(0.5) {
            trace.irq = irq
            trace.entry = "? asm_sysvec_apic_timer_interrupt"
            trace.task = ["? " + scenario.rip] + scenario.frames
        }
        callTrace(trace, task)
    }

    /// `watchdog: BUG: soft lockup - CPU#N stuck for Ns! [comm:pid]` and a dump like a stall's.
    private mutating func softLockup() {
        started(.softLockup)
        let scenario = rng.pick(Self.spinning)
        let task = culprit(scenario.task)
        begin(after: quietDelay())
        event.append("watchdog: BUG: soft lockup - CPU#")
        event.decimal(task.cpu)
        event.append(" stuck for ")
        event.decimal(rng.int(in: 22...90))
        event.append("s! [")
        event.append(task.comm)
        event.append(byte: 0x3A)
        event.decimal(task.pid)
        event.append("]\n")
        reportLine(Self.modulesLinkedIn)
        spinDump(scenario, task: task, irq: Self.lockupIRQ)
        setTaint("L")
    }

    /// One to three `INFO: task X:PID blocked for more than 120 seconds.` reports, as khungtaskd
    /// prints them in one pass (no `CPU:` line: the task is not running).
    private mutating func hungTasks() {
        for i in 0..<rng.int(in: 1...3) {
            started(.hungTask)
            let scenario = rng.pick(Self.blocked)
            let task = culprit(scenario.task)
            begin(after: i == 0 ? quietDelay() : reportDelay())
            event.append("INFO: task ")
            event.append(task.comm)
            event.append(byte: 0x3A)
            event.decimal(task.pid)
            event.append(" blocked for more than ")
            event.decimal(120 * rng.int(in: 1...3))
            event.append(" seconds.\n")
            begin(after: reportDelay())
            event.append("      Tainted: ")
            taintFlags()
            event.append(byte: 0x20)
            event.append(Self.release)
            event.append(" #1 Debian 6.1.192-2\n")
            reportLine("\"echo 0 > /proc/sys/kernel/hung_task_timeout_secs\" disables this message.")
            // `task:%-15.15s state:%c stack:%-5lu pid:%-5d ppid:%-6d flags:0x%08lx`
            begin(after: reportDelay())
            event.append("task:")
            let comm = task.comm.prefix(15)
            event.append(Array(comm))
            event.spaces(15 - comm.count)
            event.append(" state:D stack:0     pid:")
            event.decimal(task.pid, leftAlignedWidth: 5)
            event.append(" ppid:")
            event.decimal(task.user ? rng.int(in: 1...3_000) : 2, leftAlignedWidth: 6)
            event.append(" flags:0x")
            event.hex(task.user ? 0x4002 : 0x4000, width: 8)
            event.newline()
            callTrace(Trace(task: scenario.frames), task)
        }
    }

    /// `------------[ cut here ]------------`, `WARNING: CPU: N PID: N at file:line func`, the
    /// dump and trace (in an interrupt for some), `---[ end trace 0000000000000000 ]---`.
    private mutating func warning() {
        started(.warning)
        let warning = rng.pick(Self.warnings)
        let task = culprit(warning.scenario.task)
        let rip = spec(warning.scenario.rip)
        let offset = randomOffset(rip)
        begin(after: quietDelay())
        event.append("------------[ cut here ]------------\n")
        if let message = warning.message {
            begin(after: reportDelay())
            event.append(Array(message.utf8))
            event.newline()
        }
        begin(after: reportDelay())
        event.append("WARNING: CPU: ")
        event.decimal(task.cpu)
        event.append(" PID: ")
        event.decimal(task.pid)
        event.append(" at ")
        event.append(Array(warning.file.utf8))
        event.append(byte: 0x20)
        location(rip, offset: offset)
        event.newline()
        reportLine(Self.modulesLinkedIn)
        cpuLine(task)
        kernelRegisters(rip: rip, offset: offset, task: task, full: true, trap: true, cr2: userAddress())
        var trace = Trace(task: warning.scenario.frames)
        if let irq = warning.irq {
            trace.irq = irq
            trace.entry = "asm_sysvec_apic_timer_interrupt"
            if let interrupted = warning.interrupted {
                trace.interrupted = spec(interrupted)
            } else {
                trace.interruptedUser = true
            }
        }
        callTrace(trace, task)
        reportLine("---[ end trace 0000000000000000 ]---")
        setTaint("W")
    }

    /// A general protection fault or a NULL pointer dereference: header, dump, trace,
    /// `Modules linked in:`, the end marker, and the registers once more (as x86 prints them
    /// after an oops).
    private mutating func oops(nullPointer: Bool) {
        started(nullPointer ? .nullPointerDereference : .generalProtectionFault)
        dieCounter += 1
        let scenario = Self.faulting[(nullPointer ? 3 : 0) + rng.below(3)]
        let task = culprit(scenario.task)
        let rip = spec(scenario.rip)
        let offset = randomOffset(rip)
        var cr2 = userAddress()
        begin(after: quietDelay())
        if nullPointer {
            let write = rng.chance(0.4)
            cr2 = UInt64(rng.pick([0, 0x8, 0x10, 0x18, 0x30, 0x58, 0x110]))
            event.append("BUG: kernel NULL pointer dereference, address: ")
            event.hex(cr2, width: 16)
            event.newline()
            reportLine(write ? "#PF: supervisor write access in kernel mode" : "#PF: supervisor read access in kernel mode")
            reportLine(write ? "#PF: error_code(0x0002) - not-present page" : "#PF: error_code(0x0000) - not-present page")
            reportLine("PGD 0 P4D 0 ")
            begin(after: reportDelay())
            event.append(write ? "Oops: 0002 [#" : "Oops: 0000 [#")
        } else {
            event.append("general protection fault, probably for non-canonical address 0x")
            event.hex(rng.pick([0xDEAD_0000_0000_0100, 0xDEAD_0000_0000_0122, 0x6B6B_6B6B_6B6B_6B6B, 0xDFFF_FC00_0000_0003] as [UInt64]))
            event.append(": 0000 [#")
        }
        event.decimal(dieCounter)
        event.append("] PREEMPT_RT SMP NOPTI\n")
        cpuLine(task)
        // The dump is printed twice; replaying the generator's state repeats its values.
        let beforeDump = rng
        kernelRegisters(rip: rip, offset: offset, task: task, full: true, trap: false, cr2: cr2)
        callTrace(Trace(task: scenario.frames), task)
        reportLine(Self.modulesLinkedIn)
        if nullPointer {
            begin(after: reportDelay())
            event.append("CR2: ")
            event.hex(cr2, width: 16)
            event.newline()
        }
        reportLine("---[ end trace 0000000000000000 ]---")
        let afterTrace = rng
        rng = beforeDump
        kernelRegisters(rip: rip, offset: offset, task: task, full: true, trap: false, cr2: cr2)
        rng = afterTrace
        setTaint("D")
    }

    private mutating func setTaint(_ flag: Unicode.Scalar) {
        let byte = UInt8(ascii: flag)
        taint[Self.taintColumn[byte]!] = byte
    }

    // MARK: - Report pieces

    /// `CPU: N PID: N Comm: X Tainted: …`, `Hardware name: …` and, for workers, `Workqueue: …`.
    private mutating func cpuLine(_ task: Culprit) {
        begin(after: reportDelay())
        event.append("CPU: ")
        event.decimal(task.cpu)
        event.append(" PID: ")
        event.decimal(task.pid)
        event.append(" Comm: ")
        event.append(task.comm)
        event.append(" Tainted: ")
        taintFlags()
        event.append(byte: 0x20)
        event.append(Self.release)
        event.append(" #1  Debian 6.1.192-2\n")
        reportLine(Self.hardware)
        if let workqueue = task.workqueue {
            begin(after: reportDelay())
            event.append("Workqueue: ")
            event.append(workqueue)
            event.newline()
        }
    }

    /// `G` and the 18 other taint columns (a blank where a flag is not set).
    private mutating func taintFlags() {
        event.append(byte: UInt8(ascii: "G"))
        event.append(taint)
    }

    /// `func+0xoff/0xsize [module]`.
    private mutating func location(_ frame: FrameSpec, offset: UInt64) {
        event.append(frame.name)
        event.append("+0x")
        event.hex(offset)
        event.append("/0x")
        event.hex(frame.size)
        if let module = frame.module {
            event.append(" [")
            event.append(module)
            event.append(byte: 0x5D)
        }
    }

    private mutating func randomOffset(_ frame: FrameSpec) -> UInt64 { 1 + UInt64(rng.below(Int(frame.size) - 1)) }

    private mutating func userAddress() -> UInt64 { 0x0000_7F00_0000_0000 | (rng.next() & 0xFF_FFFF_FFF8) }

    /// 64 code bytes around the faulting instruction, the 43rd in `<>` (`ud2`, `<0f> 0b`, for a
    /// WARNING); without the stamp, which the caller wrote.
    private mutating func codeBytes(trap: Bool) {
        event.append("Code:")
        for i in 0..<64 {
            event.append(byte: 0x20)
            let byte = trap && i == 42 ? 0x0F : trap && i == 43 ? 0x0B : rng.next() & 0xFF
            if i == 42 { event.append(byte: 0x3C) }
            event.hex(byte, width: 2)
            if i == 42 { event.append(byte: 0x3E) }
        }
        event.newline()
    }

    static let registerRows: [[StaticString]] = [["RAX", "RBX", "RCX"], ["RDX", "RSI", "RDI"], ["RBP", "R08", "R09"],
                                                  ["R10", "R11", "R12"], ["R13", "R14", "R15"]]

    /// `RIP: 0010:…`, `Code: …`, `RSP: 0018:… EFLAGS: …` and the five rows of general
    /// registers; with `full` (a report's own dump, not one inside a trace) also FS/GS, CS and
    /// the control registers.
    private mutating func kernelRegisters(rip: FrameSpec, offset: UInt64, task: Culprit, full: Bool, trap: Bool, cr2: UInt64) {
        begin(after: reportDelay())
        event.append("RIP: 0010:")
        location(rip, offset: offset)
        event.newline()
        begin(after: reportDelay())
        if rip.module != nil, rng.chance(0.15) {
            event.append("Code: Unable to access opcode bytes at 0x")
            event.hex(0xFFFF_FFFF_C020_0000 + UInt64(rng.below(0x10000)))
            event.append(".\n")
        } else {
            codeBytes(trap: trap)
        }
        begin(after: reportDelay())
        event.append("RSP: 0018:")
        event.hex(0xFFFF_C900_0000_0000 | (UInt64(rng.below(1 << 22)) << 14) | UInt64(0x3C00 + rng.below(0x3F0) * 8), width: 16)
        event.append(" EFLAGS: ")
        event.hex(rng.pick([0x202, 0x246, 0x286, 0x10282, 0x10246, 0x10206] as [UInt64]), width: 8)
        event.newline()
        generalRegisters(user: false)
        guard full else { return }
        begin(after: reportDelay())
        event.append("FS:  ")
        event.hex(task.user ? userAddress() : 0, width: 16)
        event.append("(0000) GS:")
        event.hex(0xFFFF_8880_3F20_0000 + UInt64(task.cpu) * 0x8_0000, width: 16)
        event.append("(0000) knlGS:0000000000000000\n")
        reportLine("CS:  0010 DS: 0000 ES: 0000 CR0: 0000000080050033")
        begin(after: reportDelay())
        event.append("CR2: ")
        event.hex(cr2, width: 16)
        event.append(" CR3: ")
        event.hex(UInt64(rng.below(0x4_0000)) << 12, width: 16)
        event.append(" CR4: 0000000000750ee0\n")
        reportLine("PKRU: 55555554")
    }

    /// The registers of user space saved at a system call or an interrupt: `RIP: 0033:0x…`,
    /// `RSP: 002b:… EFLAGS: … ORIG_RAX: …` and the general registers.
    private mutating func userRegisters(code: Bool) {
        let syscall = rng.chance(0.8)
        begin(after: reportDelay())
        event.append("RIP: 0033:0x")
        event.hex(rng.chance(0.7) ? 0x0000_7F00_0000_0000 | (rng.next() & 0xFF_FFFF_FFFF) : 0x40_0000 + UInt64(rng.below(0x10_0000)))
        event.newline()
        if code {
            begin(after: reportDelay())
            codeBytes(trap: false)
        }
        begin(after: reportDelay())
        event.append("RSP: 002b:")
        event.hex(0x0000_7FFC_0000_0000 | (rng.next() & 0xFFFF_FFF8), width: 16)
        event.append(" EFLAGS: ")
        event.hex(rng.pick([0x202, 0x246, 0x293] as [UInt64]), width: 8)
        event.append(" ORIG_RAX: ")
        event.hex(syscall ? UInt64(rng.pick([0, 1, 7, 0x4A, 0xCA, 0xE8, 0x10F])) : 0xFFFF_FFFF_FFFF_FFFF, width: 16)
        event.newline()
        generalRegisters(user: true)
    }

    private mutating func generalRegisters(user: Bool) {
        for row in Self.registerRows {
            begin(after: reportDelay())
            for (i, name) in row.enumerated() {
                if i > 0 { event.append(byte: 0x20) }
                event.append(name)
                event.append(": ")
                event.hex(registerValue(user: user), width: 16)
            }
            event.newline()
        }
    }

    /// A register's contents: zeros, small numbers and pointers, in rough proportions of real dumps.
    private mutating func registerValue(user: Bool) -> UInt64 {
        switch rng.below(100) {
        case 0..<30: 0
        case 30..<50: UInt64(rng.below(0x1000))
        case 50..<72: user ? 0x0000_7FFC_0000_0000 | (rng.next() & 0xFFFF_FFF8) : 0xFFFF_8880_0000_0000 | (rng.next() & 0x3F_FFFF_FFF8)
        case 72..<84: user ? 0x0000_7F00_0000_0000 | (rng.next() & 0xFF_FFFF_FFF8) : 0xFFFF_C900_0000_0000 | (rng.next() & 0xFFFF_FFF8)
        case 84..<96: user ? 0x40_0000 + UInt64(rng.below(0x100_0000)) : 0xFFFF_FFFF_8100_0000 + UInt64(rng.below(0xC0_0000))
        default: rng.next()
        }
    }

    // MARK: - Call traces

    /// A call trace's plan: the frames on the IRQ stack (if any), the entry frame after
    /// `</IRQ>` and what the interrupt stopped, then the task-stack frames.
    private struct Trace {
        var irq: [String] = []
        var entry: String?
        /// The kernel function the interrupt stopped: its registers follow the entry frame.
        var interrupted: FrameSpec?
        /// The interrupt stopped user space: its registers follow the entry frame, and the trace ends.
        var interruptedUser = false
        var task: [String]

        init(task: [String]) { self.task = task }
    }

    private mutating func callTrace(_ trace: Trace, _ task: Culprit) {
        reportLine("Call Trace:")
        if !trace.irq.isEmpty {
            marker(" <IRQ>")
            for name in trace.irq { frame(spec(name)) }
            marker(" </IRQ>")
        }
        marker(" <TASK>")
        if let entry = trace.entry { frame(spec(entry)) }
        if trace.interruptedUser {
            userRegisters(code: true)
            marker(" </TASK>")
            return
        }
        if let interrupted = trace.interrupted {
            kernelRegisters(rip: interrupted, offset: randomOffset(interrupted), task: task, full: false, trap: false, cr2: 0)
        }
        // The unwinder's leftovers: a few `?` frames between the real ones.
        var strays = rng.below(3)
        for (i, name) in trace.task.enumerated() {
            frame(spec(name))
            if strays > 0, i + 2 < trace.task.count, rng.chance(0.3) {
                frame(spec(rng.pick(Self.strayFrames)))
                strays -= 1
            }
        }
        if trace.task.last == "entry_SYSCALL_64_after_hwframe" { userRegisters(code: rng.chance(0.5)) }
        marker(" </TASK>")
    }

    private mutating func marker(_ text: StaticString) {
        begin(after: reportDelay())
        event.append(text)
        event.newline()
    }

    /// ` func+0xoff/0xsize [module]`, or ` ? …` for an unreliable frame.
    private mutating func frame(_ frame: FrameSpec) {
        begin(after: reportDelay())
        event.append(frame.reliable ? " " : " ? ")
        event.append(frame.name)
        event.append("+0x")
        event.hex(frame.offset)
        event.append("/0x")
        event.hex(frame.size)
        if let module = frame.module {
            event.append(" [")
            event.append(module)
            event.append(byte: 0x5D)
        }
        event.newline()
        pending.frames += 1
        if !frame.reliable { pending.unreliableFrames += 1 }
    }

    /// The frame for `text` (`name`, `? name`, `name [module]`), with a size and return offset
    /// fixed per function and seed, as in one kernel build.
    private mutating func spec(_ text: String) -> FrameSpec {
        if let cached = frameCache[text] { return cached }
        var name = Substring(text)
        var reliable = true
        if name.hasPrefix("? ") {
            reliable = false
            name = name.dropFirst(2)
        }
        var module: [UInt8]?
        if name.hasSuffix("]"), let open = name.firstIndex(of: "[") {
            module = Array(name[name.index(after: open)..<name.index(before: name.endIndex)].utf8)
            name = name[..<open].dropLast()
        }
        // FNV-1a of the name: the same function gets the same size everywhere in the file.
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325 ^ summary.seed
        for byte in name.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        let size = 0x20 + (hash >> 8) % 0x7E0
        let made = FrameSpec(name: Array(name.utf8), module: module, reliable: reliable, offset: 1 + (hash >> 32) % (size - 1), size: size)
        frameCache[text] = made
        return made
    }
}
