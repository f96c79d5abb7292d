/// The `printed[]`, `perCPU[]` and `lists[]` keys of the JSON document (README.md, "The JSON document").
extension ParseDocument {
    /// Adds the values of `p`/`px`/`pd`, the per-cpu tables and the `list` walks to `root`.
    static func addPrintAndListKeys(of transcript: Transcript, to root: inout JSONObject) {
        root.set("printed", .array(transcript.printed.map(json(for:))))
        root.set("perCPU", .array(transcript.perCPU.map(json(for:))))
        root.set("lists", .array(transcript.lists.map(json(for:))))
    }

    static func json(for result: PrintResult) -> JSONValue {
        var object = JSONObject()
        object.set("printedBy", .int(result.commandIndex))
        object.set("line", .int(result.lines.first))
        if result.lines.last != result.lines.first { object.set("lastLine", .int(result.lines.last)) }
        object.set("expression", result.expression)
        object.set("symbol", result.symbol)
        object.set("cpu", result.cpu)
        if result.isAddressOf { object.set("addressOf", .bool(true)) }
        object.set("history", .int(result.historyNumber))
        object.set("value", json(for: result.value))
        if result.isPartial { object.set("partial", .bool(true)) }
        return object.value
    }

    static func json(for table: PerCPUTable) -> JSONValue {
        var object = JSONObject()
        object.set("printedBy", .int(table.commandIndex))
        object.set("symbol", .string(table.symbol))
        object.set("type", table.typeText)
        object.set("declarationLine", table.declarationLine)
        object.set("addresses", .array(table.addresses.map { copy in
            var object = JSONObject()
            object.set("cpu", .int(copy.cpu))
            object.set("address", .string(copy.address.description))
            object.set("line", .int(copy.line))
            return object.value
        }))
        if !table.offlineCPUs.isEmpty {
            object.set("offline", .array(table.offlineCPUs.map { offline in
                var object = JSONObject()
                object.set("cpu", .int(offline.cpu))
                object.set("line", .int(offline.line))
                return object.value
            }))
        }
        object.set("lines", json(for: table.lines))
        return object.value
    }

    static func json(for walk: ListWalk) -> JSONValue {
        var object = JSONObject()
        object.set("printedBy", .int(walk.commandIndex))
        object.set("start", walk.start?.description)
        object.set("headMode", .string(walk.headMode.rawValue))
        object.set("offset", walk.offset)
        object.set("headOffset", walk.headOffset)
        object.set("structure", walk.printedStructure)
        if walk.isReversed { object.set("reversed", .bool(true)) }
        if let perCPU = walk.perCPU {
            var reference = JSONObject()
            reference.set("symbol", .string(perCPU.symbol))
            reference.set("cpu", .int(perCPU.cpu))
            reference.set("line", walk.perCPULine)
            object.set("perCPU", reference.value)
        } else if let symbol = walk.perCPUSymbol {
            var reference = JSONObject()
            reference.set("symbol", .string(symbol))
            reference.set("line", walk.perCPULine)
            object.set("perCPU", reference.value)
        }
        object.set("head", walk.head.map(json(for:)))
        object.set("entries", .array(walk.entries.map(json(for:))))
        object.set("empty", .bool(walk.isEmpty))
        if !walk.problems.isEmpty {
            object.set("problems", .array(walk.problems.map { problem in
                var object = JSONObject()
                object.set("kind", .string(problem.kind.rawValue))
                object.set("message", .string(problem.message))
                object.set("address", problem.address?.description)
                object.set("line", .int(problem.line))
                return object.value
            }))
        }
        if !walk.elisions.isEmpty { object.set("elisions", .array(walk.elisions.map { .int($0) })) }
        object.set("output", json(for: walk.lines))
        return object.value
    }

    static func json(for entry: ListEntry) -> JSONValue {
        var object = JSONObject()
        object.set("address", .string(entry.address.description))
        object.set("line", .int(entry.line))
        object.set("type", entry.typeName)
        if !entry.fields.isEmpty { object.set("fields", .array(entry.fields.map(json(for:)))) }
        return object.value
    }

    static func json(for field: PrintedField) -> JSONValue {
        var object = JSONObject()
        object.set("name", field.name)
        object.set("line", .int(field.line))
        object.set("value", json(for: field.value))
        return object.value
    }

    /// A gdb value as a tagged object: `kind` is `scalar`, `pointer`, `string`, `struct` or `array`.
    static func json(for value: PrintedValue) -> JSONValue {
        var object = JSONObject()
        switch value {
        case .scalar(let scalar):
            object.set("kind", .string("scalar"))
            object.set("text", .string(scalar.text))
            switch scalar.number {
            case .hex(let hex)?: object.set("hex", .string(hex.description))
            case let number?: object.set("number", number.intValue)
            case nil: break
            }
            object.set("char", scalar.character)
        case .pointer(let pointer):
            object.set("kind", .string("pointer"))
            object.set("address", .string(pointer.address.description))
            object.set("symbol", pointer.symbol)
            object.set("type", pointer.type)
            if pointer.isFunction { object.set("function", .bool(true)) }
        case .string(let string):
            object.set("kind", .string("string"))
            object.set("text", .string(string.text))
            if string.isQuoted, string.cString != string.text { object.set("cString", .string(string.cString)) }
            object.set("address", string.address?.description)
            if !string.isQuoted { object.set("quoted", .bool(false)) }
            if string.isTruncated { object.set("truncated", .bool(true)) }
        case .structure(let fields):
            object.set("kind", .string("struct"))
            object.set("fields", .array(fields.map(json(for:))))
        case .array(let elements):
            object.set("kind", .string("array"))
            object.set("elements", .array(elements.map { element in
                var object = JSONObject()
                object.set("value", json(for: element.value))
                if element.count != 1 { object.set("repeats", .int(element.count)) }
                return object.value
            }))
        }
        return object.value
    }
}
