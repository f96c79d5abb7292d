/// Reads the guilty function(s) of a report from its text by following a stack recipe
/// (syzkaller's `extractStackFrame`).
///
/// A recipe is a list of steps matched line after line from where the report's title matched:
/// a `.line` step moves to the first line matching its pattern (taking its groups as frames);
/// a `.trace` step reads frame lines until the next trace heading. Frames are skipped when they
/// name machinery rather than the bug (the recipe's skip pattern); each trace gives one
/// guilty frame, chosen by the recipe's chooser. A trace that gives none yields the frame
/// `corrupted` and makes the extraction incomplete.
struct GuiltyFrameExtractor {
    /// One guilty frame: as used in titles (syscall prefix stripped) and as printed.
    struct Frame: Equatable {
        var canonical: String
        var raw: String
    }

    let rules: CompiledReportRules
    let matchers: ReportMatchers

    /// Stall anchors in the `smp_call_function*` family name the bug themselves, by this name.
    private static let smpCallFunction = "smp_call_function"
    /// The frame syzkaller puts in a title when a trace gives none.
    static let missingFrame = "corrupted"

    /// The guilty frames of `text` (one per trace the recipe reads) and whether every one was
    /// found. The fallback steps are tried when the main ones fail.
    func frames(_ recipe: CompiledReportRules.StackRecipe, in text: UnsafeRawBufferPointer) -> (frames: [Frame], complete: Bool) {
        let lines = ReportTextLines(text)
        let first = follow(recipe.steps, lines: lines, recipe: recipe)
        if first.complete || recipe.fallbackSteps.isEmpty { return first }
        return follow(recipe.fallbackSteps, lines: lines, recipe: recipe)
    }

    /// Runs `steps` over `lines` from the top: the frames of each trace and whether all were found.
    private func follow(_ steps: [CompiledReportRules.StackStep], lines: ReportTextLines, recipe: CompiledReportRules.StackRecipe)
        -> (frames: [Frame], complete: Bool)
    {
        var lineNumber = 0
        var collected: [String] = []
        var results: [Frame] = []
        var complete = true
        var tracesRead = 0
        var stepIndex = 0
        while true {
            let startsAnotherTrace: Bool = if stepIndex < steps.count, case .trace = steps[stepIndex] { tracesRead > 0 } else { false }
            if stepIndex == steps.count || startsAnotherTrace {
                var frame = choose(collected, chooser: recipe.chooser)
                if frame.canonical.isEmpty {
                    frame = Frame(canonical: Self.missingFrame, raw: Self.missingFrame)
                    complete = false
                }
                results.append(frame)
                collected = []
            }
            if stepIndex == steps.count { break }
            switch steps[stepIndex] {
            case .trace:
                tracesRead += 1
                var skipNextStep = false
                while lineNumber < lines.count {
                    let line = lines[lineNumber]
                    lineNumber += 1
                    if matchers.matches(rules.mixedInLine, line) {
                        complete = false
                        break
                    }
                    if matchers.matches(rules.traceStartAny, line) { break }
                    // The step after the trace ends it when it matches (and its groups count).
                    if stepIndex + 1 < steps.count, case .line(let next) = steps[stepIndex + 1], let groups = matchers.firstMatch(next, line) {
                        append(groups, in: line, to: &collected, recipe: recipe)
                        skipNextStep = true
                        break
                    }
                    for pattern in rules.frameLines {
                        if let groups = matchers.firstMatch(pattern, line) {
                            append(groups, in: line, to: &collected, recipe: recipe)
                            break
                        }
                    }
                }
                stepIndex += skipNextStep ? 2 : 1
            case .line(let pattern):
                while lineNumber < lines.count {
                    let line = lines[lineNumber]
                    lineNumber += 1
                    if matchers.matches(rules.mixedInLine, line) {
                        complete = false
                        break
                    }
                    if let groups = matchers.firstMatch(pattern, line) {
                        append(groups, in: line, to: &collected, recipe: recipe)
                        break
                    }
                }
                stepIndex += 1
            }
        }
        return (results, complete)
    }

    /// Adds every captured function of a match (groups 1…) that the skip pattern lets through.
    private func append(_ groups: [Range<Int>?], in line: UnsafeRawBufferPointer, to frames: inout [String], recipe: CompiledReportRules.StackRecipe) {
        for group in groups.dropFirst() {
            guard let group else { continue }
            let printed = line.subBuffer(group)
            if printed.count > 2, printed[0] == UInt8(ascii: "_"), printed[1] == UInt8(ascii: "Z") || printed[1] == UInt8(ascii: "R") {
                // A mangled C++ or Rust name: skipped or chosen by its readable form.
                let name = SymbolDemangler.demangle(ReportBytes.string(printed))
                let skipped = Array(name.utf8).withUnsafeBytes { isSkipped($0, recipe: recipe) }
                if !skipped { frames.append(name) }
            } else if !isSkipped(printed, recipe: recipe) {
                frames.append(ReportBytes.string(printed))
            }
        }
    }

    /// Whether the function `name` is one that never names a bug, in general or for this recipe.
    private func isSkipped(_ name: UnsafeRawBufferPointer, recipe: CompiledReportRules.StackRecipe) -> Bool {
        rules.skippedFunctionNames.firstEnd(in: name, from: 0) != nil
            || matchers.matches(rules.skippedFunctionPatterns, name)
            || recipe.ownSkip.map { matchers.matches($0, name) } == true
    }

    /// The guilty frame among the frames of one trace (in the order printed), or an empty one.
    func choose(_ rawFrames: [String], chooser: KernelReportTable.FrameChooser) -> Frame {
        guard !rawFrames.isEmpty else { return Frame(canonical: "", raw: "") }
        let stripped = rawFrames.map(strippingSyscallPrefix)
        switch chooser {
        case .first:
            return Frame(canonical: stripped[0], raw: rawFrames[0])
        case .stall:
            guard let (name, index) = stallFrame(stripped) else { return Frame(canonical: "", raw: "") }
            return Frame(canonical: name, raw: rawFrames[index])
        case .hungTask:
            guard let (name, index) = hungTaskFrame(stripped) else { return Frame(canonical: "", raw: "") }
            return Frame(canonical: name, raw: rawFrames[index])
        }
    }

    /// `frame` without the syscall prefix that shortens it most (`__x64_sys_read` → `read`).
    func strippingSyscallPrefix(_ frame: String) -> String {
        var shortest = frame
        for prefix in rules.syscallPrefixes where frame.hasPrefix(prefix) {
            let stripped = String(frame.dropFirst(prefix.count))
            if stripped.utf8.count < shortest.utf8.count { shortest = stripped }
        }
        return shortest
    }

    /// Stalls and lockups loop across several functions, so the top frame is random: the
    /// frame just above the first anchor (syscall entry, work item, timer…) names the work
    /// instead. `smp_call_function*` anchors name themselves.
    func stallFrame(_ frames: [String]) -> (String, Int)? {
        var previous = (frames[0], 0)
        for (index, frame) in frames.enumerated() {
            let isAnchor = Array(frame.utf8).withUnsafeBytes { matchers.matches(rules.stallAnchor, $0) }
            if isAnchor {
                if frame.contains(Self.smpCallFunction) {
                    previous = (Self.smpCallFunction, index)
                }
                return previous
            }
            previous = (frame, index)
        }
        return nil
    }

    /// Hung tasks show the victim, not the culprit: hangs on `synchronize_*` and `rtnl_lock`
    /// are grouped under those; otherwise the first frame that is not waiting machinery.
    func hungTaskFrame(_ frames: [String]) -> (String, Int)? {
        // Byte searches: `String.contains` costs a hundred times more, per frame and word.
        let frameBytes = frames.map { Array($0.utf8) }
        for (index, bytes) in frameBytes.enumerated() {
            let anchor = bytes.withUnsafeBytes { name in
                Self.hungTaskAnchors.first { ReportBytes.contains($0.substring, in: name) }
            }
            if let anchor { return (anchor.name ?? frames[index], index) }
        }
        for (index, bytes) in frameBytes.enumerated() {
            let waits = bytes.withUnsafeBytes { name in Self.hungTaskWaitingMachinery.contains { ReportBytes.contains($0, in: name) } }
            if !waits { return (frames[index], index) }
        }
        return nil
    }

    private static let hungTaskAnchors = KernelStackRules.hungTaskAnchors.map { (substring: Array($0.substring.utf8), name: $0.name) }
    private static let hungTaskWaitingMachinery = KernelStackRules.hungTaskWaitingMachinery.map { Array($0.utf8) }
}
