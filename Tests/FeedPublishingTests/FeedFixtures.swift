import Foundation
@testable import FeedPublishing
import ImportFeedConfig
import IssueModel

/// A small site and issues written for these tests.
enum FeedFixtures {
    static let site = FeedSite(
        title: "Import AI", description: "Weekly AI news", homePageURL: "https://example.org/", language: "en",
        author: "Jack Clark", rssURL: "https://example.org/feeds/feed.xml",
        atomURL: "https://example.org/feeds/atom.xml", jsonURL: "https://example.org/feeds/feed.json")

    static func issue(_ number: Int, day: Int, title: String = "Robots & <markup>; \"quotes\"") -> IssueModel.Issue {
        let location = SourceLocation(file: "test.md", line: 1)
        var paragraph = RichText("See the paper and a bad link.")
        paragraph.anchors = [
            RichText.Anchor(start: 8, end: 17, url: "https://arxiv.org/abs/2301.00001"),
            RichText.Anchor(start: 24, end: 28, url: "javascript:alert(1)"),
        ]
        let story = Story(
            headline: "Robots fold <laundry>", dek: "A dek & more",
            body: [.paragraph(paragraph), .bulletList([RichText("one"), RichText("two")])],
            links: [Link(text: "Read more", title: "Paper", source: "arXiv", url: "https://arxiv.org/abs/2301.00001",
                         location: location)],
            location: location)
        let tale = Tale(title: "The Tale", setting: "Somewhere, 2030", body: [.paragraph(RichText("It happened."))],
                        inspiration: "Tests.", location: location)
        return IssueModel.Issue(number: IssueNumber(number), title: title, date: IssueDate(year: 2023, month: 3, day: day),
                                stories: [story], tale: tale, location: location)
    }

    static func items(_ issues: [IssueModel.Issue]) throws -> [FeedItem] {
        try issues.map {
            try FeedItem(issue: $0, permalink: { "https://example.org/p/import-ai-\($0)" }, fallbackDates: [:],
                         author: "Jack Clark")
        }
    }

    /// The three feeds of two issues; `title` is the issues' title.
    static func feeds(title: String = "Robots fold laundry; a benchmark for boring tasks") throws -> [FeedKind: [UInt8]] {
        let items = try items([issue(321, day: 20, title: title), issue(320, day: 13, title: title)])
        return Dictionary(uniqueKeysWithValues: try FeedKind.allCases.map { ($0, try FeedRenderer.render($0, site: site, items: items)) })
    }

    static func string(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }
}
