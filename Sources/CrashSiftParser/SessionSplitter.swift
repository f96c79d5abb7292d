import CrashSiftModel
import CrashSiftText

/// Cuts an input into command blocks and prose.
///
/// A block starts at a prompt (`crash> bt`, any `name> `, possibly indented inside an
/// article) and runs until the next prompt or, when the prompt was indented, until a line
/// that is indented less (the article's prose resumes). Output pasted without a prompt is
/// found by the bare-output grammars (a `PID: … TASK: …` header starts a `bt`) and runs as
/// long as that grammar accepts its lines. Everything else is prose. Annotations pasted after
/// crash's text (`<--- …`) are cut off here, before any grammar reads the line.
enum SessionSplitter {
    /// A command and the lines of its output.
    struct Block {
        /// Index into ``Transcript/commands``.
        var command: Int
        /// The output lines (blank lines included).
        var output: LineSpan
    }

    /// Longer lines are not parsed: they are kept as unrecognized with a diagnostic, so a
    /// 10 MB binary "line" cannot slow every grammar down.
    static let maximumLineLength = 64 * 1024

    private struct OpenBlock {
        var command: Int
        var firstOutput: Int
        var lastOutput: Int
        var indentation: Int
        var bareGrammar: (any BareOutputGrammar.Type)?
        /// For bare output: the last line the grammar was sure of (see ``BareContinuation``).
        var lastStrong: Int
    }

    static func split(_ context: inout ParseContext) -> [Block] {
        var blocks: [Block] = []
        var open: OpenBlock?
        var proseStart: Int?
        var proseEnd = 0

        /// Ends the open block. Bare output that ended in lines its grammar was not sure of
        /// gives them back: the line to read again is returned.
        func closeBlock(_ open: inout OpenBlock?, _ blocks: inout [Block], _ context: inout ParseContext) -> Int? {
            guard var block = open else { return nil }
            open = nil
            var rewind: Int?
            if block.bareGrammar != nil, block.lastStrong < block.lastOutput {
                rewind = block.lastStrong + 1
                block.lastOutput = block.lastStrong
                forgetAnnotations(after: block.lastStrong, &context)
            }
            let output = LineSpan(first: block.firstOutput, last: block.lastOutput)
            context.transcript.commands[block.command].output = output
            blocks.append(Block(command: block.command, output: output))
            return rewind
        }
        func closeProse(_ context: inout ParseContext) {
            if let start = proseStart { context.transcript.prose.append(LineSpan(first: start, last: proseEnd)) }
            proseStart = nil
        }

        guard context.lineCount > 0 else { return [] }
        let annotationCandidates = PastedText.candidateLines(in: context.base, lines: context.lineIndex)
        var nextCandidate = 0
        var number = 0
        while number < context.lineCount {
            number += 1
            while nextCandidate > 0, annotationCandidates[nextCandidate - 1] >= number { nextCandidate -= 1 }
            while nextCandidate < annotationCandidates.count, annotationCandidates[nextCandidate] < number { nextCandidate += 1 }
            // Most lines of a session are output inside a prompt's block: decide those from
            // their first bytes alone, before the full line is trimmed and examined.
            if let block = open, block.bareGrammar == nil,
               nextCandidate >= annotationCandidates.count || annotationCandidates[nextCandidate] != number
            {
                let raw = context.lineIndex.contentRange(ofLine: number)
                var at = raw.lowerBound
                var width = 0
                while at < raw.upperBound, context.base[at] == ASCII.space { at += 1; width += 1 }
                if at < raw.upperBound, width >= block.indentation, raw.count <= maximumLineLength,
                   context.base[at] != ASCII.tab, !mayBePrompt(context.base, at, raw.upperBound)
                {
                    open!.lastOutput = number
                    continue
                }
            }
            var line = context.line(number)
            if line.isBlank { continue }

            if line.range.count > maximumLineLength {
                if context.transcript.lineRoles[number - 1] != .unrecognized {
                    context.markUnrecognized(line)
                    context.diagnose(.warning, .lineTooLong(line.range.count), line: number)
                }
                if open != nil { open!.lastOutput = number }
                continue
            }

            if let prompt = parsePrompt(line, context.base) {
                if let rewind = closeBlock(&open, &blocks, &context) {
                    number = rewind - 1
                    continue
                }
                closeProse(&context)
                context.setRole(.prompt, number)
                var commandRange = prompt.command
                if let annotation = PastedText.annotationStart(Line(number: number, untrimmed: commandRange, in: context.base), in: context.base) {
                    recordAnnotation(number, from: annotation, line, &context)
                    commandRange = commandRange.lowerBound..<annotation
                }
                let commandLine = Line(number: number, untrimmed: commandRange, in: context.base)
                guard !commandLine.isBlank else { continue }  // a bare prompt ends the session
                let (name, arguments) = splitCommand(commandLine.range, context)
                context.transcript.commands.append(CommandInvocation(
                    name: name, arguments: arguments, line: number, prompt: context.string(prompt.name),
                    isInferred: false, output: .empty(after: number)
                ))
                open = OpenBlock(
                    command: context.transcript.commands.count - 1, firstOutput: number + 1, lastOutput: number,
                    indentation: line.indentation, bareGrammar: nil, lastStrong: number
                )
                continue
            }

            // Cut a pasted annotation off before anything reads the line; undone below if the
            // line turns out to be prose.
            var annotated = false
            if nextCandidate < annotationCandidates.count, annotationCandidates[nextCandidate] == number,
               let annotation = PastedText.annotationStart(line, in: context.base)
            {
                let original = line
                recordAnnotation(number, from: annotation, line, &context)
                annotated = true
                line = context.line(number)
                if line.isBlank {
                    if open != nil {
                        context.setRole(.annotation, number)
                        open!.lastOutput = number
                        continue
                    }
                    undoAnnotation(number, &context)
                    annotated = false
                    line = original
                }
            }

            if let block = open {
                if let grammar = block.bareGrammar {
                    switch grammar.continuation(of: line, context) {
                    case .strong:
                        open!.lastOutput = number
                        open!.lastStrong = number
                        continue
                    case .weak where !CommandName.bareGrammars.contains(where: { $0 != grammar && $0.startsBareOutput(line, context) }):
                        open!.lastOutput = number
                        continue
                    default:
                        break
                    }
                } else if line.indentation >= block.indentation {
                    open!.lastOutput = number
                    continue
                }
                if let rewind = closeBlock(&open, &blocks, &context) {
                    number = rewind - 1
                    continue
                }
            }

            if let grammar = CommandName.bareGrammars.first(where: { $0.startsBareOutput(line, context) }) {
                // The output may have begun in the prose just read: give those lines back.
                var first = number
                if let proseFirst = proseStart, let above = grammar.startAbove(line, notBefore: proseFirst, context) {
                    first = above
                    for taken in above..<number where context.transcript.lineRoles[taken - 1] == .prose {
                        context.setRole(.blank, taken)
                    }
                    let lastProse = (proseFirst..<above).last { context.transcript.lineRoles[$0 - 1] == .prose }
                    if let lastProse { proseEnd = lastProse } else { proseStart = nil }
                }
                closeProse(&context)
                context.transcript.commands.append(CommandInvocation(
                    name: grammar.inferredCommandName, arguments: "", line: first, prompt: nil, isInferred: true,
                    output: LineSpan(first: first, last: number)
                ))
                open = OpenBlock(
                    command: context.transcript.commands.count - 1, firstOutput: first, lastOutput: number,
                    indentation: line.indentation, bareGrammar: grammar, lastStrong: number
                )
                continue
            }

            // Prose keeps its arrows: they are part of the text.
            if annotated { undoAnnotation(number, &context) }
            context.setRole(.prose, number)
            if proseStart == nil { proseStart = number }
            proseEnd = number
        }
        if let rewind = closeBlock(&open, &blocks, &context) {
            // Weak lines at the very end: read them again as what they are outside the block.
            return blocks + splitTail(from: rewind, &context, proseStart: &proseStart, proseEnd: &proseEnd)
        }
        closeProse(&context)
        return blocks
    }

    /// Lines given back by bare output at the end of the input are prose (no grammar claimed
    /// them as a start, or the block would have ended before them).
    private static func splitTail(from first: Int, _ context: inout ParseContext, proseStart: inout Int?, proseEnd: inout Int) -> [Block] {
        for number in first...context.lineCount {
            let line = context.line(number)
            if line.isBlank || context.transcript.lineRoles[number - 1] != .blank { continue }
            context.setRole(.prose, number)
            if proseStart == nil { proseStart = number }
            proseEnd = number
        }
        if let start = proseStart { context.transcript.prose.append(LineSpan(first: start, last: proseEnd)) }
        proseStart = nil
        return []
    }

    /// Undoes the annotations recorded after line `line` (those lines are read again).
    private static func forgetAnnotations(after line: Int, _ context: inout ParseContext) {
        while let last = context.transcript.annotations.last, last.line > line {
            context.annotatedLineEnds[last.line] = nil
            context.transcript.annotations.removeLast()
        }
    }

    private static func recordAnnotation(_ number: Int, from start: Int, _ line: Line, _ context: inout ParseContext) {
        let text = context.string(start..<line.range.upperBound)
        context.transcript.annotations.append(Annotation(line: number, text: text))
        context.annotatedLineEnds[number] = start
    }

    private static func undoAnnotation(_ number: Int, _ context: inout ParseContext) {
        context.annotatedLineEnds[number] = nil
        context.transcript.annotations.removeLast()
    }

    /// Whether the text at `start` could be a prompt (a name, then `>`): a cheap test that
    /// lets most output lines skip ``parsePrompt(_:_:)``.
    @inline(__always)
    static func mayBePrompt(_ base: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        guard ASCII.isLetter(base[start]) else { return false }
        var at = start + 1
        while at < end, at - start < 40 {
            let byte = base[at]
            if byte == ASCII.greater { return true }
            guard ASCII.isAlphanumeric(byte) || byte == ASCII.underscore || byte == ASCII.dot || byte == ASCII.minus else { return false }
            at += 1
        }
        return false
    }

    /// A prompt line: a name of letters, digits, `_`, `.`, `-` starting with a letter, then `>`,
    /// then a blank or the end of the line (`crash> bt`, `crash64>`, `crash>`).
    static func parsePrompt(_ line: Line, _ base: UnsafeBufferPointer<UInt8>) -> (name: Range<Int>, command: Range<Int>)? {
        var at = line.range.lowerBound
        let end = line.range.upperBound
        guard at < end, ASCII.isLetter(base[at]) else { return nil }
        let nameStart = at
        while at < end, at - nameStart < 40 {
            let byte = base[at]
            guard ASCII.isAlphanumeric(byte) || byte == ASCII.underscore || byte == ASCII.dot || byte == ASCII.minus else { break }
            at += 1
        }
        guard at < end, base[at] == ASCII.greater else { return nil }
        let name = nameStart..<at
        at += 1
        guard at == end || ASCII.isBlank(base[at]) else { return nil }
        return (name, at..<end)
    }

    /// `foreach RU bt` → (`foreach`, `RU bt`); `< csd_queues` → (`<`, `csd_queues`).
    private static func splitCommand(_ range: Range<Int>, _ context: ParseContext) -> (String, String) {
        var c = Lexer.Cursor(context.base, range)
        if c.consume(ASCII.less) {
            c.skipBlanks()
            return ("<", context.string(c.rest))
        }
        let name = c.lexWord() ?? range
        c.skipBlanks()
        return (context.string(name), context.string(c.rest))
    }
}

extension Diagnostic.Message {
    fileprivate static func lineTooLong(_ length: Int) -> Self {
        .init("line of \(length) bytes is longer than \(SessionSplitter.maximumLineLength) and is not parsed")
    }
}
