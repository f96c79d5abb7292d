import Foundation

/// The day a case happened, `YYYY-MM-DD`, for the findings-over-time chart of a scan report:
/// from the dates crash and the kernel log print, else from the file.
public enum CaseDate {
    /// Where a case's date came from.
    public enum Source: String, Sendable, Codable, CaseIterable {
        /// The first log record whose stamp has a full date (`log -T`, `dmesg -T`, an ISO journal stamp).
        case log
        /// `sys`'s `DATE:` line (when the dump was taken).
        case sys
        /// The file's modification time (when the case was stored).
        case file
    }

    /// The day of a date as crash or the kernel print it, or nil when it has no year:
    /// `Tue Mar  5 10:01:02 2024`, `Thu Nov 24 10:11:12 UTC 2022` (ctime, with or without a
    /// zone), `2024-03-05T10:01:02.123456+0100` or `2024-03-05 10:01:02` (ISO). A syslog
    /// stamp (`Nov 25 20:22:51`) has no year: nil.
    public static func day(of printed: String) -> String? {
        let words = printed.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "[" || $0 == "]" })
        if let first = words.first, let day = isoDay(first) { return day }
        // ctime: weekday, month, day, time, [zone], year.
        guard words.count >= 5, let monthIndex = words.firstIndex(where: { month(of: $0) != nil }),
              monthIndex + 1 < words.count, let dayNumber = Int(words[monthIndex + 1]), (1...31).contains(dayNumber),
              let year = words[(monthIndex + 2)...].compactMap({ Int($0) }).first(where: { (1970...2999).contains($0) })
        else { return nil }
        return String(format: "%04d-%02d-%02d", year, month(of: words[monthIndex])!, dayNumber)
    }

    /// The day of a file's modification time, in UTC.
    public static func day(of date: Date) -> String {
        let parts = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1)
    }

    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    private static func month(of word: Substring) -> Int? {
        guard word.count == 3 else { return nil }
        return months.firstIndex(of: word.lowercased()).map { $0 + 1 }
    }

    /// `2024-03-05`, at the start of `word` (then `T`, a blank or the end).
    private static func isoDay(_ word: Substring) -> String? {
        let bytes = Array(word.utf8.prefix(11))
        guard bytes.count >= 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              bytes.count == 10 || bytes[10] == UInt8(ascii: "T"),
              [0, 1, 2, 3, 5, 6, 8, 9].allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[$0]) }),
              let month = Int(String(decoding: bytes[5..<7], as: UTF8.self)), (1...12).contains(month),
              let day = Int(String(decoding: bytes[8..<10], as: UTF8.self)), (1...31).contains(day)
        else { return nil }
        return String(decoding: bytes[0..<10], as: UTF8.self)
    }
}
