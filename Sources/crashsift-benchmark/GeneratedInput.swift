import CrashSift

/// One kind of generated text the benchmark can measure (`--input`): how it is written and
/// recognised, what grep counts in it, and how a parse of it is counted and checked.
///
/// The measurement (``Benchmark``, ``Report``) is written once, generic over this protocol, so
/// every input is timed, checked and printed the same way.
protocol GeneratedInput {
    associatedtype Summary: GeneratedSummary
    associatedtype Counts: ParsedCounting where Counts.Summary == Summary

    /// The `--input` value; also part of the default file name.
    static var name: String { get }
    /// What the file holds, for messages: "`foreach bt`", "kernel log".
    static var title: String { get }
    /// The generator's version tag: a cached file is reused only when its trailer names it.
    static var version: String { get }
    /// The bytes every file of this kind starts with; checked before the trailer is read, so
    /// a file of another kind (or not ours) is never taken for this one.
    static var head: [UInt8] { get }
    /// grep's pattern, passed as `LC_ALL=C grep -c PATTERN FILE`.
    static var grepPattern: String { get }
    /// What the pattern counts, for the report: "frame lines".
    static var grepCounts: String { get }
    /// The count grep must print for a file with this summary.
    static func expectedGrepCount(_ summary: Summary) -> Int
    /// Writes a whole file (body and trailer line) through `sink`.
    static func generate(seed: UInt64, target: Int, _ sink: ([UInt8]) throws -> Void) throws -> Summary
}

/// What a generator wrote, as its trailer line records it.
protocol GeneratedSummary: Equatable {
    var version: String { get }
    var seed: UInt64 { get }
    /// The requested size; the file is at most this long.
    var target: Int { get }
    /// Bytes before the trailer line.
    var body: Int { get }
    /// Reads a trailer line back; nil when it is not one of this kind.
    static func parse(trailer: String) -> Self?
}

/// What a parse found, counted after the timer stopped (from the whole transcript, so the
/// parse cannot be optimised away and a reader can see that real work was done).
protocol ParsedCounting: Equatable {
    associatedtype Summary
    init(_ transcript: Transcript)
    /// Differences from what the generator wrote, as `name parsed/expected`; any fails the run.
    func mismatches(against expected: Summary) -> [String]
    /// One line for `--parse-only`: "150297 tasks, 939921 frames, …".
    var brief: String { get }
    /// The "work done" rows of the text report.
    var rows: [(label: String, value: String)] { get }
    /// The counts as a JSON object.
    var json: String { get }
}

/// The `--input` choices, each naming its ``GeneratedInput``.
enum InputChoice: String, CaseIterable {
    case foreachBt = "foreach-bt"
    case log
    case mixed

    static var names: String { allCases.map(\.rawValue).joined(separator: "|") }
}

// MARK: - `crash> foreach bt`

/// `crash> foreach bt` output; grep counts its frame lines.
enum ForeachBtInput: GeneratedInput {
    typealias Summary = ForeachBtGenerator.Summary
    typealias Counts = ForeachBtCounts

    static var name: String { InputChoice.foreachBt.rawValue }
    static var title: String { "`foreach bt`" }
    static var version: String { ForeachBtGenerator.version }
    static var head: [UInt8] { Array("crash> foreach bt\n".utf8) }
    static var grepPattern: String { "^ *#" }
    static var grepCounts: String { "frame lines" }

    static func expectedGrepCount(_ summary: Summary) -> Int { summary.frames }

    static func generate(seed: UInt64, target: Int, _ sink: ([UInt8]) throws -> Void) throws -> Summary {
        var generator = ForeachBtGenerator(seed: seed, target: target)
        return try generator.generate(sink)
    }
}

extension ForeachBtGenerator.Summary: GeneratedSummary {
    static func parse(trailer: String) -> Self? { ForeachBtGenerator.parseTrailer(trailer) }
}

/// What the parser found in a `foreach bt` text.
struct ForeachBtCounts: ParsedCounting {
    var lines = 0
    var tasks = 0
    var frames = 0
    var exceptions = 0
    var registers = 0
    var separators = 0
    var moduleFrames = 0
    var fragments = 0
    var unrecognized = 0
    var diagnostics = 0
    /// Wrapping sum of frame addresses and hex register values (the generator sums the same).
    var checksum: UInt64 = 0

    init(_ transcript: Transcript) {
        lines = transcript.lineCount
        tasks = transcript.tasks.count
        fragments = transcript.fragments.count
        unrecognized = transcript.unrecognized.count
        diagnostics = transcript.diagnostics.count
        for task in transcript.tasks { add(task.backtrace) }
        for fragment in transcript.fragments { add(fragment) }
    }

    private mutating func add(_ backtrace: Backtrace) {
        frames += backtrace.frames.count
        for frame in backtrace.frames {
            if frame.module != nil { moduleFrames += 1 }
            checksum &+= frame.address?.value ?? 0
            if let exception = frame.exception { add(exception) }
        }
        for exception in backtrace.exceptionFrames { add(exception) }
        for segment in backtrace.segments where segment.separatorLine != nil { separators += 1 }
    }

    private mutating func add(_ exception: ExceptionFrame) {
        exceptions += 1
        registers += exception.registers.count
        for register in exception.registers.registers { checksum &+= register.value.number?.value ?? 0 }
    }

    func mismatches(against expected: ForeachBtGenerator.Summary) -> [String] {
        var found = Mismatches()
        found.check("tasks", tasks, expected.tasks)
        found.check("frames", frames, expected.frames)
        found.check("exceptions", exceptions, expected.exceptions)
        found.check("registers", registers, expected.registers)
        found.check("separators", separators, expected.separators)
        found.check("module frames", moduleFrames, expected.moduleFrames)
        found.check("checksum", checksum, expected.checksum)
        found.check("fragments", fragments, 0)
        found.check("unrecognized lines", unrecognized, 0)
        return found.list
    }


    var brief: String {
        "\(tasks) tasks, \(frames) frames, \(exceptions) register dumps, \(registers) registers, \(lines) lines"
    }

    var rows: [(label: String, value: String)] {
        [("lines", "\(lines)"), ("tasks", "\(tasks)"), ("frames", "\(frames)"), ("register dumps", "\(exceptions)"),
         ("registers", "\(registers)"), ("stack separators", "\(separators)"), ("frames with a module", "\(moduleFrames)"),
         ("unrecognized lines", "\(unrecognized)"), ("diagnostics", "\(diagnostics)"), ("checksum", "\(checksum)")]
    }

    var json: String {
        var object = JSONObject()
        object.add("lines", lines)
        object.add("tasks", tasks)
        object.add("frames", frames)
        object.add("register_dumps", exceptions)
        object.add("registers", registers)
        object.add("stack_separators", separators)
        object.add("module_frames", moduleFrames)
        object.add("unrecognized_lines", unrecognized)
        object.add("diagnostics", diagnostics)
        object.add("checksum", string: String(checksum))
        return object.text
    }
}

/// Collects `name parsed/expected` for each count that differs.
struct Mismatches {
    private(set) var list: [String] = []

    mutating func check(_ name: String, _ parsed: some BinaryInteger, _ wanted: some BinaryInteger) {
        if parsed != wanted { list.append("\(name) \(parsed)/\(wanted)") }
    }
}
