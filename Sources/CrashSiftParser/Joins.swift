import Foundation
import CrashSiftModel
import CrashSiftText

/// Links between what different commands printed, made once every command is read.
enum Joins {
    /// Gives each `list` walk that started at a per-cpu variable's copy (an address in a
    /// `p <per-cpu symbol>` table, or a `&per_cpu(sym, N)` result, anywhere in the input) that
    /// variable and CPU, so "CPU 60's call_single_queue has 3 entries" can be read off the walk.
    ///
    /// The walk's start is compared with the addresses: the command-line address for
    /// `list ADDR`, `-h ADDR` and `-H ADDR` alike, or the printed head when the start was a
    /// symbol. An address printed for two variables (never in one dump) keeps the first.
    static func attachPerCPUVariables(to transcript: inout Transcript) {
        guard !transcript.lists.isEmpty else { return }
        var owners: [UInt64: (reference: PerCPUReference, line: Int)] = [:]
        for table in transcript.perCPU {
            for copy in table.addresses where owners[copy.address.value] == nil {
                owners[copy.address.value] = (PerCPUReference(symbol: table.symbol, cpu: copy.cpu), copy.line)
            }
        }
        for result in transcript.printed where result.isAddressOf {
            if let symbol = result.symbol, let cpu = result.cpu, let address = result.value.address, owners[address.value] == nil {
                owners[address.value] = (PerCPUReference(symbol: symbol, cpu: cpu), result.lines.first)
            }
        }
        for index in transcript.lists.indices {
            if let start = transcript.lists[index].startAddress, let owner = owners[start.value] {
                transcript.lists[index].perCPU = owner.reference
                transcript.lists[index].perCPUSymbol = owner.reference.symbol
                transcript.lists[index].perCPULine = owner.line
            }
        }
        attachRedirectedWalks(to: &transcript)
        attachAnnotatedCPUs(to: &transcript)
    }

    /// `p call_single_queue | awk '/ffff/ {print "list " $NF}' > csd_queues`, then
    /// `< csd_queues`: the `list` commands crash runs from the file walk copies of the `p`'s
    /// symbol (the knowledge-base article's way). Their CPU is not printed.
    private static func attachRedirectedWalks(to transcript: inout Transcript) {
        let commands = transcript.commands
        for (position, command) in commands.enumerated() where command.name == "<" {
            let file = command.arguments.trimmingCharacters(in: .whitespaces)
            guard !file.isEmpty,
                  let writer = commands[..<position].last(where: { ["p", "px", "pd", "print"].contains($0.name) && writes($0.arguments, to: file) }),
                  let symbol = writer.arguments.split(separator: " ").first.map(String.init),
                  symbol.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" })
            else { continue }
            // The commands the file held follow the `<`, all with the same name.
            guard let first = commands.indices.first(where: { $0 > position }) else { continue }
            let name = commands[first].name
            let run = commands.indices[first...].prefix { commands[$0].name == name }
            for index in transcript.lists.indices where run.contains(transcript.lists[index].commandIndex) {
                if transcript.lists[index].perCPUSymbol == nil {
                    transcript.lists[index].perCPUSymbol = symbol
                    transcript.lists[index].perCPULine = writer.line
                }
            }
        }
    }

    /// Whether shell text `arguments` redirects into `file` (`… > csd_queues`).
    private static func writes(_ arguments: String, to file: String) -> Bool {
        guard let arrow = arguments.lastIndex(of: ">") else { return false }
        return arguments[arguments.index(after: arrow)...].trimmingCharacters(in: .whitespaces) == file
    }

    /// A note pasted on a walk's command line that names a CPU (`<--- CPU 60's
    /// call_single_queue`) gives a walk of a known per-cpu variable its CPU.
    private static func attachAnnotatedCPUs(to transcript: inout Transcript) {
        guard !transcript.annotations.isEmpty else { return }
        for index in transcript.lists.indices where transcript.lists[index].perCPU == nil {
            let commandLine = transcript.commands[transcript.lists[index].commandIndex].line
            guard let note = transcript.annotations.first(where: { $0.line == commandLine }), let cpu = cpuNumber(in: note.text) else { continue }
            let symbol = transcript.lists[index].perCPUSymbol
                ?? note.text.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_") }).map(String.init).first { $0.contains("_") }
            guard let symbol else { continue }
            transcript.lists[index].perCPU = PerCPUReference(symbol: symbol, cpu: cpu)
            transcript.lists[index].perCPUSymbol = symbol
            transcript.lists[index].perCPULine = note.line
        }
    }

    /// `N` of `CPU N` (or `cpu N`) in a note.
    private static func cpuNumber(in text: String) -> Int? {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "'" || $0 == "\t" || $0 == ":" || $0 == "," })
        for (position, word) in words.enumerated() where word.lowercased() == "cpu" && position + 1 < words.count {
            if let cpu = Int(words[position + 1]) { return cpu }
        }
        return nil
    }
}
