import ArgumentParser
import CrashSift

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

extension CrashSiftCommand {
    struct Parse: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read crash output into a typed model: tasks, frames, stacks, registers.",
            discussion: """
                Every input line is accounted for: it ends up in the model, or as prose,
                an elision, an annotation, or in `unrecognized` with a diagnostic saying why.

                EXAMPLES
                  crashsift parse Samples/rhel7-rt-csd-deadlock.article.txt
                  crashsift parse --format tree Samples/debian12-rt-rcu-stall.bt-a.txt
                  crashsift parse --compact < Samples/debian12-rt-rcu-stall.session.txt
                  xclip -o | crashsift parse --format tree

                With several inputs, --format json prints a JSON array of documents.
                The JSON schema is Sources/CrashSift/Schemas/crashsift.parse-1.schema.json.

                EXIT CODES
                  0  every input was read (diagnostics about its text do not change this)
                  2  bad usage or an unreadable input (the message names it)
                """
        )

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case json
            case tree
        }

        @Argument(help: "Files to read. None, or '-', reads standard input.")
        var files: [String] = []

        @Option(help: "Output format: json (schema crashsift.parse/1) or tree (for reading by eye).")
        var format: Format = .json

        @Flag(help: "Write JSON on one line instead of indented.")
        var compact = false

        func run() throws {
            let paths = files.isEmpty ? ["-"] : files
            var documents: [JSONValue] = []
            var failed = false
            for path in paths {
                let source: SourceFile
                do {
                    source = try SourceFile.read(path: path)
                } catch {
                    printError("crashsift: \(error)")
                    failed = true
                    continue
                }
                let transcript = TranscriptParser.parse(source)
                switch format {
                case .json:
                    documents.append(ParseDocument.json(for: transcript, source: source))
                case .tree:
                    print(TreeDump.render(transcript, source: source), terminator: paths.count > 1 ? "\n" : "")
                }
            }
            if format == .json, !documents.isEmpty {
                let output = documents.count == 1 && paths.count == 1 ? documents[0] : .array(documents)
                print(output.serialized(pretty: !compact))
            }
            if failed { throw ExitCode(ExitStatus.usageOrInput) }
        }
    }
}
