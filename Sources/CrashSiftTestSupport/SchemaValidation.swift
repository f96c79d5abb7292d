import Foundation

/// Validates JSON outputs against the JSON Schemas in `Sources/CrashSift/Schemas/`, with
/// `validate.py` there (Python's `jsonschema`, which `make test` installs when it is missing).
public enum SchemaValidation {
    /// What the validator said: exit status 0 when every document matched.
    public struct Outcome: Sendable {
        public var status: Int32
        public var output: String
    }

    /// The schema file of `name` (`crashsift.parse-1`).
    public static func schema(_ name: String) -> URL {
        PackagePaths.root.appendingPathComponent("Sources/CrashSift/Schemas/\(name).schema.json")
    }

    /// Runs `python3 validate.py SCHEMA FILE...`; each file is a JSON document, an array of
    /// them, or JSON lines (`.jsonl`).
    public static func validate(schema name: String, files: [URL]) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", PackagePaths.root.appendingPathComponent("Sources/CrashSift/Schemas/validate.py").path, schema(name).path] + files.map(\.path)
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    /// Writes `documents` as one JSON array to a new temporary file.
    public static func writeArray(_ documents: [String], named name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("crashsift-schema-\(UUID().uuidString)-\(name).json")
        try Data(("[" + documents.joined(separator: ",\n") + "]").utf8).write(to: url)
        return url
    }
}
