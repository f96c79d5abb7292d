/// Finds the next place where any of a fixed set of byte strings ends, in one pass over the
/// bytes: an Aho–Corasick automaton compiled to a table (a DFA over byte classes).
///
/// This is the report finder's prefilter: it runs over every byte of a log, so it must cost a
/// few instructions per byte. One table load per byte, with no branch but the "found" test:
/// bytes are first mapped to classes (bytes that occur in no literal share class 0), and each
/// table entry holds the next state's row offset, so no multiplication is needed. States in
/// which a literal ends are numbered last, so "found" is one comparison.
struct LiteralSetScanner: Sendable {
    /// The class of each byte value.
    private let classOf: [UInt8]
    private let classCount: Int
    /// `transitions[row + class]` is the row of the next state (state × classCount).
    private let transitions: [UInt32]
    /// Rows at or after this one are states where a literal has just ended.
    private let firstMatchingRow: UInt32

    /// Compiles the automaton for `literals` (empty literals are ignored).
    init(_ literals: [[UInt8]]) {
        let literals = literals.filter { !$0.isEmpty }
        // Byte classes.
        var classOf = [UInt8](repeating: 0, count: 256)
        var classCount = 1
        for literal in literals {
            for byte in literal where classOf[Int(byte)] == 0 {
                classOf[Int(byte)] = UInt8(classCount)
                classCount += 1
            }
        }
        precondition(classCount <= 256, "too many distinct bytes in the literals")

        // The trie: state 0 is the root.
        var children: [[Int: Int]] = [[:]]
        var ends: [Bool] = [false]
        for literal in literals {
            var state = 0
            for byte in literal {
                let symbol = Int(classOf[Int(byte)])
                if let next = children[state][symbol] {
                    state = next
                } else {
                    children.append([:])
                    ends.append(false)
                    children[state][symbol] = children.count - 1
                    state = children.count - 1
                }
            }
            ends[state] = true
        }

        // Failure links and the full transition function, breadth first.
        let stateCount = children.count
        var delta = [Int](repeating: 0, count: stateCount * classCount)
        var failure = [Int](repeating: 0, count: stateCount)
        var queue: [Int] = []
        for symbol in 0..<classCount {
            if let next = children[0][symbol] {
                delta[symbol] = next
                queue.append(next)
            }
        }
        var head = 0
        while head < queue.count {
            let state = queue[head]
            head += 1
            if ends[failure[state]] { ends[state] = true }
            for symbol in 0..<classCount {
                if let next = children[state][symbol] {
                    failure[next] = delta[failure[state] * classCount + symbol]
                    delta[state * classCount + symbol] = next
                    queue.append(next)
                } else {
                    delta[state * classCount + symbol] = delta[failure[state] * classCount + symbol]
                }
            }
        }

        // Renumber: non-matching states first (the root stays 0), matching ones last.
        var newNumber = [Int](repeating: 0, count: stateCount)
        var next = 0
        for state in 0..<stateCount where !ends[state] {
            newNumber[state] = next
            next += 1
        }
        let firstMatching = next
        for state in 0..<stateCount where ends[state] {
            newNumber[state] = next
            next += 1
        }
        var transitions = [UInt32](repeating: 0, count: stateCount * classCount)
        for state in 0..<stateCount {
            for symbol in 0..<classCount {
                let target = newNumber[delta[state * classCount + symbol]]
                transitions[newNumber[state] * classCount + symbol] = UInt32(target * classCount)
            }
        }
        self.classOf = classOf
        self.classCount = classCount
        self.transitions = transitions
        firstMatchingRow = UInt32(firstMatching * classCount)
    }

    /// The offset just past the first place at or after `start` where a literal ends, or nil.
    ///
    /// The search starts afresh at `start` (no literal that began before it is found).
    func firstEnd(in bytes: UnsafeRawBufferPointer, from start: Int) -> Int? {
        guard start < bytes.count, let base = bytes.baseAddress else { return nil }
        return classOf.withUnsafeBufferPointer { classes in
            transitions.withUnsafeBufferPointer { table in
                let classBase = classes.baseAddress!
                let tableBase = table.baseAddress!
                let limit = firstMatchingRow
                var row: UInt32 = 0
                var offset = start
                let end = bytes.count
                let subject = base.assumingMemoryBound(to: UInt8.self)
                while offset < end {
                    row = tableBase[Int(row) &+ Int(classBase[Int(subject[offset])])]
                    offset &+= 1
                    if row >= limit { return offset }
                }
                return nil
            }
        }
    }
}
