@testable import CrashSift
import CrashSiftTestSupport
import Foundation
import Testing

/// The `crashsift.analyze/1` JSON document and its fingerprint.
@Suite struct AnalysisDocumentTests {
    static let seedText: String = {
        let url = PackagePaths.samples.appendingPathComponent("rhel7-rt-csd-deadlock.article.txt")
        return String(decoding: (try? PackagePaths.bytes(of: url)) ?? [], as: UTF8.self)
    }()

    /// The seed's rule only, so that rules added to the catalogue later do not change these tests.
    static func analyze(_ text: String, name: String = "article.txt") throws -> (Analysis, SourceFile) {
        let catalog = try RuleCatalog.builtIn()
        let analyzer = Analyzer(catalog: RuleCatalog(rules: catalog.rules.filter { $0.id == "rt-csd-preempted-before-ipi" }))
        let source = SourceFile(name: name, text: text)
        return (analyzer.analyze(source), source)
    }

    static func keys(_ value: JSONValue?) -> [String] {
        guard case .object(let pairs) = value else { return [] }
        return pairs.map(\.0)
    }

    @Test func theTopLevelKeysInContractOrder() throws {
        let (analysis, source) = try Self.analyze(Self.seedText)
        let document = AnalysisDocument.json(for: analysis, source: source)
        #expect(Self.keys(document) == ["schema", "source", "findings", "reports", "fingerprint", "diagnostics", "failures"])
        #expect(document["schema"] == "crashsift.analyze/1")
        #expect(document["source"] == "article.txt")
        let verbose = AnalysisDocument.json(for: analysis, source: source, includeRuledOut: true)
        #expect(Self.keys(verbose) == ["schema", "source", "findings", "ruledOut", "reports", "fingerprint", "diagnostics", "failures"])
        #expect(verbose["ruledOut"] == .array([]))
        // The document is valid JSON.
        #expect(try JSONSerialization.jsonObject(with: Data(document.serialized().utf8)) is [String: Any])
    }

    @Test func aFindingWithItsEvidence() throws {
        let (analysis, source) = try Self.analyze(Self.seedText)
        let finding = try #require(AnalysisDocument.json(for: analysis, source: source)["findings"]?[0])
        #expect(Self.keys(finding) == ["rule", "title", "severity", "confidence", "message", "evidence", "missing", "confirmWith", "notes"])
        #expect(finding["rule"] == "rt-csd-preempted-before-ipi")
        #expect(finding["confidence"] == "confirmed")
        // A clause without a role leaves `role` out; a task clause names it.
        let first = try #require(finding["evidence"]?[0])
        #expect(Self.keys(first) == ["clause", "line", "text", "says"])
        #expect(first["clause"] == "rcu-stall-panic")
        #expect(first["line"] == .int(103))
        #expect(first["text"] == "    [32801109.627240] Kernel panic - not syncing: RCU Stall")
        let evidence = try #require(finding["evidence"]?.arrayValue)
        let sender = try #require(evidence.first { $0["clause"] == "sender-preempted" })
        #expect(Self.keys(sender) == ["clause", "role", "line", "text", "says"])
        #expect(sender["role"] == "sender")
        #expect(sender["line"] == .int(202))
        #expect(sender["says"]?.stringValue?.hasPrefix("PID 260617 (\"XXXXXXXXXXXXXXXX\"), runnable on the same CPU 0") == true)
    }

    @Test func missingClausesCarryTheirCommands() throws {
        let lines = Self.seedText.split(separator: "\n", omittingEmptySubsequences: false)
        let step5 = try #require(lines.firstIndex { $0.hasPrefix("5. ") })
        let end = try #require(lines.firstIndex { $0.hasPrefix("This solution is part") })
        let (analysis, source) = try Self.analyze((lines[..<step5] + lines[end...]).joined(separator: "\n"))
        let finding = try #require(AnalysisDocument.json(for: analysis, source: source)["findings"]?[0])
        #expect(finding["confidence"] == "possible")
        let missing = try #require(finding["missing"]?.arrayValue)
        let sender = try #require(missing.first { $0["clause"] == "sender-preempted" })
        #expect(Self.keys(sender) == ["clause", "says", "confirmWith"])
        #expect(sender["confirmWith"] == ["foreach RU bt"])
        #expect(finding["confirmWith"]?.arrayValue?.contains("p call_single_queue") == true)
    }

    @Test func ruledOutFindingsNameTheLinesThatRuleThemOut() throws {
        let moved = Self.seedText.replacingOccurrences(
            of: "PID: 260617  TASK: ffff92996b72d3c0  CPU: 0 ", with: "PID: 260617  TASK: ffff92996b72d3c0  CPU: 5 ")
        let (analysis, source) = try Self.analyze(moved)
        let plain = AnalysisDocument.json(for: analysis, source: source)
        #expect(plain["findings"] == .array([]))
        #expect(plain["ruledOut"] == nil)
        let ruledOut = try #require(AnalysisDocument.json(for: analysis, source: source, includeRuledOut: true)["ruledOut"]?[0])
        #expect(ruledOut["rule"] == "rt-csd-preempted-before-ipi")
        let by = try #require(ruledOut["ruledOutBy"])
        #expect(by["clause"] == "sender-preempted")
        #expect(by["lines"] == [.object([("line", .int(200)), ("text", "    crash> foreach RU bt ")])])
    }

    @Test func reportsInBrief() throws {
        let (analysis, source) = try Self.analyze(Self.seedText)
        let reports = try #require(AnalysisDocument.json(for: analysis, source: source)["reports"]?.arrayValue)
        #expect(reports.count == 2)
        #expect(Self.keys(reports[0]) == ["kind", "title", "line", "cpu", "pid", "command", "guiltyFrame", "corrupted"])
        #expect(reports[0]["title"] == "INFO: rcu detected stall in smp_call_function")
        #expect(reports[0]["cpu"] == .int(0))
        #expect(reports[0]["pid"] == .int(260624))
        #expect(Self.keys(reports[1]) == ["kind", "title", "line", "corrupted", "corruptedReason"])
        #expect(reports[1]["corrupted"] == .bool(true))
    }

    @Test func failuresBecomeEntries() throws {
        let (analysis, source) = try Self.analyze(Self.seedText)
        var failed = analysis
        failed.failures = [RuleFailure(rule: "slow-rule", message: "the pattern 'x' hit the match limit")]
        let failures = AnalysisDocument.json(for: failed, source: source)["failures"]
        #expect(failures == [.object([("rule", "slow-rule"), ("message", "the pattern 'x' hit the match limit")])])
    }

    // MARK: - Fingerprint

    /// The document's `fingerprint` is the case's versioned fingerprint (``Fingerprint/case(_:)``).
    @Test func theFingerprintIsTheVersionedCaseFingerprint() throws {
        let (analysis, source) = try Self.analyze(Self.seedText)
        let document = AnalysisDocument.json(for: analysis, source: source)
        #expect(document["fingerprint"] == .string(Fingerprint.case(analysis)))
        #expect(document["fingerprint"] == .string(try Fingerprint.case(analysis, version: 1)))
    }

    /// The same problem pasted elsewhere in another text (other line numbers, another name)
    /// has the same fingerprint; a finding that is only possible does not count.
    @Test func theFingerprintIgnoresWhereAndNotWhat() throws {
        let (seed, _) = try Self.analyze(Self.seedText)
        let (shifted, _) = try Self.analyze("Forwarded message:\n\n\n" + Self.seedText, name: "mail.txt")
        #expect(shifted.findings.first?.evidence.first?.line != seed.findings.first?.evidence.first?.line)
        #expect(Fingerprint.case(shifted) == Fingerprint.case(seed))

        var likely = seed
        likely.findings[0].confidence = .likely
        #expect(Fingerprint.case(likely) == Fingerprint.case(seed))
        var possible = seed
        possible.findings[0].confidence = .possible
        #expect(Fingerprint.case(possible) != Fingerprint.case(seed))
        // Nothing found: still a fingerprint, the hash of `empty`.
        let (nothing, _) = try Self.analyze("nothing to see here\n")
        #expect(try Fingerprint.canonicalText(of: nothing) == "empty\n")
        #expect(Fingerprint.case(nothing) == "v1:" + String(SHA256.hex(of: "empty\n").prefix(32)))
    }
}

/// The SHA-256 behind the fingerprint, against FIPS 180-4's test vectors.
@Suite struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
    ])
    func knownDigests(_ message: String, _ digest: String) {
        #expect(SHA256.hex(of: message) == digest)
    }

    /// Lengths around the 55/56/64-byte padding boundaries, and a million bytes.
    @Test func paddingBoundariesAndALongMessage() {
        #expect(SHA256.hex(of: String(repeating: "a", count: 55)) == "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318")
        #expect(SHA256.hex(of: String(repeating: "a", count: 56)) == "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a")
        #expect(SHA256.hex(of: String(repeating: "a", count: 64)) == "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb")
        #expect(SHA256.hex(of: String(repeating: "a", count: 1_000_000)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// The block-at-a-time path a scan uses on whole inputs agrees with the byte path, whatever
    /// the split between calls; the sample's digest is what `sha256sum` prints.
    @Test func wholeBuffersAndSplitUpdates() throws {
        let url = PackagePaths.root.appendingPathComponent("Samples/rhel7-rt-csd-deadlock.article.txt")
        let bytes = try PackagePaths.bytes(of: url)
        #expect(SHA256.hex(of: bytes) == "8894db8ab57c5f6967bba72829b48c235e793dfdb0cfeb52cce6cf77a4bdc97f")
        for split in [0, 1, 63, 64, 65, 1000] {
            var hasher = SHA256()
            hasher.update(bytes[..<split])
            bytes[split...].withUnsafeBytes { hasher.update(contiguous: $0) }
            let digest = hasher.finalize().map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
            #expect(digest == "8894db8ab57c5f6967bba72829b48c235e793dfdb0cfeb52cce6cf77a4bdc97f", "split at \(split)")
        }
        #expect(SHA256.hex(of: [UInt8](repeating: 0x61, count: 1_000_000)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
}
