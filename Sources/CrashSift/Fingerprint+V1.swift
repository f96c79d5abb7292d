extension Fingerprint {
    /// Fingerprint recipe version 1. Frozen: never edit what this recipe produces (a change is
    /// a new version beside it); README.md ("Fingerprints") says the same in prose.
    ///
    /// A report's text:
    ///
    /// ```
    /// kind:rcu-stall
    /// rip:crashtest_spin_forever
    /// frame:crashtest_preempt_spin
    /// ```
    ///
    /// `kind:` is the ``ReportKind`` raw value; `rip:` is the function of `RIP:` (`pc :`, `NIP`),
    /// normalised, when the report printed one with a symbol that is not generic; `frame:` lines are the first ``frameCount``
    /// frames of the call traces, in print order, that are reliable, not generic
    /// (``genericFrames``) and not the same as the frame before, each normalised
    /// (``normalizedFunction(_:)``). With neither a `rip:` nor a `frame:` line, a
    /// `title:` line holds the title, masked (``maskedTitle(_:)``).
    ///
    /// A case's text: `rule:<id>` for each confirmed or likely finding, then `report:<v1 report
    /// fingerprint>` for each report that is not informational, each set sorted by bytes and
    /// without repeats; with neither, the single line `empty` (so every input has one).
    ///
    /// A fingerprint is `v1:` and the first 32 lower-case hex digits of the SHA-256 of the text.
    enum V1 {
        /// How many frames a report's fingerprint keeps.
        static let frameCount = 5

        // MARK: - Reports

        /// The canonical text of `report`. The `rip:` function is dropped when generic (a RIP in
        /// `__sanitizer_cov_trace_pc` or `lock_acquire` says nothing about the bug).
        static func reportText(_ report: KernelReport) -> String {
            var lines = ["kind:" + report.kind.rawValue]
            let rip = report.instructionPointer.flatMap(instructionPointerFunction).map(normalizedFunction).flatMap { isGeneric($0) ? nil : $0 }
            if let rip { lines.append("rip:" + rip) }
            let frames = keptFrames(report)
            lines += frames.map { "frame:" + $0 }
            if rip == nil && frames.isEmpty { lines.append("title:" + maskedTitle(report.title)) }
            return lines.map { $0 + "\n" }.joined()
        }

        /// The frames that go into the fingerprint: reliable, normalised, not generic, not
        /// repeating the one before, the first ``frameCount`` of them.
        ///
        /// NOTE: five, not fewer: on syzkaller's corpus one frame groups more files of a title
        /// together but also names 30 fingerprints that mix titles (bugs); five mix 8.
        static func keptFrames(_ report: KernelReport) -> [String] {
            var kept: [String] = []
            for frame in report.callTraces.lazy.flatMap(\.frames) where frame.reliable {
                let name = normalizedFunction(frame.function)
                guard isSymbol(name), !isGeneric(name), kept.last != name else { continue }
                kept.append(name)
                if kept.count == frameCount { break }
            }
            return kept
        }

        /// The function of an instruction-pointer text as the report printed it, or nil when it
        /// names none: `0010:smp_call_function_single+0x197/0x4f0` → `smp_call_function_single`,
        /// `[<ffffffff81234567>] foo+0x1/0x2` (old x86) → `foo`, `0010:0x0` → nil.
        static func instructionPointerFunction(_ text: String) -> String? {
            for word in text.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
                var word = Substring(word)
                if word.hasPrefix("[<") || word.hasPrefix("[") { continue }  // `[<addr>]`, `[module]`
                // A segment selector (`0010:`) in front of the symbol.
                if let colon = word.firstIndex(of: ":"), word[..<colon].allSatisfy(\.isHexDigit) {
                    word = word[word.index(after: colon)...]
                }
                let name = word.prefix { $0 != "+" }
                guard word.contains("+"), isSymbol(String(name)) else { return nil }
                return String(name)
            }
            return nil
        }

        /// True for a function name, false for an address or nothing (`0x0`, `ffffffff81000000`,
        /// `(null)`).
        static func isSymbol(_ name: String) -> Bool {
            guard let first = name.unicodeScalars.first, first == "_" || (first.properties.isAlphabetic && first.isASCII) else { return false }
            if name.hasPrefix("0x") { return false }
            // A run of hex digits with a digit in it is an address, not a name.
            return !(name.count >= 8 && name.allSatisfy(\.isHexDigit) && name.contains(where: \.isNumber))
        }

        /// Compiler suffixes: `.isra.N`, `.constprop.N`, `.part.N`, `.cold`, `.cold.N`,
        /// `.llvm.NNN`, `.lto_priv.N`. Only these are stripped; an unknown suffix stays.
        static let compilerSuffixes: Set<Substring> = ["isra", "constprop", "part", "cold", "llvm", "lto_priv"]

        /// `name` without its compiler suffixes, stripped from the end for as long as one is
        /// there: `rcu_sched_clock_irq.cold` → `rcu_sched_clock_irq`,
        /// `tcp_v4_connect.constprop.0.isra.0` → `tcp_v4_connect`,
        /// `__handle_sysrq.cold.12` → `__handle_sysrq`. Case is kept: symbols are case-sensitive.
        static func normalizedFunction(_ name: String) -> String {
            var parts = name.split(separator: ".", omittingEmptySubsequences: false)
            while parts.count > 1 {
                if parts.count > 2, parts[parts.count - 1].allSatisfy(\.isNumber), !parts[parts.count - 1].isEmpty,
                    compilerSuffixes.contains(parts[parts.count - 2])
                {
                    parts.removeLast(2)
                } else if compilerSuffixes.contains(parts[parts.count - 1]) {
                    parts.removeLast()
                } else {
                    break
                }
            }
            return parts.joined(separator: ".")
        }

        /// `title` with what changes between occurrences masked: `0x…` numbers and words of eight
        /// or more hex digits with a digit in them become `ADDR`, then every run of decimal
        /// digits `N` (`CPU#3` → `CPU#N`, `pid 4711` → `pid N`).
        static func maskedTitle(_ title: String) -> String {
            var result = ""
            var word = ""
            func flush() {
                if word.hasPrefix("0x") || (word.count >= 8 && word.allSatisfy(\.isHexDigit) && word.contains(where: \.isNumber)) {
                    result += "ADDR"
                } else {
                    var lastWasDigit = false
                    for character in word {
                        if character.isASCII && character.isNumber {
                            if !lastWasDigit { result += "N" }
                            lastWasDigit = true
                        } else {
                            result.append(character)
                            lastWasDigit = false
                        }
                    }
                }
                word = ""
            }
            for character in title {
                if character.isASCII && (character.isLetter || character.isNumber || character == "_") {
                    word.append(character)
                } else {
                    flush()
                    result.append(character)
                }
            }
            flush()
            return result
        }

        /// True when `name` (normalised) is in ``genericFrames``: exactly, or by a prefix entry.
        static func isGeneric(_ name: String) -> Bool {
            if genericExact.contains(name) { return true }
            return genericPrefixes.contains { name.hasPrefix($0) }
        }

        private static let genericExact: Set<String> = Set(genericFrames.map(\.pattern).filter { !$0.hasSuffix("*") })
        private static let genericPrefixes: [String] = genericFrames.map(\.pattern).filter { $0.hasSuffix("*") }.map { String($0.dropLast()) }

        // MARK: - Cases

        /// The canonical text of an analysed input.
        static func caseText(_ analysis: Analysis) -> String {
            let rules = Set(analysis.findings.filter { !$0.isRuledOut && ($0.confidence == .confirmed || $0.confidence == .likely) }.map { "rule:" + $0.rule })
            let reports = Set(analysis.reports.filter { !$0.isInformational }.map { "report:" + hashed(reportText($0), version: 1) })
            if rules.isEmpty && reports.isEmpty { return "empty\n" }
            let sorted = { (lines: Set<String>) in lines.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) } }
            return (sorted(rules) + sorted(reports)).map { $0 + "\n" }.joined()
        }
    }
}
