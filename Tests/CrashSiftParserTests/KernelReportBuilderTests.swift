import CrashSift
import CrashSiftTestSupport
import Foundation
import Testing

/// What a report holds once its lines are read: the report's own register block, exception
/// frames inside call traces, the task a hung-task report names, and where a report without a
/// closing line stops. The logs are the real corpus's (Fixtures/real-logs).
@Suite struct KernelReportBuilderTests {
    private func parse(scenario: String, file: String = "log.txt") throws -> Transcript {
        let url = PackagePaths.fixtures(of: "CrashSiftParserTests").appendingPathComponent("real-logs/\(scenario)/\(file)")
        return TranscriptParser.parse(SourceFile(name: file, bytes: try PackagePaths.bytes(of: url)))
    }

    private func lines(scenario: String, _ range: ClosedRange<Int>) throws -> [String] {
        let url = PackagePaths.fixtures(of: "CrashSiftParserTests").appendingPathComponent("real-logs/\(scenario)/log.txt")
        let all = try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        return all[(range.lowerBound - 1)...(range.upperBound - 1)].map(String.init)
    }

    @Test func theOopsKeepsItsOwnRegistersAndTheUserRegistersGoToTheSyscallFrame() throws {
        let report = try #require(try parse(scenario: "std-oops").log.reports.first)
        #expect(report.kind == .nullPointerDereference)
        #expect(report.instructionPointer == "0010:crashtest_null_deref+0x5/0x20 [crashtest]")
        let registers = try #require(report.registers)
        #expect(registers.count == 28)
        #expect(registers.registers.first?.name == "RSP")
        #expect(registers["CR2"]?.value.description == "0000000000000000")
        #expect(registers.lines == 399...408)
        #expect(report.code?.hasPrefix("3f 48 63 d2") == true)
        #expect(report.modules == ["crashtest", "qemu_fw_cfg"])
        #expect(report.callTraces.count == 1)
        let last = try #require(report.callTraces[0].frames.last)
        #expect(last.function == "entry_SYSCALL_64_after_hwframe")
        let user = try #require(last.exception)
        #expect(user.mode == .user)
        #expect(user.symbol == "0x47b7a0")
        #expect(user.registers.count == 18)
        #expect(user.registers["RIP"] == nil)
        // `</TASK>` after the user registers still closes the same trace.
        #expect(report.callTraces[0].lastLine == 436)
    }

    @Test func theInterruptedKernelIsTheExceptionFrameOfTheInterruptEntry() throws {
        let reports = try parse(scenario: "rt-rcu-stall").log.reports
        #expect(reports.map(\.title) == ["INFO: rcu detected stall in crashtest_spin_forever", "kernel panic: RCU Stall"])
        let panic = reports[1]
        let frames = panic.frames
        let entry = try #require(frames.firstIndex { $0.function == "asm_sysvec_apic_timer_interrupt" })
        let exception = try #require(frames[entry].exception)
        #expect(exception.mode == .kernel)
        #expect(exception.function == "crashtest_spin_forever")
        #expect(exception.offset == 0x25)
        #expect(exception.registers.count == 17)
        // The trace goes on after the registers, on the task's stack.
        #expect(frames[(entry + 1)...].map(\.function).first == "crashtest_irqoff_spin")
        #expect(frames[(entry + 1)...].allSatisfy { $0.stack == .process })
        #expect(panic.registers == nil)
    }

    /// syzkaller's recipe for stalls wants `apic_timer_interrupt` before the `RIP:` line; a
    /// self-detected stall on 6.x prints the stalled location first, so syzkaller says
    /// `in corrupted` and we name the function from the report's own `RIP:`.
    @Test func aSelfDetectedStallIsNamedAfterItsInstructionPointer() throws {
        let stall = try #require(try parse(scenario: "rt-rcu-stall").log.reports.first)
        #expect(stall.guiltyFrame == "crashtest_spin_forever")
        #expect(stall.altTitles.first == "INFO: rcu detected stall in corrupted")
        #expect(!stall.corrupted)
        #expect(stall.cpu == 2)
        #expect(stall.pid == 150)
        #expect(stall.kernel == "6.1.0-56-rt-amd64")
    }

    @Test func aHungTaskReportNamesTheBlockedTask() throws {
        let reports = try parse(scenario: "rt-hung-task").log.reports
        #expect(reports.map(\.kind) == [.hungTask, .hungTask, .panic])
        #expect(reports.map(\.pid) == [148, 150, 56])
        #expect(reports.map(\.command) == ["init", "crashtest_waite", "khungtaskd"])
        #expect(reports[0].kernel == "6.1.0-56-rt-amd64")
        #expect(reports[0].tainted == "G           OE")
        #expect(reports[0].cpu == nil)
        #expect(reports[0].endLine == 428)
    }

    // MARK: Where a report without a closing line stops

    private func report(in text: String) throws -> KernelReport {
        let transcript = TranscriptParser.parse(SourceFile(name: "snippet", text: text))
        return try #require(transcript.log.reports.first)
    }

    @Test func lateUnrelatedLinesAreNotPartOfTheReport() throws {
        let hungTask = try lines(scenario: "rt-hung-task", 392...428)
        let later = (0..<6).map { "[   4\($0).000000] e1000: eth0 NIC Link is Up 1000 Mbps Full Duplex" }
        let report = try report(in: (hungTask + later + ["[   60.000000] RIP: 0010:unrelated+0x1/0x2"]).joined(separator: "\n"))
        #expect(report.endLine == 37)
        #expect(report.records.count == 37)
        #expect(report.instructionPointer == nil)
    }

    @Test func linesOfTheSameBurstArePartOfTheReport() throws {
        let hungTask = try lines(scenario: "rt-hung-task", 392...428)
        let burst = ["[   18.448500] Mem-Info:", "[   18.448510] active_anon:1 inactive_anon:2"]
        let report = try report(in: (hungTask + burst).joined(separator: "\n"))
        #expect(report.endLine == 39)
    }

    @Test func withoutTimesAFewUnrelatedLinesEndTheReport() throws {
        // `log -t`: no stamps; the report stops after five lines that are not report-shaped.
        let hungTask = try lines(scenario: "rt-hung-task", 392...428).map { String($0.dropFirst(15)) }
        let later = (0..<5).map { "e1000: eth\($0): NIC Link is Up" }
        let report = try report(in: (["crash> log -t"] + hungTask + later + ["RIP: 0010:unrelated+0x1/0x2"]).joined(separator: "\n"))
        #expect(report.line == 2)
        #expect(report.endLine == 38)
        #expect(report.instructionPointer == nil)
    }
}
