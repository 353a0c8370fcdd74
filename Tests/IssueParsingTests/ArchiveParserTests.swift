import Foundation
import IssueModel
import IssueParsing
import Testing

/// Files, formats, errors and duplicates.
struct ArchiveParserTests {
    static let issue950 = "Import AI 950: Dup\nHeadline one:\n…dek…\nBody.\nHeadline two:\n…dek…\nBody.\n"

    @Test func theSameIssueTwiceIsKeptOnceAndTheRicherCopyWins() throws {
        let markdown = """
            ---
            date: 2023-05-01
            ---
            # Import AI 950: Dup

            **Headline one:**
            *…dek…*

            Read more: [Paper](https://arxiv.org/abs/2305.00001) (arXiv).
            """
        let result = parse([("950.txt", Self.issue950), ("950.md", markdown)])
        #expect(result.errors.isEmpty)
        let issue = try #require(onlyIssue(result))
        #expect(issue.location.file == "950.md")
        #expect(issue.date == IssueDate(year: 2023, month: 5, day: 1))
        #expect(result.duplicates == [DuplicateIssue(number: IssueNumber(950), kept: SourceLocation(file: "950.md", line: 4),
                                                     dropped: SourceLocation(file: "950.txt", line: 1))])
    }

    @Test func anUntitledCopyMatchesItsNumberedIssueWithQuotesNormalised() throws {
        let numbered = "Import AI 951: Q\nIt’s a “headline” – really:\n…dek…\nBody.\n"
        let untitled = "It's a \"headline\" - really:\n...dek...\nBody.\n"
        let result = parse([("untitled.txt", untitled), ("numbered.txt", numbered)])
        #expect(result.errors.isEmpty)
        #expect(result.archive.issues.count == 1)
        #expect(result.duplicates.first?.kept.file == "numbered.txt")
        #expect(result.duplicates.first?.dropped.file == "untitled.txt")
    }

    @Test func anUntitledIssueMatchingNothingIsAnErrorWithFileAndLine() throws {
        let result = parse([("lost.txt", "\n\nLonely headline:\n…dek…\nBody.\n")])
        #expect(result.archive.issues.isEmpty)
        #expect(result.errors == [ParseError(file: "lost.txt", line: 3, reason: .unnumberedIssue)])
    }

    @Test func invalidUTF8IsReportedWithLineAndColumnAndTheGoodFileIsStillRead() throws {
        var bytes = Array("Import AI 952: Bad\nHeadline:\n…de".utf8)
        bytes.append(0xFF)
        let result = ArchiveParser().parse(sources: [("bad.txt", bytes, nil), ("good.txt", Array(Self.issue950.utf8), nil)])
        #expect(result.archive.issues.map(\.number) == [IssueNumber(950)])
        let error = try #require(result.errors.first)
        #expect(error.reason == .invalidUTF8(byte: 0xFF))
        #expect(error.line == 3)
        #expect(error.column == 6)
        #expect(error.description.hasPrefix("bad.txt:3:6: invalid UTF-8"))
    }

    @Test func unreadableAndEmptyFilesAreErrorsNamingTheFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("importfeed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let empty = folder.appendingPathComponent("empty.txt")
        try Data().write(to: empty)
        let missing = folder.appendingPathComponent("missing.txt").path
        let result = ArchiveParser().parse(paths: [missing, empty.path])
        #expect(result.errors.count == 2)
        #expect(result.errors[0].file == missing)
        #expect(result.errors[0].description.contains("No such file or directory"))
        #expect(result.errors[1].reason == .noIssue)
    }

    @Test func aFolderStandsForTheIssueFilesBelowIt() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("importfeed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("nested"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(Self.issue950.utf8).write(to: folder.appendingPathComponent("nested/950.txt"))
        try Data("not an issue file".utf8).write(to: folder.appendingPathComponent("notes.json"))
        let result = ArchiveParser().parse(paths: [folder.path])
        #expect(result.errors.isEmpty)
        #expect(result.archive.issues.map(\.number) == [IssueNumber(950)])
    }

    @Test(arguments: [
        ("a.md", "# x", InputFormat.markdown), ("a.html", "hello", .html), ("a.txt", "<!DOCTYPE html><html>", .html),
        ("a", "<html><body>", .html), ("a", "---\ntitle: x\n---\n", .markdown), ("a.txt", "---\ntitle: x\n---\n", .text),
        ("a", "Import AI 1: x", .text),
    ])
    func formatsAreDetectedFromNameAndContent(name: String, content: String, format: InputFormat) {
        #expect(InputFormat.detect(path: name, bytes: Array(content.utf8)) == format)
    }

    @Test func theRepositorysSampleArchiveParsesWithDatesAndURLs() throws {
        let result = ArchiveParser().parse(paths: [packageRoot.appendingPathComponent("archive").path])
        #expect(result.errors.isEmpty, "\(result.errors)")
        let issues = result.archive.issues
        #expect(issues.map { $0.number?.value } == [336, 335, 334, 333, 332, 331, 330])
        #expect(issues.map { $0.stories.count } == [2, 3, 3, 3, 3, 3, 3])
        #expect(issues.allSatisfy { $0.tale != nil })
        // 334's date comes from config.json; every other issue states its own.
        #expect(issues.filter { $0.number?.value != 334 }.allSatisfy { $0.date != nil })
        #expect(issues.flatMap(\.links).filter { $0.url != nil }.count >= 10)
        // The issues written in the real newsletter's converted shapes read as a reader reads them.
        #expect(issues[0].stories.map(\.headline) == ["Weather forecasting fits on a laptop", "An eval that rewards patience"])
        #expect(issues[1].stories.map(\.headline) == ["Robots learn to sort recycling by touch",
                                                      "A census of benchmarks finds most of them saturated?",
                                                      "Compute goes underground"])
        #expect(issues[0...1].allSatisfy { $0.stories.allSatisfy { $0.dek != nil } })
        #expect(issues[0...1].map { $0.tale?.title } == ["The Forecast Keeper", "Lost_And_Found.log"])
        #expect(issues[1].stories[1].links.filter { $0.role == .cited }.map(\.title) == ["benchmark browser", "raw counts"])
    }
}
