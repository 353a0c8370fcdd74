import Foundation
@testable import FeedPublishing
import JSONText
import IssueModel
import Testing

struct FeedRendererTests {
    @Test func everyFeedIsValidWithNothingToSayAndDeterministic() throws {
        let feeds = try FeedFixtures.feeds()
        let validator = FeedValidator()
        for (kind, bytes) in feeds {
            let problems = validator.validate(bytes, kind: kind, expectedSelf: FeedFixtures.site.url(of: kind))
            #expect(problems.isEmpty, "\(kind): \(problems)")
        }
        #expect(try FeedFixtures.feeds() == feeds)
    }

    @Test func textIsEscaped() throws {
        let rss = FeedFixtures.string(try #require(try FeedFixtures.feeds(title: "Robots & <markup>; \"quotes\"")[.rss]))
        #expect(rss.contains("<title>Import AI 321: Robots &amp; &lt;markup&gt;; &quot;quotes&quot;</title>"))
        #expect(!rss.contains("<markup>"))
    }

    @Test func contentHasHeadingsDeksListsLinksAndTheTaleButNoUnsafeLinks() throws {
        let item = try #require(try FeedFixtures.items([FeedFixtures.issue(321, day: 20)]).first)
        let html = item.contentHTML
        #expect(html.hasPrefix("<h2>Robots fold &lt;laundry&gt;</h2><p><em>A dek &amp; more</em></p>"))
        #expect(html.contains("<p>See the <a href=\"https://arxiv.org/abs/2301.00001\">paper and</a> a bad link.</p>"))
        #expect(!html.contains("javascript"))
        #expect(html.contains("<ul><li>one</li><li>two</li></ul>"))
        #expect(html.contains("<p>Read more: <a href=\"https://arxiv.org/abs/2301.00001\">Paper</a> (arXiv).</p>"))
        #expect(html.contains("<h2>Tech Tales: The Tale</h2><p><em>[Somewhere, 2030]</em></p><p>It happened.</p>"))
        #expect(html.contains("<p><em>Things that inspired this story:</em> Tests.</p>"))
        #expect(item.summary == "A dek & more")
        #expect(item.id == "https://example.org/p/import-ai-321")
    }

    @Test func inlineFormattingQuotesImagesAndLinkLinesSurvive() throws {
        var issue = FeedFixtures.issue(321, day: 20)
        // "Why this matters: read the paper now." — bold lead-in, a link that starts inside the bold
        // run and ends after it, italics and code.
        let text = "Why this matters: read the paper now, with code."
        let paragraph = RichText(text, anchors: [RichText.Anchor(start: 9, end: 32, url: "https://example.org/p")],
                                 styles: [RichText.Style(start: 0, end: 17, kind: .strong),
                                          RichText.Style(start: 27, end: 30, kind: .emphasis),
                                          RichText.Style(start: 43, end: 47, kind: .code)])
        let linkLine = RichText("Read more: Paper (arXiv).",
                                anchors: [RichText.Anchor(start: 11, end: 24, url: "https://arxiv.org/abs/2301.00001")],
                                styles: [RichText.Style(start: 0, end: 10, kind: .strong)])
        issue.stories[0].body = [.paragraph(paragraph), .quote(RichText("Quoted one.")), .quote(RichText("Quoted two.")),
                                 .image(url: "https://example.org/chart.png", alt: "A chart"),
                                 .image(url: "javascript:alert(1)", alt: "Unsafe"), .linkLine(linkLine)]
        let html = try #require(try FeedFixtures.items([issue]).first).contentHTML
        #expect(html.contains("<p><strong>Why this <a href=\"https://example.org/p\">matters:</a></strong>"
                                + "<a href=\"https://example.org/p\"> read the <em>pap</em>er</a> now, with <code>code</code>.</p>"))
        #expect(html.contains("<blockquote><p>Quoted one.</p><p>Quoted two.</p></blockquote>"))
        #expect(html.contains("<img src=\"https://example.org/chart.png\" alt=\"A chart\"/>"))
        #expect(html.contains("<p>Unsafe</p>") && !html.contains("javascript"))
        #expect(html.contains("<p><strong>Read more:</strong> <a href=\"https://arxiv.org/abs/2301.00001\">Paper (arXiv)</a>.</p>"))
        // The link line shows the story's cited link: it is not written a second time.
        #expect(html.components(separatedBy: "arxiv.org/abs/2301.00001").count == 2)
        #expect(FeedValidator().validate(Array(try FeedFixtures.feeds()[.atom]!), kind: .atom,
                                         expectedSelf: FeedFixtures.site.url(of: .atom)).isEmpty)
    }

    @Test func datesFollowRFC822AndRFC3339AtNoonUTCWhenTheInputGivesOnlyADay() throws {
        let feeds = try FeedFixtures.feeds()
        #expect(FeedFixtures.string(feeds[.rss]!).contains("<pubDate>Mon, 20 Mar 2023 12:00:00 +0000</pubDate>"))
        #expect(FeedFixtures.string(feeds[.rss]!).contains("<lastBuildDate>Mon, 20 Mar 2023 12:00:00 +0000</lastBuildDate>"))
        #expect(FeedFixtures.string(feeds[.atom]!).contains("<updated>2023-03-20T12:00:00Z</updated>"))
        #expect(FeedFixtures.string(feeds[.json]!).contains("\"date_published\": \"2023-03-13T12:00:00Z\""))
        let moment = try #require(IssueMoment(iso: "2023-01-01T23:30:00-05:00"))
        #expect(FeedDates.rfc822(moment) == "Sun, 01 Jan 2023 23:30:00 -0500")
        #expect(moment.description == "2023-01-01T23:30:00-05:00")
        #expect(moment.inUTC.description == "2023-01-02T04:30:00Z")
    }

    @Test func aStatedTimeOfDayAndAnEditAreKept() throws {
        var issue = FeedFixtures.issue(321, day: 20)
        issue.published = IssueMoment(iso: "2023-03-20T14:30:00Z")
        issue.updated = IssueMoment(iso: "2023-03-22T09:00:00+01:00")
        var older = FeedFixtures.issue(320, day: 13)
        older.updated = nil
        let items = try FeedFixtures.items([issue, older])
        #expect(items[0].published.description == "2023-03-20T14:30:00Z")
        #expect(items[0].updated.description == "2023-03-22T09:00:00+01:00")
        #expect(items[1].updated == items[1].published, "no edit stated: updated is the publication time")
        let atom = FeedFixtures.string(try FeedRenderer.render(.atom, site: FeedFixtures.site, items: items))
        #expect(atom.contains("<published>2023-03-20T14:30:00Z</published>"))
        #expect(atom.contains("<updated>2023-03-22T09:00:00+01:00</updated>"))
        let json = FeedFixtures.string(try FeedRenderer.render(.json, site: FeedFixtures.site, items: items))
        #expect(json.contains("\"date_modified\": \"2023-03-22T09:00:00+01:00\""))
        // The feed's own updated is the latest of the items'.
        let rss = FeedFixtures.string(try FeedRenderer.render(.rss, site: FeedFixtures.site, items: items))
        #expect(rss.contains("<lastBuildDate>Wed, 22 Mar 2023 09:00:00 +0100</lastBuildDate>"))
    }

    @Test func anIssueWithNoDateAnywhereIsAnErrorNamingIt() throws {
        var issue = FeedFixtures.issue(330, day: 1)
        issue.date = nil
        #expect(throws: FeedItemError.self) { try FeedFixtures.items([issue]) }
        let item = try FeedItem(issue: issue, permalink: { "https://example.org/\($0)" },
                                fallbackDates: [IssueNumber(330): IssueDate(year: 2023, month: 5, day: 8)!], author: "A")
        #expect(item.date == IssueDate(year: 2023, month: 5, day: 8))
        do {
            _ = try FeedFixtures.items([issue])
        } catch {
            #expect("\(error)".contains("issue 330"))
            #expect("\(error)".contains("dates"))
        }
    }
}

/// The JSON Feed is written member by member; it must be exactly what the writer makes of the whole
/// feed as one object (sorted keys, the writer's indentation).
struct StreamedJSONFeedTests {
    @Test(arguments: [0, 1, 3])
    func streamedFeedIsTheWholeObjectEncoded(itemCount: Int) throws {
        typealias Value = JSONWriter.Value
        let site = FeedFixtures.site
        let issues = (0..<itemCount).map { FeedFixtures.issue(330 - $0, day: 20 - $0) }
        let items = try FeedFixtures.items(issues)
        for page in [FeedPage(selfURL: site.jsonURL),
                     FeedPage(selfURL: "https://example.org/feeds/archive/feed-2.json", currentURL: site.jsonURL,
                              previousArchiveURL: "https://example.org/feeds/archive/feed-1.json")] {
            var feed: [String: Value] = [
                "version": .string("https://jsonfeed.org/version/1.1"), "title": .string(site.title),
                "description": .string(site.description), "home_page_url": .string(site.homePageURL),
                "feed_url": .string(page.selfURL), "language": .string(site.language),
                "authors": .array([.object(["name": .string(site.author)])]),
                "items": .array(items.map { item in
                    .object(["authors": .array(item.authors.map { .object(["name": .string($0)]) }),
                             "content_html": .string(item.contentHTML), "date_modified": .string(item.updated.description),
                             "date_published": .string(item.published.description), "id": .string(item.id),
                             "summary": .string(item.summary), "title": .string(item.title), "url": .string(item.url)])
                }),
            ]
            if let older = page.previousArchiveURL { feed["next_url"] = .string(older) }
            let streamed = FeedRenderer.render(.json, site: site, items: items, page: page)
            #expect(FeedFixtures.string(streamed) == FeedFixtures.string(JSONWriter.encode(.object(feed))))
        }
    }
}

