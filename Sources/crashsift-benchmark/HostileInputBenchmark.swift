import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// `--hostile`: inputs no one pastes on purpose but scans meet — one 50 MB line, files of
/// nothing but newlines — parsed by the release `crashsift parse` in child processes. The
/// time per MB of the 100 MB and 1 GB newline files shows whether the work is linear; the
/// peak RSS shows what memory a line costs.
enum HostileInputBenchmark {
    static func run(_ options: Options) throws -> Int32 {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("crashsift").path
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw BenchmarkError("\(executable) is missing: build it with `swift build -c release --product crashsift`")
        }
        let folder = FileIO.temporaryDirectory()
        let cases: [(name: String, size: Int, byte: UInt8, newlineAtEnd: Bool)] = [
            ("one 50 MB line", 50_000_000, UInt8(ascii: "x"), true),
            ("100 MB of newlines", 100_000_000, UInt8(ascii: "\n"), false),
            ("1 GB of newlines", 1_000_000_000, UInt8(ascii: "\n"), false),
        ]
        print("crashsift-benchmark --hostile: `crashsift parse --compact FILE > /dev/null`, a child process each")
        print()
        print("input                   seconds   ms per MB   peak RSS MiB   RSS bytes per input byte")
        for item in cases {
            let path = "\(folder)/crashsift-benchmark-hostile-\(item.size)-\(item.byte).txt"
            if FileIO.size(of: path) != item.size + (item.newlineAtEnd ? 1 : 0) {
                let writer = try FileIO.AtomicWriter(path: path)
                let chunk = [UInt8](repeating: item.byte, count: 1 << 20)
                var left = item.size
                while left > 0 {
                    let count = min(left, chunk.count)
                    try writer.write(Array(chunk[..<count]))
                    left -= count
                }
                if item.newlineAtEnd { try writer.write([UInt8(ascii: "\n")]) }
                try writer.commit()
            }
            let (seconds, rss) = try ScanBenchmark.runChild([executable, "parse", "--compact", path])
            print(item.name.padding(toLength: 22, withPad: " ", startingAt: 0)
                + String(format: "  %7.2f   %9.2f   %12.1f   %24.1f", seconds, seconds * 1000 / (Double(item.size) / 1e6),
                         Double(rss) / 1_048_576, Double(rss) / Double(item.size)))
        }
        return 0
    }
}
