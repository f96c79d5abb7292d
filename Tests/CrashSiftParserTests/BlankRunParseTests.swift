import CrashSift
import CrashSiftTestSupport
import Testing

/// Long runs of empty lines take no room in the line index or the role table (`BlankRuns`);
/// the parse must not notice. The same session is parsed with its runs made of empty lines
/// (kept as runs) and of lines holding one space (stored line by line): every role, task,
/// command and record must agree.
@Suite struct BlankRunParseTests {
    private static let long = BlankRuns.minimumLength + 10

    private func session(blank: String) -> String {
        """
        crash> bt
        PID: 260624  TASK: ffff92a0156ce480  CPU: 0   COMMAND: "runc:[2:INIT]"
         #0 [ffff92c43da03c68] machine_kexec at ffffffffaaa53b14
        \(String(repeating: blank, count: Self.long))\
         #1 [ffff92c43da03cc8] __crash_kexec at ffffffffaab4ee2d
        crash> log
        [    0.000000] Linux version 5.14.0 (mockbuild@example) #1 SMP PREEMPT_RT
        \(String(repeating: blank, count: Self.long))\
        [    1.000000] second record
        \(String(repeating: blank, count: Self.long))
        """
    }

    @Test func runsOfEmptyLinesParseLikeOtherBlankLines() throws {
        let runs = SourceFile(name: "runs", text: session(blank: "\n"))
        let spaces = SourceFile(name: "spaces", text: session(blank: " \n"))
        #expect(runs.lines.blankRuns.runs.count == 3)
        #expect(spaces.lines.blankRuns.isEmpty)
        #expect(runs.lineCount == spaces.lineCount)

        let withRuns = TranscriptParser.parse(runs)
        let withSpaces = TranscriptParser.parse(spaces)
        #expect(TranscriptInvariants.violations(of: withRuns, source: runs).isEmpty)
        #expect(Array(withRuns.lineRoles) == Array(withSpaces.lineRoles))
        #expect(withRuns.commands.map(\.line) == withSpaces.commands.map(\.line))
        #expect(withRuns.commands.map(\.output) == withSpaces.commands.map(\.output))
        #expect(withRuns.tasks.map { $0.backtrace.frames.map(\.line) } == withSpaces.tasks.map { $0.backtrace.frames.map(\.line) })
        #expect(withRuns.log.records.map(\.line) == withSpaces.log.records.map(\.line))
        #expect(withRuns.unrecognized == withSpaces.unrecognized)
        #expect(try #require(withRuns.tasks.first).backtrace.frames.count == 2)
        #expect(withRuns.log.records.count == 2)
    }

    @Test func aRoleGivenToALineInsideARunIsKept() {
        let source = SourceFile(name: "runs", text: "a\n" + String(repeating: "\n", count: Self.long) + "b\n")
        var roles = LineRoles(count: source.lineCount, blankRuns: source.lines.blankRuns)
        roles[0] = .prose
        roles[5] = .repaired
        roles[source.lineCount - 1] = .parsed
        #expect(roles[0] == .prose && roles[5] == .repaired && roles[6] == .blank && roles[source.lineCount - 1] == .parsed)
        #expect(roles.filter { $0 != .blank }.count == 3)
        roles[5] = .blank
        #expect(roles.allSatisfy { $0 == .blank || $0 == .prose || $0 == .parsed })
    }
}
