// swift-tools-version: 6.1
//
// CrashSift: reads the text of Linux `crash` sessions and kernel logs into typed models.
// Layers (dependencies only point down; see README.md, "Architecture"):
//   CPCRE2 ─► PCRE2                 CZlib, CLZMA ─► CrashSiftInputs ─► CrashSift
//   CrashSiftText ─► CrashSiftModel ─► CrashSiftParser ─┬─► CrashSift ─► CrashSiftIndex (GRDB) ─► crashsift (CLI)
//                                  └─► CrashSiftRules ──┘
import PackageDescription

let package = Package(
    name: "CrashSift",
    products: [
        .library(name: "CrashSift", targets: ["CrashSift"]),
        .executable(name: "crashsift", targets: ["crashsift"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // Layer 0: the C libraries and the text layer.
        .systemLibrary(
            name: "CPCRE2",
            pkgConfig: "libpcre2-8",
            providers: [.apt(["libpcre2-dev"])]
        ),
        .target(name: "CrashSiftText"),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CLZMA", pkgConfig: "liblzma", providers: [.apt(["liblzma-dev"])]),

        // Layer 1: the regex wrapper, the value types, and the input layer of `crashsift scan`
        // (files, folders, gzip/xz files and tar archives; plain I/O, no parsing).
        .target(name: "CrashSiftInputs", dependencies: ["CZlib", "CLZMA"]),
        .target(name: "PCRE2", dependencies: ["CPCRE2"]),
        .target(name: "CrashSiftModel", dependencies: ["CrashSiftText"]),

        // Layer 2: grammars (PCRE2 for the kernel-report table: header and title patterns are data).
        .target(name: "CrashSiftParser", dependencies: ["CrashSiftText", "CrashSiftModel", "PCRE2"]),

        // Layer 2, beside the parser: rules see models, never tokens.
        .target(
            name: "CrashSiftRules",
            dependencies: ["CrashSiftText", "CrashSiftModel", "PCRE2", .product(name: "Yams", package: "Yams")],
            exclude: ["README.md"],  // the rule-writing guide
            resources: [.copy("BuiltInRules")]
        ),

        // Layer 3: the facade other tools embed.
        // Schemas/: the JSON Schemas of its documents, for users and the schema tests (not built in).
        .target(
            name: "CrashSift",
            dependencies: ["CrashSiftText", "CrashSiftModel", "CrashSiftParser", "CrashSiftRules", "CrashSiftInputs"],
            exclude: ["Schemas"]
        ),

        // Layer 3, beside the facade: the SQLite index of past scans (incremental re-scans).
        .target(name: "CrashSiftIndex", dependencies: ["CrashSift", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(
            name: "CrashSiftIndexTests",
            // GRDB: to make the files an index must refuse (another program's database, a newer schema).
            dependencies: ["CrashSiftIndex", "CrashSift", "CrashSiftTestSupport", .product(name: "GRDB", package: "GRDB.swift")]
        ),

        // Layer 4: the command-line tool.
        .executableTarget(
            name: "crashsift",
            dependencies: [
                "CrashSift",
                "CrashSiftIndex",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // Not products: the benchmark and test helpers.
        .executableTarget(name: "crashsift-benchmark", dependencies: ["CrashSift"]),
        .target(name: "CrashSiftTestSupport", dependencies: ["CrashSiftText", "CrashSiftModel"]),

        // Not products: libFuzzer entry points, each a `main.swift` holding only
        // `LLVMFuzzerTestOneInput` (`make fuzz`; README, "Fuzzing"). A plain build makes
        // executables that do nothing; `--sanitize=fuzzer` gives them libFuzzer's `main`.
        .executableTarget(name: "fuzz-parse", dependencies: ["CrashSift", "CrashSiftTestSupport"]),
        .executableTarget(name: "fuzz-rules", dependencies: ["CrashSift"]),
        .executableTarget(name: "fuzz-analyze", dependencies: ["CrashSift"]),

        .testTarget(name: "PCRE2Tests", dependencies: ["PCRE2"]),
        .testTarget(name: "CrashSiftInputsTests", dependencies: ["CrashSiftInputs", "CrashSiftTestSupport"]),
        .testTarget(name: "CrashSiftTextTests", dependencies: ["CrashSiftText"]),
        .testTarget(
            name: "CrashSiftRulesTests",
            dependencies: ["CrashSiftRules", "CrashSift", "CrashSiftTestSupport"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "CrashSiftParserTests",
            dependencies: ["CrashSiftParser", "CrashSiftModel", "CrashSiftText", "CrashSiftTestSupport", "CrashSift"],
            exclude: ["Fixtures", "Golden"]
        ),
        .testTarget(
            name: "CrashSiftTests",
            dependencies: ["CrashSift", "CrashSiftTestSupport"],
            exclude: ["Golden", "Fixtures"]
        ),
        .testTarget(
            name: "crashsiftTests",
            dependencies: ["CrashSiftTestSupport"],
            exclude: ["Golden"]
        ),
    ]
)
