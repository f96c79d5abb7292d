import CrashSiftText
import Testing

@Suite struct HexNumberTests {
    // MARK: Parsing text

    @Test(arguments: [
        ("ffff8b1d9df09e40", 0xffff_8b1d_9df0_9e40, 16),
        ("FFFF8B1D9DF09E40", 0xffff_8b1d_9df0_9e40, 16),
        ("DeadBeef", 0xdead_beef, 8),
        ("0010", 0x10, 4),
        ("0", 0, 1),
        ("00000000", 0, 8),
        ("0000000000000001", 1, 16),
        ("000000055076903e", 0x5_5076_903e, 16),
        ("ffffffffffffffff", UInt64.max, 16),
        ("8000000000000000", 1 << 63, 16),
        ("a", 10, 1),
        ("F", 15, 1),
    ] as [(String, UInt64, Int)])
    func parsesText(text: String, value: UInt64, digits: Int) throws {
        let number = try #require(HexNumber(text))
        #expect(number.value == value)
        #expect(Int(number.digits) == digits)
    }

    @Test(arguments: [
        ("0010", "0010"),
        ("00", "00"),
        ("FFFF", "ffff"),
        ("DeadBeef", "deadbeef"),
        ("000000055076903e", "000000055076903e"),
        ("ffff8b1d9df09e40", "ffff8b1d9df09e40"),
        ("0000000000000000", "0000000000000000"),
    ])
    func descriptionKeepsLeadingZerosInLowerCase(text: String, description: String) throws {
        #expect(try #require(HexNumber(text)).description == description)
    }

    @Test(arguments: [
        "",
        "g",
        "12g",
        "0x10",
        "0X10",
        " 12",
        "12 ",
        "-1",
        "+1",
        "1.0",
        "ffff_ffff",
        "00000000000000000",     // 17 digits: too wide even though the value fits
        "1ffffffffffffffff",     // 17 digits
        "é",
        "\u{FF11}",              // FULLWIDTH DIGIT ONE
        "\u{0}",
        "1\u{0}",
    ])
    func rejectsText(text: String) {
        #expect(HexNumber(text) == nil)
    }

    @Test func parsesSubstrings() throws {
        let line = "RIP: ffffffff83306d6a  RSP"
        let word = line.split(separator: " ")[1]
        let number = try #require(HexNumber(word))
        #expect(number.value == 0xffff_ffff_8330_6d6a)
        #expect(number.description == "ffffffff83306d6a")
    }

    // MARK: init(_:digits:)

    @Test(arguments: [
        (0, 0, 1),
        (0, 1, 1),
        (0, 4, 4),
        (0, 16, 16),
        (0, 17, 16),
        (0xff, 1, 2),                  // never fewer digits than the value needs
        (0xff, 2, 2),
        (0xff, 4, 4),
        (0x10, 0, 2),
        (0x100, 0, 3),
        (0xfff, 3, 3),
        (0x1000, 3, 4),
        (1, -5, 1),
        (1, Int.max, 16),              // never more than 16
        (1, Int.min, 1),
        (UInt64.max, 1, 16),
        (1 << 63, 0, 16),
        (1 << 60, 0, 16),
        ((1 << 60) - 1, 0, 15),
    ] as [(UInt64, Int, Int)])
    func digitsAreClamped(value: UInt64, requested: Int, digits: Int) {
        let number = HexNumber(value, digits: requested)
        #expect(number.value == value)
        #expect(Int(number.digits) == digits)
    }

    @Test func neededDigitsAtEveryPowerOfTwo() {
        for shift in 0..<64 {
            let value: UInt64 = 1 << shift
            let number = HexNumber(value, digits: 0)
            #expect(Int(number.digits) == shift / 4 + 1, "1 << \(shift)")
            #expect(number.description == String(value, radix: 16))
        }
    }

    @Test(arguments: [
        (0xb6, 4, "00b6"),
        (0, 1, "0"),
        (0, 3, "000"),
        (0xABC, 1, "abc"),
        (UInt64.max, 16, "ffffffffffffffff"),
        (1, 16, "0000000000000001"),
    ] as [(UInt64, Int, String)])
    func description(value: UInt64, digits: Int, text: String) {
        #expect(HexNumber(value, digits: digits).description == text)
        #expect("\(HexNumber(value, digits: digits))" == text)
    }

    @Test func textRoundTripsThroughDescription() throws {
        for text in ["0", "00", "0010", "7f", "00000000deadbeef", "ffffffffffffffff", "0123456789abcdef"] {
            let number = try #require(HexNumber(text))
            #expect(number.description == text)
            #expect(HexNumber(number.description) == number)
            #expect(HexNumber(number.value, digits: Int(number.digits)) == number)
        }
    }

    // MARK: Equality and order

    @Test func equalityIncludesTheWidth() throws {
        let short = try #require(HexNumber("1"))
        let wide = try #require(HexNumber("0001"))
        #expect(short.value == wide.value)
        #expect(short != wide)
        #expect(HexNumber("ABCD") != nil)
        #expect(HexNumber("ABCD") == HexNumber("abcd"))
        #expect(Set([short, wide, HexNumber(1, digits: 1)]).count == 2)
    }

    @Test func ordersByValue() throws {
        let ff = try #require(HexNumber("ff"))
        let wide100 = try #require(HexNumber("0100"))
        #expect(ff < wide100)
        #expect(!(wide100 < ff))
        #expect(HexNumber(0x10, digits: 2) < HexNumber(0x11, digits: 2))
        #expect(HexNumber(UInt64.max - 1, digits: 16) < HexNumber(UInt64.max, digits: 16))
        let sorted = [HexNumber(3, digits: 1), HexNumber(0x20, digits: 4), HexNumber(1, digits: 8)].sorted()
        #expect(sorted.map(\.value) == [1, 3, 0x20])
    }

    @Test func orderIsConsistentWithEquality() throws {
        // Comparable requires exactly one of a < b, a == b, b < a.
        let numbers = [
            HexNumber(1, digits: 1), HexNumber(1, digits: 4), HexNumber(1, digits: 16),
            HexNumber(0, digits: 1), HexNumber(0, digits: 2), HexNumber(0x10, digits: 2),
        ]
        for a in numbers {
            for b in numbers {
                let holds = [a < b, a == b, b < a].filter { $0 }.count
                #expect(holds == 1, "\(a) vs \(b)")
            }
        }
        // Equal values still sort by value first.
        #expect(HexNumber(1, digits: 16) < HexNumber(2, digits: 1))
    }
}
