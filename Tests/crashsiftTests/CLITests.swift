import CrashSiftTestSupport
import Foundation
import Testing

/// The `crashsift` executable end to end, on the samples: output, exit codes, messages.
@Suite struct CLITests {
    func run(_ arguments: [String], stdin: String? = nil) throws -> CLI.Run {
        try CLI.run(arguments, stdin: stdin)
    }

    @Test func parseWritesTheJSONDocument() throws {
        let result = try run(["parse", "Samples/rhel7-rt-csd-deadlock.article.txt"])
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["schema"] as? String == "crashsift.parse/1")
        #expect((object["tasks"] as? [Any])?.count == 3)
        #expect(object["source"] as? String == "Samples/rhel7-rt-csd-deadlock.article.txt")
    }

    @Test func standardInputWithADashOrNoFile() throws {
        let text = "PID: 1        TASK: ffff888004a0c200  CPU: 3    COMMAND: \"init\"\n #0 [ffffc90000013c38] machine_kexec at ffffffff81079c4f\n"
        for arguments in [["parse"], ["parse", "-"]] {
            let result = try run(arguments + ["--compact"], stdin: text)
            #expect(result.status == 0)
            #expect(result.stdout.contains("\"source\":\"<stdin>\""))
            #expect(result.stdout.contains("\"function\":\"machine_kexec\""))
        }
    }

    @Test func treeFormat() throws {
        let result = try run(["parse", "--format", "tree", "Samples/debian12-rt-rcu-stall.bt-a.txt"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("Transcript Samples/debian12-rt-rcu-stall.bt-a.txt (144 lines)\n"))
        #expect(result.stdout.contains("stack nmi, separator \"NMI exception stack\""))
    }

    @Test func anUnreadableFileExitsTwoAndIsNamed() throws {
        let result = try run(["parse", "Samples/debian12-rt-rcu-stall.bt-a.txt", "no-such-file.txt"])
        #expect(result.status == 2)
        #expect(result.stderr == "crashsift: cannot read 'no-such-file.txt': No such file or directory\n")
        // The readable input is still parsed: an array with its one document.
        let array = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(array.count == 1)
    }

    @Test func severalFilesGiveAnArray() throws {
        let result = try run(["parse", "--compact", "Samples/debian12-rt-rcu-stall.bt-a.txt", "Samples/debian12-rt-rcu-stall.foreach-RU-bt.txt"])
        #expect(result.status == 0)
        let array = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(array.map { $0["source"] as? String } == ["Samples/debian12-rt-rcu-stall.bt-a.txt", "Samples/debian12-rt-rcu-stall.foreach-RU-bt.txt"])
    }

    @Test(arguments: [["parse", "--format", "yaml"], ["parse", "--no-such-flag"], ["frobnicate"]])
    func badUsageExitsTwo(_ arguments: [String]) throws {
        let result = try run(arguments)
        #expect(result.status == 2)
        #expect(result.stderr.contains("Error:"))
    }

    @Test func helpExplainsExitCodes() throws {
        let result = try run(["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("EXIT CODES"))
        let parse = try run(["parse", "--help"])
        #expect(parse.status == 0)
        #expect(parse.stdout.contains("--format"))
    }
}
