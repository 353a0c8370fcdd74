// swift-tools-version: 6.1
// The libFuzzer target for importfeed's readers and recogniser. Built only by scripts/fuzz, with
// `-sanitize=fuzzer`, so that the main package's builds never need libFuzzer.
import Foundation
import PackageDescription

/// SwiftPM names a package found by path after its folder, and a clone may live in a folder of any
/// name: read that name here instead of assuming one.
let parentPackage = URL(fileURLWithPath: Context.packageDirectory)
    .deletingLastPathComponent().standardizedFileURL.lastPathComponent

let package = Package(
    name: "importfeed-fuzz",
    dependencies: [.package(path: "..")],
    targets: [
        .target(name: "CFuzzerDriver"),
        .executableTarget(
            name: "IssueParsingFuzzer",
            dependencies: ["CFuzzerDriver", .product(name: "IssueParsing", package: parentPackage)]
        ),
    ],
    swiftLanguageModes: [.v6]
)
