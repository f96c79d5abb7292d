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
        var owners: [UInt64: PerCPUReference] = [:]
        for table in transcript.perCPU {
            for copy in table.addresses where owners[copy.address.value] == nil {
                owners[copy.address.value] = PerCPUReference(symbol: table.symbol, cpu: copy.cpu)
            }
        }
        for result in transcript.printed where result.isAddressOf {
            if let symbol = result.symbol, let cpu = result.cpu, let address = result.value.address, owners[address.value] == nil {
                owners[address.value] = PerCPUReference(symbol: symbol, cpu: cpu)
            }
        }
        guard !owners.isEmpty else { return }
        for index in transcript.lists.indices {
            if let start = transcript.lists[index].startAddress, let owner = owners[start.value] {
                transcript.lists[index].perCPU = owner
            }
        }
    }
}
