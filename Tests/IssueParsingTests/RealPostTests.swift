import Foundation
import IssueModel
import IssueParsing
import Testing

/// Every real post of ../shared/real parsed as expected.json says an attentive reader parses it:
/// stories, headlines, deks, the URLs of link lines and of running text, tale titles, and where
/// each link stands.
@Suite(.enabled(if: realPostsAvailable, "../shared/real is absent: the real posts are not in this checkout"))
struct RealPostTests {
    /// expected.json, as its README describes it.
    struct Expected: Decodable {
        struct Post: Decodable {
            var file: String
            var number: Int
            var title: String
            var stories: [ExpectedStory]
            var tale: ExpectedTale?
        }

        struct ExpectedStory: Decodable {
            var headline: String
            var has_dek: Bool
            var link_urls: [String]
            var other_urls: [String]
        }

        struct ExpectedTale: Decodable {
            var title: String
        }

        var issues: [Post]
    }

    static let expected: [Expected.Post] = {
        guard let data = try? Data(contentsOf: realFolder.appendingPathComponent("expected.json")),
              let decoded = try? JSONDecoder().decode(Expected.self, from: data) else { return [] }
        return decoded.issues
    }()

    static var files: [String] { expected.map(\.file) }

    /// expected.json's `normalisation`: lower case, quotes and dashes unified, `*` and `_` dropped,
    /// compared on letters and digits only.
    static func normalised(_ text: String) -> String {
        String(text.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || $0.properties.numericType != nil }
            .map(Character.init))
    }

    /// URLs compared exactly, a trailing slash ignored.
    static func normalisedURL(_ url: String) -> String { url.hasSuffix("/") ? String(url.dropLast()) : url }

    static func parsed(_ file: String) -> (IssueModel.Issue?, ArchiveParseResult) {
        let result = ArchiveParser().parse(paths: [realFolder.appendingPathComponent(file).path])
        return (onlyIssue(result), result)
    }

    /// The unique URLs of `links`, in order.
    static func urls(_ links: [Link]) -> [String] {
        var seen: [String] = []
        for url in links.compactMap(\.url).map(normalisedURL) where !seen.contains(url) { seen.append(url) }
        return seen
    }

    @Test func expectedJSONIsRead() {
        #expect(Self.expected.count == 20)
    }

    @Test(arguments: files) func numberTitleAndStories(file: String) throws {
        let post = try #require(Self.expected.first { $0.file == file })
        let (parsed, result) = Self.parsed(file)
        #expect(result.errors.isEmpty, "\(result.errors)")
        let issue = try #require(parsed, "\(file): expected one issue")
        #expect(issue.number == IssueNumber(post.number))
        #expect(Self.normalised(issue.title) == Self.normalised(post.title), "\(file): title \(issue.title)")
        #expect(issue.stories.map { Self.normalised($0.headline) } == post.stories.map { Self.normalised($0.headline) },
                "\(file): headlines \(issue.stories.map(\.headline))")
        for (story, expected) in zip(issue.stories, post.stories) {
            #expect((story.dek != nil) == expected.has_dek, "\(file): dek of \(story.headline)")
            let cited = story.links.filter { $0.role == .cited }
            let inline = story.links.filter { $0.role == .inline }
            #expect(Self.urls(cited) == expected.link_urls.map(Self.normalisedURL), "\(file): link lines of \(story.headline)")
            #expect(Set(Self.urls(inline)) == Set(expected.other_urls.map(Self.normalisedURL)),
                    "\(file): running-text links of \(story.headline)")
        }
        #expect(issue.tale.flatMap(\.title).map(Self.normalised) == post.tale.map { Self.normalised($0.title) },
                "\(file): tale title \(issue.tale?.title ?? "none")")
    }

    @Test(arguments: files) func noMarkdownMarkerIsLeftInWhatAReaderSees(file: String) throws {
        let issue = try #require(Self.parsed(file).0)
        var seen = [issue.title] + (issue.tale?.title.map { [$0] } ?? [])
        for story in issue.stories {
            seen += [story.headline] + (story.dek.map { [$0] } ?? [])
            seen += story.links.flatMap { [$0.text] + ($0.title.map { [$0] } ?? []) }
        }
        for text in seen {
            #expect(!text.contains("*"), "\(file): \(text)")
            // An underscore inside a word is text (`Raw_Funeral_Speech.convo`); at a word's edge it is a marker.
            let words = text.split(separator: " ")
            #expect(!words.contains { $0.hasPrefix("_") || $0.hasSuffix("_") }, "\(file): \(text)")
        }
    }

    @Test(arguments: files) func everyLinkStandsOnTheLineThatHoldsItsAddress(file: String) throws {
        let lines = try String(contentsOf: realFolder.appendingPathComponent(file), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false)
        let issue = try #require(Self.parsed(file).0)
        let links = issue.stories.flatMap(\.links) + (issue.tale?.links ?? [])
        #expect(!links.isEmpty)
        for link in links {
            let url = try #require(link.url)
            let line = link.location.line
            try #require(line >= 1 && line <= lines.count, "\(file): line \(line) of \(url)")
            let text = Array(lines[line - 1].utf8)
            let column = try #require(link.location.column, "\(file):\(line): no column for \(url)")
            let written = Array(url.utf8)
            #expect(text.count >= column - 1 + written.count
                        && text[(column - 1)..<(column - 1 + written.count)].elementsEqual(written),
                    "\(file):\(line):\(column) does not hold \(url)")
        }
    }
}
