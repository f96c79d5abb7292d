import Foundation

/// Where the package and the shared corpus are, for tests that read files.
///
/// Paths are resolved from this source file's location (`#filePath`), so they work for
/// `swift test` from any working directory and any build folder.
public enum PackagePaths {
    /// The package root: the folder holding `Package.swift`.
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // CrashSiftTestSupport
        .deletingLastPathComponent()  // Sources
        .deletingLastPathComponent()  // package root

    /// `Samples/` in the package.
    public static var samples: URL { root.appendingPathComponent("Samples") }

    /// The `Fixtures` folder of test target `target` (e.g. `CrashSiftParserTests`).
    public static func fixtures(of target: String) -> URL {
        root.appendingPathComponent("Tests").appendingPathComponent(target).appendingPathComponent("Fixtures")
    }

    /// The `Golden` folder of test target `target`.
    public static func golden(of target: String) -> URL {
        root.appendingPathComponent("Tests").appendingPathComponent(target).appendingPathComponent("Golden")
    }

    /// `../shared` next to the package, when it exists (CI has it; a lone clone does not).
    public static var shared: URL? {
        let url = root.deletingLastPathComponent().appendingPathComponent("shared")
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue ? url : nil
    }

    /// The message a test prints when it skips because `../shared` is absent.
    public static let sharedMissingMessage = "../shared is not next to the package (a lone clone): conformance test skipped"

    /// The files in `folder` (not recursive) whose names pass `include`, sorted by name.
    public static func files(in folder: URL, where include: (String) -> Bool = { _ in true }) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter(include).sorted().map { folder.appendingPathComponent($0) }
    }

    /// The bytes of the file at `url`.
    public static func bytes(of url: URL) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: url))
    }

    /// Every file under Samples/ and any Tests/*/Fixtures/ folder, relative to the root and
    /// sorted: the inputs the whole-suite checks (invariants, schemas) run over.
    public static let everyInput: [String] = {
        let manager = FileManager.default
        var found: [String] = []
        var folders = ["Samples"]
        for target in (try? manager.contentsOfDirectory(atPath: root.appendingPathComponent("Tests").path)) ?? [] {
            folders.append("Tests/\(target)/Fixtures")
        }
        for folder in folders {
            guard let walker = manager.enumerator(atPath: root.appendingPathComponent(folder).path) else { continue }
            for case let relative as String in walker {
                let path = "\(folder)/\(relative)"
                var isFolder: ObjCBool = false
                guard manager.fileExists(atPath: root.appendingPathComponent(path).path, isDirectory: &isFolder), !isFolder.boolValue else { continue }
                found.append(path)
            }
        }
        return found.sorted()
    }()
}
