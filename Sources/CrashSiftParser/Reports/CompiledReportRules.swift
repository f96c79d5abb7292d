import CrashSiftModel

/// Everything the report finder matches, compiled once from the written tables
/// (``KernelReportTable``, ``KernelStackRules``, ``ExtraReportHeaders``,
/// ``ReportTitleSanitizer``) and shared by every search.
struct CompiledReportRules: Sendable {
    /// The rules, compiled on first use.
    static let shared = CompiledReportRules()

    // MARK: Compiled forms

    /// A ``KernelReportTable/Header`` compiled.
    struct Header: Sendable {
        let literal: [UInt8]
        let kind: ReportKind
        let formats: [Format]
        let suppressions: [ReportPattern]
    }

    /// A ``KernelReportTable/Format`` compiled.
    struct Format: Sendable {
        let title: ReportPattern
        let report: ReportPattern?
        let template: TitleTemplate
        let alternatives: [TitleTemplate]
        let kind: ReportKind
        let stack: StackRecipe?
        let noStackTrace: Bool
        let corrupted: Bool
    }

    /// A ``KernelReportTable/StackRecipe`` compiled.
    struct StackRecipe: Sendable {
        let steps: [StackStep]
        let fallbackSteps: [StackStep]
        /// The functions this recipe skips on top of the shared ``CompiledReportRules/skippedFunctions``.
        let ownSkip: ReportPattern?
        let chooser: KernelReportTable.FrameChooser
    }

    /// A ``KernelReportTable/StackStep`` compiled.
    enum StackStep: Sendable {
        case line(ReportPattern)
        case trace
    }

    /// An ``ExtraReportHeaders/Header`` compiled.
    struct ExtraHeader: Sendable {
        let literal: [UInt8]
        let pattern: ReportPattern
        let kind: ReportKind
        let continuesOpenReport: Bool
    }

    /// What a literal found by the line scan says about its line.
    enum LiteralEffect: Sendable {
        case header(Int)
        case extraHeader(Int)
        case flags(LineFlags)
    }

    /// Facts about a line that come from literals in it.
    struct LineFlags: OptionSet, Sendable {
        let rawValue: UInt32
        /// Matches a ``KernelReportTable/continuations`` pattern.
        static let continuation = LineFlags(rawValue: 1 << 0)
        /// Contains a ``KernelReportTable/stackCarryingInfo`` message.
        static let stackCarryingInfo = LineFlags(rawValue: 1 << 1)
        /// `Disabling lock debugging due to kernel taint`: never part of a report's text.
        static let disablesLockDebugging = LineFlags(rawValue: 1 << 2)
        /// `Sending NMI from CPU …`: backtraces of other CPUs follow, and belong to the report.
        static let sendsNMIs = LineFlags(rawValue: 1 << 3)
        /// `Kernel panic - not syncing`.
        static let panicNotSyncing = LineFlags(rawValue: 1 << 4)
        /// A lockdep circular-dependency report (which a report itself may cause).
        static let circularLocking = LineFlags(rawValue: 1 << 5)
        /// ` login: ` (a getty prompt that may precede the console prefix).
        static let login = LineFlags(rawValue: 1 << 6)
        /// `** replaying previous printk message **`: the line before it was cut short.
        static let replayMarker = LineFlags(rawValue: 1 << 7)
        /// `serialport: VM disconnected.`: a GCE console hang-up, which truncates output.
        static let consoleHangup = LineFlags(rawValue: 1 << 8)
        /// `---[ end trace …`: the end of a WARNING or oops.
        static let endTrace = LineFlags(rawValue: 1 << 9)
        /// `---[ end Kernel panic …`: the end of a panic.
        static let endKernelPanic = LineFlags(rawValue: 1 << 10)
        /// `Linux version `: maybe a new boot (checked at the start of the message).
        static let bootBanner = LineFlags(rawValue: 1 << 11)
        /// Has ten `=` in a row: maybe a rule line that opens or closes a sanitizer report.
        static let ruleCandidate = LineFlags(rawValue: 1 << 12)
    }

    // MARK: Contents

    /// How many patterns there are (the size of a ``ReportMatchers``).
    let slotCount: Int
    /// ``KernelReportTable/headers``, in the same order.
    let headers: [Header]
    /// ``ExtraReportHeaders/headers``, in the same order.
    let extraHeaders: [ExtraHeader]
    /// Finds any literal of ``literals``: the line scan's prefilter.
    let literalScan: LiteralSetScanner
    /// Every literal the line scan looks for, and what it means.
    let literals: [(bytes: [UInt8], effect: LiteralEffect)]

    /// ``KernelStackRules/traceStarts``, one by one and as one pattern.
    let traceStarts: [ReportPattern]
    let traceStartAny: ReportPattern
    /// The index in ``traceStarts`` of riscv's register-dump end.
    let riscvTraceStart: Int
    /// ``KernelStackRules/frameLines``.
    let frameLines: [ReportPattern]
    /// Functions that never name a bug (``KernelStackRules/skippedFunctions``): the plain
    /// names, found as substrings by one automaton, and the entries that are patterns.
    let skippedFunctionNames: LiteralSetScanner
    let skippedFunctionPatterns: ReportPattern
    /// ``KernelStackRules/mixedInLines`` as one pattern.
    let mixedInLine: ReportPattern
    /// ``KernelStackRules/stallAnchors`` as one pattern.
    let stallAnchor: ReportPattern
    /// ``KernelStackRules/syscallPrefixes``.
    let syscallPrefixes: [String]

    /// The patterns of ``ReportTitleSanitizer/replacements``, in the same order.
    let titleReplacements: [ReportPattern]
    /// `… in FUNC` at the end of a title (the last ` in `): the guilty frame.
    let frameInTitle: ReportPattern
    /// A timestamp inside a title: the title is made of intermixed lines.
    let timestampInTitle: ReportPattern

    /// Compiles every table; done once, by ``shared``.
    private init() {
        let registry = ReportPatternRegistry()

        // Skip-list entries without pattern syntax are plain substrings.
        let isPlain: (String) -> Bool = { !$0.contains(where: { "^$|()?*+.[]\\{}".contains($0) }) }
        skippedFunctionNames = LiteralSetScanner(KernelStackRules.skippedFunctions.filter(isPlain).map { Array($0.utf8) })
        skippedFunctionPatterns = registry.compileAny(KernelStackRules.skippedFunctions.filter { !isPlain($0) })
        func compileSteps(_ steps: [KernelReportTable.StackStep]) -> [StackStep] {
            steps.map { step in
                switch step {
                case .line(let source): .line(registry.compile(source))
                case .trace: .trace
                }
            }
        }
        headers = KernelReportTable.headers.map { header in
            Header(
                literal: Array(header.literal.utf8),
                kind: header.kind,
                formats: header.formats.map { format in
                    Format(
                        title: registry.compile(format.title),
                        report: format.report.map { registry.compile($0) },
                        template: TitleTemplate(format.template),
                        alternatives: format.alternatives.map(TitleTemplate.init),
                        kind: format.kind,
                        stack: format.stack.map { recipe in
                            StackRecipe(
                                steps: compileSteps(recipe.steps),
                                fallbackSteps: compileSteps(recipe.fallbackSteps),
                                ownSkip: recipe.skip.isEmpty ? nil : registry.compileAny(recipe.skip),
                                chooser: recipe.chooser)
                        },
                        noStackTrace: format.noStackTrace,
                        corrupted: format.corrupted)
                },
                suppressions: header.suppressions.map { registry.compile($0) })
        }
        extraHeaders = ExtraReportHeaders.headers.map { header in
            ExtraHeader(literal: Array(header.literal.utf8), pattern: registry.compile(header.pattern), kind: header.kind,
                        continuesOpenReport: header.continuesOpenReport)
        }

        var literals: [(bytes: [UInt8], effect: LiteralEffect)] = []
        for (index, header) in KernelReportTable.headers.enumerated() {
            literals.append((Array(header.literal.utf8), .header(index)))
        }
        for (index, header) in ExtraReportHeaders.headers.enumerated() {
            literals.append((Array(header.literal.utf8), .extraHeader(index)))
        }
        let flagLiterals: [(String, LineFlags)] =
            KernelReportTable.continuations.map { ($0, .continuation) }
            + KernelReportTable.stackCarryingInfo.map { ($0, .stackCarryingInfo) }
            + [
                ("Disabling lock debugging due to kernel taint", .disablesLockDebugging),
                ("Sending NMI from CPU", .sendsNMIs),
                ("Kernel panic - not syncing", .panicNotSyncing),
                ("WARNING: possible circular locking dependency detected", .circularLocking),
                (" login: ", .login),
                ("** replaying previous printk message **", .replayMarker),
                ("serialport: VM disconnected.", .consoleHangup),
                ("---[ end trace", .endTrace),
                ("---[ end Kernel panic", .endKernelPanic),
                ("Linux version ", .bootBanner),
                ("==========", .ruleCandidate),
            ]
        literals += flagLiterals.map { (Array($0.0.utf8), .flags($0.1)) }
        self.literals = literals
        literalScan = LiteralSetScanner(literals.map(\.bytes))

        traceStarts = KernelStackRules.traceStarts.map { registry.compile($0) }
        traceStartAny = registry.compileAny(KernelStackRules.traceStarts)
        riscvTraceStart = KernelStackRules.traceStarts.firstIndex(of: KernelStackRules.riscvRegisterDumpEnd)!
        frameLines = KernelStackRules.frameLines.map { registry.compile($0) }
        mixedInLine = registry.compileAny(KernelStackRules.mixedInLines)
        stallAnchor = registry.compileAny(KernelStackRules.stallAnchors)
        syscallPrefixes = KernelStackRules.syscallPrefixes

        titleReplacements = ReportTitleSanitizer.replacements.map { registry.compile($0.pattern) }
        frameInTitle = registry.compile(#"^.* in ((?:<[a-zA-Z0-9_: ]+>)?[a-zA-Z0-9_:]+)"#)
        timestampInTitle = registry.compile(#"\[ *[0-9]+\.[0-9]+\]"#)

        slotCount = registry.count
    }
}

/// A title with `$N` arguments (`KASAN: $1 $3 in $4`), split once into text and argument
/// numbers.
struct TitleTemplate: Sendable {
    /// A run of literal text or an argument reference.
    enum Piece: Sendable {
        case text(String)
        /// Argument number, from 1.
        case argument(Int)
    }

    let pieces: [Piece]

    /// Splits `template` at its `$N` references (N is one digit).
    init(_ template: String) {
        var pieces: [Piece] = []
        var text = ""
        var characters = template[...]
        while let character = characters.first {
            characters = characters.dropFirst()
            if character == "$", let digit = characters.first?.wholeNumberValue {
                characters = characters.dropFirst()
                if !text.isEmpty { pieces.append(.text(text)); text = "" }
                pieces.append(.argument(digit))
            } else {
                text.append(character)
            }
        }
        if !text.isEmpty { pieces.append(.text(text)) }
        self.pieces = pieces
    }

    /// The title for `arguments`; a missing argument is written as Go's `%!v(BADINDEX)`, as
    /// syzkaller would print it.
    func render(_ arguments: [String]) -> String {
        var result = ""
        for piece in pieces {
            switch piece {
            case .text(let text): result += text
            case .argument(let number):
                result += number >= 1 && number <= arguments.count ? arguments[number - 1] : "%!v(BADINDEX)"
            }
        }
        return result
    }
}
