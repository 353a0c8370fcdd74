// swift-tools-version: 6.1
// The libFuzzer target for importfeed's readers and recogniser. Built only by scripts/fuzz, with
// `-sanitize=fuzzer`, so that the main package's builds never need libFuzzer.
import PackageDescription

let package = Package(
    name: "importfeed-fuzz",
    dependencies: [.package(path: "..")],
    targets: [
        .target(name: "CFuzzerDriver"),
        .executableTarget(
            name: "IssueParsingFuzzer",
            dependencies: ["CFuzzerDriver", .product(name: "IssueParsing", package: "main")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
