import CrashSift
import CrashSiftTestSupport

/// libFuzzer's entry point (`make fuzz`): the whole parse of one input, then both outputs.
/// Traps when a promise of the parse breaks: a line lost or pointed outside the input
/// (`TranscriptInvariants`), or two parses of the same bytes that differ.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzParse(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let source = SourceFile(name: "fuzz", bytes: Array(UnsafeBufferPointer(start: data, count: size)))
    let transcript = TranscriptParser.parse(source)
    let problems = TranscriptInvariants.violations(of: transcript, source: source)
    if !problems.isEmpty { fatalError("invariants broken:\n" + problems.prefix(10).joined(separator: "\n")) }
    if TranscriptParser.parse(source) != transcript { fatalError("parsing the same input twice gave different transcripts") }
    if ParseDocument.json(for: transcript, source: source).serialized().isEmpty { fatalError("empty JSON document") }
    if TreeDump.render(transcript, source: source).isEmpty { fatalError("empty tree") }
    return 0
}
