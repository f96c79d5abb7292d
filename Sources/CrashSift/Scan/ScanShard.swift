/// One of N deterministic parts of a scan's inputs (`--shard K/N`), so that N machines each
/// scan a part and `crashsift summarize` merges their outcomes: a Kubernetes Indexed Job
/// (`K = $JOB_COMPLETION_INDEX`), a Slurm array, GNU parallel over hosts.
///
/// An input belongs to shard `FNV-1a-64(name) mod N`: it depends on the input's name alone,
/// so every machine agrees without talking to the others.
public struct ScanShard: Sendable, Hashable, CustomStringConvertible {
    /// This shard, from 0.
    public var index: Int
    /// How many shards there are.
    public var count: Int

    public init(index: Int, count: Int) {
        precondition(count > 0 && (0..<count).contains(index), "a shard is K/N with 0 <= K < N")
        self.index = index
        self.count = count
    }

    /// Reads `K/N`; nil unless 0 ≤ K < N.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count > 0, (0..<count).contains(index) else { return nil }
        self.init(index: index, count: count)
    }

    /// Whether the input named `name` is in this shard.
    public func contains(_ name: String) -> Bool {
        Int(Self.hash(name) % UInt64(count)) == index
    }

    /// 64-bit FNV-1a of the name's UTF-8 bytes: fixed, documented, the same on every machine.
    static func hash(_ name: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    public var description: String { "\(index)/\(count)" }
}
