import CrashSift
import CrashSiftRules
import Testing

/// `requiredGroup:` (alternatives, one of which must hold: a backtrace or a log message) and
/// `{a.key|b.key}` in templates (the first value known).
@Suite struct RequiredGroupTests {
    static let ruleText = """
        id: spin-test
        title: "A CPU spins in spin_here"
        severity: low
        clauses:
          - id: spinner
            requiredGroup: evidence
            says: 'PID {spinner.pid} spins in {spinner.frame}'
            task:
              bind: spinner
              stack:
                - {function: spin_here, exception: true}
            confirmWith: ['bt -a']
          - id: message
            requiredGroup: evidence
            says: 'the log says CPU {message.cpu} spins'
            log:
              record: 'spinning on CPU (?<cpu>\\d+)'
            confirmWith: [log]
          - id: x86
            says: 'the machine is {x86.architecture}'
            kernel: {architecture: x86_64}
            confirmWith: [sys]
        finding:
          message: 'CPU {spinner.cpu|message.cpu} spins (PID {spinner.pid|message.pid})'
        """

    static let sys = """
        crash> sys
              KERNEL: vmlinux-6.1.0-56-amd64
            DUMPFILE: dump.202611252039
                CPUS: 4
             RELEASE: 6.1.0-56-amd64
             MACHINE: x86_64  (2596 Mhz)
        """

    static let bt = """
        crash> bt -a
        PID: 42       TASK: ffff888003a59080  CPU: 1    COMMAND: "spinner"
         #0 [fffffe0000039e50] crash_nmi_callback at ffffffff8e06a1b2
         #1 [fffffe0000039ef0] end_repeat_nmi at ffffffff8ee015b9
            [exception RIP: spin_here+12]
            RIP: ffffffffc0a50033  RSP: ffffc9000008bea0  RFLAGS: 00000246
            RAX: 0000000000000000  RBX: 0000000000000000  RCX: 0000000000000000
            ORIG_RAX: ffffffffffffffff  CS: 0010  SS: 0018
        --- <NMI exception stack> ---
         #2 [ffffc9000008bea0] spin_here at ffffffffc0a50033 [spin]
         #3 [ffffc9000008bf68] kthread at ffffffff810d1484
        """

    static func finding(_ text: String) throws -> (finding: Finding?, ruledOut: Finding?) {
        let rule = try RuleLoader.load(yaml: ruleText, file: "spin-test.yaml")
        let analysis = Analyzer(catalog: RuleCatalog(rules: [rule])).analyze(SourceFile(name: "test", text: text))
        #expect(analysis.failures.isEmpty)
        return (analysis.findings.first, analysis.ruledOut.first)
    }

    @Test func aBacktraceAloneIsEnough() throws {
        let finding = try #require(try Self.finding(Self.sys + "\n" + Self.bt).finding)
        #expect(finding.message == "CPU 1 spins (PID 42)")
        // The group's other clause is missing (no log), with its command; it does not count
        // as a supporting clause, so the one supporting clause makes the finding confirmed.
        #expect(finding.missing.map(\.clause) == ["message"])
        #expect(finding.confirmWith == ["log"])
        #expect(finding.confidence == .confirmed)
    }

    @Test func aLogMessageAloneIsEnough() throws {
        let finding = try #require(try Self.finding("[   12.000001] spinning on CPU 3\n").finding)
        // The task is unknown: the fallback reads the log's CPU, and an unknown value reads <key>.
        #expect(finding.message == "CPU 3 spins (PID <pid>)")
        #expect(finding.missing.map(\.clause) == ["spinner", "x86"])
        #expect(finding.confidence == .possible)
    }

    @Test func anAnsweredAlternativeThatDoesNotHoldContradictsNothing() throws {
        let text = Self.sys + "\ncrash> log\n[   12.000001] all quiet\n" + Self.bt
        let (finding, ruledOut) = try Self.finding(text)
        let found = try #require(finding)
        #expect(ruledOut == nil)
        #expect(found.missing.isEmpty)
        #expect(found.confidence == .confirmed)
    }

    @Test func neitherAlternativeGivesNoFinding() throws {
        let text = Self.sys + "\ncrash> log\n[   12.000001] all quiet\n"
        let (finding, ruledOut) = try Self.finding(text)
        #expect(finding == nil)
        #expect(ruledOut == nil)
    }

    @Test func aGroupOfOneIsAnError() {
        let text = Self.ruleText.replacingOccurrences(of: "    requiredGroup: evidence\n    says: 'the log", with: "    says: 'the log")
        #expect(throws: RuleError.self) { try RuleLoader.load(yaml: text, file: "spin-test.yaml") }
        do {
            _ = try RuleLoader.load(yaml: text, file: "spin-test.yaml")
        } catch {
            #expect(error.message.contains("requiredGroup 'evidence' has one clause"))
        }
    }

    @Test func requiredAndAGroupTogetherIsAnError() {
        let text = Self.ruleText.replacingOccurrences(of: "    requiredGroup: evidence\n    says: 'the log", with: "    requiredGroup: evidence\n    required: true\n    says: 'the log")
        #expect(throws: RuleError.self) { try RuleLoader.load(yaml: text, file: "spin-test.yaml") }
    }

    @Test func aTemplateAlternativeMustNameAValue() {
        let text = Self.ruleText.replacingOccurrences(of: "{spinner.pid|message.pid}", with: "{spinner.pid|}")
        #expect(throws: RuleError.self) { try RuleLoader.load(yaml: text, file: "spin-test.yaml") }
        let unknown = Self.ruleText.replacingOccurrences(of: "{spinner.pid|message.pid}", with: "{spinner.pid|nothing.pid}")
        #expect(throws: RuleError.self) { try RuleLoader.load(yaml: unknown, file: "spin-test.yaml") }
    }
}
