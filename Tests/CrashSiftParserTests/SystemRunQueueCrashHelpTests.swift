import CrashSift
import CrashSiftTestSupport
import Foundation
import Testing

/// crash's own `sys` and `runq` examples (../shared/corpus/crash-help, read in place because
/// crash is GPL; INDEX.tsv column 2 names the command): every one parses with no unrecognized
/// line and within the invariants, and gives what the example shows. None is excluded.
/// Skipped, with a message, when ../shared is not next to the package.
@Suite(.enabled(if: PackagePaths.shared != nil, Comment(rawValue: PackagePaths.sharedMissingMessage)))
struct SystemRunQueueCrashHelpTests {
    static var folder: URL? { PackagePaths.shared?.appendingPathComponent("corpus/crash-help") }

    /// The files INDEX.tsv lists for `sys` and `runq`.
    static let files: [String] = {
        guard let folder, let index = try? String(contentsOf: folder.appendingPathComponent("INDEX.tsv"), encoding: .utf8) else { return [] }
        return index.split(separator: "\n").dropFirst().compactMap { line in
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false)
            return columns.count >= 2 && ["sys", "runq"].contains(columns[1]) ? String(columns[0]) : nil
        }
    }()

    private static func parse(_ file: String) throws -> (Transcript, SourceFile) {
        let url = try #require(folder).appendingPathComponent(file)
        let source = SourceFile(name: file, bytes: try PackagePaths.bytes(of: url))
        return (TranscriptParser.parse(source), source)
    }

    @Test func theIndexListsTheExamples() {
        #expect(Self.files.count == 12)
    }

    @Test(arguments: files)
    func everyExampleParsesCompletely(_ file: String) throws {
        let (transcript, source) = try Self.parse(file)
        #expect(transcript.unrecognized.isEmpty)
        #expect(transcript.prose.isEmpty)
        #expect(transcript.diagnostics.isEmpty)
        #expect(TranscriptInvariants.violations(of: transcript, source: source) == [])
        #expect(transcript.systems.count + transcript.runQueues.count > 0)
    }

    /// What each `runq` example shows: per CPU, the current pid and the queued pids (counted by
    /// eye from the files; groups flattened depth first).
    static let runQueueExamples: [(file: String, cpus: [Int], current: [Int], queued: [[Int]])] = [
        ("runq-o1-prio-array.txt", [0, 1], [2739, 1779], [[2739, 1776], [1779]]),
        ("runq-cfs.txt", [0, 1], [588, 2113], [[2110, 2109, 2114], [2092, 1983, 2064, 2111]]),
        ("runq-t-timestamps.txt", [0, 1, 2, 3], [28228, 28167, 28227, 28226], [[], [], [], []]),
        ("runq-m-runtime.txt", [0, 1, 2, 3], [5275, 5203, 7971, 0], [[], [], [], []]),
        ("runq-g-task-groups.txt", [0], [14734], [[14750, 14748, 14749, 14746, 14752, 14740, 14738, 14734, 14732, 14728, 14730, 14726]]),
        ("runq-g-c3.txt", [3], [2948], [[2948, 3248]]),
    ]

    @Test(arguments: runQueueExamples.map(\.file))
    func runQueueExamplesGiveTheirTasks(_ file: String) throws {
        let expected = try #require(Self.runQueueExamples.first { $0.file == file })
        let (transcript, _) = try Self.parse(file)
        #expect(transcript.runQueues.map(\.cpu) == expected.cpus)
        #expect(transcript.runQueues.map { $0.current?.pid } == expected.current)
        #expect(transcript.runQueues.map { $0.queuedTasks.map(\.pid) } == expected.queued)
    }

    @Test func oneScheduler() throws {
        let (transcript, _) = try Self.parse("runq-o1-prio-array.txt")
        let cpu0 = try #require(transcript.runQueues.first)
        #expect(cpu0.queues.map(\.kind) == [.active, .expired])
        // `syslogd` is printed under `bash` without `[115]`: it shares that priority.
        #expect(cpu0.queues[0].tasks.map(\.priority) == [115, 115])
        #expect(cpu0.queues[1].tasks.isEmpty)
    }

    @Test func taskGroupsNestByIndentation() throws {
        let (transcript, _) = try Self.parse("runq-g-task-groups.txt")
        let cpu0 = try #require(transcript.runQueues.first)
        #expect(cpu0.address == nil)
        #expect(cpu0.queues.map(\.groupLabel) == ["ROOT_TASK_GROUP", "ROOT_TASK_GROUP"])
        let rt = cpu0.queues[0]
        #expect(rt.kind == .realTime)
        #expect(rt.taskGroup?.description == "ffffffff81ed93e0")
        #expect(rt.tasks.isEmpty)
        let throttled = try #require(rt.groups.first)
        #expect(rt.groups.count == 1)
        #expect(throttled.isThrottled)
        #expect(throttled.priority == 0)
        #expect(throttled.tasks.map(\.pid) == [14750, 14748, 14749, 14746])
        #expect(throttled.groups.map(\.priority) == [1])
        #expect(throttled.groups.first?.tasks.map(\.pid) == [14752])
        #expect(throttled.groups.first?.isThrottled == false)
        let cfs = cpu0.queues[1]
        #expect(cfs.tasks.map(\.pid) == [14740, 14738, 14734])
        #expect(cfs.tasks.map(\.isCurrent) == [false, false, true])
        #expect(cfs.groups.map(\.isThrottled) == [true, true])
        #expect(cfs.groups.map { $0.tasks.count } == [3, 1])
        #expect(transcript.elisions.count == 1, "the example ends with `...`")
    }

    @Test func cgroupNamesNestFourDeep() throws {
        let (transcript, _) = try Self.parse("runq-g-c3.txt")
        let cfs = try #require(transcript.runQueues.first?.queues.last)
        #expect(cfs.groupLabel == "INIT_TASK_GROUP")
        var names: [String] = []
        var group = cfs.groups.first
        while let current = group {
            names.append(current.groupName ?? "?")
            group = current.groups.first
        }
        #expect(names == ["libvirt", "qemu", "guest2", "vcpu0"])
        #expect(transcript.runQueues.first?.queues.first?.tasks.isEmpty == true)
    }

    @Test func runTimesAreMilliseconds() throws {
        let (transcript, _) = try Self.parse("runq-m-runtime.txt")
        #expect(transcript.runQueues.map(\.currentRunMilliseconds) == [14, 2, 14, 2])
        #expect(transcript.runQueues.last?.current?.command == "swapper")
    }

    @Test func oldSystemSummary() throws {
        let (transcript, _) = try Self.parse("sys.txt")
        let system = try #require(transcript.system)
        #expect(system.fields.count == 12, "no PANIC line")
        #expect(system.panicMessage == nil)
        #expect(system.uptimeSeconds == ((10 * 24 + 14) * 60 + 14) * 60 + 39)
        #expect(system.release == KernelRelease(text: "2.2.5-15smp", numbers: [2, 2, 5], suffix: "-15smp"))
        #expect(system.processorMHz == 500, "old crash printed `MHz`")
        #expect(system.date == "Mon Oct 11 18:48:55 1999")
    }

    @Test func otherSystemModes() throws {
        let taint = try #require(Self.parse("sys-t-taint.txt").0.systems.first)
        #expect(taint.kind == .taint)
        #expect(taint.taintMask?.value == 0x201)
        #expect(taint.taintFlags == "PW")

        let dmi = try #require(Self.parse("sys-i-dmi.txt").0.systems.first)
        #expect(dmi.kind == .dmi)
        #expect(dmi.fields.count == 18)
        #expect(dmi.value(of: "DMI_BIOS_VERSION") == "G4ET37WW (1.12 )")
        #expect(dmi.value(of: "DMI_PRODUCT_VERSION") == "ThinkPad T530")

        let calls = try #require(Self.parse("sys-c-syscalls.txt").0.systems.first)
        #expect(calls.kind == .systemCalls)
        #expect(calls.systemCalls.map(\.number) == Array(0...11))
        #expect(calls.systemCalls[2] == SystemCall(number: 2, name: "sys_fork", file: "../arch/i386/kernel/process.c", sourceLine: 771, line: 5))

        let select = try #require(Self.parse("sys-c-select.txt").0.systems.first)
        #expect(select.systemCalls.map(\.name) == ["sys_select"])
        #expect(select.systemCalls.first?.number == 65)

        let config = try #require(Self.parse("sys-config.txt").0.systems.first)
        #expect(config.kind == .config)
        #expect(config.configOptions.count == 13)
        #expect(config.configOptions.first == KernelConfigOption(name: "CONFIG_X86_64", value: "y", line: 7))
    }
}
