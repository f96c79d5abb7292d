import CrashSift
import CrashSiftRules
import CrashSiftTestSupport
import Testing

/// Every built-in rule against its own examples (semgrep's ruleid/ok, SwiftLint's
/// verifyRule), and the catalogue's own health.
@Suite struct RuleExamplesTests {
    static let rules: [Rule] = (try? RuleCatalog.builtIn().rules) ?? []

    @Test func theCatalogueLoads() throws {
        let catalog = try RuleCatalog.builtIn()
        #expect(catalog.rules.count >= 1)
        #expect(Set(catalog.rules.map(\.id)).count == catalog.rules.count)
        for rule in catalog.rules {
            #expect(!rule.examples.triggering.isEmpty, "\(rule.id) has no triggering example")
            #expect(!rule.examples.nonTriggering.isEmpty, "\(rule.id) has no non-triggering example")
        }
    }

    @Test(arguments: rules.map(\.id))
    func examplesPass(_ id: String) throws {
        let rule = try #require(Self.rules.first { $0.id == id })
        for result in RuleTester.test(rule, root: PackagePaths.root) {
            switch result.outcome {
            case .passed: continue
            case .skipped(let why): print("\(id) \(result.example) skipped: \(why)")
            case .failed(let why): Issue.record("\(id) \(result.example): \(why)")
            }
        }
    }
}
