/// Reads a tar stream one header at a time: ustar, GNU long names (`././@LongLink`, type `L`)
/// and pax extended headers (type `x`, `path=`).
///
/// Member data is read through ``memberSource()`` or skipped, never buffered here, so the
/// archive can be any size. Once the underlying stream fails, the reader keeps that failure
/// (``failure``): a nested archive reading through this reader can then tell that the outer
/// archive is at fault and leave the report to it.
final class TarReader {
    /// One header, after long-name and pax records were applied.
    struct Entry {
        enum Kind: Equatable {
            /// A regular file ('0', '7' or NUL): its data is an input.
            case file
            /// A folder, link or device: nothing to scan.
            case ignored
            /// A type this reader cannot read (GNU sparse, multi-volume …).
            case unsupported(Character)
        }

        var path: String
        var kind: Kind
        var size: Int
    }

    private let source: any ByteSource
    /// The member whose data is being read, or whose remaining data must be skipped next.
    private var current: MemberSource?
    private var lastMember: String?
    private var ended = false
    /// The failure of the underlying stream, once there is one; every later call throws it.
    private(set) var failure: InputProblem?

    /// Long names and pax records are small; a larger one means a corrupt header.
    private static let metadataLimit = 1 << 20

    init(_ source: any ByteSource) {
        self.source = source
    }

    /// The next header, or nil after the end-of-archive block.
    func next() throws(InputProblem) -> Entry? {
        do {
            return try nextEntry()
        } catch {
            failure = failure ?? error
            throw failure ?? error
        }
    }

    /// The current member's data, limited to its size.
    func memberSource() -> any ByteSource {
        current ?? MemberSource(reader: self, size: 0, name: "")
    }

    // MARK: - Reading headers

    private func nextEntry() throws(InputProblem) -> Entry? {
        if let failure { throw failure }
        if ended { return nil }
        try skipCurrent()
        var longName: String?
        var pax: [String: String] = [:]
        while true {
            let header = try readBytes(512, truncated: "truncated tar archive \(afterLast)")
            if header.allSatisfy({ $0 == 0 }) {
                // The end-of-archive marker is two zero blocks; the second is not needed to stop.
                ended = true
                return nil
            }
            guard Self.checksumMatches(header) else {
                throw InputProblem(.failed, "corrupt tar archive: bad header checksum \(afterLast)")
            }
            guard let fieldSize = Self.number(header[124..<136]) else {
                throw InputProblem(.failed, "corrupt tar archive: bad size field \(afterLast)")
            }
            let type = header[156]
            switch type {
            case UInt8(ascii: "L"), UInt8(ascii: "K"), UInt8(ascii: "x"), UInt8(ascii: "g"):
                guard fieldSize <= Self.metadataLimit else {
                    throw InputProblem(.failed, "corrupt tar archive: \(fieldSize)-byte header record \(afterLast)")
                }
                let data = try readBytes(fieldSize, truncated: "truncated tar archive \(afterLast)")
                try skipPadding(fieldSize)
                if type == UInt8(ascii: "L") {
                    longName = Self.text(data[...])
                } else if type == UInt8(ascii: "x") {
                    pax.merge(Self.paxRecords(data)) { $1 }
                }
                continue
            default:
                break
            }
            let path = pax["path"] ?? longName ?? Self.ustarPath(header)
            // pax writes sizes of 8 GiB and more as a `size=` record.
            let size = pax["size"].flatMap { Int($0) }.flatMap { $0 >= 0 ? $0 : nil } ?? fieldSize
            let kind: Entry.Kind
            switch type {
            case 0, UInt8(ascii: "0"), UInt8(ascii: "7"): kind = .file
            case UInt8(ascii: "1")...UInt8(ascii: "6"): kind = .ignored
            default: kind = .unsupported(Character(Unicode.Scalar(type)))
            }
            // Links, folders and devices carry no data, whatever their size field says.
            current = MemberSource(reader: self, size: kind == .ignored ? 0 : size, name: path)
            lastMember = path
            return Entry(path: path, kind: kind, size: size)
        }
    }

    private var afterLast: String {
        lastMember.map { "after member \($0)" } ?? "before its first member"
    }

    /// Skips whatever the caller left of the current member, and its padding to 512 bytes.
    private func skipCurrent() throws(InputProblem) {
        guard let member = current else { return }
        current = nil
        _ = try member.discard(member.remaining)
        try skipPadding(member.size)
    }

    private func skipPadding(_ size: Int) throws(InputProblem) {
        let padding = (512 - size % 512) % 512
        if try source.discard(padding) != padding {
            throw InputProblem(.failed, "truncated tar archive \(afterLast)")
        }
    }

    private func readBytes(_ count: Int, truncated: @autoclosure () -> String) throws(InputProblem) -> [UInt8] {
        let bytes = try source.read(exactly: count)
        if bytes.count != count { throw InputProblem(.failed, truncated()) }
        return bytes
    }

    /// Reads member data for ``MemberSource``; a short read is a truncated archive.
    fileprivate func readData(upTo limit: Int, of member: MemberSource) throws(InputProblem) -> [UInt8] {
        if let failure { throw failure }
        do throws(InputProblem) {
            let bytes = try source.read(upTo: limit)
            if bytes.isEmpty {
                throw InputProblem(.failed, "truncated tar archive inside member \(member.name)")
            }
            return bytes
        } catch {
            failure = failure ?? error
            throw error
        }
    }

    // MARK: - Header fields

    /// The header checksum: the byte sum with the checksum field counted as spaces.
    static func checksumMatches(_ header: [UInt8]) -> Bool {
        guard let stored = number(header[148..<156]) else { return false }
        var sum = 0
        for (index, byte) in header.enumerated() {
            sum += (148..<156).contains(index) ? 32 : Int(byte)
        }
        return sum == stored
    }

    /// An octal field (NUL or space terminated), or GNU's base-256 form for sizes of 8 GiB and more.
    static func number(_ field: ArraySlice<UInt8>) -> Int? {
        guard let first = field.first else { return nil }
        if first & 0x80 != 0 {
            var value = 0
            for byte in field.dropFirst() {
                guard value < Int.max >> 8 else { return nil }
                value = value << 8 | Int(byte)
            }
            return value
        }
        var value = 0
        var seenDigit = false
        for byte in field {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                guard value < Int.max >> 3 else { return nil }
                value = value << 3 | Int(byte - UInt8(ascii: "0"))
                seenDigit = true
            case UInt8(ascii: " ") where !seenDigit:
                continue
            case 0, UInt8(ascii: " "):
                return value
            default:
                return nil
            }
        }
        return seenDigit ? value : nil
    }

    /// `prefix/name` of a POSIX ustar header; GNU headers use the prefix field for other data.
    static func ustarPath(_ header: [UInt8]) -> String {
        let name = text(header[0..<100])
        let isPOSIX = header[257..<263].elementsEqual("ustar\0".utf8)
        let prefix = isPOSIX ? text(header[345..<500]) : ""
        return prefix.isEmpty ? name : prefix + "/" + name
    }

    /// The records of a pax header ("30 path=var/crash/vmcore-dmesg.txt\n"), by key.
    static func paxRecords(_ data: [UInt8]) -> [String: String] {
        var start = 0
        var records: [String: String] = [:]
        while start < data.count {
            guard let space = data[start...].firstIndex(of: UInt8(ascii: " ")),
                  let length = Int(String(decoding: data[start..<space], as: UTF8.self)),
                  length > 0, length <= data.count - start, space + 1 < start + length
            else { break }
            let record = data[(space + 1)..<(start + length - 1)]
            if let equals = record.firstIndex(of: UInt8(ascii: "=")) {
                let key = String(decoding: record[..<equals], as: UTF8.self)
                records[key] = String(decoding: record[(equals + 1)...], as: UTF8.self)
            }
            start += length
        }
        return records
    }

    static func text(_ field: ArraySlice<UInt8>) -> String {
        String(decoding: field.prefix { $0 != 0 }, as: UTF8.self)
    }
}

/// One member's data: reads at most its size from the archive.
final class MemberSource: ByteSource {
    private unowned let reader: TarReader
    let size: Int
    let name: String
    private(set) var remaining: Int

    init(reader: TarReader, size: Int, name: String) {
        self.reader = reader
        self.size = size
        self.name = name
        remaining = size
    }

    func read(upTo limit: Int) throws(InputProblem) -> [UInt8] {
        guard remaining > 0 else { return [] }
        let bytes = try reader.readData(upTo: min(limit, remaining), of: self)
        remaining -= bytes.count
        return bytes
    }
}
