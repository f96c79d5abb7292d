import CrashSift

/// libFuzzer's entry point (`make fuzz`): the bytes as a rule file. A `RuleError` is the
/// expected answer to most inputs; it must point inside the file. A rule that loads is shown
/// (`crashsift rules show`) and run on two samples, and its evidence must name their lines.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRules(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let yaml = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let rule: Rule
    do {
        rule = try RuleLoader.load(yaml: yaml, file: "fuzz")
    } catch {
        let lineCount = yamlLineCount(yaml)
        if error.line < 0 || error.line > lineCount || (error.line > 0 && error.column < 1) {
            fatalError("error position \(error.line):\(error.column) outside the \(lineCount) lines: \(error)")
        }
        return 0
    }
    if RuleText.show(rule).isEmpty { fatalError("empty rule text") }
    for input in RulesFuzzInput.inputs {
        for (_, outcome) in RuleEngine(rules: [rule]).evaluate(input) {
            guard case .finding(let finding) = outcome else { continue }
            for evidence in finding.evidence where !(1...input.source.lineCount).contains(evidence.line) {
                fatalError("evidence of clause \(evidence.clause) names line \(evidence.line), outside \(input.source.name)")
            }
        }
    }
    return 0
}
