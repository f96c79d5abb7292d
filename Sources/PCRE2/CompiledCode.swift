internal import CPCRE2

/// Owns one compiled (and, when possible, JIT-compiled) PCRE2 pattern and what was learned about it.
///
/// `@unchecked Sendable` is sound because every stored property is set in `init` and never
/// changed afterwards: PCRE2 documents compiled code as safe to match from many threads at once
/// once JIT compilation (which writes into the code block) has finished, and it does finish
/// inside `init`, before `self` can escape. The shared default match context is also never
/// modified after `init`, which PCRE2 documents as the condition for sharing a context.
final class CompiledCode: @unchecked Sendable {
    let code: OpaquePointer
    let source: String
    let options: Pattern.Options
    let captureCount: Int
    let isJIT: Bool
    /// Group numbers per name, ascending; more than one only with `(?J)` duplicate names.
    let groupNumbersByName: [String: [Int]]
    /// The lowest group number per name, as `Pattern.captureNames` reports it.
    let captureNames: [String: Int]
    /// Match context holding `Pattern.Limits.default`, shared by every matcher that uses them.
    let defaultMatchContext: OpaquePointer?

    init(pattern: String, options: Pattern.Options) throws(PatternError) {
        let compileContext = CompiledCode.makeCompileContext(for: options)
        defer { pcre2_compile_context_free_8(compileContext) }

        var errorCode: Int32 = 0
        var errorOffset = 0
        var utf8Pattern = pattern
        let compiled: OpaquePointer? = utf8Pattern.withUTF8 { bytes in
            withNonNullBase(bytes) { base in
                pcre2_compile_8(
                    base, bytes.count, options.pcre2CompileFlags,
                    &errorCode, &errorOffset, compileContext)
            }
        }
        guard let compiled else {
            throw PatternError.compile(
                pattern: pattern, code: errorCode,
                message: PatternError.pcre2Message(for: errorCode), offset: errorOffset)
        }

        // JIT must happen here: it writes into the code block, so it has to finish before
        // the block is shared. A library built without JIT support just uses the interpreter.
        var jitSucceeded = false
        if !options.contains(.noJIT) {
            jitSucceeded = pcre2_jit_compile_8(compiled, PCRE2_JIT_COMPLETE) == 0
        }

        self.code = compiled
        self.source = pattern
        self.options = options
        self.isJIT = jitSucceeded
        self.captureCount = Int(CompiledCode.uint32Info(compiled, PCRE2_INFO_CAPTURECOUNT))
        self.groupNumbersByName = CompiledCode.readNameTable(compiled)
        self.captureNames = groupNumbersByName.compactMapValues(\.first)
        self.defaultMatchContext = makeMatchContext(for: .default)
    }

    deinit {
        if let defaultMatchContext { pcre2_match_context_free_8(defaultMatchContext) }
        pcre2_code_free_8(code)
    }

    private static func makeCompileContext(for options: Pattern.Options) -> OpaquePointer? {
        guard options.contains(.anyCRLF) else { return nil }
        guard let context = pcre2_compile_context_create_8(nil) else {
            fatalError("PCRE2 could not allocate a compile context (out of memory)")
        }
        _ = pcre2_set_newline_8(context, UInt32(PCRE2_NEWLINE_ANYCRLF))
        return context
    }

    private static func uint32Info(_ code: OpaquePointer, _ what: Int32) -> UInt32 {
        var value: UInt32 = 0
        let rc = pcre2_pattern_info_8(code, UInt32(what), &value)
        precondition(rc == 0, "pcre2_pattern_info_8(\(what)) failed with \(rc)")
        return value
    }

    /// Decodes PCRE2's name table: fixed-size entries of a big-endian group number followed
    /// by the zero-terminated name.
    private static func readNameTable(_ code: OpaquePointer) -> [String: [Int]] {
        let entryCount = Int(uint32Info(code, PCRE2_INFO_NAMECOUNT))
        guard entryCount > 0 else { return [:] }
        let entrySize = Int(uint32Info(code, PCRE2_INFO_NAMEENTRYSIZE))
        var table: UnsafePointer<UInt8>? = nil
        let rc = pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_NAMETABLE), &table)
        guard rc == 0, let table else { return [:] }

        var result: [String: [Int]] = [:]
        for entryIndex in 0..<entryCount {
            let entry = table + entryIndex * entrySize
            let groupNumber = Int(entry[0]) << 8 | Int(entry[1])
            let nameBytes = UnsafeBufferPointer(start: entry + 2, count: entrySize - 2)
            let nameLength = nameBytes.firstIndex(of: 0) ?? nameBytes.count
            let name = String(decoding: nameBytes[..<nameLength], as: UTF8.self)
            result[name, default: []].append(groupNumber)
        }
        for name in result.keys { result[name]?.sort() }
        return result
    }
}

/// Creates a match context carrying `limits`, or (unless `always`) nil when PCRE2's built-in defaults apply.
func makeMatchContext(for limits: Pattern.Limits, always: Bool = false) -> OpaquePointer? {
    guard always || limits.matchLimit != nil || limits.depthLimit != nil else { return nil }
    guard let context = pcre2_match_context_create_8(nil) else {
        fatalError("PCRE2 could not allocate a match context (out of memory)")
    }
    if let matchLimit = limits.matchLimit { _ = pcre2_set_match_limit_8(context, matchLimit) }
    if let depthLimit = limits.depthLimit { _ = pcre2_set_depth_limit_8(context, depthLimit) }
    return context
}

/// Calls `body` with the buffer's base address, substituting a valid one for an empty buffer.
///
/// `pcre2_compile` in PCRE2 10.42 rejects a NULL pattern even of length zero (error 116);
/// subjects go through here too so no PCRE2 release's NULL checks can matter.
func withNonNullBase<Result>(
    _ bytes: UnsafeBufferPointer<UInt8>, _ body: (UnsafePointer<UInt8>) -> Result
) -> Result {
    if let base = bytes.baseAddress { return body(base) }
    var placeholder: UInt8 = 0
    return withUnsafePointer(to: &placeholder) { body($0) }
}
