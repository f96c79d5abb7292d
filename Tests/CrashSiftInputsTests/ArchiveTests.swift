import CrashSiftInputs
import Foundation
import Testing

@Suite(.enabled(if: Tools.available, Comment(rawValue: Tools.missing)))
struct ArchiveTests {
    /// A path longer than ustar's 100-byte name field: GNU tar writes a `././@LongLink`
    /// record, pax an `x` header, ustar splits it into prefix and name.
    static let longPath = "long/" + String(repeating: "d", count: 90) + "/" + String(repeating: "f", count: 90) + ".txt"

    /// A tree to archive: regular files, an empty file, a folder, a symlink and a hard link.
    static func makeTree(_ fixtures: Fixtures) throws {
        try fixtures.copy(Fixtures.session, to: "src/var/crash/vmcore-dmesg.txt")
        try fixtures.copy(Fixtures.article, to: "src/var/crash/copy.txt")
        try fixtures.copy(Fixtures.btA, to: "src/" + longPath)
        try fixtures.write("src/empty.txt", [])
        try fixtures.shell("cd src && ln -s vmcore-dmesg.txt var/crash/latest && mkdir notes && ln var/crash/copy.txt notes/article.txt")
    }

    @Test(arguments: ["gnu", "ustar", "pax"], ["tar", "tar.gz", "tgz", "tar.xz"])
    func membersAreNamedAfterTheArchiveAndReadWhole(format: String, suffix: String) throws {
        let fixtures = try Fixtures()
        try Self.makeTree(fixtures)
        let compressor = ["tar.gz": " | gzip", "tgz": " | gzip", "tar.xz": " | xz"][suffix] ?? ""
        try fixtures.shell("tar --format=\(format) --sort=name -C src -cf - var notes long empty.txt\(compressor) > case.\(suffix)")
        let archive = fixtures.path("case.\(suffix)")

        let inputs = walk([archive])
        // Folders, the symlink `latest` and the hard link `notes/article.txt` yield nothing.
        #expect(inputs.map(\.name) == [
            "var/crash/copy.txt", "var/crash/vmcore-dmesg.txt", Self.longPath, "empty.txt",
        ].map { archive + ":" + $0 })
        let expected = [
            try Fixtures.sample(Fixtures.article), try Fixtures.sample(Fixtures.session),
            try Fixtures.sample(Fixtures.btA), [],
        ]
        for (input, bytes) in zip(inputs, expected) {
            guard case .bytes(let read) = input.source else {
                Issue.record("\(input.name): \(input.source)")
                continue
            }
            #expect(read == bytes, "\(input.name)")
        }
    }

    @Test func nestedArchivesChainTheirNames() throws {
        let fixtures = try Fixtures()
        try fixtures.copy(Fixtures.article, to: "inner/logs/article.txt")
        try fixtures.copy(Fixtures.session, to: "inner/dmesg.txt")
        try fixtures.copy(Fixtures.btA, to: "outer/readme.txt")
        try fixtures.shell("""
            xz inner/dmesg.txt && tar --sort=name -C inner -cf outer/inner.tar logs dmesg.txt.xz \
            && tar --sort=name -C outer -czf outer.tar.gz inner.tar readme.txt
            """)
        try fixtures.write("case/notes.txt", Array("a folder beside the archive\n".utf8))
        try fixtures.shell("mv outer.tar.gz case/")

        let inputs = walk([fixtures.path("case")])
        let archive = fixtures.path("case/outer.tar.gz")
        // Members in archive order (tar keeps the order of its arguments), files by name.
        #expect(inputs.map(\.name) == [
            fixtures.path("case/notes.txt"),
            archive + ":inner.tar:logs/article.txt",
            archive + ":inner.tar:dmesg.txt.xz",
            archive + ":readme.txt",
        ])
        #expect(inputs[1].contents() == (try Fixtures.sample(Fixtures.article)))
        #expect(inputs[2].contents() == (try Fixtures.sample(Fixtures.session)))
        #expect(inputs[3].contents() == (try Fixtures.sample(Fixtures.btA)))
    }

    /// `article.txt` (13,684 bytes: header, then 27 blocks) followed by `session.txt`.
    static func makeTwoMemberTar(_ fixtures: Fixtures) throws -> [UInt8] {
        try fixtures.copy(Fixtures.article, to: "src/article.txt")
        try fixtures.copy(Fixtures.session, to: "src/session.txt")
        try fixtures.shell("tar -C src -cf whole.tar article.txt session.txt")
        return Array(try Data(contentsOf: URL(fileURLWithPath: fixtures.path("whole.tar"))))
    }

    @Test func aTruncatedTarYieldsWhatWasReadThenOneFailure() throws {
        let fixtures = try Fixtures()
        let whole = try Self.makeTwoMemberTar(fixtures)
        let secondHeader = 512 + 27 * 512
        let cases = [
            (secondHeader + 100_000, "truncated tar archive inside member session.txt"),
            (secondHeader, "truncated tar archive after member article.txt"),
            (secondHeader + 300, "truncated tar archive after member article.txt"),
        ]
        for (length, reason) in cases {
            let path = try fixtures.write("cut-\(length).tar", Array(whole.prefix(length)))
            let inputs = walk([path])
            #expect(inputs.map(\.name) == [path + ":article.txt", path], "\(length)")
            #expect(inputs.first?.contents() == (try Fixtures.sample(Fixtures.article)))
            #expect(inputs.last?.problem == InputProblem(.failed, reason), "\(length)")
        }
    }

    @Test func aCorruptHeaderOrCompressedStreamEndsTheArchiveWithOneFailure() throws {
        let fixtures = try Fixtures()
        var whole = try Self.makeTwoMemberTar(fixtures)
        let secondHeader = 512 + 27 * 512
        whole[secondHeader + 3] ^= 0x20
        let badHeader = try fixtures.write("bad-header.tar", whole)
        let inputs = walk([badHeader])
        #expect(inputs.map(\.name) == [badHeader + ":article.txt", badHeader])
        #expect(inputs.last?.problem == InputProblem(.failed, "corrupt tar archive: bad header checksum after member article.txt"))

        // A tar.gz cut inside its second member: the gzip stream ends early.
        try fixtures.shell("gzip -n -c whole.tar > whole.tar.gz")
        let compressed = Array(try Data(contentsOf: URL(fileURLWithPath: fixtures.path("whole.tar.gz"))))
        let cut = try fixtures.write("cut.tar.gz", Array(compressed.prefix(compressed.count - 5000)))
        let cutInputs = walk([cut])
        #expect(cutInputs.map(\.name) == [cut + ":article.txt", cut])
        #expect(cutInputs.last?.problem == InputProblem(.failed, "corrupt gzip: unexpected end of data at byte \(compressed.count - 5000)"))
    }

    @Test func aFaultInTheOuterArchiveIsReportedOnceByTheOuterArchive() throws {
        let fixtures = try Fixtures()
        try fixtures.copy(Fixtures.article, to: "inner/article.txt")
        try fixtures.copy(Fixtures.session, to: "inner/session.txt")
        try fixtures.shell("tar -C inner -cf inner.tar article.txt session.txt && gzip -n -c inner.tar > inner.tar.gz && tar -cf outer.tar inner.tar.gz")
        let outer = Array(try Data(contentsOf: URL(fileURLWithPath: fixtures.path("outer.tar"))))
        // Cut the outer archive inside its only member, near the end of the inner gzip stream.
        let innerSize = try FileManager.default.attributesOfItem(atPath: fixtures.path("inner.tar.gz"))[.size] as! Int
        let path = try fixtures.write("cut-outer.tar", Array(outer.prefix(512 + innerSize - 2000)))

        let inputs = walk([path])
        #expect(inputs.map(\.name) == [path + ":inner.tar.gz:article.txt", path])
        #expect(inputs.last?.problem == InputProblem(.failed, "truncated tar archive inside member inner.tar.gz"))
    }

    @Test func aMemberOverTheLimitIsSkippedWithoutBeingRead() throws {
        let fixtures = try Fixtures()
        _ = try Self.makeTwoMemberTar(fixtures)
        try fixtures.shell("gzip -c src/session.txt > src/session.txt.gz && tar -C src -cf mixed.tar session.txt.gz article.txt")
        let sessionSize = try Fixtures.sample(Fixtures.session).count

        let plain = walk([fixtures.path("whole.tar")], .init(maximumSize: 100_000))
        #expect(plain.map(\.name) == ["article.txt", "session.txt"].map { fixtures.path("whole.tar") + ":" + $0 })
        #expect(plain[0].contents() == (try Fixtures.sample(Fixtures.article)))
        #expect(plain[1].problem == InputProblem(.skipped, "over the size limit (\(sessionSize) bytes > 100000)", size: sessionSize))

        let compressed = walk([fixtures.path("mixed.tar")], .init(maximumSize: 100_000))
        #expect(compressed.map(\.name) == ["session.txt.gz", "article.txt"].map { fixtures.path("mixed.tar") + ":" + $0 })
        #expect(compressed[0].problem == InputProblem(.skipped, "over the size limit (more than 100000 bytes after decompression)"))
        #expect(compressed[1].contents() == (try Fixtures.sample(Fixtures.article)))
        // With room, the compressed member is decompressed.
        #expect(walk([fixtures.path("mixed.tar")]).first?.contents() == (try Fixtures.sample(Fixtures.session)))
    }
}

/// Tar archives written byte by byte, for headers no tar tool writes.
@Suite struct HandWrittenTarTests {
    /// One ustar header block with a correct checksum.
    static func header(_ name: String, type: Character, size: Int) -> [UInt8] {
        var block = [UInt8](repeating: 0, count: 512)
        func put(_ text: String, at offset: Int) {
            for (index, byte) in text.utf8.enumerated() { block[offset + index] = byte }
        }
        put(name, at: 0)
        put("0000644", at: 100)
        put(String(size, radix: 8).leftPadded(to: 11), at: 124)
        put(String(type), at: 156)
        put("ustar\u{0}00", at: 257)
        put("        ", at: 148)
        let sum = block.reduce(0) { $0 + Int($1) }
        put(String(sum, radix: 8).leftPadded(to: 6) + "\u{0} ", at: 148)
        return block
    }

    /// A member: its header, its data, padding to 512 bytes.
    static func member(_ name: String, type: Character = "0", _ data: [UInt8]) -> [UInt8] {
        header(name, type: type, size: data.count) + data + [UInt8](repeating: 0, count: (512 - data.count % 512) % 512)
    }

    static let end = [UInt8](repeating: 0, count: 1024)

    @Test func malformedPaxRecordsAndUnsupportedTypesNeverCrash() throws {
        let fixtures = try Fixtures()
        let text = Array("[ 1.0] a line\n".utf8)
        let badPax = Array("99999999999999999999 path=x\n1 \n3 z".utf8)
        let archive = Self.member("PaxHeaders/a", type: "x", badPax)
            + Self.member("a.txt", text)
            + Self.member("sparse", type: "S", [1, 2, 3])
            + Self.member("dir/", type: "5", [])
            + Self.member("pax-named", type: "x", Array("19 path=b/long.txt\n".utf8))
            + Self.member("b.txt", text)
            + Self.end
        let path = try fixtures.write("hand.tar", archive)

        let inputs = walk([path])
        #expect(inputs.map(\.name) == [path + ":a.txt", path + ":sparse", path + ":b/long.txt"])
        #expect(inputs[0].contents() == text)
        #expect(inputs[1].problem == InputProblem(.skipped, "unsupported tar member type 'S'", size: 3))
        #expect(inputs[2].contents() == text)
    }

    @Test func anArchiveWithoutItsEndMarkerIsTruncated() throws {
        let fixtures = try Fixtures()
        let path = try fixtures.write("no-end.tar", Self.member("a.txt", Array("x\n".utf8)))
        let inputs = walk([path])
        #expect(inputs.map(\.name) == [path + ":a.txt", path])
        #expect(inputs.last?.problem == InputProblem(.failed, "truncated tar archive after member a.txt"))
        let empty = try fixtures.write("empty.tar", [])
        #expect(walk([empty]).map(\.problem) == [InputProblem(.failed, "truncated tar archive before its first member")])
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
