import CrashSift
import Foundation

/// The inputs every fuzzed rule runs on, read and parsed once: the seed article (tasks,
/// exception frames, `p`/`list` walks of a per-cpu queue) and the Debian session (`sys` with
/// the release, `foreach bt`, the log and its reports). A `RuleInput` only caches what its
/// transcript gives, so one serves every rule.
enum RulesFuzzInput {
    static let inputs: [RuleInput] = [
        "Samples/rhel7-rt-csd-deadlock.article.txt",
        "Samples/debian12-rt-rcu-stall.session.txt",
    ].map { name in
        let path = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(name).path
        guard let data = FileManager.default.contents(atPath: path) else { fatalError("cannot read \(path)") }
        let source = SourceFile(name: path, bytes: [UInt8](data))
        return RuleInput(transcript: TranscriptParser.parse(source), source: source)
    }
}
