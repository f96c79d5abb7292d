/// Turns mangled C++ (Itanium `_Z…`) and Rust (v0 `_R…`) symbols in stack frames into the
/// names a person reads, as syzkaller does (with Go's `demangle.Filter(_, NoParams)`) before
/// it skips or picks a frame: `_Z8fakeNameiii` → `fakeName`,
/// `_RNvMs3_NtCs…_11rust_binder7processNtB5_7Process10update_ref` →
/// `<rust_binder::process::Process>::update_ref`.
///
/// Only the name is produced (no parameter types, no crate hashes). A symbol this demangler
/// does not understand is returned unchanged, as `demangle.Filter` does.
enum SymbolDemangler {
    /// `symbol` demangled, or `symbol` itself.
    static func demangle(_ symbol: String) -> String {
        if symbol.hasPrefix("_R") {
            var parser = RustV0Parser(Array(symbol.utf8))
            if let name = parser.symbol() { return name }
        } else if symbol.hasPrefix("_Z") {
            var parser = ItaniumNameParser(Array(symbol.utf8))
            if let name = parser.symbol() { return name }
        }
        return symbol
    }
}

/// The name part of an Itanium C++ symbol: a plain source name (`_Z8fakeNameiii`) or a nested
/// name of source names (`_ZN3foo3barEv` → `foo::bar`); anything else fails.
private struct ItaniumNameParser {
    let bytes: [UInt8]
    var position = 2

    /// A parser of the symbol `bytes` (starting with `_Z`).
    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The demangled name, or nil when the symbol is not of the supported shapes.
    mutating func symbol() -> String? {
        guard position < bytes.count else { return nil }
        if bytes[position] == UInt8(ascii: "N") {
            position += 1
            // CV and ref qualifiers of a member function.
            while position < bytes.count, [UInt8(ascii: "K"), UInt8(ascii: "V"), UInt8(ascii: "r"), UInt8(ascii: "R"), UInt8(ascii: "O")].contains(bytes[position]) {
                position += 1
            }
            var parts: [String] = []
            while position < bytes.count, bytes[position] != UInt8(ascii: "E") {
                guard let name = sourceName() else { return nil }
                parts.append(name)
            }
            guard position < bytes.count, !parts.isEmpty else { return nil }
            return parts.joined(separator: "::")
        }
        return sourceName()
    }

    /// `<length><identifier>`.
    mutating func sourceName() -> String? {
        var length = 0
        let start = position
        while position < bytes.count, bytes[position] >= 0x30, bytes[position] <= 0x39 {
            length = length * 10 + Int(bytes[position] - 0x30)
            position += 1
            if length > 4096 { return nil }
        }
        guard position > start, length > 0, position + length <= bytes.count else { return nil }
        defer { position += length }
        return String(decoding: bytes[position..<(position + length)], as: UTF8.self)
    }
}

/// A Rust v0 symbol (RFC 2603): paths (crate roots, nested names, inherent and trait impls,
/// generic arguments), types and back references, printed without hashes or disambiguators.
private struct RustV0Parser {
    let bytes: [UInt8]
    /// Where the grammar starts (after `_R`): back references count from here.
    let origin = 2
    var position = 2
    /// Back references may nest; a symbol that loops is rejected.
    var depth = 0

    /// A parser of the symbol `bytes` (starting with `_R`).
    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The byte at the parse position, or nil at the end.
    private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    /// Consumes `character` when it is next.
    private mutating func eat(_ character: Character) -> Bool {
        guard current == character.asciiValue else { return false }
        position += 1
        return true
    }

    /// The demangled path, or nil when the symbol is malformed or uses unsupported parts.
    mutating func symbol() -> String? {
        // An optional encoding version.
        while let byte = current, byte >= 0x30, byte <= 0x39 { position += 1 }
        return path(inValue: true)
    }

    /// A base-62 number ending in `_` (`_` is 0, `N_` is N + 1).
    private mutating func base62() -> Int? {
        if eat("_") { return 0 }
        var value = 0
        while let byte = current, byte != UInt8(ascii: "_") {
            let digit: Int
            switch byte {
            case 0x30...0x39: digit = Int(byte - 0x30)
            case 0x61...0x7A: digit = Int(byte - 0x61) + 10
            case 0x41...0x5A: digit = Int(byte - 0x41) + 36
            default: return nil
            }
            // Crate hashes are long numbers: wrap (only back references use the value, and
            // those are checked against the symbol's length).
            value = value &* 62 &+ digit
            position += 1
        }
        guard eat("_") else { return nil }
        return value &+ 1
    }

    /// Skips an optional `s<base-62>` disambiguator; false when it is malformed.
    private mutating func disambiguator() -> Bool {
        guard eat("s") else { return true }
        return base62() != nil
    }

    /// `[u] <decimal> [_] <bytes>` (punycode, `u`, is not supported).
    private mutating func identifier() -> String? {
        guard disambiguator(), current != UInt8(ascii: "u") else { return nil }
        var length = 0
        let start = position
        while let byte = current, byte >= 0x30, byte <= 0x39 {
            length = length * 10 + Int(byte - 0x30)
            position += 1
            if length > 4096 { return nil }
        }
        guard position > start else { return nil }
        _ = eat("_")
        guard position + length <= bytes.count else { return nil }
        defer { position += length }
        return String(decoding: bytes[position..<(position + length)], as: UTF8.self)
    }

    /// Runs `body` at the target of a back reference, then comes back.
    private mutating func backReference<T>(_ body: (inout RustV0Parser) -> T?) -> T? {
        guard let offset = base62(), offset >= 0, offset < position - origin, depth < 64 else { return nil }
        let saved = position
        position = origin + offset
        depth += 1
        let result = body(&self)
        depth -= 1
        position = saved
        return result
    }

    /// A path (`C`, `N`, `M`, `X`, `Y`, `I` or a back reference); generic arguments are
    /// written `::<…>` in value paths and `<…>` in types.
    private mutating func path(inValue: Bool) -> String? {
        guard let tag = current else { return nil }
        position += 1
        switch tag {
        case UInt8(ascii: "C"):
            return identifier()
        case UInt8(ascii: "N"):
            guard let namespace = current else { return nil }
            position += 1
            guard let parent = path(inValue: inValue), let name = identifier() else { return nil }
            switch namespace {
            case UInt8(ascii: "C"): return parent + "::{closure#0}"
            case UInt8(ascii: "S"): return parent + "::{shim}"
            default: return name.isEmpty ? parent : parent + "::" + name
            }
        case UInt8(ascii: "M"):
            guard disambiguator(), path(inValue: false) != nil, let type = type() else { return nil }
            return "<" + type + ">"
        case UInt8(ascii: "X"):
            guard disambiguator(), path(inValue: false) != nil, let type = type(), let trait = path(inValue: false) else { return nil }
            return "<" + type + " as " + trait + ">"
        case UInt8(ascii: "Y"):
            guard let type = type(), let trait = path(inValue: false) else { return nil }
            return "<" + type + " as " + trait + ">"
        case UInt8(ascii: "I"):
            guard let base = path(inValue: inValue) else { return nil }
            var arguments: [String] = []
            while !eat("E") {
                guard let argument = genericArgument() else { return nil }
                if !argument.isEmpty { arguments.append(argument) }
            }
            return base + (inValue ? "::<" : "<") + arguments.joined(separator: ", ") + ">"
        case UInt8(ascii: "B"):
            return backReference { $0.path(inValue: inValue) }
        default:
            return nil
        }
    }

    /// A generic argument: a lifetime (left out), a constant or a type.
    private mutating func genericArgument() -> String? {
        if eat("L") { return base62() != nil ? "" : nil }
        if eat("K") { return constant() }
        return type()
    }

    /// A constant: `p` (placeholder), a back reference, or a type and hex digits.
    private mutating func constant() -> String? {
        if eat("p") { return "_" }
        if eat("B") { return backReference { $0.constant() } }
        guard type() != nil else { return nil }
        let negative = eat("n")
        var digits = ""
        while let byte = current, byte != UInt8(ascii: "_") {
            digits.append(Character(Unicode.Scalar(byte)))
            position += 1
        }
        guard eat("_") else { return nil }
        return (negative ? "-" : "") + "0x" + digits
    }

    /// The one-letter basic types.
    private static let basicTypes: [UInt8: String] = [
        UInt8(ascii: "a"): "i8", UInt8(ascii: "b"): "bool", UInt8(ascii: "c"): "char", UInt8(ascii: "d"): "f64",
        UInt8(ascii: "e"): "str", UInt8(ascii: "f"): "f32", UInt8(ascii: "h"): "u8", UInt8(ascii: "i"): "isize",
        UInt8(ascii: "j"): "usize", UInt8(ascii: "l"): "i32", UInt8(ascii: "m"): "u32", UInt8(ascii: "n"): "i128",
        UInt8(ascii: "o"): "u128", UInt8(ascii: "s"): "i16", UInt8(ascii: "t"): "u16", UInt8(ascii: "u"): "()",
        UInt8(ascii: "v"): "...", UInt8(ascii: "x"): "i64", UInt8(ascii: "y"): "u64", UInt8(ascii: "z"): "!",
        UInt8(ascii: "p"): "_",
    ]

    /// A type: basic, reference, pointer, array, slice, tuple, back reference or path.
    private mutating func type() -> String? {
        guard let tag = current else { return nil }
        if let basic = Self.basicTypes[tag] {
            position += 1
            return basic
        }
        switch tag {
        case UInt8(ascii: "R"), UInt8(ascii: "Q"):
            position += 1
            if eat("L") { guard base62() != nil else { return nil } }
            guard let inner = type() else { return nil }
            return (tag == UInt8(ascii: "R") ? "&" : "&mut ") + inner
        case UInt8(ascii: "P"), UInt8(ascii: "O"):
            position += 1
            guard let inner = type() else { return nil }
            return (tag == UInt8(ascii: "P") ? "*const " : "*mut ") + inner
        case UInt8(ascii: "A"):
            position += 1
            guard let inner = type(), let length = constant() else { return nil }
            return "[" + inner + "; " + length + "]"
        case UInt8(ascii: "S"):
            position += 1
            guard let inner = type() else { return nil }
            return "[" + inner + "]"
        case UInt8(ascii: "T"):
            position += 1
            var elements: [String] = []
            while !eat("E") {
                guard let element = type() else { return nil }
                elements.append(element)
            }
            return "(" + elements.joined(separator: ", ") + (elements.count == 1 ? ",)" : ")")
        case UInt8(ascii: "B"):
            position += 1
            return backReference { $0.type() }
        case UInt8(ascii: "C"), UInt8(ascii: "N"), UInt8(ascii: "M"), UInt8(ascii: "X"), UInt8(ascii: "Y"), UInt8(ascii: "I"):
            return path(inValue: false)
        default:
            // Function pointers and trait objects are not needed for kernel frames.
            return nil
        }
    }
}
