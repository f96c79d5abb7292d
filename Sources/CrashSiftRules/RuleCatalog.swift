import Foundation

/// The rules to run: the built-in catalogue (`BuiltInRules/*.yaml`, shipped as resources)
/// and any rule files or folders a user adds.
public struct RuleCatalog: Sendable {
    /// The rules, built-in first, each in file-name order.
    public var rules: [Rule]

    public init(rules: [Rule]) {
        self.rules = rules
    }

    /// The built-in catalogue.
    public static func builtIn() throws(RuleError) -> RuleCatalog {
        guard let folder = Bundle.module.url(forResource: "BuiltInRules", withExtension: nil) else {
            throw RuleError(file: "built-in", line: 0, column: 0, message: "the built-in rules are missing from the package's resources")
        }
        return RuleCatalog(rules: try load(folder: folder, name: { "built-in:\($0)" }))
    }

    /// The rules in `paths`: `.yaml`/`.yml` files, or folders of them.
    public static func load(paths: [String]) throws(RuleError) -> [Rule] {
        var rules: [Rule] = []
        for path in paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                throw RuleError(file: path, line: 0, column: 0, message: "no such file or folder")
            }
            if isFolder.boolValue {
                rules += try load(folder: URL(fileURLWithPath: path), name: { path + "/" + $0 })
            } else {
                rules.append(try load(file: URL(fileURLWithPath: path), name: path))
            }
        }
        return rules
    }

    /// The rule with `id` (or with `id` among its aliases).
    public func rule(id: String) -> Rule? {
        rules.first { $0.id == id } ?? rules.first { $0.aliases.contains(id) }
    }

    /// This catalogue with `more` after its rules; an id given twice is an error at `more`'s file.
    public func adding(_ more: [Rule]) throws(RuleError) -> RuleCatalog {
        var result = self
        for rule in more {
            if let existing = result.rule(id: rule.id) {
                throw RuleError(file: rule.file, line: 1, column: 1, message: "the rule id '\(rule.id)' is already used by \(existing.file)")
            }
            result.rules.append(rule)
        }
        return result
    }

    private static func load(folder: URL, name: (String) -> String) throws(RuleError) -> [Rule] {
        let files: [String]
        do {
            files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
                .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        } catch {
            throw RuleError(file: folder.path, line: 0, column: 0, message: "cannot read the folder: \(error.localizedDescription)")
        }
        var rules: [Rule] = []
        for file in files {
            rules.append(try load(file: folder.appendingPathComponent(file), name: name(file)))
        }
        return rules
    }

    private static func load(file: URL, name: String) throws(RuleError) -> Rule {
        let text: String
        do {
            text = try String(contentsOf: file, encoding: .utf8)
        } catch {
            throw RuleError(file: name, line: 0, column: 0, message: "cannot read the file: \(error.localizedDescription)")
        }
        return try RuleLoader.load(yaml: text, file: name)
    }
}
