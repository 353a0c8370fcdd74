import Foundation
import IssueModel
import Testing

struct IssueDateTests {
    @Test func parsesAndPrintsISODates() {
        #expect(IssueDate(iso: "2023-03-27")?.description == "2023-03-27")
        #expect(IssueDate(iso: "2023-03-27T13:01:45.000Z") == IssueDate(year: 2023, month: 3, day: 27))
        #expect(IssueDate(iso: "2023-02-29") == nil)
        #expect(IssueDate(iso: "2024-02-29") != nil)
        #expect(IssueDate(iso: "2023-13-01") == nil)
        #expect(IssueDate(iso: "23-03-27") == nil)
        #expect(IssueDate(iso: "2023/03/27") == nil)
    }

    @Test func weekdaysFollowTheCalendar() {
        #expect(IssueDate(year: 2023, month: 3, day: 27)?.isoWeekday == 1)  // a Monday
        #expect(IssueDate(year: 2000, month: 1, day: 1)?.isoWeekday == 6)   // a Saturday
        #expect(IssueDate(year: 2026, month: 11, day: 23)?.isoWeekday == 1)
    }

    @Test func decodingRejectsAnythingButADay() throws {
        let decoder = JSONDecoder()
        #expect(try decoder.decode([IssueDate].self, from: Data(#"["2023-05-01"]"#.utf8)).first?.month == 5)
        #expect(throws: DecodingError.self) { try decoder.decode([IssueDate].self, from: Data(#"["2023-05-01T00:00"]"#.utf8)) }
    }
}

struct IssueNumberTests {
    @Test func parsesNumbersWithAndWithoutASuffix() {
        #expect(IssueNumber("320") == IssueNumber(320))
        #expect(IssueNumber("320B") == IssueNumber(320, suffix: "B"))
        #expect(IssueNumber("320b") == nil)
        #expect(IssueNumber("B") == nil)
        #expect(IssueNumber("32 0") == nil)
    }

    @Test func aBonusIssueSortsAfterItsBase() {
        #expect(IssueNumber(320) < IssueNumber(320, suffix: "B"))
        #expect(IssueNumber(320, suffix: "B") < IssueNumber(321))
    }
}

struct ArchiveTests {
    static func issue(_ number: Int, title: String = "T", stories: Int = 1, tale: Bool = false) -> IssueModel.Issue {
        let location = SourceLocation(file: "f.txt", line: number)
        let story = Story(headline: "H", links: [Link(text: "Read more", location: location)], location: location)
        return IssueModel.Issue(number: IssueNumber(number), title: title, stories: Array(repeating: story, count: stories),
                     tale: tale ? Tale(location: location) : nil, location: location)
    }

    @Test func issuesAreKeptNewestFirst() {
        let archive = Archive(issues: [Self.issue(311), Self.issue(320), Self.issue(315)])
        #expect(archive.issues.map { $0.number?.value } == [320, 315, 311])
        #expect(archive.issue(IssueNumber(315))?.location.line == 315)
    }

    @Test func summaryLinesHaveTheFiveColumns() {
        let archive = Archive(issues: [Self.issue(320, title: "A\ttabbed title", stories: 2, tale: true), Self.issue(319)])
        #expect(archive.summaryLines == ["320\t2\tyes\t2\tA tabbed title", "319\t1\tno\t1\tT"])
    }

    @Test func jsonUsesTheStableKeyNamesAndRoundTrips() throws {
        var issue = Self.issue(320, tale: true)
        issue.date = IssueDate(year: 2023, month: 3, day: 20)
        issue.number = IssueNumber(320, suffix: "B")
        issue.stories[0].links[0].url = "https://arxiv.org/abs/1"
        let archive = Archive(issues: [issue])
        let data = try archive.jsonData()
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let issues = try #require(object["issues"] as? [[String: Any]])
        let first = try #require(issues.first)
        #expect(first["number"] as? Int == 320)
        #expect(first["suffix"] as? String == "B")
        #expect(first["date"] as? String == "2023-03-20")
        #expect(Set(first.keys).isSuperset(of: ["number", "title", "date", "stories", "tale", "source"]))
        let story = try #require((first["stories"] as? [[String: Any]])?.first)
        #expect(Set(story.keys).isSuperset(of: ["headline", "dek", "links"]))
        let link = try #require((story["links"] as? [[String: Any]])?.first)
        #expect(Set(link.keys) == ["text", "title", "source", "url", "role", "file", "line"])
        let tale = try #require(first["tale"] as? [String: Any])
        #expect(Set(tale.keys).isSuperset(of: ["title", "setting", "inspiration"]))
        let source = try #require(first["source"] as? [String: Any])
        #expect(source["file"] as? String == "f.txt")
        #expect(source["line"] as? Int == 320)
        #expect(try JSONDecoder().decode(Archive.self, from: data) == archive)
        // Sorted keys: the same archive gives the same bytes.
        #expect(try archive.jsonData() == data)
    }

    @Test func bodyBlocksRoundTrip() throws {
        let blocks: [BodyBlock] = [
            .paragraph(RichText("p", anchors: [RichText.Anchor(start: 0, end: 1, url: "https://example.org")])),
            .continuation(RichText("c")), .bulletList([RichText("a")]), .numberedList(start: 3, items: [RichText("n")]),
        ]
        let data = try JSONEncoder().encode(blocks)
        #expect(try JSONDecoder().decode([BodyBlock].self, from: data) == blocks)
    }
}

/// config.json's templates (the permalink, the archive file names) filled on their UTF-8 bytes.
struct TemplatePlaceholderTests {
    @Test func templatePlaceholdersAreFilledEverywhereTheyStand() {
        #expect("https://example.org/p/{number}".replacingEvery("{number}", with: "332") == "https://example.org/p/332")
        #expect("{n}-é-{n}{n}".replacingEvery("{n}", with: "ü") == "ü-é-üü")
        #expect("no placeholder".replacingEvery("{number}", with: "1") == "no placeholder")
        #expect("{".replacingEvery("{number}", with: "1") == "{")
        let parts = "archive/feed-{page}.xml".split(atFirst: "{page}")
        #expect(parts?.before == "archive/feed-" && parts?.after == ".xml")
        #expect("{page}".split(atFirst: "{page}").map { [$0.before, $0.after] } == ["", ""])
        #expect("archive/feed.xml".split(atFirst: "{page}") == nil)
    }
}

/// Dates and moments written as text, digit by digit.
struct DateTextTests {
    @Test func datesAndMomentsAreWrittenPadded() throws {
        #expect(IssueDate(year: 999, month: 1, day: 2)?.description == "0999-01-02")
        for text in ["2023-03-20T14:30:00Z", "2023-01-01T23:30:00-05:00", "2024-02-29T00:00:05+13:45"] {
            #expect(try #require(IssueMoment(iso: text)).description == text)
        }
    }
}
