/// Versioned fingerprints: short stable names that group alike kernel reports and alike cases.
///
/// ## Versions
///
/// A fingerprint is `v<N>:` and hex digits, and `N` names the recipe that made it. A recipe is
/// frozen once released: its tables and normalisation live in its own file
/// (`Fingerprint+V1.swift` for version 1) and are never edited, so a fingerprint stored years
/// ago can still be recomputed and compared. A better recipe is a new version next to the old
/// ones, and ``currentVersion`` moves to it.
///
/// ## What goes in
///
/// The `canonicalText(of:version:)` functions return the text that is hashed, for people who
/// want to see why two inputs agree or not. README.md ("Fingerprints") documents version 1.
///
/// ```swift
/// let analysis = try Analyzer.builtIn().analyze(source)
/// print(Fingerprint.case(analysis))                        // v1:2571e7ff…
/// print(try Fingerprint.canonicalText(of: analysis))       // rule:rcu-stall, report:v1:…
/// let old = try Fingerprint.report(report, version: 1)     // a stored version, recomputed
/// ```
public enum Fingerprint {
    /// The version ``report(_:)`` and ``case(_:)`` use.
    public static let currentVersion = 1

    /// Every version this library can compute.
    public static let supportedVersions: ClosedRange<Int> = 1...1

    /// The fingerprint of one kernel report in the current version (`v1:…`).
    public static func report(_ report: KernelReport) -> String {
        hashed(V1.reportText(report), version: 1)
    }

    /// The fingerprint of one kernel report in recipe `version`.
    /// - Throws: ``FingerprintError/unsupportedVersion(_:)`` for a version this library does not know.
    public static func report(_ report: KernelReport, version: Int) throws(FingerprintError) -> String {
        hashed(try canonicalText(of: report, version: version), version: version)
    }

    /// The fingerprint of one analysed input (its findings and reports) in the current version.
    public static func `case`(_ analysis: Analysis) -> String {
        hashed(V1.caseText(analysis), version: 1)
    }

    /// The fingerprint of one analysed input in recipe `version`.
    /// - Throws: ``FingerprintError/unsupportedVersion(_:)`` for a version this library does not know.
    public static func `case`(_ analysis: Analysis, version: Int) throws(FingerprintError) -> String {
        hashed(try canonicalText(of: analysis, version: version), version: version)
    }

    /// The text a report's fingerprint hashes, one `key:value` line each ending in `\n`.
    /// - Throws: ``FingerprintError/unsupportedVersion(_:)`` for a version this library does not know.
    public static func canonicalText(of report: KernelReport, version: Int = currentVersion) throws(FingerprintError) -> String {
        switch version {
        case 1: V1.reportText(report)
        default: throw .unsupportedVersion(version)
        }
    }

    /// The text a case's fingerprint hashes, one line each ending in `\n`.
    /// - Throws: ``FingerprintError/unsupportedVersion(_:)`` for a version this library does not know.
    public static func canonicalText(of analysis: Analysis, version: Int = currentVersion) throws(FingerprintError) -> String {
        switch version {
        case 1: V1.caseText(analysis)
        default: throw .unsupportedVersion(version)
        }
    }

    /// `v<version>:` and the first 128 bits of the SHA-256 of `text`, in lower-case hex.
    static func hashed(_ text: String, version: Int) -> String {
        "v\(version):" + SHA256.hex(of: text).prefix(32)
    }
}

/// Why a fingerprint could not be computed.
public enum FingerprintError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The recipe version is not one this library knows (``Fingerprint/supportedVersions``).
    case unsupportedVersion(Int)

    public var description: String {
        switch self {
        case .unsupportedVersion(let version):
            "unsupported fingerprint version \(version) (this library computes \(Fingerprint.supportedVersions.map { "v\($0)" }.joined(separator: ", ")))"
        }
    }
}
