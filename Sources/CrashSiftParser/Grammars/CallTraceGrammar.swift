import CrashSiftModel
import CrashSiftText

/// The lines of a call trace the kernel prints into its log, in the shapes kernels have used:
///
/// - `[<ffffffff81234567>] func+0x1/0x2` (old x86, with `? ` for guessed frames);
/// - ` func+0x1/0x2 [module]`, ` ? func+0x1/0x2`, with a build id after the module in newer kernels;
/// - `<IRQ>`, `</IRQ>`, `<NMI>`, `</NMI>`, `<EOI>`, `<TASK>`, `</TASK>`, `<<EOE>>`, `<#DF>` stack
///   markers, alone on a line or in front of the first frame (`<IRQ>  [<ffffffffaaaca6f6>] sched_show_task+0xb6/0x120`);
/// - ppc64's `[c0000000…] [c0000000…] func+0x1/0x2` (stack pointer, then address).
///
/// Markers *open* a stack (unlike `bt`'s separators, which close one); the table below says
/// which.
enum CallTraceGrammar {
    /// A frame read from one line.
    struct FrameLine {
        var function: Range<Int>
        var offset: Int?
        var size: Int?
        var address: HexNumber?
        var sp: HexNumber?
        var module: Range<Int>?
        var buildID: Range<Int>?
        var reliable: Bool
        /// A symbolized log's ` mm/filemap.c:2407` after the symbol: the path and the line.
        var source: (file: Range<Int>, line: Int)?
        /// ` [inline]`: the function was inlined into the next frame (no offset, no address).
        var inlined = false
    }

    /// What one line holds: markers (with the stack each switches to), then maybe a frame.
    struct Line {
        var stacks: [StackKind]
        var frame: FrameLine?
        /// The line is only markers that close a stack (`</TASK>`, `</IRQ>`, `<EOI>`): it ends
        /// the trace before it rather than starting one.
        var onlyCloses: Bool
    }

    /// The stack markers, the stack each switches the trace to (`.process` when the marker
    /// ends a nested stack), and whether it closes a stack rather than opening one.
    static let markers: [(spelling: StaticString, stack: StackKind, closes: Bool)] = [
        ("<IRQ>", .irq, false), ("</IRQ>", .process, true), ("<EOI>", .process, true),
        ("<NMI>", .nmi, false), ("</NMI>", .process, true),
        ("<SOFTIRQ>", .softirq, false), ("</SOFTIRQ>", .process, true),
        ("<TASK>", .process, false), ("</TASK>", .process, true),
        ("<<EOE>>", .process, true), ("<#DF>", .doublefault, false), ("<#DB>", .debug, false), ("<#MC>", .mce, false),
        ("<#VC>", .vc, false), ("<#NM>", .exception, false), ("<#SS>", .stackfault, false),
    ]

    /// Reads `range` (a log message) as a call-trace line; nil when it is neither a frame nor a marker.
    static func parse(_ range: Range<Int>, _ base: UnsafeBufferPointer<UInt8>) -> Line? {
        var c = Lexer.Cursor(base, range)
        c.skipBlanks()
        // ppc64 `--- interrupt: 901 at func+0x1/0x2`: the trace goes on (a register dump follows).
        if ArchitectureFormat.traceSeparators.contains(where: { c.startsWith($0) }) {
            return Line(stacks: [], frame: nil, onlyCloses: false)
        }
        var stacks: [StackKind] = []
        var onlyCloses = true
        markerLoop: while c.peek() == ASCII.less {
            for marker in markers where c.consume(marker.spelling) {
                stacks.append(marker.stack)
                onlyCloses = onlyCloses && marker.closes
                c.skipBlanks()
                continue markerLoop
            }
            break
        }
        let frame = parseFrame(&c)
        guard frame != nil || (!stacks.isEmpty && c.isAtEnd) else { return nil }
        return Line(stacks: stacks, frame: frame, onlyCloses: frame == nil && onlyCloses)
    }

    /// `[<addr>] ? func+0x1/0x2 [module buildid]` and the shapes above; the cursor is after the markers.
    private static func parseFrame(_ c: inout Lexer.Cursor) -> FrameLine? {
        var probe = c
        var addresses: [HexNumber] = []
        // Old x86: `[<ffffffff81234567>]`; ppc64: `[c000000000ab1234] [c000000000123456]`.
        while probe.peek() == ASCII.openBracket, addresses.count < 2 {
            var inner = probe
            guard let range = inner.lexBracketed() else { break }
            var hex = Lexer.Cursor(probe.base, range)
            _ = hex.consume(ASCII.less)
            guard let number = hex.lexHex() else { break }
            _ = hex.consume(ASCII.greater)
            guard hex.isAtEnd else { break }
            addresses.append(number)
            probe = inner
            probe.skipBlanks()
        }
        if addresses.count == 1, probe.peek() == ASCII.openParen {
            return parseARMFrame(&c, probe, address: addresses[0])
        }
        var reliable = true
        if probe.consume("? ") {
            reliable = false
            probe.skipBlanks()
        }
        // s390x prints the frame found in r14 in parentheses: `([<000000000012a8ae>] do_exit+0x3e/0x7f8)`.
        if addresses.isEmpty, probe.peek() == ASCII.openParen, probe.end > probe.position + 1, probe.base[probe.end - 1] == ASCII.closeParen {
            var inner = Lexer.Cursor(probe.base, (probe.position + 1)..<(probe.end - 1))
            guard inner.peek() == ASCII.openBracket, let frame = parseFrame(&inner) else { return nil }
            c.position = c.end
            return FrameLine(
                function: frame.function, offset: frame.offset, size: frame.size, address: frame.address, sp: frame.sp,
                module: frame.module, buildID: frame.buildID, reliable: false, source: frame.source, inlined: frame.inlined
            )
        }
        guard let word = probe.lexWord() else { return nil }
        // `func+0x1/0x2`: the symbol must carry an offset, so prose is not taken for a frame;
        // a symbolized log's inlined frame `__dump_stack lib/dump_stack.c:77 [inline]` has none.
        var plus = word.upperBound - 1
        while plus > word.lowerBound, probe.base[plus] != ASCII.plus { plus -= 1 }
        if plus == word.lowerBound, addresses.isEmpty {
            var rest = probe
            rest.skipBlanks()
            guard let source = sourceLocation(&rest) else { return nil }
            rest.skipBlanks()
            guard rest.consume("[inline]") else { return nil }
            rest.skipBlanks()
            guard rest.isAtEnd else { return nil }
            c = rest
            return FrameLine(
                function: word, offset: nil, size: nil, address: nil, sp: nil, module: nil, buildID: nil,
                reliable: reliable, source: source, inlined: true
            )
        }
        guard plus > word.lowerBound else { return nil }
        var tail = Lexer.Cursor(probe.base, (plus + 1)..<word.upperBound)
        guard let (offset, _) = tail.lexPrefixedHex() else { return nil }
        var size: HexNumber?
        if tail.consume(ASCII.slash) {
            guard let (value, _) = tail.lexPrefixedHex() else { return nil }
            size = value
        }
        guard tail.isAtEnd else { return nil }
        var frame = FrameLine(
            function: word.lowerBound..<plus, offset: Int(truncatingIfNeeded: offset.value),
            size: size.map { Int(truncatingIfNeeded: $0.value) }, address: addresses.last,
            sp: addresses.count == 2 ? addresses[0] : nil, module: nil, buildID: nil, reliable: reliable
        )
        probe.skipBlanks()
        if let source = sourceLocation(&probe) {
            frame.source = source
            probe.skipBlanks()
        }
        // ` [module]` or ` [module 5f3c…]`
        if probe.peek() == ASCII.openBracket, let inner = probe.lexBracketed() {
            var module = Lexer.Cursor(probe.base, inner)
            if let name = module.lexWord() {
                frame.module = name
                module.skipBlanks()
                if !module.isAtEnd { frame.buildID = module.rest }
            }
            probe.skipBlanks()
        }
        // arm64 marks the PC and LR frames: `(P)`, `(L)`; ppc64 marks a guess `(unreliable)`.
        if probe.peek() == ASCII.openParen, let mark = probe.lexParenthesized() {
            if probe.base[mark].elementsEqual("unreliable".utf8) { frame.reliable = false }
            probe.skipBlanks()
        }
        guard probe.isAtEnd else { return nil }
        c = probe
        return frame
    }

    /// 32-bit ARM: `[<818df678>] (dump_backtrace) from [<818df774>] (show_stack+0x18/0x1c)`,
    /// older `(unwind_backtrace+0x0/0xf8) from …`: the frame is the first function, at the
    /// first address; the caller after `from` is the next line's frame. `probe` is at the `(`.
    private static func parseARMFrame(_ c: inout Lexer.Cursor, _ start: Lexer.Cursor, address: HexNumber) -> FrameLine? {
        var probe = start
        guard let inner = probe.lexParenthesized(), !inner.isEmpty else { return nil }
        probe.skipBlanks()
        guard probe.consume("from"), probe.consumeBlanks(), probe.consume("[<"), probe.lexHex() != nil, probe.consume(">]") else { return nil }
        probe.skipBlanks()
        guard probe.peek() == ASCII.openParen, probe.lexParenthesized() != nil else { return nil }
        probe.skipBlanks()
        guard probe.isAtEnd else { return nil }
        var function = inner
        var offset: Int?
        var size: Int?
        if let plus = inner.firstIndex(where: { probe.base[$0] == ASCII.plus }), plus > inner.lowerBound {
            var tail = Lexer.Cursor(probe.base, (plus + 1)..<inner.upperBound)
            guard let (value, _) = tail.lexPrefixedHex() else { return nil }
            offset = Int(truncatingIfNeeded: value.value)
            if tail.consume(ASCII.slash), let (length, _) = tail.lexPrefixedHex() { size = Int(truncatingIfNeeded: length.value) }
            guard tail.isAtEnd else { return nil }
            function = inner.lowerBound..<plus
        }
        guard !function.contains(where: { ASCII.isBlank(probe.base[$0]) }) else { return nil }
        c = probe
        return FrameLine(
            function: function, offset: offset, size: size, address: address, sp: nil, module: nil, buildID: nil, reliable: true
        )
    }

    /// ` path/to/file.c:123` (a path with a `/` or a `.`, a colon, a line number).
    private static func sourceLocation(_ c: inout Lexer.Cursor) -> (file: Range<Int>, line: Int)? {
        var probe = c
        guard let word = probe.lexWord() else { return nil }
        var colon = word.upperBound - 1
        while colon > word.lowerBound, probe.base[colon] != ASCII.colon { colon -= 1 }
        guard colon > word.lowerBound, colon + 1 < word.upperBound else { return nil }
        var digits = Lexer.Cursor(probe.base, (colon + 1)..<word.upperBound)
        guard let line = digits.lexDecimal(), digits.isAtEnd else { return nil }
        let file = word.lowerBound..<colon
        guard file.contains(where: { probe.base[$0] == ASCII.slash || probe.base[$0] == ASCII.dot }) else { return nil }
        c = probe
        return (file, line)
    }
}
