import Foundation
import IssueModel
import IssueParsing
@testable import LinkChecking
import Testing

/// The author's audit covers every http(s) link of the document's body, wherever the parser put it
/// (notes, stories, running text, the tale): counted here from the Markdown itself, independently
/// of the recogniser.
struct EveryLinkIsAuditedTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let realFolder = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/real")

    static var markdownFiles: [String] {
        let real = (try? FileManager.default.contentsOfDirectory(atPath: realFolder.path))?
            .filter { $0.hasSuffix(".md") && $0.first?.isNumber == true }.sorted()
            .map { realFolder.appendingPathComponent($0).path } ?? []
        let archive = packageRoot.appendingPathComponent("archive")
        let samples = ((try? FileManager.default.contentsOfDirectory(atPath: archive.path)) ?? [])
            .filter { $0.hasSuffix(".md") }.sorted().map { archive.appendingPathComponent($0).path }
        return real + samples
    }

    /// The http(s) addresses of `[text](url)` links in the body (front matter and images aside).
    static func addressesWritten(in path: String) throws -> Set<String> {
        var text = try String(contentsOfFile: path, encoding: .utf8)
        if text.hasPrefix("---\n"), let end = text.range(of: "\n---\n", range: text.index(text.startIndex, offsetBy: 4)..<text.endIndex) {
            text = String(text[end.upperBound...])
        }
        func addresses(_ pattern: String) throws -> Set<String> {
            let expression = try NSRegularExpression(pattern: pattern)
            return Set(expression.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
                Range($0.range(at: 1), in: text).map { String(text[$0]) }
            })
        }
        // Every `](url)`, less images' (`![alt](url)`), which are no links to check.
        return try addresses(#"\]\((https?://[^)\s]+)\)"#).subtracting(addresses(#"!\[[^\]]*\]\((https?://[^)\s]+)\)"#))
    }

    @Test(arguments: markdownFiles) func theAddressesCheckedAreTheAddressesWritten(path: String) throws {
        let read = ArchiveParser().issuesByFile(paths: [path])
        #expect(read.errors.isEmpty, "\(read.errors)")
        let checked = Set(CitedLink.links(of: read.files.flatMap(\.issues)).compactMap(\.link.url))
        let written = try Self.addressesWritten(in: path)
        #expect(checked == written, "\(path): not checked \(written.subtracting(checked).sorted()); not written \(checked.subtracting(written).sorted())")
        #expect(!written.isEmpty)
        // The fast path for addresses already in normal form gives what the full normalisation gives.
        for url in written {
            let fast = LinkAddress(url), full = LinkAddress(normalizing: url)
            #expect(fast?.url == full?.url && fast?.host == full?.host && fast?.arxivID == full?.arxivID, "\(url)")
        }
    }

    @Test func aLinkOutsideAnyStoryIsReportedUnderItsIssueWithItsLine() throws {
        let draft = """
            ---
            title: "Import AI 990: Notes with links"
            ---

            Welcome to a [sample newsletter](https://example.org/about). Read on.

            **A story:**
            _…a dek…_

            Body.
            """
        let result = ArchiveParser().parse(sources: [("draft.md", Array(draft.utf8), nil)])
        let links = CitedLink.links(of: result.archive.issues)
        let note = try #require(links.first)
        #expect(note.story == CitedLink.outsideStories)
        #expect(note.issue == "Import AI 990")
        #expect(note.link.url == "https://example.org/about")
        #expect(note.link.location.line == 5)
    }

    @Test func aDraftWithNoIssueNumberYetIsStillAudited() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("importfeed-draft-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let draft = folder.appendingPathComponent("next-week.md")
        try Data("**A story:**\n_…a dek…_\n\nBody.\n\n**Read more:** [Paper (arXiv)](https://arxiv.org/abs/2401.00001).\n".utf8)
            .write(to: draft)
        let read = ArchiveParser().issuesByFile(paths: [draft.path])
        #expect(read.errors.isEmpty, "\(read.errors)")
        let links = CitedLink.links(of: read.files.flatMap(\.issues))
        #expect(links.map(\.link.url) == ["https://arxiv.org/abs/2401.00001"])
        #expect(links.first?.issue == draft.path, "reported under the file's name until it has a number")
        // `parse` still refuses it: an archive's issues have numbers.
        #expect(ArchiveParser().parse(paths: [draft.path]).errors.map(\.reason) == [.unnumberedIssue])
    }
}
