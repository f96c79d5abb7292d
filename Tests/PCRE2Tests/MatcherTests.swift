import PCRE2
import Testing

@Suite("Reusable matchers and concurrency")
struct MatcherTests {
    static let frame = try! Pattern(#"^ #(\d+) \[([0-9a-f]+)\] (?<function>\S+) at ([0-9a-f]+)"#)

    /// A frame line whose fields are all derived from `task` and `index`, so results can be checked.
    static func frameLine(task: Int, index: Int) -> [UInt8] {
        let address = String(task &* 1_000_003 &+ index, radix: 16)
        return Array(" #\(index % 64) [ffff\(address)] func_\(task)_\(index) at ffffffff8\(address)".utf8)
    }

    @Test("one matcher reused over many subjects gives the same results as fresh matching")
    func reuse() throws {
        let matcher = Pattern.Matcher(Self.frame)
        for index in 0..<200 {
            let line = Self.frameLine(task: 1, index: index)
            let reused = try matcher.firstMatch(in: line)
            #expect(reused == (try Self.frame.firstMatch(in: line)))
            #expect(reused?.string(named: "function", in: line) == "func_1_\(index)")
        }
        #expect(try matcher.firstMatch(in: "not a frame") == nil)
        #expect(matcher.limits == .default)
        #expect(matcher.pattern.source == Self.frame.source)
    }

    @Test("firstRange and capture read the last match without building a Match")
    func allocationFreePath() throws {
        let matcher = Pattern.Matcher(Self.frame)
        let line = Self.frameLine(task: 2, index: 9)
        try line.withUnsafeBytes { raw in
            let whole = try #require(try matcher.firstRange(in: raw))
            #expect(whole == 0..<line.count)
            #expect(matcher.capture(1).map { Array(line[$0]) } == Array("9".utf8))
            #expect(matcher.capture(3).map { String(decoding: line[$0], as: UTF8.self) } == "func_2_9")
            #expect(matcher.capture(5) == nil)
            #expect(try matcher.firstRange(in: raw, from: 1) == nil)
            #expect(matcher.capture(0) == nil)
        }
    }

    @Test("matchers on the String, array and slice overloads agree")
    func overloadsAgree() throws {
        let matcher = Pattern.Matcher(try Pattern(#"\d+"#))
        let text = "cpu 12 and 345"
        let bytes = Array(text.utf8)
        #expect(try matcher.matches(in: text).map(\.range) == [4..<6, 11..<14])
        #expect(try matcher.matches(in: bytes).map(\.range) == [4..<6, 11..<14])
        #expect(try matcher.matches(in: bytes[5...]).map(\.range) == [5..<6, 11..<14])
        #expect(try matcher.firstMatch(in: bytes[7...])?.range == 11..<14)
        #expect(try matcher.firstMatch(in: text, from: 6)?.range == 11..<14)
        #expect(try matcher.isMatch(bytes[0..<4]) == false)
        #expect(try matcher.isMatch(text, from: 12))
        #expect(try matcher.isMatch(bytes, from: 14) == false)
    }

    @Test("8 tasks × 5,000 matches share one Pattern, each with its own Matcher")
    func concurrentMatching() async throws {
        let pattern = Self.frame
        let tasks = 8
        let perTask = 5_000
        let correctCounts = await withTaskGroup(of: Int.self) { group in
            for task in 0..<tasks {
                group.addTask {
                    let matcher = Pattern.Matcher(pattern)
                    var correct = 0
                    for index in 0..<perTask {
                        let line = Self.frameLine(task: task, index: index)
                        let address = String(task &* 1_000_003 &+ index, radix: 16)
                        guard let match = try? matcher.firstMatch(in: line) else { continue }
                        if match.string(1, in: line) == String(index % 64),
                           match.string(2, in: line) == "ffff" + address,
                           match.string(named: "function", in: line) == "func_\(task)_\(index)",
                           match.string(4, in: line) == "ffffffff8" + address
                        {
                            correct += 1
                        }
                    }
                    return correct
                }
            }
            var counts: [Int] = []
            for await count in group { counts.append(count) }
            return counts
        }
        #expect(correctCounts == Array(repeating: perTask, count: tasks))
    }

    @Test("the per-call Pattern API is safe to use from many tasks at once")
    func concurrentPerCall() async throws {
        let pattern = try Pattern(#"(\d+)$"#)
        let total = await withTaskGroup(of: Int.self) { group in
            for task in 0..<8 {
                group.addTask {
                    var sum = 0
                    for index in 0..<500 {
                        let text = "line \(task * 1_000 + index)"
                        if let match = try? pattern.firstMatch(in: text), let digits = match.string(1, in: text) {
                            sum += Int(digits) ?? 0
                        }
                    }
                    return sum
                }
            }
            return await group.reduce(0, +)
        }
        let expected = (0..<8).reduce(0) { sum, task in sum + (0..<500).reduce(0) { $0 + task * 1_000 + $1 } }
        #expect(total == expected)
    }
}
