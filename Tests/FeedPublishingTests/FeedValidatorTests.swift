import Foundation
@testable import FeedPublishing
import IssueModel
import Testing

/// One test per rule: a valid feed with one thing broken must report that rule, with a line and,
/// inside an item, the item's title.
struct FeedValidatorTests {
    static func feed(_ kind: FeedKind) throws -> String {
        FeedFixtures.string(try #require(try FeedFixtures.feeds()[kind]))
    }

    static func problems(_ kind: FeedKind, _ change: (String) -> String) throws -> [FeedProblem] {
        let broken = change(try feed(kind))
        return FeedValidator().validate(Array(broken.utf8), kind: kind, expectedSelf: FeedFixtures.site.url(of: kind))
    }

    static func rules(_ problems: [FeedProblem], _ severity: FeedProblem.Severity = .error) -> Set<String> {
        Set(problems.filter { $0.severity == severity }.map(\.rule))
    }

    /// Replaces the first occurrence only.
    static func replacingFirst(_ text: String, _ target: String, _ replacement: String) -> String {
        guard let range = text.range(of: target) else { return text }
        return text.replacingCharacters(in: range, with: replacement)
    }

    // MARK: RSS

    @Test func rssSchemaViolationIsAnErrorWithALine() throws {
        let problems = try Self.problems(.rss) { $0.replacingOccurrences(of: "<description>Weekly AI news</description>", with: "") }
        #expect(Self.rules(problems).contains("relax-ng"))
        #expect(problems.allSatisfy { $0.line != nil })
    }

    @Test func rssDuplicateGuids() throws {
        let problems = try Self.problems(.rss) {
            $0.replacingOccurrences(of: "https://example.org/p/import-ai-320</guid>", with: "https://example.org/p/import-ai-321</guid>")
        }
        let duplicate = try #require(problems.first { $0.rule == "unique-id" })
        #expect(duplicate.item?.hasPrefix("Import AI 320") == true)
        #expect(duplicate.line != nil)
    }

    @Test func rssDatesMustBeRFC822WithTheRightWeekday() throws {
        let malformed = try Self.problems(.rss) { Self.replacingFirst($0, "Mon, 20 Mar 2023 12:00:00 +0000</pubDate>", "2023-03-20</pubDate>") }
        #expect(Self.rules(malformed).contains("rfc822-date"))
        let weekday = try Self.problems(.rss) { Self.replacingFirst($0, "Mon, 20 Mar 2023 12:00:00 +0000</pubDate>", "Tue, 20 Mar 2023 00:00:00 +0000</pubDate>") }
        #expect(weekday.contains { $0.rule == "rfc822-date" && $0.message.contains("day of the week") })
        let implausible = try Self.problems(.rss) { Self.replacingFirst($0, "Mon, 20 Mar 2023 12:00:00 +0000</pubDate>", "Sat, 20 Mar 1880 00:00:00 +0000</pubDate>") }
        #expect(Self.rules(implausible, .warning).contains("implausible-date"))
    }

    @Test func rssAddressesMustBeAbsolute() throws {
        let problems = try Self.problems(.rss) { Self.replacingFirst($0, "<link>https://example.org/p/import-ai-321</link>", "<link>/p/321</link>") }
        #expect(Self.rules(problems).contains("absolute-url"))
        let guid = try Self.problems(.rss) { Self.replacingFirst($0, ">https://example.org/p/import-ai-321</guid>", ">p-321</guid>") }
        #expect(guid.contains { $0.rule == "absolute-url" && $0.message.contains("guid") })
    }

    @Test func rssNeedsExactlyOneSelfLinkThatMatches() throws {
        let none = try Self.problems(.rss) { $0.replacingOccurrences(of: "rel=\"self\"", with: "rel=\"hub\"") }
        #expect(Self.rules(none).contains("self-link"))
        let selfLink = "<atom:link href=\"https://example.org/feeds/feed.xml\" rel=\"self\" type=\"application/rss+xml\"/>"
        let two = try Self.problems(.rss) { $0.replacingOccurrences(of: selfLink, with: selfLink + selfLink) }
        #expect(two.contains { $0.rule == "self-link" && $0.message.contains("2 self links") })
        let elsewhere = try Self.problems(.rss) { $0.replacingOccurrences(of: "feeds/feed.xml", with: "other.xml") }
        #expect(Self.rules(elsewhere, .warning).contains("self-link"))
    }

    @Test func rssTitlesMustNotBeEmpty() throws {
        let problems = try Self.problems(.rss) { Self.replacingFirst($0, "<title>Import AI 321", "<title> </title><x:y xmlns:x=\"urn:x\">Import AI 321") }
        #expect(!problems.filter { $0.severity == .error }.isEmpty)
    }

    @Test func rssContentMustBeSafe() throws {
        let script = try Self.problems(.rss) { Self.replacingFirst($0, "&lt;h2&gt;", "&lt;script&gt;alert(1)&lt;/script&gt;&lt;h2&gt;") }
        #expect(script.contains { $0.rule == "content-safety" && $0.message.contains("<script>") })
        let event = try Self.problems(.rss) { Self.replacingFirst($0, "&lt;h2&gt;", "&lt;h2 onclick=&quot;x()&quot;&gt;") }
        #expect(event.contains { $0.rule == "content-safety" && $0.message.contains("onclick") })
        let javascript = try Self.problems(.rss) {
            Self.replacingFirst($0, "href=&quot;https://arxiv.org/abs/2301.00001&quot;", "href=&quot;javascript:alert(1)&quot;")
        }
        #expect(Self.rules(javascript).contains("content-safety"))
        let relative = try Self.problems(.rss) {
            Self.replacingFirst($0, "href=&quot;https://arxiv.org/abs/2301.00001&quot;", "href=&quot;/papers/1&quot;")
        }
        #expect(Self.rules(relative, .warning).contains("relative-url"))
        let style = try Self.problems(.rss) { Self.replacingFirst($0, "&lt;h2&gt;", "&lt;h2 style=&quot;color:red&quot;&gt;") }
        #expect(Self.rules(style, .warning).contains("content-style"))
    }

    @Test func rssRecommendationsOfTheW3CValidator() throws {
        let order = try Self.problems(.rss) {
            $0.replacingOccurrences(of: "<description>A dek &amp; more</description>", with: "")
        }
        #expect(Self.rules(order, .warning).contains("description-before-content"))
        let noGuid = try Self.problems(.rss) {
            Self.replacingFirst($0, "<guid isPermaLink=\"true\">https://example.org/p/import-ai-321</guid>", "")
        }
        #expect(Self.rules(noGuid, .warning).contains("item-guid"))
        let markup = try Self.problems(.rss) { Self.replacingFirst($0, "<title>Import AI 321", "<title>&lt;b&gt;Import AI 321") }
        #expect(Self.rules(markup, .warning).contains("plain-text-html"))
    }

    @Test func notWellFormedXMLIsOneClearError() throws {
        let problems = try Self.problems(.rss) { String($0.dropLast(20)) }
        #expect(problems.count == 1)
        #expect(problems.first?.rule == "xml")
        #expect(problems.first?.line != nil)
    }

    @Test func externalEntitiesAreNeverLoaded() throws {
        let hostile = """
            <?xml version="1.0"?>
            <!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
            <rss version="2.0"><channel><title>&secret;</title><link>https://e.org/</link><description>d</description></channel></rss>
            """
        let problems = FeedValidator().validate(Array(hostile.utf8), kind: .rss)
        #expect(!problems.contains { $0.message.contains("root:") })
    }

    // MARK: Atom

    @Test func atomSchemaRequiresIdTitleAndUpdated() throws {
        let problems = try Self.problems(.atom) { Self.replacingFirst($0, "<id>https://example.org/p/import-ai-321</id>", "") }
        #expect(Self.rules(problems).contains("relax-ng"))
        #expect(problems.contains { $0.item?.hasPrefix("Import AI 321") == true })
    }

    @Test func atomIdsAreUniqueAbsoluteIRIs() throws {
        let duplicate = try Self.problems(.atom) {
            $0.replacingOccurrences(of: "<id>https://example.org/p/import-ai-320</id>", with: "<id>https://example.org/p/import-ai-321</id>")
        }
        #expect(Self.rules(duplicate).contains("unique-id"))
        let relative = try Self.problems(.atom) { Self.replacingFirst($0, "<id>https://example.org/p/import-ai-321</id>", "<id>321</id>") }
        #expect(Self.rules(relative).contains("absolute-url"))
    }

    @Test func atomDatesMustBeRFC3339AndDistinct() throws {
        let malformed = try Self.problems(.atom) { Self.replacingFirst($0, "<published>2023-03-20T12:00:00Z", "<published>2023-03-20 00:00") }
        #expect(!Self.rules(malformed).isEmpty)
        let same = try Self.problems(.atom) {
            $0.replacingOccurrences(of: "<updated>2023-03-13T12:00:00Z</updated>", with: "<updated>2023-03-20T12:00:00Z</updated>")
        }
        #expect(Self.rules(same, .warning).contains("duplicate-updated"))
    }

    @Test func atomEntriesNeedContentOrAnAlternateLinkAndAnAuthor() throws {
        let bare = try Self.problems(.atom) {
            var text = Self.replacingFirst($0, "<link rel=\"alternate\" type=\"text/html\" href=\"https://example.org/p/import-ai-321\"/>", "")
            if let start = text.range(of: "<content type=\"html\">"), let end = text.range(of: "</content>", range: start.upperBound..<text.endIndex) {
                text.removeSubrange(start.lowerBound..<end.upperBound)
            }
            return text
        }
        #expect(Self.rules(bare).contains("entry-content"))
        // Every entry names its author; with none on the feed or the entries, the rule fires.
        let authorless = try Self.problems(.atom) {
            $0.replacingOccurrences(of: #"\s*<author>\s*<name>[^<]*</name>\s*</author>"#, with: "", options: .regularExpression)
        }
        #expect(Self.rules(authorless).contains("author"))
        let feed = FeedFixtures.string(try #require(try FeedFixtures.feeds()[.atom]))
        #expect(feed.components(separatedBy: "<author>").count - 1 == 3, "the feed's author and one per entry")
    }

    // MARK: JSON Feed

    @Test func jsonFeedRules() throws {
        let version = try Self.problems(.json) { $0.replacingOccurrences(of: "version/1.1", with: "version/9") }
        #expect(Self.rules(version).contains("json-version"))
        let ids = try Self.problems(.json) { $0.replacingOccurrences(of: "import-ai-320\"", with: "import-ai-321\"") }
        #expect(ids.contains { $0.rule == "unique-id" && $0.line != nil })
        let date = try Self.problems(.json) { Self.replacingFirst($0, "2023-03-20T12:00:00Z", "March 20") }
        #expect(Self.rules(date).contains("rfc3339-date"))
        let content = try Self.problems(.json) { $0.replacingOccurrences(of: "\"content_html\"", with: "\"content_other\"") }
        #expect(Self.rules(content).contains("entry-content"))
        let broken = FeedValidator().validate(Array("{\"version\": ".utf8), kind: .json)
        #expect(broken.map(\.rule) == ["json"])
        // A key written twice: readers keep one or the other, so the feed is refused, with the line.
        let twice = FeedValidator().validate(Array("{\n \"title\": \"a\",\n \"title\": \"b\"\n}\n".utf8), kind: .json)
        #expect(twice.map(\.rule) == ["json"] && twice.first?.line == 3)
        #expect(twice.first?.message == "not valid JSON at column 2: duplicate key \"title\" (first written at line 2, column 2)")
    }

    @Test func kindsAreDetected() throws {
        let feeds = try FeedFixtures.feeds()
        for (kind, bytes) in feeds { #expect(FeedKind.detect(bytes) == kind) }
        #expect(FeedKind.detect(Array("hello".utf8)) == nil)
    }

    // MARK: Content safety beyond item HTML

    @Test func atomXHTMLContentSourcesAndHTMLTitlesAreCheckedForSafety() throws {
        let xhtml = try Self.problems(.atom) { feed in
            // The first entry's content, made inline XHTML with a script in it.
            guard let start = feed.range(of: #"<content type="html">"#),
                  let end = feed.range(of: "</content>", range: start.upperBound..<feed.endIndex) else { return feed }
            return feed.replacingCharacters(in: start.lowerBound..<end.upperBound, with:
                #"<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Hi</p><script>alert(1)</script></div></content>"#)
        }
        #expect(xhtml.contains { $0.rule == "content-safety" && $0.message.contains("<script>") }, "\(xhtml)")
        let source = try Self.problems(.atom) {
            Self.replacingFirst($0, #"<content type="html">"#, #"<content type="html" src="javascript:alert(1)">"#)
        }
        #expect(source.contains { $0.rule == "content-safety" && $0.message.contains("javascript:") })
        let title = try Self.problems(.atom) {
            Self.replacingFirst($0, "<title>Import AI 321", #"<title type="html">&lt;img src=x onerror=alert(1)&gt;Import AI 321"#)
        }
        #expect(title.contains { $0.rule == "content-safety" && $0.message.contains("onerror") })
    }

    @Test func rssChannelDescriptionIsCheckedForSafety() throws {
        let problems = try Self.problems(.rss) {
            $0.replacingOccurrences(of: "<description>Weekly AI news</description>",
                                    with: "<description>Weekly &lt;script&gt;alert(1)&lt;/script&gt; news</description>")
        }
        #expect(problems.contains { $0.rule == "content-safety" && $0.message.contains("channel description") })
    }

    @Test func jsonFeedIconsImagesAndAuthorLinksAreCheckedForSafety() throws {
        let icon = try Self.problems(.json) {
            Self.replacingFirst($0, #""feed_url""#, #""icon": "javascript:alert(1)", "feed_url""#)
        }
        #expect(icon.contains { $0.rule == "content-safety" && $0.message.contains("\"icon\"") })
        let author = try Self.problems(.json) {
            Self.replacingFirst($0, #""name": "Jack Clark""#, #""name": "Jack Clark", "url": "javascript:alert(1)""#)
        }
        #expect(author.contains { $0.rule == "content-safety" && $0.message.contains("author") }, "\(author)")
        let banner = try Self.problems(.json) {
            Self.replacingFirst($0, #""content_html""#, #""banner_image": "data:text/html,x", "content_html""#)
        }
        #expect(banner.contains { $0.rule == "content-safety" && $0.message.contains("banner_image") })
    }

    @Test func aUTF16FeedWithItsDeclarationIsRead() throws {
        let text = try Self.feed(.atom).replacingOccurrences(of: #"encoding="UTF-8""#, with: #"encoding="UTF-16""#)
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in text.utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let problems = FeedValidator().validate(bytes, expectedSelf: FeedFixtures.site.url(of: .atom))
        #expect(problems.isEmpty, "\(problems)")
        #expect(FeedKind.detect(bytes) == .atom)
    }

    // MARK: Long feeds

    /// A feed of `count` entries made from the fixture's first one, each with its own id; `change`
    /// edits entry `index` (0-based).
    static func longFeed(_ kind: FeedKind, count: Int, change: (Int, String) -> String = { $1 }) throws -> String {
        let source = try feed(kind)
        let (open, close) = kind == .rss ? ("<item>", "</item>") : ("<entry>", "</entry>")
        let start = try #require(source.range(of: open)), end = try #require(source.range(of: close, options: .backwards))
        let first = try #require(source.range(of: close))
        let entry = String(source[start.lowerBound..<first.upperBound])
        #expect(entry.contains("import-ai-321<"))
        let entries = (0..<count).map { index in
            change(index, entry.replacingOccurrences(of: "import-ai-321<", with: "import-ai-321-\(index)<"))
        }
        return String(source[..<start.lowerBound]) + entries.joined(separator: "\n") + String(source[end.upperBound...])
    }

    @Test(arguments: [FeedKind.rss, .atom]) func aLongFeedIsValidatedInPassesWithTheSameVerdict(kind: FeedKind) throws {
        let count = RelaxNGValidator.entriesPerPass * 2 + 100
        let validator = FeedValidator()
        let clean = try Self.longFeed(kind, count: count)
        #expect(validator.validate(Array(clean.utf8), kind: kind, expectedSelf: FeedFixtures.site.url(of: kind)).filter { $0.severity == .error } == [])

        // An entry deep in the feed breaks the schema; two entries far apart share an id.
        let broken = try Self.longFeed(kind, count: count) { index, entry in
            switch index {
            case 600: return Self.replacingFirst(entry, "<title", "<bogus/><title")
            case 3, 599: return entry.replacingOccurrences(of: "321-\(index)<", with: "321-duplicate<")
            default: return entry
            }
        }
        let problems = validator.validate(Array(broken.utf8), kind: kind, expectedSelf: FeedFixtures.site.url(of: kind))
        let lines = broken.components(separatedBy: "\n")
        let bogusLine = try #require(lines.firstIndex { $0.contains("<bogus/>") }) + 1
        let entryLine = try #require(lines[..<bogusLine].lastIndex { $0.contains(kind == .rss ? "<item>" : "<entry>") }) + 1
        let schema = problems.filter { $0.rule == "relax-ng" }
        // libxml2 words an entry's error its own way (at the entry, at the element); it is there, in that entry.
        #expect(schema.contains { (entryLine...bogusLine).contains($0.line ?? 0) }, "the entry's error, at its lines: \(schema)")
        #expect(problems.contains { $0.rule == "unique-id" }, "the rules after the schema see every entry back in place")

        // The container itself loses a required element: said once, not once a pass.
        let headless = Self.replacingFirst(clean, "<title>Import AI</title>", "")
        let containerProblems = validator.validate(Array(headless.utf8), kind: kind, expectedSelf: FeedFixtures.site.url(of: kind))
            .filter { $0.rule == "relax-ng" }
        #expect(containerProblems.filter { $0.message.contains("Expecting an element title") }.count == 1, "\(containerProblems)")
    }
}

/// The address checks every rule shares (read on the UTF-8 bytes).
struct WebAddressTests {
    @Test func onlyAbsoluteHTTPAddressesWithAHostPass() {
        for good in ["https://example.org/", "http://example.org", "HTTPS://Example.org/a?b=c", "hTtP://a.b/ü"] {
            #expect(WebAddress.isAbsoluteHTTP(good), "\(good)")
        }
        for bad in ["", "https://", "http:/example.org", "https:///path", "https://?q", "https://#f", "https://:80",
                    "ftp://example.org", "https://exa mple.org", "https://example.org/\u{7F}", "https://a.org/\"x\"",
                    "https://a.org/<x>", "mailto:jack@example.org", "//example.org"] {
            #expect(!WebAddress.isAbsoluteHTTP(bad), "\(bad)")
        }
        #expect(WebAddress.isSafeLink("mailto:jack@example.org"))
        #expect(!WebAddress.isSafeLink("javascript:alert(1)"))
    }
}

/// RSS dates (RFC 822 with a four-digit year), read on their bytes.
struct RFC822DateTests {
    @Test func rssDatesAreReadFieldByField() {
        #expect(FeedDates.parseRFC822("Mon, 20 Mar 2023 12:00:00 +0000")?.weekdayMatches == true)
        #expect(FeedDates.parseRFC822("Tue, 20 Mar 2023 12:00:00 +0000")?.weekdayMatches == false)
        #expect(FeedDates.parseRFC822("20 Mar 2023 12:00 GMT")?.date == IssueDate(year: 2023, month: 3, day: 20))
        #expect(FeedDates.parseRFC822("Mon,  20  Mar 2023 12:00:00 -0500") != nil)
        for bad in ["", "Mon, 20 Mar 23 12:00:00 +0000", "Mon, 20 March 2023 12:00:00 +0000", "Mon, 20 Mar 2023 24:00:00 +0000",
                    "Mon, 20 Mar 2023 12:00:00 +00", "Mon, 20 Mar 2023 12:00:00 XYZ", "Moon, 20 Mar 2023 12:00:00 +0000",
                    "Mon, 31 Feb 2023 12:00:00 +0000", "Mon, 20 Mar 2023 12:00:00 +0000 extra", "Mon, 20 Mar 2023 1:00:00 +0000"] {
            #expect(FeedDates.parseRFC822(bad) == nil, "\(bad)")
        }
    }
}

/// Atom and JSON Feed dates (RFC 3339 date-times), read on their bytes.
struct RFC3339DateTests {
    @Test func dateTimesNeedEveryFieldInRange() {
        for good in ["2023-03-20T12:00:00Z", "2023-03-20t12:00:00z", "2023-03-20T23:59:60+14:00", "2023-03-20T00:00:00.5-05:30",
                     "2023-03-20T12:00:00.123456Z", "2024-02-29T12:00:00Z"] {
            #expect(FeedDates.isRFC3339(good), "\(good)")
        }
        for bad in ["", "2023-03-20", "2023-03-20 12:00:00Z", "2023-03-20T24:00:00Z", "2023-03-20T12:60:00Z",
                    "2023-03-20T12:00:61Z", "2023-03-20T12:00:00", "2023-03-20T12:00:00.Z", "2023-03-20T12:00:00+24:00",
                    "2023-03-20T12:00:00+05:60", "2023-03-20T12:00:00+0500", "2023-02-30T12:00:00Z", "2023-03-20T1a:00:00Z",
                    "2023-03-20T12:00:00ZZ", "2023-03-20T12-00:00Z", "2023-03-20T12:00:00+05:00 ", "2023-13-20T12:00:00Z"] {
            #expect(!FeedDates.isRFC3339(bad), "\(bad)")
        }
    }
}
