import CrashSiftText

/// One `list` command's walk of a kernel linked list: where it started, the entries crash
/// printed in order (each with the members `-s` asked for), and how the walk ended.
///
/// `list ADDR` and `list -h ADDR` print the start itself first; that line is the walk's
/// ``head``, not one of its ``entries``. A `call_single_queue` that printed only its own
/// address is therefore empty, and one that printed its address and three more has three
/// entries. `list -H ADDR` does not print the head, so every line is an entry.
public struct ListWalk: Hashable, Sendable {
    /// Which entry of ``Transcript/commands`` printed it.
    public var commandIndex: Int
    /// That command as typed: `list -H ffff88803f233d80 -s __call_single_data.func,info`.
    public var commandLine: String
    /// Where the walk started, from the command line (`ffff92f43c31cb40`, `init_task`).
    public var start: ListStart?
    /// What the start is (`list ADDR`, `-h`, `-H`).
    public var headMode: ListHeadMode
    /// The list_head's place in each entry, as typed: `task_struct.tasks` or a byte offset
    /// (`136`), from the first argument or `-o`.
    public var offset: String?
    /// `-O`: the list_head's place in the head structure when it differs from the entries'.
    public var headOffset: String?
    /// The `-s`/`-S` argument as typed: `task_struct.comm,pid`, `vfsmount`.
    public var printedStructure: String?
    /// `-r`: the walk followed `prev` pointers.
    public var isReversed: Bool
    /// The start's own line (`list ADDR`, `-h`), with the members `-s` printed for it.
    public var head: ListEntry?
    /// The entries after the head, in print order.
    public var entries: [ListEntry]
    /// What crash reported about the walk: an invalid or duplicate entry, a loop, memory it
    /// could not read. Each is also a diagnostic.
    public var problems: [ListProblem]
    /// Lines of elision markers inside the output: entries (or later commands) were cut from
    /// the paste there.
    public var elisions: [Int]
    /// The output lines.
    public var lines: LineSpan
    /// The per-cpu variable whose copy the walk started from, when a `p` of that variable in
    /// the same input printed the start address (`call_single_queue` of CPU 60).
    public var perCPU: PerCPUReference?
    /// The per-cpu variable the walk started from, even when its CPU is not known (the walk
    /// came from a file of `list` commands that `p <symbol> | … > file` wrote).
    public var perCPUSymbol: String?
    /// The line that tied the walk to its per-cpu variable or CPU: the `[N]: addr` line of a
    /// `p` table, the `p … > file` command, or a pasted note (`<--- CPU 60's call_single_queue`).
    public var perCPULine: Int?

    /// A walk printed by command `commandIndex`.
    public init(
        commandIndex: Int, commandLine: String, start: ListStart?, headMode: ListHeadMode, offset: String? = nil,
        headOffset: String? = nil, printedStructure: String? = nil, isReversed: Bool = false, head: ListEntry? = nil,
        entries: [ListEntry] = [], problems: [ListProblem] = [], elisions: [Int] = [], lines: LineSpan,
        perCPU: PerCPUReference? = nil
    ) {
        self.commandIndex = commandIndex
        self.commandLine = commandLine
        self.start = start
        self.headMode = headMode
        self.offset = offset
        self.headOffset = headOffset
        self.printedStructure = printedStructure
        self.isReversed = isReversed
        self.head = head
        self.entries = entries
        self.problems = problems
        self.elisions = elisions
        self.lines = lines
        self.perCPU = perCPU
    }

    /// True when the walk came back to its head without finding an entry: only the head's
    /// own line was printed (or, for `-H`, nothing) and crash reported no problem. An elision
    /// after the head may still have hidden entries; see ``elisions``.
    public var isEmpty: Bool {
        entries.isEmpty && problems.isEmpty && (head != nil || headMode == .listHead)
    }

    /// The head (when printed) followed by the entries: every address the walk printed.
    public var printedEntries: [ListEntry] { (head.map { [$0] } ?? []) + entries }

    /// The start address: from the command line, or else the head's printed address.
    public var startAddress: HexNumber? {
        if case .address(let address) = start { return address }
        return headMode == .listHead ? nil : head?.address
    }
}

/// Where a `list` walk started, as the command line gave it.
public enum ListStart: Hashable, Sendable, CustomStringConvertible {
    /// A hex address (`ffff92f43c31cb40`, `0xffff880109b8e3d0`).
    case address(HexNumber)
    /// A kernel symbol (`init_task`, `modules`).
    case symbol(String)

    /// The address in crash's spelling, or the symbol.
    public var description: String {
        switch self {
        case .address(let address): address.description
        case .symbol(let symbol): symbol
        }
    }
}

/// What a `list` start address is.
public enum ListHeadMode: String, Hashable, Sendable {
    /// `list [offset] ADDR`: the first entry; crash prints it first.
    case start
    /// `list -h ADDR`: a structure that holds the list_head; crash prints it first.
    case headStructure = "head-structure"
    /// `list -H ADDR`: a bare list_head; crash does not print it.
    case listHead = "list-head"
}

/// One address a `list` walk printed, with the members `-s`/`-S` printed under it.
public struct ListEntry: Hashable, Sendable {
    /// The entry (the containing structure when an offset was given).
    public var address: HexNumber
    /// The input line of the address.
    public var line: Int
    /// `struct vfsmount` when `-s` printed the whole structure under the address.
    public var typeName: String?
    /// The members printed under the address, in order (`comm = "init\000…"`, `pid = 1`).
    public var fields: [PrintedField]

    /// An entry at `address`, printed on `line`.
    public init(address: HexNumber, line: Int, typeName: String? = nil, fields: [PrintedField] = []) {
        self.address = address
        self.line = line
        self.typeName = typeName
        self.fields = fields
    }

    /// The value of the member `name` (a dotted path such as `se.on_rq` is looked up as
    /// printed first, then member by member).
    public subscript(_ name: String) -> PrintedValue? { PrintedValue.structure(fields)[name] }
}

/// Something crash reported while walking a list.
public struct ListProblem: Hashable, Sendable {
    /// Which kind of problem.
    public enum Kind: String, Hashable, Sendable {
        /// `list: invalid list entry: ADDR` (a NULL or bad `next`).
        case invalidEntry
        /// `list: duplicate list entry: ADDR` (the walk met an entry twice: a loop).
        case duplicateEntry
        /// `-B`: `list: loop detected, loop length: N` and `list: length from start to loop: N`.
        case loopDetected
        /// `list: invalid kernel virtual address: …`, `seek error`, `read error`, `page excluded`.
        case unreadableMemory
        /// Any other message crash printed for the walk.
        case other
    }

    /// Which kind.
    public var kind: Kind
    /// crash's message as printed (`list: invalid list entry: 0`).
    public var message: String
    /// The address the message names, when it names one.
    public var address: HexNumber?
    /// The input line.
    public var line: Int

    /// A problem reported on `line`.
    public init(kind: Kind, message: String, address: HexNumber?, line: Int) {
        self.kind = kind
        self.message = message
        self.address = address
        self.line = line
    }
}
