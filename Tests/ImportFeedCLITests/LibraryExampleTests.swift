import Foundation
import Testing

/// The library example (`Examples/FeedLibraryExample`) runs and publishes valid feeds: the code the
/// README quotes works as shown.
struct LibraryExampleTests {
    @Test func theExamplePublishesValidFeedsWithArchiveDocuments() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("importfeed-example-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("feeds")
        let example = ParseCommandTests.binary.deletingLastPathComponent().appendingPathComponent("feed-library-example")
        let process = Process()
        process.executableURL = example
        process.arguments = [output.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let printed = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(printed)")
        let files = try FileManager.default.subpathsOfDirectory(atPath: output.path).filter { $0.contains(".") }.sorted()
        #expect(files == ["archive/atom-1.xml", "archive/atom-2.xml", "archive/feed-1.json", "archive/feed-1.xml",
                          "archive/feed-2.json", "archive/feed-2.xml", "atom.xml", "feed.json", "feed.xml"])
        let validate = try ParseCommandTests.run(["validate", "--strict"] + files.map { output.appendingPathComponent($0).path })
        #expect(validate.status == 0, "\(validate.output)")
    }
}
