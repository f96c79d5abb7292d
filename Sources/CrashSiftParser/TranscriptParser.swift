import CrashSiftModel
import CrashSiftText

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads pasted crash text into a ``Transcript``.
///
/// Parsing never fails: odd, damaged or foreign text is kept (as prose or as unrecognized
/// lines) and explained by diagnostics. Every input line ends with exactly one
/// ``LineRole``.
public enum TranscriptParser {
    /// Parses `source`: repairs what pasting did to it (`PasteRepair`), splits it into
    /// commands and prose, then reads each command's output with that command's grammar.
    public static func parse(_ source: SourceFile) -> Transcript {
        let repair = PasteRepair.run(source)
        var transcript = parseLines(repair?.text ?? source, name: source.name, repaired: repair?.absorbed.keys.sorted() ?? [])
        repair?.apply(to: &transcript)
        // Grammars report in block order; readers want line order (stable for equal lines).
        transcript.diagnostics = transcript.diagnostics.enumerated()
            .sorted { ($0.element.location, $0.offset) < ($1.element.location, $1.offset) }
            .map(\.element)
        transcript.unrecognized.sort()
        return transcript
    }

    /// The grammars' reading of `source` (the input, or its repaired text, which has the
    /// same lines). The `repaired` lines were emptied by the repair: they are settled before
    /// any grammar reads, so no grammar takes them for the blank lines crash prints.
    private static func parseLines(_ source: SourceFile, name: String, repaired: [Int]) -> Transcript {
        source.bytes.withUnsafeBufferPointer { base in
            var context = ParseContext(base: base, lineIndex: source.lines, source: name)
            for number in repaired { context.setRole(.repaired, number) }
            checkForBinaryContent(&context)
            let blocks = SessionSplitter.split(&context)
            for block in blocks {
                let name = context.transcript.commands[block.command].name
                if let grammar = CommandName.grammar(for: name) {
                    grammar.parse(block.output, command: block.command, context: &context)
                } else {
                    UnparsedOutput.parse(block.output, command: block.command, context: &context)
                }
            }
            ArchitectureDetection.assign(&context.transcript)
            TaskIndexBuilder.build(&context)
            Joins.attachPerCPUVariables(to: &context.transcript)
            return context.transcript
        }
    }

    /// Parses `text` as an input named `name`.
    public static func parse(_ text: String, name: String = "<text>") -> Transcript {
        parse(SourceFile(name: name, text: text))
    }

    /// Crash prints text; NUL bytes or mostly unprintable bytes mean a binary file (a vmcore
    /// passed by mistake, a truncated archive). Say so once, then parse what can be parsed.
    private static func checkForBinaryContent(_ context: inout ParseContext) {
        let base = context.base
        guard let start = base.baseAddress, base.count > 0 else { return }
        if let nul = memchr(start, 0, base.count) {
            let offset = start.distance(to: nul.assumingMemoryBound(to: UInt8.self))
            let location = context.lineIndex.location(of: offset)
            context.transcript.diagnostics.append(Diagnostic(.warning, .binaryContent("NUL bytes"), at: location))
            return
        }
        let sample = min(base.count, 64 * 1024)
        var unprintable = 0
        for i in 0..<sample {
            let byte = base[i]
            if byte < 0x20 && byte != ASCII.tab && byte != ASCII.newline && byte != ASCII.carriageReturn && byte != 0x0C {
                unprintable += 1
            }
        }
        if unprintable * 10 > sample {
            context.transcript.diagnostics.append(Diagnostic(.warning, .binaryContent("mostly control bytes"), line: 1))
        }
    }
}

extension Diagnostic.Message {
    fileprivate static func binaryContent(_ what: String) -> Self {
        .init("the input contains \(what); it looks like binary data, not crash text")
    }
}
