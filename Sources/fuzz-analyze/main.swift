import CrashSift

/// libFuzzer's entry point (`make fuzz`): the built-in catalogue on one input, then the JSON
/// document and the text `crashsift analyze` prints. Traps when evidence names a line outside
/// the input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAnalyze(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let source = SourceFile(name: "fuzz", bytes: Array(UnsafeBufferPointer(start: data, count: size)))
    let analysis = AnalyzeFuzzCatalogue.analyzer.analyze(source)
    for finding in analysis.findings + analysis.ruledOut {
        for evidence in finding.evidence where !(1...max(source.lineCount, 1)).contains(evidence.line) {
            fatalError("\(finding.rule): evidence of clause \(evidence.clause) names line \(evidence.line), outside 1...\(source.lineCount)")
        }
    }
    if AnalysisDocument.json(for: analysis, source: source, includeRuledOut: true).serialized().isEmpty { fatalError("empty JSON document") }
    if AnalysisText.render(analysis, source: source, options: .init(color: true, verbose: true)).isEmpty { fatalError("empty text") }
    return 0
}
