import CrashSiftInputs
import Foundation
import Testing

@Suite(.enabled(if: Tools.available, Comment(rawValue: Tools.missing)))
struct CompressionTests {
    @Test func gzipAndXZAreFoundByMagicNotByName() throws {
        let fixtures = try Fixtures()
        try fixtures.copy(Fixtures.session, to: "session.txt")
        try fixtures.shell("gzip -9 -c session.txt > session.txt.gz && xz -c session.txt > session.txt.xz")
        try fixtures.shell("cp session.txt.gz renamed-gzip.log && cp session.txt.xz renamed-xz.log")
        let session = try Fixtures.sample(Fixtures.session)

        let cases: [(String, Compression)] = [
            ("renamed-gzip.log", .gzip), ("renamed-xz.log", .xz), ("session.txt", .none),
            ("session.txt.gz", .gzip), ("session.txt.xz", .xz),
        ]
        let inputs = walk([fixtures.root.path])
        #expect(inputs.map(\.name) == cases.map { fixtures.path($0.0) })
        for (input, (_, compression)) in zip(inputs, cases) {
            guard case .file(_, let found) = input.source else {
                Issue.record("\(input.name): \(input.source)")
                continue
            }
            #expect(found == compression, "\(input.name)")
            #expect(input.contents() == session, "\(input.name)")
        }
    }

    @Test func concatenatedGzipMembersReadAsOneStream() throws {
        let fixtures = try Fixtures()
        try fixtures.copy(Fixtures.article, to: "a.txt")
        try fixtures.copy(Fixtures.btA, to: "b.txt")
        try fixtures.shell("gzip -c a.txt > both.gz && gzip -c b.txt >> both.gz && xz -c a.txt > both.xz && xz -c b.txt >> both.xz")
        let expected = try Fixtures.sample(Fixtures.article) + Fixtures.sample(Fixtures.btA)
        #expect(walk([fixtures.path("both.gz")]).first?.contents() == expected)
        #expect(walk([fixtures.path("both.xz")]).first?.contents() == expected)
    }

    @Test func aCorruptGzipFailsInReadNamingTheProblem() throws {
        let fixtures = try Fixtures()
        try fixtures.copy(Fixtures.session, to: "session.txt")
        try fixtures.shell("gzip -n -c session.txt > whole.gz")
        let whole = Array(try Data(contentsOf: URL(fileURLWithPath: fixtures.path("whole.gz"))))

        // Cut midway: the stream ends before its end marker.
        try fixtures.write("cut.gz", Array(whole.prefix(whole.count / 2)))
        let cut = try #require(walk([fixtures.path("cut.gz")]).first)
        #expect(throws: InputProblem(.failed, "corrupt gzip: unexpected end of data at byte \(whole.count / 2)")) {
            try cut.read(maximumSize: 1 << 30)
        }

        // Flipped bytes after the header: zlib names what it found wrong.
        var flipped = whole
        for index in stride(from: 40, to: 400, by: 7) { flipped[index] ^= 0xA5 }
        try fixtures.write("flipped.gz", flipped)
        let input = try #require(walk([fixtures.path("flipped.gz")]).first)
        do {
            _ = try input.read(maximumSize: 1 << 30)
            Issue.record("a corrupt gzip was read")
        } catch {
            #expect(error.disposition == .failed)
            #expect(error.reason.hasPrefix("corrupt gzip: "), "\(error.reason)")
            #expect(error.reason.contains(" at byte "), "\(error.reason)")
        }

        // A bad first block (BTYPE 11, reserved) is found while the walker looks for a tar
        // header, so the walk itself reports it. `gzip -n` writes no name: the header is 10 bytes.
        try fixtures.shell("gzip -n -c session.txt > noname.gz")
        var header = Array(try Data(contentsOf: URL(fileURLWithPath: fixtures.path("noname.gz"))))
        header[10] = 0x07
        try fixtures.write("header.gz", header)
        let early = walk([fixtures.path("header.gz")])
        #expect(early.count == 1)
        #expect(early.first?.problem == InputProblem(.failed, "corrupt gzip: invalid block type at byte 11"))
    }

    @Test func aGzipBombStopsAtTheSizeLimitQuickly() throws {
        let fixtures = try Fixtures()
        // 200 MB of newlines: under 1 MB of gzip.
        try fixtures.shell("yes '' | head -c 200000000 | gzip -1 > bomb.gz")
        let input = try #require(walk([fixtures.path("bomb.gz")]).first)
        let clock = ContinuousClock()
        let started = clock.now
        #expect(throws: InputProblem(.skipped, "over the size limit (more than 10000000 bytes after decompression)")) {
            try input.read(maximumSize: 10_000_000)
        }
        #expect(clock.now - started < .seconds(2))
    }

    @Test func looksBinaryJudgesTheFirst8KiB() throws {
        #expect(!ScanInput.looksBinary(try Fixtures.sample(Fixtures.session)))
        #expect(!ScanInput.looksBinary(try Fixtures.sample(Fixtures.article)))
        #expect(!ScanInput.looksBinary([]))
        // A serial console's line noise and a Latin-1 byte leave a log text.
        var noisy = try Fixtures.sample(Fixtures.btA)
        noisy.insert(contentsOf: [0x07, 0xE9, 0x1B, 0x5B, 0x6D, 0xFF], at: 200)
        #expect(!ScanInput.looksBinary(noisy))
        // One NUL byte, or garbage without any, is binary.
        var withNUL = try Fixtures.sample(Fixtures.btA)
        withNUL[100] = 0
        #expect(ScanInput.looksBinary(withNUL))
        var state: UInt32 = 12345
        let garbage: [UInt8] = (0..<8192).map { _ in
            state = state &* 1_103_515_245 &+ 12345
            return UInt8(truncatingIfNeeded: state >> 16) | 1
        }
        #expect(ScanInput.looksBinary(garbage))
        // Only the first 8 KiB count.
        #expect(!ScanInput.looksBinary(try Fixtures.sample(Fixtures.session) + [0]))
    }

    @Test func pathListsSplitOnNewlinesOrNULs() {
        let lines = Array("cases/a.txt\r\ncases/with space.txt\n\n/var/crash/vmcore-dmesg.txt".utf8)
        #expect(PathList.parse(lines, nulSeparated: false) == ["cases/a.txt", "cases/with space.txt", "/var/crash/vmcore-dmesg.txt"])
        let nul = Array("a\nb.txt\0c.txt\0\0".utf8)
        #expect(PathList.parse(nul, nulSeparated: true) == ["a\nb.txt", "c.txt"])
        #expect(PathList.parse([], nulSeparated: true) == [])
    }
}

@Suite(.enabled(if: Tools.available, Comment(rawValue: Tools.missing)))
struct XZProblemTests {
    @Test func aTruncatedOrDamagedXZFailsNamingTheProblem() throws {
        let fixtures = try Fixtures()
        try fixtures.copy(Fixtures.session, to: "session.txt")
        try fixtures.shell("xz -c session.txt > whole.xz && tar -cJf logs.tar.xz session.txt")
        let whole = Array(try Data(contentsOf: URL(fileURLWithPath: fixtures.path("whole.xz"))))

        let cut = try fixtures.write("cut.xz", Array(whole.prefix(whole.count - 100)))
        let cutInput = try #require(walk([cut]).first)
        #expect(throws: InputProblem(.failed, "corrupt xz: unexpected end of data at byte \(whole.count - 100)")) {
            try cutInput.read(maximumSize: 1 << 30)
        }

        var damaged = whole
        for index in stride(from: 200, to: 2000, by: 13) { damaged[index] ^= 0x5A }
        let damagedInput = try #require(walk([try fixtures.write("damaged.xz", damaged)]).first)
        do {
            _ = try damagedInput.read(maximumSize: 1 << 30)
            Issue.record("a damaged xz file was read")
        } catch {
            #expect(error.disposition == .failed)
            #expect(error.reason.hasPrefix("corrupt xz: "), "\(error.reason)")
        }

        // A tar.xz cut short: its one member fails, reported once under the archive's name.
        let archive = Array(try Data(contentsOf: URL(fileURLWithPath: fixtures.path("logs.tar.xz"))))
        let cutArchive = try fixtures.write("cut.tar.xz", Array(archive.prefix(archive.count / 2)))
        let inputs = walk([cutArchive])
        #expect(inputs.map(\.name) == [cutArchive])
        #expect(inputs.first?.problem?.reason.hasPrefix("corrupt xz: unexpected end of data") == true)
    }
}
