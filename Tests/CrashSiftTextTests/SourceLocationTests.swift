import CrashSiftText
import Testing

@Suite struct SourceLocationTests {
    @Test func columnDefaultsToOne() {
        let location = SourceLocation(line: 7)
        #expect(location.line == 7)
        #expect(location.column == 1)
        #expect(location == SourceLocation(line: 7, column: 1))
    }

    @Test(arguments: [
        (SourceLocation(line: 1, column: 1), "1:1"),
        (SourceLocation(line: 12, column: 5), "12:5"),
        (SourceLocation(line: 100_000, column: 4_096), "100000:4096"),
    ])
    func descriptionIsLineColonColumn(location: SourceLocation, text: String) {
        #expect(location.description == text)
        #expect("\(location)" == text)
    }

    @Test func ordersByLineThenColumn() {
        let a = SourceLocation(line: 1, column: 80)
        let b = SourceLocation(line: 2, column: 1)
        let c = SourceLocation(line: 2, column: 3)
        #expect(a < b)
        #expect(b < c)
        #expect(a < c)
        #expect(!(b < a))
        #expect(!(c < c))
        #expect(c <= c)
        #expect(c > a)
        #expect([c, a, b].sorted() == [a, b, c])
        #expect([c, a, b].max() == c)
    }

    @Test func equalityAndHashingUseBothFields() {
        let set: Set = [
            SourceLocation(line: 1, column: 2),
            SourceLocation(line: 1, column: 2),
            SourceLocation(line: 2, column: 1),
        ]
        #expect(set.count == 2)
        #expect(SourceLocation(line: 1, column: 2) != SourceLocation(line: 2, column: 1))
    }

    @Test func fieldsAreMutable() {
        var location = SourceLocation(line: 3, column: 4)
        location.column += 2
        location.line = 9
        #expect(location.description == "9:6")
    }
}
