import Foundation
import IssueModel
import IssueParsing
import Testing

/// Hostile and odd inputs: each gets a clear error (or warning) naming the file and the place, and
/// nothing is silently cut or dropped.
struct BadInputTests {
    /// A fresh folder under the temporary directory, removed by the caller.
    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("importfeed-bad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    static let goodIssue = "Import AI 970: Good\nHeadline:\n…dek…\nBody.\n"

    @Test func aNULCharacterIsAnErrorWithLineAndColumn() throws {
        let result = parseText("Import AI 971: T\nHeadline:\n…dek…\nHi\u{0}there.\n", name: "nul.txt")
        let error = try #require(result.errors.first)
        #expect(error.reason == .nulCharacter)
        #expect(error.file == "nul.txt" && error.line == 4 && error.column == 3)
        #expect(result.archive.issues.isEmpty, "nothing of the file is kept, so no feed can carry cut text")
    }

    @Test(.timeLimit(.minutes(1))) func aFIFOAndADeviceAreRefusedNotRead() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("pipe.txt").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let result = ArchiveParser().parse(paths: [fifo, "/dev/null"])
        #expect(result.errors.map(\.reason) == [.notRegularFile(kind: "a FIFO"), .notRegularFile(kind: "a device")])
        #expect(result.errors.first?.description.contains("pipe.txt") == true)
    }

    @Test func aFolderWithNoIssueFileIsAnError() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("not an issue file".utf8).write(to: folder.appendingPathComponent("notes.pdf"))
        let result = ArchiveParser().parse(paths: [folder.path])
        #expect(result.errors.map(\.reason) == [.noIssueFiles])
        #expect(result.errors.first?.file == folder.path)
    }

    @Test func theOutputFolderInsideAnInputFolderIsNeverReadBack() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(Self.goodIssue.utf8).write(to: folder.appendingPathComponent("970.txt"))
        let output = folder.appendingPathComponent("feeds")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        // A page in the output folder that would read as another issue.
        try Data("<html><body><h1>Import AI 969: Old</h1><p><strong>H:</strong></p><p><em>…d…</em></p></body></html>".utf8)
            .write(to: output.appendingPathComponent("index.html"))
        let result = ArchiveParser().parse(paths: [folder.path], excluding: output.path)
        #expect(result.errors.isEmpty, "\(result.errors)")
        #expect(result.archive.issues.map(\.number) == [IssueNumber(970)])
        #expect(ArchiveParser().parse(paths: [folder.path]).archive.issues.count == 2, "the fixture would be read without it")
    }

    @Test func anIssueNumberTooLargeSaysItIsOutOfRange() throws {
        let result = parseText("Import AI 1234567: Too big\nHeadline:\n…dek…\nBody.\n", name: "big.txt")
        let error = try #require(result.errors.first)
        #expect(error.reason == .issueNumberOutOfRange("1234567"))
        #expect(error.line == 1)
        #expect(error.description.contains("out of range"))
    }

    @Test func anIssueWithNoStoryGetsAWarningNamingIt() throws {
        let result = parse([("empty.txt", "Import AI 972: Nothing here\n"), ("good.txt", Self.goodIssue)])
        #expect(result.errors.isEmpty)
        #expect(result.warnings.map(\.reason) == [.noStories(IssueNumber(972))])
        #expect(result.warnings.first?.description.hasPrefix("empty.txt:1: issue 972 has no story") == true)
    }

    @Test func htmlNestedBeyondTheParsersLimitIsAnErrorNotLostStories() throws {
        let deep = String(repeating: "<div>", count: 400) + "<p>deep</p>" + String(repeating: "</div>", count: 400)
        let page = "<html><head><title>Import AI 973: Deep</title></head><body><h1>Import AI 973: Deep</h1>"
            + "<p><strong>First:</strong></p><p><em>…dek…</em></p>\(deep)"
            + "<p><strong>Lost:</strong></p><p><em>…dek…</em></p></body></html>"
        let result = parse([("deep.html", page)])
        let error = try #require(result.errors.first)
        guard case .htmlNotReadToTheEnd(let why) = error.reason else {
            Issue.record("expected an HTML error, got \(error)")
            return
        }
        #expect(why.contains("depth"))
        #expect(error.file == "deep.html")
    }

    @Test func htmlCutAtTheParsersSizeLimitIsAnErrorNotLostStories() throws {
        // libxml2 stops at a text node of more than 10,000,000 bytes unless told to read huge input.
        let page = "<html><body><h1>Import AI 974: Huge</h1><p><strong>First:</strong></p><p><em>…dek…</em></p><p>"
            + String(repeating: "word ", count: 2_100_000) + "</p><p><strong>Lost:</strong></p><p><em>…dek…</em></p></body></html>"
        let result = parse([("huge.html", page)])
        let error = try #require(result.errors.first)
        guard case .htmlNotReadToTheEnd(let why) = error.reason else {
            Issue.record("expected an HTML error, got \(error)")
            return
        }
        #expect(why.contains("huge"))
        #expect(result.archive.issues.isEmpty)
    }
}
