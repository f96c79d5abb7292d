import CrashSiftModel
import CrashSiftTestSupport
import CrashSiftText
import Foundation
import Testing

@testable import CrashSiftParser

/// Console logs of other architectures (issue 8): the arm64 logs of syzkaller's corpus (read
/// in place; skipped without ../shared) and register dumps written in the kernel's own formats.
struct ArchitectureConsoleTests {
    // MARK: arm64, syzkaller's corpus

    /// The arm64 logs: a `Call trace:` heading (arm64's spelling), `x29:` register rows or a
    /// `pstate:` line (not 32-bit ARM's `(func) from [<…>]` traces).
    static let arm64Logs: [String] = {
        guard let folder = PackagePaths.shared?.appendingPathComponent("corpus/syzkaller") else { return [] }
        return PackagePaths.files(in: folder).compactMap { url in
            guard let text = try? String(contentsOf: url, encoding: .utf8) else { return nil }
            let isARM64 = (text.contains("Call trace:") || text.contains("x29: ") || text.contains("pstate: ")) && !text.contains(") from [<")
            return isARM64 ? url.lastPathComponent : nil
        }.sorted { Int($0) ?? 0 < Int($1) ?? 0 }
    }()

    /// Files whose first crash report syzkaller titles from a report that has no trace of
    /// its own (the trace follows, under the next report): the frames are in a later report.
    /// (680: two tasks' lines interleave; the titled report is cut where the other task's lines start.)
    static let titleReportWithoutTrace: Set<String> = ["353", "354", "355", "356", "655", "680"]
    /// 45's log ends at its `sp :` line: no frame was printed.
    static let withoutFrames: Set<String> = ["45"]
    /// Register dumps no report holds: 542 prints them under `Bad mode in …`, which is not a
    /// report header, before the panic syzkaller titles; 680 as above.
    static let registersOutsideReports: Set<String> = ["542", "680"]

    static func transcript(ofGolden name: String) throws -> (Transcript, title: String?, log: String) {
        let folder = try #require(PackagePaths.shared).appendingPathComponent("corpus/syzkaller")
        let bytes = try PackagePaths.bytes(of: folder.appendingPathComponent(name))
        let text = String(decoding: bytes, as: UTF8.self)
        let parts = text.components(separatedBy: "\n\n")
        let title = parts[0].split(separator: "\n").first { $0.hasPrefix("TITLE: ") }.map { String($0.dropFirst(7)) }
        let log = parts.dropFirst().joined(separator: "\n\n")
        return (TranscriptParser.parse(SourceFile(name: name, text: log)), title, log)
    }

    @Test(.enabled(if: PackagePaths.shared != nil, Comment(rawValue: PackagePaths.sharedMissingMessage)))
    func theCorpusHasArm64Logs() {
        // Issue 8 counts 39 "arm64" logs: the files with `Call trace:`, `x29:` or `pstate:`.
        // Two of them (714, 733) are 32-bit ARM (`ARM-Versatile Express`) printing the newer
        // `Call trace:` heading over `(func) from [<…>]` frames: armLogs reads those.
        #expect(Self.arm64Logs.count == 37)
        #expect(Set(Self.armLogs).isSuperset(of: ["714", "733"]))
    }

    @Test(
        .enabled(if: PackagePaths.shared != nil, Comment(rawValue: PackagePaths.sharedMissingMessage)),
        arguments: arm64Logs
    )
    func arm64LogsGiveTitlesFramesAndRegisters(_ name: String) throws {
        let (transcript, title, text) = try Self.transcript(ofGolden: name)
        let reports = transcript.log.reports
        let crash = reports.first(where: \.isSyzkallerCrash)
        #expect(crash?.title == title)
        // Frames: in the titled report, or (for the files listed) in a later one.
        let framed = Self.titleReportWithoutTrace.contains(name) ? reports.contains { !$0.frames.isEmpty } : crash?.frames.isEmpty == false
        #expect(framed || Self.withoutFrames.contains(name))
        if name == "693" {
            // `Unable to handle kernel NULL pointer dereference` and the `Mem abort info:`
            // lines above `Internal error:` are the report's first lines.
            #expect(crash?.line == 1)
            #expect(crash?.frames.first?.function == "unlock_page")
            #expect(crash?.registers?["x29"] != nil)
        }
        if name == "45" {
            // `PC is at`/`LR is at`, then `pc : [<…>] lr : [<…>] pstate: …`: one set.
            #expect(crash?.registers?.names == ["pc", "lr", "pstate", "sp"])
            #expect(crash?.registers?["lr"]?.symbol == "_snd_timer_stop.constprop.9+0x184/0x2b0")
        }
        // Every register row the text shows is in a register set.
        if text.contains("x29: "), !Self.registersOutsideReports.contains(name) {
            let sets = reports.compactMap(\.registers) + reports.flatMap(\.frames).compactMap(\.exception?.registers)
            #expect(sets.contains { set in ["x29", "x0", "sp"].allSatisfy { set[$0] != nil } })
            #expect(reports.contains { $0.registers?["x29"] != nil && $0.architecture == .arm64 })
            if text.contains("] lr : ") || text.contains("\nlr : ") {
                #expect(sets.contains { $0["lr"] != nil })
            }
        }
        #expect(transcript.unrecognized.isEmpty)
    }

    // MARK: 32-bit ARM, syzkaller's corpus

    /// The 32-bit ARM logs: frames `[<…>] (func) from [<…>] (caller+0x1/0x2)`.
    static let armLogs: [String] = {
        guard let folder = PackagePaths.shared?.appendingPathComponent("corpus/syzkaller") else { return [] }
        return PackagePaths.files(in: folder).compactMap { url in
            guard let text = try? String(contentsOf: url, encoding: .utf8) else { return nil }
            return text.contains(") from [<") ? url.lastPathComponent : nil
        }.sorted { Int($0) ?? 0 < Int($1) ?? 0 }
    }()

    /// ARM logs whose reports hold no frame line: 243's trace is cut off before its frames
    /// are printed in full, 242's and 549's frames sit outside the report syzkaller titles.
    static let armWithoutFrames: Set<String> = ["243", "242", "549"]

    @Test(
        .enabled(if: PackagePaths.shared != nil, Comment(rawValue: PackagePaths.sharedMissingMessage)),
        arguments: armLogs
    )
    func armLogsGiveTitlesAndFrames(_ name: String) throws {
        let (transcript, title, _) = try Self.transcript(ofGolden: name)
        let reports = transcript.log.reports
        #expect(reports.first(where: \.isSyzkallerCrash)?.title == title)
        if !Self.armWithoutFrames.contains(name) {
            #expect(reports.contains { !$0.frames.isEmpty })
        }
        #expect(transcript.unrecognized.isEmpty)
    }

    @Test func armFrameShape() throws {
        let log = """
            [  86.967326] WARNING: CPU: 1 PID: 4004 at fs/ext4/ioctl.c:1 ext4_fileattr_get+0x1c/0x5c
            [  86.967400] Call trace:
            [  86.967605] [<818df678>] (dump_backtrace) from [<818df774>] (show_stack+0x18/0x1c)
            [  86.968023]  r7:00000000 r6:82622e04 r5:00000000 r4:81fe2534
            [  86.968227] [<c0013d44>] (unwind_backtrace+0x0/0xf8) from [<c00113a8>] (show_stack+0x10/0x14)
            """
        let frames = try #require(TranscriptParser.parse(log).log.reports.first).frames
        #expect(frames.map(\.function) == ["dump_backtrace", "unwind_backtrace"])
        #expect(frames[0].address?.description == "818df678")
        #expect(frames[0].offset == nil)
        #expect(frames[1].offset == 0 && frames[1].symbolSize == 0xf8)
    }

    // MARK: register lines in the kernel's formats

    /// arm64 `__show_regs`: `pstate:` with its flags, `pc :`, `lr :`, `sp :`, `x29:`…`x0` (names
    /// padded to two characters: `x9 : `), then `Call trace:` with a `(P)` frame.
    @Test func arm64RegisterDumpIsOneSet() throws {
        let log = """
            [  100.000001] Internal error: Oops: 0000000096000005 [#1] PREEMPT SMP
            [  100.000002] Modules linked in:
            [  100.000003] CPU: 1 PID: 42 Comm: sh Not tainted 6.8.0 #1
            [  100.000004] Hardware name: linux,dummy-virt (DT)
            [  100.000005] pstate: 60400005 (nZCv daif +PAN -UAO -TCO -DIT -SSBS BTYPE=--)
            [  100.000006] pc : sysrq_handle_crash+0x24/0x30
            [  100.000007] lr : __handle_sysrq+0xd4/0x1c0
            [  100.000008] sp : ffff80008247bc90
            [  100.000009] x29: ffff80008247bc90 x28: ffff0000c1a63a00 x27: 0000000000000000
            [  100.000010] x26: 0000000000000000 x25: 0000000000000000 x24: ffff0000c1b4c000
            [  100.000011] x23: 0000000000000063 x22: 0000000000000000 x21: ffff8000816a1f70
            [  100.000012] x20: 0000000000000009 x19: ffff8000821f6778 x18: 0000000000000000
            [  100.000013] x17: 0000000000000000 x16: 0000000000000000 x15: 0000000000000000
            [  100.000014] x14: 0000000000000000 x13: 0000000000000000 x12: 0000000000000000
            [  100.000015] x11: 0000000000000000 x10: 0000000000000000 x9 : ffff80008007a0f4
            [  100.000016] x8 : 0000000000000000 x7 : 0000000000000000 x6 : 0000000000000000
            [  100.000017] x5 : 0000000000000000 x4 : 0000000000000000 x3 : 0000000000000000
            [  100.000018] x2 : 0000000000000000 x1 : 0000000000000000 x0 : 0000000000000000
            [  100.000019] Call trace:
            [  100.000020]  sysrq_handle_crash+0x24/0x30 (P)
            [  100.000021]  __handle_sysrq+0xd4/0x1c0
            [  100.000022]  write_sysrq_trigger+0x124/0x240
            [  100.000023] Code: d2800001 b900003f d65f03c0 d503233f (39000020)
            [  100.000024] ---[ end trace 0000000000000000 ]---
            """
        let transcript = TranscriptParser.parse(log)
        let report = try #require(transcript.log.reports.first)
        let registers = try #require(report.registers)
        #expect(registers.names == ["pstate", "pc", "lr", "sp"] + (0...29).reversed().map { "x\($0)" })
        #expect(registers["lr"]?.value.description == "__handle_sysrq+0xd4/0x1c0")
        #expect(registers["x9"]?.value.description == "ffff80008007a0f4")
        #expect(report.instructionPointer == "sysrq_handle_crash+0x24/0x30")
        #expect(report.frames.map(\.function) == ["sysrq_handle_crash", "__handle_sysrq", "write_sysrq_trigger"])
        #expect(report.code != nil)
        #expect(report.architecture == .arm64)
        #expect(transcript.unrecognized.isEmpty)
    }

    /// Symbolized logs (syzkaller's): ` func+0x1/0x2 path/file.c:123` and inlined frames
    /// ` func path/file.h:45 [inline]` are frames with their source line.
    @Test func symbolizedFramesKeepTheirSourceLine() throws {
        let log = """
            [   10.000001] WARNING: CPU: 0 PID: 1 at mm/filemap.c:1 unlock_page+0x18/0xb8
            [   10.000002] Call trace:
            [   10.000003]  _compound_head include/linux/page-flags.h:253 [inline]
            [   10.000004]  unlock_page+0x18/0xb8 mm/folio-compat.c:19
            [   10.000005]  ntfs_read_folio+0xd8/0x128 fs/ntfs3/inode.c:697
            """
        let transcript = TranscriptParser.parse(log)
        let frames = try #require(transcript.log.reports.first).frames
        #expect(frames.map(\.function) == ["_compound_head", "unlock_page", "ntfs_read_folio"])
        #expect(frames[0].offset == nil)
        #expect(frames[0].sourceLine?.file == "include/linux/page-flags.h")
        #expect(frames[1].sourceLine?.line == 19)
        #expect(frames[2].offset == 0xd8)
    }
}

/// The ppc64le and s390x console logs of `Fixtures/arch-logs` (written from the kernel's print
/// formats; see the README there): reports with frames and register sets.
struct ArchitectureFixtureLogTests {
    static func transcript(_ file: String) throws -> Transcript {
        let url = PackagePaths.fixtures(of: "CrashSiftParserTests").appendingPathComponent("arch-logs/\(file)")
        return TranscriptParser.parse(SourceFile(name: file, bytes: try PackagePaths.bytes(of: url)))
    }

    @Test func ppc64leOops() throws {
        let transcript = try Self.transcript("ppc64le-sysrq-oops.log.txt")
        #expect(transcript.unrecognized.isEmpty)
        let report = try #require(transcript.log.reports.first)
        #expect(report.architecture == .ppc64)
        #expect(report.cpu == 2 && report.pid == 4211)
        let registers = try #require(report.registers)
        #expect(registers.names == ["NIP", "LR", "CTR", "REGS", "TRAP", "MSR", "CR", "XER", "CFAR", "DAR", "DSISR", "IRQMASK"]
            + (0...31).map { String(format: "GPR%02d", $0) })
        #expect(registers["NIP"]?.symbol == "sysrq_handle_crash+0x24/0x30")
        #expect(registers["LR"]?.symbol == "__handle_sysrq+0xe8/0x290")
        #expect(registers["GPR01"]?.value.description == "c00000000f4e3cf0")
        let frames = report.frames
        #expect(frames.map(\.function) == [
            "__handle_sysrq", "write_sysrq_trigger", "proc_reg_write", "vfs_write", "ksys_write",
            "system_call_exception", "system_call_vectored_common",
        ])
        #expect(frames[0].reliable == false)
        #expect(frames[1].sp?.description == "c00000000f4e3d90")
        // `--- interrupt: 3000 at …` and the user registers: the syscall entry's exception frame.
        let user = try #require(frames.last?.exception)
        #expect(user.registers["GPR31"] != nil)
        #expect(user.registers["NIP"]?.value.description == "00007fff9c5e4b14")
        #expect(report.callTraces.count == 1)
    }

    @Test func s390xOops() throws {
        let transcript = try Self.transcript("s390x-sysrq-oops.log.txt")
        #expect(transcript.unrecognized.isEmpty)
        let report = try #require(transcript.log.reports.first)
        #expect(report.architecture == .s390x)
        #expect(report.cpu == 1 && report.pid == 1187)
        #expect(report.instructionPointer?.hasSuffix("(sysrq_handle_crash+0x1e/0x30)") == true)
        let registers = try #require(report.registers)
        #expect(registers.names == (0...15).map { "R\($0)" })
        #expect(registers["R2"]?.value.description == "0000000000000063")
        #expect(report.code != nil)
        let frames = report.frames
        #expect(frames.map(\.function) == [
            "sysrq_handle_crash", "sysrq_handle_crash", "__handle_sysrq", "write_sysrq_trigger", "proc_reg_write",
            "vfs_write", "ksys_write", "__do_syscall", "system_call",
        ])
        // `([<…>] sysrq_handle_crash+0x18/0x30)`: the return address in r14, a guess.
        #expect(frames[1].reliable == false)
        // `Last Breaking-Event-Address:` and its frame are not part of the trace.
        #expect(!frames.contains { $0.function == "_printk" })
    }
}
