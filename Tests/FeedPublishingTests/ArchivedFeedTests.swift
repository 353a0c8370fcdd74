import Foundation
@testable import FeedPublishing
import ImportFeedConfig
import IssueModel
import Testing

/// RFC 5005 archived feeds: every issue reachable from the subscription feed, each exactly once,
/// archive documents that never change when a new issue arrives.
struct ArchivedFeedTests {
    typealias Site = FeedBuilderTests.Site

    /// A site of `count` weekly issues, 401… with archive pages of `pageSize`.
    static func site(count: Int, pageSize: Int) throws -> Site {
        let issues = (0..<count).map { index in
            (number: 401 + index, date: String?(Self.date(week: index)))
        }
        let site = try Site(issues: issues)
        try Self.setPageSize(pageSize, in: site)
        return site
    }

    /// Mondays from 2 January 2023.
    static func date(week: Int) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.timeZone = TimeZone(identifier: "UTC")
        let start = formatter.date(from: "2023-01-02")!
        return formatter.string(from: start.addingTimeInterval(Double(week) * 7 * 86_400))
    }

    static func setPageSize(_ size: Int, in site: Site) throws {
        let path = site.folder.appendingPathComponent("config.json")
        var text = try String(contentsOf: path, encoding: .utf8)
        text = text.replacingOccurrences(of: #""inputs": ["archive"]"#, with: #""inputs": ["archive"], "archive_page_size": \#(size)"#)
        try Data(text.utf8).write(to: path)
    }

    /// Adds issue `number` of `date` to the site's archive (its date goes to config.json).
    static func add(_ number: Int, date: String, to site: Site) throws {
        try site.write(issues: [(number, date)])
        let config = site.folder.appendingPathComponent("config.json")
        let text = try String(contentsOf: config, encoding: .utf8)
        try Data(text.replacingOccurrences(of: #""dates": {"#, with: #""dates": {"\#(number)": "\#(date)", "#).utf8).write(to: config)
    }

    /// The path in the output folder of a feed address.
    static func path(of url: String, in site: Site) -> String {
        site.feeds.appendingPathComponent(String(url.dropFirst("https://example.org/feeds/".count))).path
    }

    static func matches(_ pattern: String, in text: String) -> [String] {
        let expression = try! NSRegularExpression(pattern: pattern)
        return expression.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range(at: 1), in: text).map { String(text[$0]) }
        }
    }

    /// Walks `prev-archive` from the subscription document: the ids seen, in order, and the documents.
    static func walkAtom(_ site: Site) throws -> (ids: [String], documents: [String]) {
        var url: String? = "https://example.org/feeds/atom.xml"
        var ids: [String] = []
        var documents: [String] = []
        while let current = url, documents.count < 100 {
            let text = try String(contentsOfFile: path(of: current, in: site), encoding: .utf8)
            documents.append(text)
            ids += matches(#"<entry>\s*<title>[^<]*</title>\s*<id>([^<]+)</id>"#, in: text)
            url = matches(#"<link rel="prev-archive" type="application/atom\+xml" href="([^"]+)"/>"#, in: text).first
        }
        return (ids, documents)
    }

    @Test func walkingPrevArchiveFromTheSubscriptionFeedSeesEveryIssueExactlyOnce() throws {
        let site = try Self.site(count: 7, pageSize: 2)
        defer { site.remove() }
        _ = try site.builder().build()
        let (ids, documents) = try Self.walkAtom(site)
        #expect(documents.count == 4, "a subscription document and three full archive pages")
        #expect(ids.count == 7)
        #expect(Set(ids).count == 7)
        #expect(Set(ids) == Set((401...407).map { "https://example.org/p/import-ai-\($0)" }))
        // Archive documents are marked as such and point back at the subscription document.
        for archive in documents.dropFirst() {
            #expect(archive.contains("<fh:archive/>"))
            #expect(archive.contains(#"<link rel="current" type="application/atom+xml" href="https://example.org/feeds/atom.xml"/>"#))
        }
        #expect(!documents[0].contains("fh:archive"))
        // The oldest page has no prev-archive; none has next-archive, so that no page changes when a
        // newer one appears.
        #expect(!documents[3].contains("prev-archive"))
        #expect(documents.allSatisfy { !$0.contains("next-archive") })
        // RSS and JSON Feed carry the same chain.
        let rss = try String(contentsOfFile: site.feeds.appendingPathComponent("feed.xml").path, encoding: .utf8)
        #expect(rss.contains(#"<atom:link href="https://example.org/feeds/archive/feed-3.xml" rel="prev-archive""#))
        let json = try String(contentsOfFile: site.feeds.appendingPathComponent("feed.json").path, encoding: .utf8)
        #expect(json.contains(#""next_url": "https://example.org/feeds/archive/feed-3.json""#))
        // Every document passes the same validation as the subscription feeds.
        for name in try FileManager.default.subpathsOfDirectory(atPath: site.feeds.path) where name.contains(".") {
            let bytes = try #require(FileManager.default.contents(atPath: site.feeds.appendingPathComponent(name).path))
            let expectedSelf = "https://example.org/feeds/" + name
            #expect(FeedValidator().validate(Array(bytes), expectedSelf: expectedSelf).isEmpty, "\(name)")
        }
    }

    @Test func aNewIssueLeavesEveryArchiveDocumentAsItWas() throws {
        let site = try Self.site(count: 6, pageSize: 2)
        defer { site.remove() }
        _ = try site.builder().build()
        let archive = site.feeds.appendingPathComponent("archive")
        func snapshot() throws -> [String: Data] {
            var result: [String: Data] = [:]
            for name in try FileManager.default.contentsOfDirectory(atPath: archive.path) {
                result[name] = FileManager.default.contents(atPath: archive.appendingPathComponent(name).path)
            }
            return result
        }
        let before = try snapshot()
        #expect(before.count == 6, "two full pages of each of the three formats")
        try Self.add(407, date: Self.date(week: 6), to: site)
        _ = try site.builder().build()
        let after = try snapshot()
        #expect(after.filter { before[$0.key] != nil } == before, "no archive document changed")
        // And once the subscription feed's page fills, the next new issue archives it as page 3.
        try Self.add(408, date: Self.date(week: 7), to: site)
        _ = try site.builder().build()
        #expect(try snapshot().count == 9)
    }

    @Test func aChangedPageSizeRewritesThePagesAndDropsTheOnesThatNoLongerExist() throws {
        let site = try Self.site(count: 7, pageSize: 2)
        defer { site.remove() }
        _ = try site.builder().build()
        let config = site.folder.appendingPathComponent("config.json")
        let text = try String(contentsOf: config, encoding: .utf8)
        try Data(text.replacingOccurrences(of: #""archive_page_size": 2"#, with: #""archive_page_size": 3"#).utf8).write(to: config)
        _ = try site.builder().build(force: true)
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: site.feeds.appendingPathComponent("archive").path))
        #expect(names == ["feed-1.xml", "feed-2.xml", "atom-1.xml", "atom-2.xml", "feed-1.json", "feed-2.json"])
        let (ids, _) = try Self.walkAtom(site)
        #expect(ids.count == 7 && Set(ids).count == 7)
    }
}
