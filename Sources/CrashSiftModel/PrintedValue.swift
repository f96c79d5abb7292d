import CrashSiftText

/// A value as gdb prints it inside crash (`p`, `px`, `pd`, `list -s`, `struct`), kept as the
/// tree gdb printed: a structure's members stay in order under it, an array's elements under
/// the array.
///
/// gdb does not say whether braces hold a `struct` or a `union`, so both are ``structure(_:)``.
/// A form the grammar does not know (`<optimized out>`, an enum flag set `(A | B)`, a float)
/// is a ``scalar(_:)`` holding its text, so no value is ever lost.
public indirect enum PrintedValue: Hashable, Sendable, CustomStringConvertible {
    /// One token: a number (`2`, `-1`, `0x30`), a char (`0 '\000'`), an enum or boolean
    /// (`TASK_RUNNING`, `true`), or any other single-line form, with its text as printed.
    case scalar(PrintedScalar)
    /// An address gdb decorated with its target: `0xffffffff81a0b2f0 <schedule>`,
    /// `(struct file_system_type *) 0xc03adc90`, `{void (void)} 0xffffffff81a0b2f0 <schedule>`.
    case pointer(PrintedPointer)
    /// A C string: `"init\000\000"`, `0xc02c05c8 "rootfs"`, or (newer crash, `char *` members)
    /// `0xffff9c585b9cb178 ccc.txt` without quotes.
    case string(PrintedString)
    /// `{ name = value, … }`: a struct or union, members in print order. Anonymous members
    /// (gdb prints an unnamed union as a bare `{ … }` inside its struct) have no name.
    case structure([PrintedField])
    /// `{1, 2, 3}`, `{0 <repeats 16 times>}`, `{{…}, {…}}`, and gdb's split character arrays
    /// (`"crashtest", '\000' <repeats 46 times>`), elements in order.
    case array([PrintedElement])

    /// The members, when this is a structure.
    public var fields: [PrintedField]? {
        if case .structure(let fields) = self { return fields }
        return nil
    }

    /// The elements, when this is an array.
    public var elements: [PrintedElement]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// The first member named `name` (a dotted name such as `se.on_rq` is looked up as
    /// printed, then member by member), when this is a structure.
    public subscript(_ name: String) -> PrintedValue? {
        guard let fields else { return nil }
        if let field = fields.first(where: { $0.name == name }) { return field.value }
        guard let dot = name.firstIndex(of: ".") else { return nil }
        return self[String(name[..<dot])]?[String(name[name.index(after: dot)...])]
    }

    /// The integer, when this is a scalar gdb printed as one (a char's code included).
    public var number: PrintedNumber? {
        if case .scalar(let scalar) = self { return scalar.number }
        return nil
    }

    /// The address, when this is a pointer, a string printed with its address, or a hex scalar.
    public var address: HexNumber? {
        switch self {
        case .pointer(let pointer): pointer.address
        case .string(let string): string.address
        case .scalar(let scalar): if case .hex(let hex) = scalar.number { hex } else { nil }
        case .structure, .array: nil
        }
    }

    /// The value on one line in gdb's own syntax: `{counter = 2}`, `0xc02c05c8 "rootfs"`.
    public var description: String {
        switch self {
        case .scalar(let scalar): scalar.text
        case .pointer(let pointer): pointer.description
        case .string(let string): string.description
        case .structure(let fields): "{" + fields.map(\.description).joined(separator: ", ") + "}"
        case .array(let elements): "{" + elements.map(\.description).joined(separator: ", ") + "}"
        }
    }
}

/// One token gdb printed as a value, with the number in it when it is one.
public struct PrintedScalar: Hashable, Sendable {
    /// The text as printed: `4294896919`, `0x9ed174b`, `0 '\000'`, `TASK_RUNNING`, `<optimized out>`.
    public var text: String
    /// The integer, for decimal and `0x` hex integers and for chars (their code).
    public var number: PrintedNumber?
    /// For a char, what gdb printed between the single quotes (`\000`, `a`, `\n`).
    public var character: String?

    /// A scalar printed as `text`.
    public init(text: String, number: PrintedNumber? = nil, character: String? = nil) {
        self.text = text
        self.number = number
        self.character = character
    }
}

/// An integer as gdb printed it: decimal (signed, or unsigned beyond `Int64.max`) or `0x` hex.
public enum PrintedNumber: Hashable, Sendable, CustomStringConvertible {
    /// A decimal integer that fits `Int64` (`-1`, `4294896919`).
    case signed(Int64)
    /// A decimal integer above `Int64.max` (an `unsigned long` such as `18446744073709551615`).
    case unsigned(UInt64)
    /// A `0x` integer (`px`, `p -x`, addresses); at most 16 digits.
    case hex(HexNumber)

    /// The value as an `Int` when it fits (hex is read as unsigned).
    public var intValue: Int? {
        switch self {
        case .signed(let value): Int(exactly: value)
        case .unsigned(let value): Int(exactly: value)
        case .hex(let hex): Int(exactly: hex.value)
        }
    }

    /// As gdb printed it (`-1`, `0x30`).
    public var description: String {
        switch self {
        case .signed(let value): String(value)
        case .unsigned(let value): String(value)
        case .hex(let hex): "0x" + String(hex.value, radix: 16)
        }
    }
}

/// An address gdb printed with its type or the symbol it points at.
public struct PrintedPointer: Hashable, Sendable, CustomStringConvertible {
    /// The type gdb printed before the address, without its parentheses or braces:
    /// `struct file_system_type *` from `(struct file_system_type *)`, `void (void)` from
    /// `{void (void)}` (a function).
    public var type: String?
    /// The address.
    public var address: HexNumber
    /// The symbol gdb printed in angle brackets, as printed: `schedule`, `init_task+16`.
    public var symbol: String?
    /// True when gdb printed the type in braces (`{void (void)} 0x…`): the value is a function
    /// itself (`p schedule`), not a pointer variable.
    public var isFunction: Bool

    /// A pointer to `address`.
    public init(type: String? = nil, address: HexNumber, symbol: String? = nil, isFunction: Bool = false) {
        self.type = type
        self.address = address
        self.symbol = symbol
        self.isFunction = isFunction
    }

    /// `(type) 0xaddress <symbol>` with the parts that were printed.
    public var description: String {
        var text = ""
        if let type { text += isFunction ? "{\(type)} " : "(\(type)) " }
        text += "0x" + String(address.value, radix: 16)
        if let symbol { text += " <\(symbol)>" }
        return text
    }
}

/// A C string as gdb printed it.
public struct PrintedString: Hashable, Sendable, CustomStringConvertible {
    /// The address of a `char *`, when gdb printed one before the text.
    public var address: HexNumber?
    /// The text between the quotes (or the unquoted text), with gdb's escapes kept (`\000`, `\"`).
    public var text: String
    /// False for the unquoted form newer crash prints for some `char *` members.
    public var isQuoted: Bool
    /// True when gdb cut the string at its print limit and printed `...` after the quote.
    public var isTruncated: Bool

    /// A string printed as `text`.
    public init(address: HexNumber? = nil, text: String, isQuoted: Bool = true, isTruncated: Bool = false) {
        self.address = address
        self.text = text
        self.isQuoted = isQuoted
        self.isTruncated = isTruncated
    }

    /// The C string: escapes undone (`\000`, `\n`, `\"`, `\\`, octal), cut at the first NUL,
    /// so `"init\000\000"` is `init`.
    public var cString: String {
        guard isQuoted else { return text }
        var bytes: [UInt8] = []
        var input = Array(text.utf8)[...]
        while let byte = input.popFirst() {
            guard byte == 0x5C, let escape = input.popFirst() else {
                bytes.append(byte)
                continue
            }
            switch escape {
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                var value = UInt32(escape - 0x30)
                for _ in 0..<2 {
                    guard let next = input.first, next >= 0x30, next <= 0x37 else { break }
                    value = value * 8 + UInt32(next - 0x30)
                    input.removeFirst()
                }
                bytes.append(UInt8(truncatingIfNeeded: value))
            case UInt8(ascii: "n"): bytes.append(0x0A)
            case UInt8(ascii: "t"): bytes.append(0x09)
            case UInt8(ascii: "r"): bytes.append(0x0D)
            case UInt8(ascii: "a"): bytes.append(0x07)
            case UInt8(ascii: "b"): bytes.append(0x08)
            case UInt8(ascii: "f"): bytes.append(0x0C)
            case UInt8(ascii: "v"): bytes.append(0x0B)
            case UInt8(ascii: "e"): bytes.append(0x1B)
            default: bytes.append(escape)
            }
        }
        if let nul = bytes.firstIndex(of: 0) { bytes.removeSubrange(nul...) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `0xaddress "text"...` with the parts that were printed.
    public var description: String {
        var result = address.map { "0x" + String($0.value, radix: 16) + " " } ?? ""
        result += isQuoted ? "\"\(text)\"" : text
        if isTruncated { result += "..." }
        return result
    }
}

/// One member of a printed structure.
public struct PrintedField: Hashable, Sendable, CustomStringConvertible {
    /// The member name as printed (`counter`, or `se.on_rq` when `list -s` printed a nested
    /// member by its path); nil for an anonymous struct or union member.
    public var name: String?
    /// The member's value.
    public var value: PrintedValue
    /// The input line where the member starts.
    public var line: Int

    /// A member `name = value` printed on `line`.
    public init(name: String?, value: PrintedValue, line: Int) {
        self.name = name
        self.value = value
        self.line = line
    }

    /// `name = value` (only the value for an anonymous member).
    public var description: String { name.map { "\($0) = \(value)" } ?? value.description }
}

/// One element of a printed array; gdb folds runs of equal elements into `<repeats N times>`.
public struct PrintedElement: Hashable, Sendable, CustomStringConvertible {
    /// The element's value.
    public var value: PrintedValue
    /// How many times it stands for (1 unless gdb printed `<repeats N times>`).
    public var count: Int

    /// An element standing for `count` equal elements.
    public init(value: PrintedValue, count: Int = 1) {
        self.value = value
        self.count = count
    }

    /// `value` or `value <repeats N times>`.
    public var description: String { count == 1 ? value.description : "\(value) <repeats \(count) times>" }
}

extension PrintedValue {
    /// How many array elements this value stands for (repeats expanded); nil for a non-array.
    public var expandedCount: Int? { elements?.reduce(0) { $0 + $1.count } }
}
