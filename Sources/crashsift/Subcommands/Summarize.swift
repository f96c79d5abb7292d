import ArgumentParser
import CrashSift
import Foundation

extension CrashSiftCommand {
    struct Summarize: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Merge the outcome lines of many scans (shards) into one summary and grouping.",
            discussion: """
                Reads crashsift.scan/1 JSON Lines (their summary lines are ignored and
                recomputed) and prints the summary of all their outcomes: the same as one
                scan of all the inputs. This is the reduce step when `crashsift scan
                --shard K/N` runs as the map step of a Kubernetes Indexed Job, a Slurm
                array or GNU parallel over hosts.

                EXAMPLES
                  crashsift summarize part-*.jsonl
                  crashsift summarize --group part-*.jsonl
                  cat part-*.jsonl | crashsift summarize

                An input that appears in several files is counted once (the last line
                read wins). A line that is not a scan line is an error naming the file
                and line.

                EXIT CODES
                  0  every line was read
                  2  bad usage, an unreadable file, or a line that is not a scan line
                """
        )

        @Argument(help: "JSON Lines files written by crashsift scan. None, or '-', reads standard input.")
        var files: [String] = []

        @Flag(help: "Print the fingerprint groups for people instead of the summary JSON.")
        var group = false

        func run() throws {
            var outcomes: [String: ScanOutcome] = [:]
            var order: [String] = []
            for file in files.isEmpty ? ["-"] : files {
                let text: String
                if file == "-" {
                    text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
                } else {
                    guard let data = FileManager.default.contents(atPath: file) else {
                        printError("crashsift: cannot read \(file)")
                        throw ExitCode(ExitStatus.usageOrInput)
                    }
                    text = String(decoding: data, as: UTF8.self)
                }
                let name = file == "-" ? "<stdin>" : file
                for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.isEmpty {
                    do {
                        if case .outcome(let outcome) = try ScanOutcome.decode(line: line) {
                            if outcomes.updateValue(outcome, forKey: outcome.path) == nil { order.append(outcome.path) }
                        }
                    } catch {
                        printError("\(name):\(offset + 1): error: \(error)")
                        throw ExitCode(ExitStatus.usageOrInput)
                    }
                }
            }
            let summary = ScanSummary(order.compactMap { outcomes[$0] })
            print(group ? summary.text : summary.json.serialized(pretty: true), terminator: group ? "" : "\n")
        }
    }
}
