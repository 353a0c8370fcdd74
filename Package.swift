// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "importfeed",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "importfeed", targets: ["importfeed"]),
        .library(name: "IssueModel", targets: ["IssueModel"]),
        .library(name: "IssueParsing", targets: ["IssueParsing"]),
        .library(name: "FeedPublishing", targets: ["FeedPublishing"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // Thin system-library targets: headers plus typed inline shims, nothing else.
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        // libcurl's headers only: the library itself is loaded (dlopen) when the link checker first
        // starts, so that the other commands do not pay for loading it and its dependencies.
        .systemLibrary(
            name: "CCurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        // Linux calls Swift's Glibc module does not declare: renameat2 (RENAME_EXCHANGE), syncfs,
        // sync_file_range, mallopt.
        .systemLibrary(name: "CSystem"),
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),

        // `concurrentMap`: the one helper that spreads independent work over the cores.
        .target(name: "ParallelMap"),

        // Finding a few bytes in long text sixteen at a time: what the writers escape, what ends a JSON string.
        .target(name: "ByteScanning"),

        // JSON text: a small deterministic writer (sorted keys, streaming) for the JSON Feed and the link
        // report, and a strict reader (line and column of every error) for config.json and JSON feeds.
        .target(name: "JSONText", dependencies: ["ByteScanning"]),

        // The typed model: value types only, no knowledge of formats, feeds or HTTP.
        .target(name: "IssueModel"),

        // Readers (text, Markdown, HTML) → blocks → one recogniser → archive.
        .target(
            name: "IssueParsing",
            dependencies: ["IssueModel", "ParallelMap", "ByteScanning", "CLibXML2", "CCmark"]
        ),

        // config.json: typed, checked, every error naming its key.
        .target(name: "ImportFeedConfig", dependencies: ["IssueModel", "JSONText"]),

        // Feeds: items, the three renderers, validation with libxml2, atomic publishing.
        .target(
            name: "FeedPublishing",
            dependencies: ["IssueModel", "IssueParsing", "ImportFeedConfig", "ParallelMap", "JSONText", "ByteScanning", "CLibXML2", "CSystem"],
            // The schemas are compiled into the binary: no resource bundle to find (or to lose) at run time.
            resources: [.embedInCode("Schemas/rss.rng"), .embedInCode("Schemas/atom.rng")]
        ),

        // The link checker: one libcurl multi handle, one owner thread, an async API.
        .target(name: "LinkChecking", dependencies: ["IssueModel", "ImportFeedConfig", "JSONText", "CCurl", "CLibXML2"]),

        // The command line: option parsing only.
        .executableTarget(
            name: "importfeed",
            dependencies: [
                "IssueModel",
                "IssueParsing",
                "ImportFeedConfig",
                "FeedPublishing",
                "LinkChecking",
                "CSystem",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // How another package publishes feeds of its own items with FeedPublishing (quoted in the
        // README; built and run by the tests, so it cannot rot).
        .executableTarget(
            name: "feed-library-example",
            dependencies: ["FeedPublishing", "IssueModel"],
            path: "Examples/FeedLibraryExample"
        ),

        .testTarget(name: "ByteScanningTests", dependencies: ["ByteScanning"]),
        .testTarget(name: "JSONTextTests", dependencies: ["JSONText"]),
        .testTarget(name: "ParallelMapTests", dependencies: ["ParallelMap"]),
        .testTarget(name: "IssueModelTests", dependencies: ["IssueModel"]),
        .testTarget(
            name: "IssueParsingTests",
            dependencies: ["IssueModel", "IssueParsing"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "ImportFeedConfigTests", dependencies: ["ImportFeedConfig", "IssueModel"]),
        .testTarget(name: "FeedPublishingTests", dependencies: ["FeedPublishing", "ImportFeedConfig", "IssueModel", "JSONText"]),
        // A loopback HTTP server for the tests (a Python script the tests start and stop).
        .target(name: "LoopbackTestServer", path: "Tests/Support/LoopbackTestServer", resources: [.copy("Fixtures")]),
        .testTarget(name: "LinkCheckingTests", dependencies: ["LinkChecking", "ImportFeedConfig", "IssueParsing", "IssueModel", "LoopbackTestServer"]),
        .testTarget(name: "ImportFeedCLITests", dependencies: ["importfeed", "feed-library-example", "LoopbackTestServer"]),
    ],
    swiftLanguageModes: [.v6]
)
