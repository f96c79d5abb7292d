import CrashSift
import Foundation

/// The input every fuzzed rule runs on: the seed article, which the built-in rules find things
/// in (tasks, exception frames, a log, `p`/`list` walks), parsed once.
enum RulesFuzzInput {
    static let source: SourceFile = {
        let path = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Samples/rhel7-rt-csd-deadlock.article.txt").path
        guard let data = FileManager.default.contents(atPath: path) else { fatalError("cannot read \(path)") }
        return SourceFile(name: path, bytes: [UInt8](data))
    }()

    static let transcript: Transcript = TranscriptParser.parse(source)
}
