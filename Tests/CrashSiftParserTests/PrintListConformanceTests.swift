import CrashSift
import CrashSiftTestSupport
import Foundation
import Testing

/// The `p`, `px`, `pd` and `list` examples of crash's help text (../shared/corpus/crash-help,
/// read in place because crash is GPL; INDEX.tsv column 2 is the command): each parses with no
/// unrecognized line and within the invariants, and gives what a reader sees in it. Skipped,
/// with a message, when ../shared is not next to the package.
///
/// No example needs an exception: the hand-typed oddities (old gdb's trailing `, `, the `...`
/// that cuts `list -H … -s vfsmount` inside a structure, `d_name.name = 0x… ccc.txt` without
/// quotes) are all forms the grammars accept.
@Suite(.enabled(if: PackagePaths.shared != nil, Comment(rawValue: PackagePaths.sharedMissingMessage)))
struct PrintListConformanceTests {
    static var folder: URL? { PackagePaths.shared?.appendingPathComponent("corpus/crash-help") }

    /// The example files whose INDEX command is `p`, `px`, `pd` or `list` (a file can have
    /// several rows).
    static let files: [String] = {
        guard let folder, let index = try? String(contentsOf: folder.appendingPathComponent("INDEX.tsv"), encoding: .utf8) else { return [] }
        let names = index.split(separator: "\n").dropFirst().compactMap { line -> String? in
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false)
            return columns.count >= 2 && ["p", "px", "pd", "list"].contains(String(columns[1])) ? String(columns[0]) : nil
        }
        return Array(Set(names)).sorted()
    }()

    static func parse(_ file: String) throws -> (Transcript, SourceFile) {
        let url = try #require(folder).appendingPathComponent(file)
        let source = SourceFile(name: file, bytes: try PackagePaths.bytes(of: url))
        return (TranscriptParser.parse(source), source)
    }

    @Test func theIndexHasTheExamples() {
        #expect(Self.files.count == 18)
    }

    @Test(arguments: files)
    func everyExampleIsRead(_ file: String) throws {
        let (transcript, source) = try Self.parse(file)
        #expect(transcript.unrecognized.isEmpty)
        #expect(transcript.prose.isEmpty)
        #expect(TranscriptInvariants.violations(of: transcript, source: source) == [])
        #expect(!transcript.diagnostics.contains { $0.severity != .note })
        let command = try #require(transcript.commands.first)
        if command.name == "list" {
            #expect(transcript.lists.count == 1)
        } else {
            #expect(transcript.printed.count + transcript.perCPU.count == 1)
        }
    }

    /// What each example shows, counted by eye from the files.
    @Test(arguments: [
        // file, head printed, entries, members per entry, elided
        ("list-member-start.txt", true, 8, 0, false), ("list-offset-start.txt", true, 8, 0, false),
        ("list-H-member.txt", false, 3, 0, false), ("list-H-offset.txt", false, 3, 0, false),
        ("list-s.txt", true, 17, 2, false), ("list-h-s-pid.txt", true, 11, 1, true),
        ("list-h-s-nested-member.txt", true, 6, 1, true), ("list-l-s-comm.txt", true, 14, 1, true),
        ("list-o-O-h.txt", false, 3, 1, false),
    ])
    func listExamples(file: String, headPrinted: Bool, entries: Int, members: Int, elided: Bool) throws {
        let walk = try #require(try Self.parse(file).0.lists.first)
        #expect((walk.head != nil) == headPrinted)
        #expect(walk.entries.count == entries)
        #expect(walk.printedEntries.allSatisfy { $0.fields.count == members })
        #expect(walk.elisions.isEmpty != elided)
        #expect(!walk.isEmpty)
    }

    @Test func wholeStructureExampleStopsAtItsElision() throws {
        let walk = try #require(try Self.parse("list-H-s-whole-struct.txt").0.lists.first)
        #expect(walk.start == .symbol("vfsmntlist"))
        #expect(walk.offset == "vfsmount.mnt_list")
        #expect(walk.entries.map(\.address.description) == ["c3fc9e60", "f7445f60"])
        #expect(walk.entries[0].fields.count == 13)
        #expect(walk.entries[0]["mnt_list.prev"]?.address?.description == "c02eb828")
        if case .string(let device)? = walk.entries[0]["mnt_devname"] { #expect(device.cString == "/dev/root") }
        else { Issue.record("mnt_devname is not a string") }
        #expect(walk.entries[1].typeName == "struct vfsmount")
        #expect(walk.entries[1].fields.isEmpty)
        #expect(walk.elisions == [37])
    }

    @Test func printExamples() throws {
        #expect(try Self.parse("p-jiffies.txt").0.printed.first?.value.number == .signed(166532620))
        #expect(try Self.parse("px-jiffies.txt").0.printed.first?.value.number?.intValue == 0x9ed174b)
        #expect(try Self.parse("pd-jiffies.txt").0.printed.first?.historyNumber == 8)
        let pointer = try #require(try Self.parse("p-pointer-file_systems.txt").0.printed.first)
        #expect(pointer.value == .pointer(PrintedPointer(type: "struct file_system_type *", address: HexNumber(0xc03adc90, digits: 8))))
        let initMM = try #require(try Self.parse("p-struct-init_mm.txt").0.printed.first)
        #expect(initMM.value.fields?.count == 27)
        #expect(initMM.value["mmap_sem.count.counter"]?.number?.intValue == 1)
        #expect(initMM.lines == LineSpan(first: 2, last: 38))
        let table = try #require(try Self.parse("p-percpu.txt").0.perCPU.first)
        #expect(table.symbol == "irq_stat")
        #expect(table.typeText == "irq_cpustat_t")
        #expect(table.addresses.map(\.cpu) == [0, 1, 2, 3])
        let cpu1 = try #require(try Self.parse("p-percpu-cpu1.txt").0.printed.first)
        #expect(cpu1.symbol == "irq_stat")
        #expect(cpu1.cpu == 1)
        #expect(cpu1.value["irq_call_count"]?.number == .signed(7036692))
        #expect(try Self.parse("p-vmap_area_root.txt").0.printed.first?.value["rb_node"]?.address?.value == 0xffff880128c508d8)
    }
}
