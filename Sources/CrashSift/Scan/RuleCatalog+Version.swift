import CrashSiftRules
import Foundation

extension RuleCatalog {
    /// What the catalogue's findings depend on, as a digest: each rule's id and file content,
    /// in order, and the fingerprint version. A scan index reuses an outcome only under the same
    /// version, so changing, adding or removing a rule re-analyses everything.
    public var version: String {
        var text = "fingerprint v\(Fingerprint.currentVersion)\n"
        for rule in rules {
            let content = (try? String(contentsOfFile: rule.file, encoding: .utf8)) ?? ""
            text += "rule \(rule.id) \(SHA256.hex(of: content))\n"
        }
        return "catalogue:" + String(SHA256.hex(of: text).prefix(16))
    }
}
