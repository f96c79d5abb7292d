import CrashSiftInputs
import Foundation
import Glibc
import Testing

@Suite struct InputWalkerTests {
    @Test func walksAFolderInByteOrderOneInputPerFile() throws {
        let fixtures = try Fixtures()
        try fixtures.copy(Fixtures.article, to: "case/b.txt")
        try fixtures.copy(Fixtures.session, to: "case/sub/session.txt")
        try fixtures.copy(Fixtures.btA, to: "case/A.txt")
        try fixtures.write("case/empty.txt", [])
        try fixtures.write("case/garbage.bin", (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919 >> 3) })
        let root = fixtures.path("case")

        let inputs = walk([root + "/"])
        // Byte order: upper case before lower case, a folder's files where its name sorts.
        #expect(inputs.map(\.name) == ["A.txt", "b.txt", "empty.txt", "garbage.bin", "sub/session.txt"].map { root + "/" + $0 })
        #expect(walk([root]).map(\.name) == inputs.map(\.name))
        for input in inputs {
            guard case .file(let path, .none) = input.source else {
                Issue.record("\(input.name) is not a plain file input: \(input.source)")
                continue
            }
            #expect(path == input.name)
        }
        #expect(inputs[0].contents() == (try Fixtures.sample(Fixtures.btA)))
        #expect(inputs[1].contents() == (try Fixtures.sample(Fixtures.article)))
        #expect(inputs[2].contents() == [])
        #expect(inputs[4].contents() == (try Fixtures.sample(Fixtures.session)))
    }

    @Test func aMissingPathIsOneFailedInputNeverDropped() throws {
        let fixtures = try Fixtures()
        let article = try fixtures.copy(Fixtures.article, to: "a.txt")
        let missing = fixtures.path("no-such.txt")
        let inputs = walk([missing, article])
        #expect(inputs.map(\.name) == [missing, article])
        #expect(inputs[0].problem == InputProblem(.failed, "no such file or directory"))
        #expect(inputs[1].problem == nil)
    }

    @Test func aFolderSymlinkToItsParentIsOneSkippedLoop() throws {
        let fixtures = try Fixtures()
        try fixtures.copy(Fixtures.article, to: "case/dir/a.txt")
        try FileManager.default.createSymbolicLink(atPath: fixtures.path("case/dir/up"), withDestinationPath: "..")
        try FileManager.default.createSymbolicLink(atPath: fixtures.path("case/self"), withDestinationPath: "self")
        let root = fixtures.path("case")

        let inputs = walk([root])
        #expect(inputs.map(\.name) == [root + "/dir/a.txt", root + "/dir/up", root + "/self"])
        #expect(inputs[0].problem == nil)
        let loop = try #require(inputs[1].problem)
        #expect(loop.disposition == .skipped)
        #expect(loop.reason == "symlink loop: \(root)/dir/up leads back to \(root)")
        let selfLoop = try #require(inputs[2].problem)
        #expect(selfLoop.disposition == .skipped)
        #expect(selfLoop.reason.hasPrefix("symlink loop: "))
    }

    @Test func symlinksAreFollowedUnlessTurnedOff() throws {
        let fixtures = try Fixtures()
        try fixtures.copy(Fixtures.article, to: "elsewhere/a.txt")
        try fixtures.makeFolder("case")
        try FileManager.default.createSymbolicLink(atPath: fixtures.path("case/linked"), withDestinationPath: "../elsewhere")
        let root = fixtures.path("case")

        let followed = walk([root])
        #expect(followed.map(\.name) == [root + "/linked/a.txt"])
        #expect(followed.first?.contents() == (try Fixtures.sample(Fixtures.article)))

        let notFollowed = walk([root], .init(followSymlinks: false))
        #expect(notFollowed.map(\.name) == [root + "/linked"])
        #expect(notFollowed.first?.problem == InputProblem(.skipped, "symbolic link (not followed)"))
    }

    @Test func unreadableEntriesAreFailedInputsEvenAsRoot() throws {
        let fixtures = try Fixtures()
        try fixtures.copy(Fixtures.article, to: "case/a.txt")
        // A dangling symlink cannot be read by anyone, root included.
        try FileManager.default.createSymbolicLink(atPath: fixtures.path("case/gone.txt"), withDestinationPath: "deleted.txt")
        let root = fixtures.path("case")

        let inputs = walk([root])
        #expect(inputs.map(\.name) == [root + "/a.txt", root + "/gone.txt"])
        #expect(inputs[1].problem == InputProblem(.failed, "unreadable: dangling symlink"))

        // A folder where a file was expected (the file was replaced after the walk) fails in read.
        let replaced = ScanInput(name: "case", source: .file(path: root, compression: .none))
        #expect(throws: InputProblem(.failed, "unreadable: Is a directory")) { try replaced.read(maximumSize: 1 << 20) }
        let removed = ScanInput(name: "x", source: .file(path: fixtures.path("case/removed.txt"), compression: .none))
        #expect(throws: InputProblem(.failed, "no such file or directory")) { try removed.read(maximumSize: 1 << 20) }
    }

    // chmod 000 stops only non-root users; as root (CI containers) the test above covers
    // unreadable inputs instead.
    @Test(.enabled(if: getuid() != 0, "root reads files and folders whatever their mode"))
    func permissionDeniedNamesTheFileOrFolder() throws {
        let fixtures = try Fixtures()
        let locked = try fixtures.copy(Fixtures.article, to: "case/locked.txt")
        try fixtures.copy(Fixtures.article, to: "case/closed/a.txt")
        chmod(locked, 0)
        chmod(fixtures.path("case/closed"), 0)
        let root = fixtures.path("case")

        let inputs = walk([root])
        #expect(inputs.map(\.name) == [root + "/closed", root + "/locked.txt"])
        #expect(inputs[0].problem == InputProblem(.failed, "unreadable folder: Permission denied"))
        #expect(inputs[1].problem == InputProblem(.failed, "unreadable: Permission denied"))
    }

    @Test func aFIFOIsSkippedAsNotARegularFile() throws {
        let fixtures = try Fixtures()
        try fixtures.makeFolder("case")
        #expect(mkfifo(fixtures.path("case/pipe"), 0o600) == 0)
        let inputs = walk([fixtures.path("case")])
        #expect(inputs.count == 1)
        #expect(inputs.first?.problem == InputProblem(.skipped, "not a regular file (FIFO)"))
    }

    @Test func includeAndExcludeGlobsMatchTheRelativePathOrTheBaseName() throws {
        let fixtures = try Fixtures()
        try fixtures.copy(Fixtures.article, to: "case/a.txt")
        try fixtures.copy(Fixtures.article, to: "case/notes.md")
        try fixtures.copy(Fixtures.session, to: "case/var/crash/vmcore-dmesg.txt")
        try fixtures.copy(Fixtures.session, to: "case/.git/objects/x.txt")
        try FileManager.default.createSymbolicLink(atPath: fixtures.path("case/gone.md"), withDestinationPath: "deleted")
        let root = fixtures.path("case")

        let texts = walk([root], .init(include: ["*.txt"], exclude: [".git"]))
        #expect(texts.map(\.name) == [root + "/a.txt", root + "/var/crash/vmcore-dmesg.txt"])
        let byPath = walk([root], .init(include: ["var/*/vmcore-*"]))
        #expect(byPath.map(\.name) == [root + "/var/crash/vmcore-dmesg.txt"])
        let noMarkdown = walk([root], .init(exclude: ["*.md", "var"]))
        #expect(noMarkdown.map(\.name) == [root + "/.git/objects/x.txt", root + "/a.txt"])
        // A path given directly is always taken.
        #expect(walk([fixtures.path("case/notes.md")], .init(include: ["*.txt"])).count == 1)
    }

    @Test func aPlainFileOverTheLimitIsSkippedWithItsSize() throws {
        let fixtures = try Fixtures()
        let path = try fixtures.copy(Fixtures.session, to: "session.txt")
        let size = try Fixtures.sample(Fixtures.session).count
        let inputs = walk([path], .init(maximumSize: 1000))
        #expect(inputs.first?.problem == InputProblem(.skipped, "over the size limit (\(size) bytes > 1000)", size: size))
        let later = ScanInput(name: "s", source: .file(path: path, compression: .none))
        #expect(throws: InputProblem(.skipped, "over the size limit (\(size) bytes > 1000)", size: size)) {
            try later.read(maximumSize: 1000)
        }
    }

    @Test func aThousandSmallFilesGiveAThousandInputsListedButNotOpenedAhead() throws {
        let fixtures = try Fixtures()
        for index in 0..<1000 {
            try fixtures.write("many/\(index + 10_000).txt", Array("line \(index)\n".utf8))
        }
        var walker = InputWalker(paths: [fixtures.path("many")], options: .init())
        #expect(walker.next()?.name == fixtures.path("many/10000.txt"))
        // The walker listed the folder but has not looked at the files it has not reached:
        // one removed now is reported when its turn comes.
        try FileManager.default.removeItem(atPath: fixtures.path("many/10999.txt"))
        var rest: [ScanInput] = []
        while let input = walker.next() { rest.append(input) }
        #expect(rest.count == 999)
        #expect(rest.last?.name == fixtures.path("many/10999.txt"))
        #expect(rest.last?.problem == InputProblem(.failed, "no such file or directory"))
        #expect(rest.dropLast().allSatisfy { $0.problem == nil })
    }
}
