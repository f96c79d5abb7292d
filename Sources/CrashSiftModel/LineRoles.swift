import CrashSiftText

/// What each line of an input turned out to be: a collection of one role per line, indexed
/// by line number − 1.
///
/// Lines in the input's long runs of empty lines (``BlankRuns``) take no room: an empty line
/// is `blank` (the parse never gives it another role), so only the other lines have an entry.
/// Should a run's line be given another role anyway, it is kept aside, so nothing is lost.
public struct LineRoles: RandomAccessCollection, MutableCollection, Hashable, Sendable, ExpressibleByArrayLiteral {
    /// One role per line outside the runs, in line order.
    @usableFromInline var stored: [LineRole]
    /// The runs of empty lines that `stored` leaves out.
    @usableFromInline let runs: BlankRuns
    /// Roles other than `blank` given to lines inside runs, by index.
    @usableFromInline var runExceptions: [Int: LineRole] = [:]
    /// The number of lines.
    public let count: Int

    /// `count` lines, all `blank`; lines inside `runs` take no room.
    public init(count: Int, blankRuns runs: BlankRuns = BlankRuns()) {
        self.stored = Array(repeating: .blank, count: count - runs.lineCount)
        self.runs = runs
        self.count = count
    }

    /// These roles, one per line.
    public init(arrayLiteral roles: LineRole...) {
        stored = roles
        runs = BlankRuns()
        count = roles.count
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    /// The role of the line at `index` (its number − 1).
    @inlinable
    public subscript(index: Int) -> LineRole {
        get {
            if runs.isEmpty { return stored[index] }
            switch runs.place(ofLine: index + 1) {
            case .stored(let slot): return stored[slot]
            case .inRun: return runExceptions[index] ?? .blank
            }
        }
        set {
            if runs.isEmpty { stored[index] = newValue; return }
            switch runs.place(ofLine: index + 1) {
            case .stored(let slot): stored[slot] = newValue
            case .inRun: runExceptions[index] = newValue == .blank ? nil : newValue
            }
        }
    }

    /// Equal when every line has the same role, however the roles are stored.
    public static func == (lhs: LineRoles, rhs: LineRoles) -> Bool {
        if lhs.runs == rhs.runs && lhs.runExceptions == rhs.runExceptions { return lhs.stored == rhs.stored }
        return lhs.elementsEqual(rhs)
    }

    /// Hashes the count and the first lines' roles: cheap, and equal however they are stored.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for role in prefix(64) { hasher.combine(role) }
    }
}
