extension Lexer {
    /// A position in one line of input, with methods that each read one kind of token.
    ///
    /// Every `lex…` and `consume…` method either reads its token and moves past it, or
    /// returns nil/false and leaves the position where it was (consume on success), so a
    /// grammar can try alternatives without saving and restoring by hand. (``lexToken()`` is the
    /// exception: at the end of the line it returns nil after skipping trailing blanks.)
    ///
    /// A cursor borrows the input's buffer: create it inside `withUnsafeBufferPointer` and do
    /// not let it escape.
    public struct Cursor {
        /// The whole input buffer (offsets are relative to its start).
        public let base: UnsafeBufferPointer<UInt8>
        /// The current offset.
        public var position: Int
        /// One past the last byte this cursor may read (the end of the line).
        public let end: Int

        /// A cursor over `range` of `base`.
        @inlinable @inline(__always)
        public init(_ base: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
            self.base = base
            self.position = range.lowerBound
            self.end = range.upperBound
        }

        /// Whether every byte has been read.
        @inlinable @inline(__always) public var isAtEnd: Bool { position >= end }

        /// The byte `offset` bytes ahead, or nil past the end.
        @inlinable @inline(__always)
        public func peek(_ offset: Int = 0) -> UInt8? {
            let at = position + offset
            return at < end ? base[at] : nil
        }

        /// The bytes not read yet.
        @inlinable @inline(__always) public var rest: Range<Int> { position..<end }

        /// Skips spaces and tabs; returns how many were skipped.
        @discardableResult @inlinable @inline(__always)
        public mutating func skipBlanks() -> Int {
            let start = position
            while position < end, ASCII.isBlank(base[position]) { position += 1 }
            return position - start
        }

        /// Reads `byte` if it is next.
        @inlinable @inline(__always)
        public mutating func consume(_ byte: UInt8) -> Bool {
            guard position < end, base[position] == byte else { return false }
            position += 1
            return true
        }

        /// Reads `literal` if it comes next, byte for byte.
        @inlinable @inline(__always)
        public mutating func consume(_ literal: StaticString) -> Bool {
            guard startsWith(literal) else { return false }
            position += literal.utf8CodeUnitCount
            return true
        }

        /// Whether `literal` comes next (nothing is read).
        @inlinable @inline(__always)
        public func startsWith(_ literal: StaticString) -> Bool {
            let count = literal.utf8CodeUnitCount
            guard end - position >= count else { return false }
            let pointer = literal.utf8Start
            for i in 0..<count where base[position + i] != pointer[i] { return false }
            return true
        }

        /// The offset of the first occurrence of `literal` at or after the position, or nil
        /// (nothing is read).
        public func find(_ literal: StaticString) -> Int? {
            let count = literal.utf8CodeUnitCount
            guard count > 0 else { return position }
            let pointer = literal.utf8Start
            var at = position
            while at + count <= end {
                if base[at] == pointer[0] {
                    var matched = true
                    for i in 1..<count where base[at + i] != pointer[i] {
                        matched = false
                        break
                    }
                    if matched { return at }
                }
                at += 1
            }
            return nil
        }

        /// Reads one or more blanks; false if the next byte is not a blank.
        @inlinable @inline(__always)
        public mutating func consumeBlanks() -> Bool { skipBlanks() > 0 }

        /// Reads a run of hex digits (either case, no `0x`) of at most 16 digits.
        ///
        /// Fails, reading nothing, when there is no digit, when more than 16 digits follow, or
        /// when the run is glued to a letter or digit that is not hex (`12g`).
        @inlinable @inline(__always)
        public mutating func lexHex() -> HexNumber? {
            var at = position
            guard let number = HexNumber.read(base, at: &at, end: end) else { return nil }
            if at < end, ASCII.isAlphanumeric(base[at]) || base[at] == ASCII.underscore { return nil }
            position = at
            return number
        }

        /// Reads `0x` followed by hex digits, or plain hex digits; the number and whether `0x` was there.
        public mutating func lexPrefixedHex() -> (number: HexNumber, hadPrefix: Bool)? {
            let start = position
            if consume("0x"), let number = lexHex() { return (number, true) }
            position = start
            if let number = lexHex() { return (number, false) }
            return nil
        }

        /// Reads decimal digits as an `Int` (at most 18 digits so it cannot overflow).
        ///
        /// Unlike ``lexHex()`` it does not look at what follows: `12.5` and `123abc` read `12`
        /// and `123`; the grammars check the next byte themselves. More than 18 digits fail.
        @inlinable @inline(__always)
        public mutating func lexDecimal() -> Int? {
            var at = position
            var value = 0
            while at < end, ASCII.isDigit(base[at]) {
                if at - position == 18 { return nil }
                value = value &* 10 &+ Int(base[at] &- 0x30)
                at += 1
            }
            guard at > position else { return nil }
            position = at
            return value
        }

        /// Reads a run of non-blank bytes.
        @inlinable @inline(__always)
        public mutating func lexWord() -> Range<Int>? {
            let start = position
            while position < end, !ASCII.isBlank(base[position]) { position += 1 }
            return position > start ? start..<position : nil
        }

        /// Reads up to (not including) the first occurrence of `byte`; nil if it does not occur.
        /// The cursor stops *at* `byte`, and the range is empty when `byte` is next.
        @inlinable
        public mutating func lex(upTo byte: UInt8) -> Range<Int>? {
            var at = position
            while at < end, base[at] != byte { at += 1 }
            guard at < end else { return nil }
            defer { position = at }
            return position..<at
        }

        /// Reads `[` … `]` on this line and returns the range between the brackets.
        ///
        /// The first `]` closes (no nesting: `[a[b]c]` reads `a[b`).
        @inlinable
        public mutating func lexBracketed() -> Range<Int>? {
            guard peek() == ASCII.openBracket else { return nil }
            var at = position + 1
            while at < end, base[at] != ASCII.closeBracket { at += 1 }
            guard at < end else { return nil }
            defer { position = at + 1 }
            return (position + 1)..<at
        }

        /// Reads `(` … `)` on this line (balanced) and returns the range between the parentheses.
        public mutating func lexParenthesized() -> Range<Int>? {
            guard peek() == ASCII.openParen else { return nil }
            var depth = 0
            var at = position
            while at < end {
                if base[at] == ASCII.openParen { depth += 1 }
                if base[at] == ASCII.closeParen {
                    depth -= 1
                    if depth == 0 { break }
                }
                at += 1
            }
            guard at < end else { return nil }
            defer { position = at + 1 }
            return (position + 1)..<at
        }

        /// Reads a double-quoted string up to the *last* quote of the line, because crash
        /// prints `COMMAND: "<comm>"` without escaping quotes inside the name. Returns the
        /// range between the quotes.
        public mutating func lexQuotedToLastQuote() -> Range<Int>? {
            guard peek() == ASCII.quote else { return nil }
            var last = end - 1
            while last > position, base[last] != ASCII.quote { last -= 1 }
            guard last > position else { return nil }
            defer { position = last + 1 }
            return (position + 1)..<last
        }

        /// Reads an upper-case label and its colon (`RIP:`, `ORIG_RAX:`, `PID:`); returns the name.
        ///
        /// A label starts with an upper-case letter and continues with upper-case letters,
        /// digits and underscores. Lower-case letters are allowed after the first byte only
        /// when `allowLowercase` is true (ppc64's `Syscall Result:` is handled by the grammar).
        @inlinable @inline(__always)
        public mutating func lexLabel(allowLowercase: Bool = false) -> Range<Int>? {
            guard position < end, ASCII.isUpper(base[position]) else { return nil }
            var at = position + 1
            while at < end {
                let b = base[at]
                if ASCII.isUpper(b) || ASCII.isDigit(b) || b == ASCII.underscore || (allowLowercase && ASCII.isLower(b)) {
                    at += 1
                } else {
                    break
                }
            }
            guard at < end, base[at] == ASCII.colon else { return nil }
            defer { position = at + 1 }
            return position..<at
        }

        /// Reads a stack-switch marker that fills the rest of the line: `--- <NAME> ---`
        /// (x86_64, arm64) or `---<NAME>---` (ppc64); returns the range of NAME.
        ///
        /// Blanks may surround the dashes, including after the closing ones; NAME ends at the
        /// first `>` and may be empty (`--- <> ---`).
        public mutating func lexStackSwitch() -> Range<Int>? {
            var probe = self
            guard probe.consume("---") else { return nil }
            probe.skipBlanks()
            guard probe.consume(ASCII.less) else { return nil }
            let nameStart = probe.position
            // The name runs to the first '>' (names such as `(unknown) exception stack`
            // contain other punctuation but never '>').
            guard probe.lex(upTo: ASCII.greater) != nil else { return nil }
            let nameEnd = probe.position
            probe.position += 1
            probe.skipBlanks()
            guard probe.consume("---") else { return nil }
            probe.skipBlanks()
            guard probe.isAtEnd else { return nil }
            self = probe
            return nameStart..<nameEnd
        }

        /// Reads the next token of any kind, skipping blanks before it; nil at the end.
        ///
        /// The one read that moves when it returns nil: it still skips trailing blanks.
        public mutating func lexToken() -> Token? {
            skipBlanks()
            guard position < end else { return nil }
            let start = position
            let first = base[position]
            if first == ASCII.minus, let _ = lexStackSwitch() {
                return Token(.stackSwitch, start..<position)
            }
            if first == ASCII.hash, peek(1).map(ASCII.isDigit) == true {
                position += 1
                _ = lexDecimal()
                if position == end || ASCII.isBlank(base[position]) {
                    return Token(.frameNumber, start..<position)
                }
                position = start
            }
            if first == ASCII.openBracket, let inner = lexBracketed() {
                var probe = Lexer.Cursor(base, inner)
                if probe.lexHex() != nil, probe.isAtEnd {
                    return Token(.stackAddress, start..<position)
                }
                return Token(.bracketed, start..<position)
            }
            if first == ASCII.openParen, lexParenthesized() != nil {
                return Token(.parenthesized, start..<position)
            }
            if first == ASCII.quote {
                var at = position + 1
                while at < end, base[at] != ASCII.quote { at += 1 }
                position = min(at + 1, end)
                return Token(.quotedString, start..<position)
            }
            if lexLabel() != nil, position == end || ASCII.isBlank(base[position]) {
                return Token(.label, start..<position)
            }
            position = start
            if let symbol = lexSymbolReference() { return Token(.symbolReference, symbol) }
            if let (_, hadPrefix) = lexPrefixedHex(), position == end || ASCII.isBlank(base[position]) {
                var isDecimal = !hadPrefix
                if isDecimal {
                    for at in start..<position where !ASCII.isDigit(base[at]) {
                        isDecimal = false
                        break
                    }
                }
                return Token(isDecimal ? .decimal : .hex, start..<position)
            }
            position = start
            _ = lexWord()
            return Token(.word, start..<position)
        }

        /// Reads `symbol+offset[/length][ [module]]`, as in `sched_show_task+0xb6/0x120` or
        /// `crashtest_spin_forever+37`; returns the range of the whole reference.
        ///
        /// The offset starts after the word's last `+`. The module is included only when exactly
        /// one space separates it and its name is letters, digits, `_` and `-`.
        public mutating func lexSymbolReference() -> Range<Int>? {
            let start = position
            var probe = self
            guard let word = probe.lexWord() else { return nil }
            // Find the last '+' in the word: symbols can contain dots, '$' and '+'-free Rust paths.
            var plus = word.upperBound - 1
            while plus > word.lowerBound, base[plus] != ASCII.plus { plus -= 1 }
            guard plus > word.lowerBound, base[plus] == ASCII.plus else { return nil }
            var tail = Lexer.Cursor(base, (plus + 1)..<word.upperBound)
            guard tail.lexPrefixedHex() != nil else { return nil }
            if tail.consume(ASCII.slash) {
                guard tail.lexPrefixedHex() != nil else { return nil }
            }
            guard tail.isAtEnd else { return nil }
            // An optional ` [module]` right after.
            var after = probe
            if after.consume(ASCII.space), after.peek() == ASCII.openBracket, let inner = after.lexBracketed(),
               !inner.isEmpty, (after.isAtEnd || after.peek().map(ASCII.isBlank) == true)
            {
                var isModuleName = true
                for at in inner where !(ASCII.isAlphanumeric(base[at]) || base[at] == ASCII.underscore || base[at] == ASCII.minus) {
                    isModuleName = false
                    break
                }
                if isModuleName { probe = after }
            }
            self = probe
            return start..<position
        }
    }
}
