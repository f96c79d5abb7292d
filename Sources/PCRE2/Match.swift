/// One match of a `Pattern`: byte ranges of the whole match and of each capture group.
///
/// Ranges are byte offsets into the subject that was matched (UTF-8 offsets for a `String`,
/// indices of the slice for an `ArraySlice`). A `Match` holds no pointer into the subject, so
/// it stays valid after the subject is gone; the `string` and `bytes` helpers take the
/// subject again.
public struct Match: Sendable, Equatable {
    /// Range of every group by number: index 0 is the whole match, 1... the capture groups.
    ///
    /// An element is nil when that group did not take part in the match, such as an
    /// optional group that was skipped.
    public let captures: [Range<Int>?]

    let groupNumbersByName: [String: [Int]]

    init(captures: [Range<Int>?], groupNumbersByName: [String: [Int]]) {
        self.captures = captures
        self.groupNumbersByName = groupNumbersByName
    }

    /// The byte range of the whole match.
    public var range: Range<Int> {
        // PCRE2 always sets group 0 on a successful match.
        captures[0]!
    }

    /// The byte range of group `index` (0 = whole match), or nil if it did not take part.
    ///
    /// Also nil when `index` is not a group of the pattern, so a rule that names a missing
    /// group cannot crash the caller.
    public subscript(index: Int) -> Range<Int>? {
        captures.indices.contains(index) ? captures[index] : nil
    }

    /// The byte range of the group called `name`, or nil if it did not take part or does not exist.
    ///
    /// With duplicate names (`(?J)`), this is the lowest-numbered group of that name that took part.
    public subscript(name: String) -> Range<Int>? {
        guard let numbers = groupNumbersByName[name] else { return nil }
        for number in numbers {
            if let range = self[number] { return range }
        }
        return nil
    }

    /// Returns a copy whose ranges are moved by `offset`, used to report slice indices.
    func shifted(by offset: Int) -> Match {
        guard offset != 0 else { return self }
        let moved = captures.map { range in
            range.map { ($0.lowerBound + offset)..<($0.upperBound + offset) }
        }
        return Match(captures: moved, groupNumbersByName: groupNumbersByName)
    }

    // MARK: Extracting text

    /// The bytes of group `index` (default: the whole match) in the matched subject `bytes`.
    ///
    /// `bytes` must be the subject this match came from; a range outside it traps.
    public func bytes(_ index: Int = 0, in bytes: [UInt8]) -> ArraySlice<UInt8>? {
        self[index].map { bytes[$0] }
    }

    /// The bytes of the group called `name` in the matched subject `bytes`.
    public func bytes(named name: String, in bytes: [UInt8]) -> ArraySlice<UInt8>? {
        self[name].map { bytes[$0] }
    }

    /// The bytes of group `index` (default: the whole match) in the matched slice.
    public func bytes(_ index: Int = 0, in bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        self[index].map { bytes[$0] }
    }

    /// The bytes of group `index` (default: the whole match) in the matched raw buffer, without copying.
    public func bytes(_ index: Int = 0, in bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer? {
        self[index].map { UnsafeRawBufferPointer(rebasing: bytes[$0]) }
    }

    /// The text of group `index` (default: the whole match), decoding invalid UTF-8 as U+FFFD.
    public func string(_ index: Int = 0, in bytes: [UInt8]) -> String? {
        self[index].map { String(decoding: bytes[$0], as: UTF8.self) }
    }

    /// The text of the group called `name`, decoding invalid UTF-8 as U+FFFD.
    public func string(named name: String, in bytes: [UInt8]) -> String? {
        self[name].map { String(decoding: bytes[$0], as: UTF8.self) }
    }

    /// The text of group `index` (default: the whole match) in the matched slice.
    public func string(_ index: Int = 0, in bytes: ArraySlice<UInt8>) -> String? {
        self[index].map { String(decoding: bytes[$0], as: UTF8.self) }
    }

    /// The text of the group called `name` in the matched slice.
    public func string(named name: String, in bytes: ArraySlice<UInt8>) -> String? {
        self[name].map { String(decoding: bytes[$0], as: UTF8.self) }
    }

    /// The text of group `index` (default: the whole match) in the matched raw buffer.
    public func string(_ index: Int = 0, in bytes: UnsafeRawBufferPointer) -> String? {
        self[index].map { String(decoding: bytes[$0], as: UTF8.self) }
    }

    /// The text of group `index` (default: the whole match) in the matched string.
    ///
    /// A range that splits a multi-byte character (possible without `utf`) decodes the
    /// partial character as U+FFFD.
    public func string(_ index: Int = 0, in string: String) -> String? {
        self[index].map { Match.substring(of: string, utf8Range: $0) }
    }

    /// The text of the group called `name` in the matched string.
    public func string(named name: String, in string: String) -> String? {
        self[name].map { Match.substring(of: string, utf8Range: $0) }
    }

    private static func substring(of string: String, utf8Range: Range<Int>) -> String {
        let utf8 = string.utf8
        let lower = utf8.index(utf8.startIndex, offsetBy: utf8Range.lowerBound)
        let upper = utf8.index(lower, offsetBy: utf8Range.count)
        return String(decoding: utf8[lower..<upper], as: UTF8.self)
    }
}
