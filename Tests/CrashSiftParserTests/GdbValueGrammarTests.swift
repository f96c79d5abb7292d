import CrashSift
import CrashSiftTestSupport
import Testing

/// gdb's value syntax as `p` prints it: each case is a `crash> p …` snippet written to gdb's
/// documented output forms (pretty printing on, as crash sets it), read through the public
/// parser so the line accounting is checked too.
@Suite struct GdbValueGrammarTests {
    /// The one value printed by `text` (the output of `crash> p x`).
    private func value(_ text: String) throws -> PrintedValue {
        let source = SourceFile(name: "snippet", text: "crash> p x\n" + text + "\n")
        let transcript = TranscriptParser.parse(source)
        #expect(transcript.unrecognized.isEmpty)
        #expect(TranscriptInvariants.violations(of: transcript, source: source) == [])
        #expect(transcript.printed.count == 1)
        let result = try #require(transcript.printed.first)
        #expect(!result.isPartial)
        return result.value
    }

    @Test func nestedStructures() throws {
        let value = try value("""
            init_mm = $5 = {
              mmap = 0xc022d540,
              count = {
                counter = 6
              },
              mmap_sem = {
                count = {
                  counter = 1
                },
                wait = 0x0
              },
              segments = 0x0
            }
            """)
        #expect(value.fields?.map(\.name) == ["mmap", "count", "mmap_sem", "segments"])
        #expect(value["count"]?["counter"]?.number == .signed(6))
        #expect(value["mmap_sem"]?["count"]?["counter"]?.number?.intValue == 1)
        #expect(value["mmap_sem.count.counter"]?.number?.intValue == 1)
        #expect(value["mmap"]?.address?.description == "c022d540")
        #expect(value["mmap_sem"]?.fields?.map(\.line) == [8, 11])
        #expect(value.description == "{mmap = 0xc022d540, count = {counter = 6}, mmap_sem = {count = {counter = 1}, wait = 0x0}, segments = 0x0}")
    }

    @Test func oldGdbTrailingCommaAndSpace() throws {
        // help.c's examples were made with a gdb that left ", " at the end of member lines.
        let value = try value("init_mm = $5 = {\n  mmap = 0xc022d540, \n  count = {\n    counter = 0x6\n  }, \n  map_count = 0x1\n}")
        #expect(value.fields?.count == 3)
        #expect(value["count"]?["counter"]?.number == .hex(HexNumber(6, digits: 1)))
    }

    @Test func singleLineStructuresAndEmptyBraces() throws {
        let value = try value("$1 = {a = 1, b = {c = -2, d = {}}, e = 0x10}")
        #expect(value["b"]?["c"]?.number == .signed(-2))
        #expect(value["b"]?["d"] == .structure([]))
        #expect(value["e"]?.number?.intValue == 16)
    }

    @Test func crashBreaksAOneLineStructureAfterTheEqualsSign() throws {
        // symbols.c process_gdb_output(): the value moves to the next line, which starts with " {".
        let value = try value("sym = $2 = \n {a = 1, b = 2}")
        #expect(value["b"]?.number == .signed(2))
    }

    @Test func arrays() throws {
        #expect(try value("$1 = {1, 2, 3}").elements?.map(\.value.number) == [.signed(1), .signed(2), .signed(3)])
        let nested = try value("$1 = {{1, 2}, {3, 4}}")
        #expect(nested.elements?.count == 2)
        #expect(nested.elements?[1].value.elements?.map(\.value.number) == [.signed(3), .signed(4)])
        let names = try value("$1 = {TASK_RUNNING, TASK_INTERRUPTIBLE}")
        #expect(names.elements?.map(\.value.description) == ["TASK_RUNNING", "TASK_INTERRUPTIBLE"])
    }

    @Test func arraysOfStructuresOverSeveralLines() throws {
        let value = try value("""
            $3 = {{
                a = 1,
                b = 2
              }, {
                a = 3,
                b = 4
              }}
            """)
        let elements = try #require(value.elements)
        #expect(elements.count == 2)
        #expect(elements[1].value["a"]?.number == .signed(3))
        #expect(elements[1].value.fields?.map(\.line) == [6, 7])
    }

    @Test func repeats() throws {
        let zeros = try value("$1 = {0 <repeats 16 times>}")
        #expect(zeros.elements == [PrintedElement(value: .scalar(PrintedScalar(text: "0", number: .signed(0))), count: 16)])
        #expect(zeros.expandedCount == 16)
        let mixed = try value("$1 = {1, 0 <repeats 15 times>, 0x0 <repeats 2 times>}")
        #expect(mixed.elements?.map(\.count) == [1, 15, 2])
        #expect(mixed.expandedCount == 18)
        #expect(mixed.description == "{1, 0 <repeats 15 times>, 0x0 <repeats 2 times>}")
    }

    @Test func strings() throws {
        let named = try value("$1 = 0xc02c05c8 \"rootfs\"")
        guard case .string(let string) = named else { Issue.record("not a string: \(named)"); return }
        #expect(string.address?.description == "c02c05c8")
        #expect(string.text == "rootfs")
        #expect(string.isQuoted && !string.isTruncated)

        guard case .string(let comm) = try value(#"$2 = "init\000\000\000\000""#) else { Issue.record("not a string"); return }
        #expect(comm.text == #"init\000\000\000\000"#)
        #expect(comm.cString == "init")

        guard case .string(let escaped) = try value(#"$3 = "say \"hi\"\n\\""#) else { Issue.record("not a string"); return }
        #expect(escaped.cString == "say \"hi\"\n\\")

        guard case .string(let cut) = try value(#"$4 = 0xffff888004a12100 "aaaaaaaa"..."#) else { Issue.record("not a string"); return }
        #expect(cut.isTruncated)
    }

    @Test func splitCharacterArraysStayOneValue() throws {
        // gdb folds the NUL padding of a char[56] into a repeat run after the text.
        let value = try value(#"name = $1 = "crashtest", '\000' <repeats 46 times>"#)
        let elements = try #require(value.elements)
        #expect(elements.count == 2)
        #expect(elements[0].value == .string(PrintedString(text: "crashtest")))
        #expect(elements[1].count == 46)
        #expect(elements[1].value == .scalar(PrintedScalar(text: #"'\000'"#, character: #"\000"#)))
        #expect(value.expandedCount == 47)
    }

    @Test func pointersWithTheirSymbolOrType() throws {
        #expect(try value("$1 = 0xffffffff81a0b2f0 <schedule>") == .pointer(PrintedPointer(address: HexNumber(0xffffffff81a0b2f0, digits: 16), symbol: "schedule")))
        #expect(try value("$1 = 0xffffffff82a24a50 <init_task+16>") == .pointer(PrintedPointer(address: HexNumber(0xffffffff82a24a50, digits: 16), symbol: "init_task+16")))
        #expect(try value("file_systems = $1 = (struct file_system_type *) 0xc03adc90")
            == .pointer(PrintedPointer(type: "struct file_system_type *", address: HexNumber(0xc03adc90, digits: 8))))
        let callback = try value("$1 = (void (*)(void *)) 0xffffffff8110f0a0 <generic_smp_call_function_single_interrupt>")
        guard case .pointer(let pointer) = callback else { Issue.record("not a pointer: \(callback)"); return }
        #expect(pointer.type == "void (*)(void *)")
        #expect(pointer.symbol == "generic_smp_call_function_single_interrupt")
        #expect(!pointer.isFunction)
        let function = try value("schedule = $2 = {void (void)} 0xffffffff81a0b2f0 <schedule>")
        #expect(function == .pointer(PrintedPointer(type: "void (void)", address: HexNumber(0xffffffff81a0b2f0, digits: 16), symbol: "schedule", isFunction: true)))
        #expect(function.description == "{void (void)} 0xffffffff81a0b2f0 <schedule>")
    }

    @Test func functionPointersInsideAStructure() throws {
        let value = try value("""
            csd = $1 = {
              node = {
                llist = {
                  next = 0x0
                },
                u_flags = 0
              },
              func = 0xffffffff8110f0a0 <generic_smp_call_function_single_interrupt>,
              info = 0x0
            }
            """)
        #expect(value["func"]?.address?.value == 0xffffffff8110f0a0)
        if case .pointer(let pointer)? = value["func"] { #expect(pointer.symbol == "generic_smp_call_function_single_interrupt") }
        else { Issue.record("func is not a pointer") }
        #expect(value["node.llist.next"]?.number?.intValue == 0)
    }

    @Test(arguments: [
        ("$1 = -1", PrintedNumber.signed(-1)),
        ("$1 = -9223372036854775808", .signed(Int64.min)),
        ("$1 = 9223372036854775807", .signed(Int64.max)),
        ("$1 = 18446744073709551615", .unsigned(UInt64.max)),
        ("jiffies = $7 = 0x9ed174b", .hex(HexNumber(0x9ed174b, digits: 7))),
        ("$1 = 0xffffffffffffffff", .hex(HexNumber(UInt64.max, digits: 16))),
    ])
    func numbers(line: String, expected: PrintedNumber) throws {
        #expect(try value(line).number == expected)
    }

    @Test func numberIntValues() {
        #expect(PrintedNumber.signed(-5).intValue == -5)
        #expect(PrintedNumber.unsigned(UInt64.max).intValue == nil)
        #expect(PrintedNumber.hex(HexNumber(UInt64.max, digits: 16)).intValue == nil)
        #expect(PrintedNumber.hex(HexNumber(0x30, digits: 2)).description == "0x30")
    }

    @Test(arguments: [
        (#"$1 = 0 '\000'"#, 0, #"\000"#),
        ("$1 = 97 'a'", 97, "a"),
        (#"$1 = 39 '\''"#, 39, #"\'"#),
        (#"$1 = -1 '\377'"#, -1, #"\377"#),
    ])
    func characters(line: String, code: Int, character: String) throws {
        guard case .scalar(let scalar) = try value(line) else { Issue.record("not a scalar"); return }
        #expect(scalar.number?.intValue == code)
        #expect(scalar.character == character)
        #expect(scalar.text == String(line.dropFirst(5)))
    }

    @Test(arguments: ["<optimized out>", "(TASK_RUNNING | TASK_INTERRUPTIBLE)", "1.5", "true", "<error: Cannot access memory at address 0x10>", "(unknown: 0x10)"])
    func formsWithoutStructureKeepTheirText(_ text: String) throws {
        let value = try value("$1 = \(text)")
        #expect(value == .scalar(PrintedScalar(text: text)))
    }

    @Test func anonymousUnionMembersKeepTheirPlace() throws {
        let value = try value("""
            $1 = {
              {
                a = 1,
                b = 2
              },
              c = 3
            }
            """)
        let fields = try #require(value.fields)
        #expect(fields.map(\.name) == [nil, "c"])
        #expect(fields[0].value["b"]?.number == .signed(2))
    }

    @Test func aStructureCutByAnElisionIsPartial() throws {
        let source = SourceFile(name: "cut", text: "crash> p init_mm\ninit_mm = $5 = {\n  mmap = 0xc022d540,\n  count = {\n...\n")
        let transcript = TranscriptParser.parse(source)
        let result = try #require(transcript.printed.first)
        #expect(result.isPartial)
        #expect(result.lines == LineSpan(first: 2, last: 4))
        #expect(result.value["mmap"]?.address?.value == 0xc022d540)
        #expect(transcript.elisions.map(\.line) == [5])
        #expect(transcript.unrecognized.isEmpty)
        // The elision says why; no warning is added.
        #expect(!transcript.diagnostics.contains { $0.id == "valueWithoutClosingBrace" })
        #expect(TranscriptInvariants.violations(of: transcript, source: source) == [])
    }

    @Test func aStructureCutByTheEndOfThePasteIsPartialWithAWarning() throws {
        let source = SourceFile(name: "cut", text: "crash> p panic_cpu\npanic_cpu = $2 = {\n  counter = 2\n")
        let transcript = TranscriptParser.parse(source)
        let result = try #require(transcript.printed.first)
        #expect(result.isPartial)
        #expect(result.value["counter"]?.number == .signed(2))
        #expect(transcript.diagnostics.map(\.id) == ["valueWithoutClosingBrace"])
    }

    @Test func aLineIndentedLessEndsAnOpenStructure() throws {
        // The closing brace is missing and the next line is not indented: it is not a member.
        let source = SourceFile(name: "cut", text: "crash> p panic_cpu\npanic_cpu = $2 = {\n  counter = 2\njiffies = $3 = 5\n")
        let transcript = TranscriptParser.parse(source)
        #expect(transcript.printed.count == 2)
        #expect(transcript.printed[0].isPartial)
        #expect(transcript.printed[1].value.number == .signed(5))
        #expect(TranscriptInvariants.violations(of: transcript, source: source) == [])
    }

    @Test(arguments: [
        "$1 = {a = \"unterminated, b = 2}",
        "$1 = {{{\n}}}}}\n}",
        "$1 = {a = , = 3, , }",
        "$1 = <unclosed\n  more = 1",
        "x = $1 = (\n)",
        "$1 = {a = 1 b = 2\n  c = '\n}",
        "$1 = 0x\n$2 = -\n$3 = 99999999999999999999999",
    ])
    func damagedValuesKeepEveryLine(_ text: String) throws {
        let source = SourceFile(name: "damaged", text: "crash> p x\n" + text + "\n")
        let transcript = TranscriptParser.parse(source)
        #expect(TranscriptInvariants.violations(of: transcript, source: source) == [])
        #expect(!transcript.printed.isEmpty)
        #expect(TranscriptParser.parse(source) == transcript)
    }

    @Test func deeplyNestedBracesDoNotExhaustTheStack() throws {
        let depth = 10_000
        let text = "crash> p x\n$1 = " + String(repeating: "{", count: depth) + "1" + String(repeating: "}", count: depth) + "\n"
        let source = SourceFile(name: "deep", text: text)
        let transcript = TranscriptParser.parse(source)
        #expect(transcript.printed.count == 1)
        #expect(TranscriptInvariants.violations(of: transcript, source: source) == [])
    }
}
