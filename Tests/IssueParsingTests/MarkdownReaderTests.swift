import IssueModel
import IssueParsing
import Testing

/// The author's Markdown drafts, read with cmark-gfm.
struct MarkdownReaderTests {
    static let draft = """
        ---
        title: "Import AI 930: A draft"
        date: 2023-04-03
        tagline: The line under the title
        ---

        # Import AI 930: A draft

        **A headline in bold:**
        *…a dek in italics…*

        A paragraph with [an inline link](https://example.org/inline) in it.

        Read more: [The Paper](https://arxiv.org/abs/2304.00001) (arXiv).
        Get the code [here](https://github.com/example/code) (GitHub).

        ---

        ## A heading headline

        *…second dek…*

        - one
        - two

        ## Tech Tales

        **The Tale**

        [Somewhere, 2030]

        It happened.

        Things that inspired this story: Drafts.
        """

    @Test func frontMatterStoriesLinksAndTale() throws {
        let result = parse([("draft.md", Self.draft)])
        #expect(result.errors.isEmpty, "\(result.errors)")
        let issue = try #require(onlyIssue(result))
        #expect(issue.number == IssueNumber(930))
        #expect(issue.date == IssueDate(year: 2023, month: 4, day: 3))
        #expect(issue.tagline == "The line under the title")
        #expect(issue.stories.map(\.headline) == ["A headline in bold", "A heading headline"])
        #expect(issue.stories.map(\.dek) == ["a dek in italics", "second dek"])
        let links = issue.stories[0].links
        #expect(links.map(\.url) == [
            "https://example.org/inline", "https://arxiv.org/abs/2304.00001", "https://github.com/example/code",
        ])
        #expect(links[1].title == "The Paper")
        #expect(links[1].source == "arXiv")
        #expect(links[2].text == "Get the code here")
        #expect(issue.stories[1].body == [.bulletList([RichText("one"), RichText("two")])])
        #expect(issue.tale?.title == "The Tale")
        #expect(issue.tale?.setting == "Somewhere, 2030")
        #expect(issue.tale?.inspiration == "Drafts.")
    }

    @Test func lineNumbersCountTheFrontMatter() throws {
        let issue = try #require(onlyIssue(parse([("draft.md", Self.draft)])))
        #expect(issue.location.line == 7)
        #expect(issue.stories[0].location.line == 9)
        #expect(issue.stories[0].links[1].location.line == 14)
    }

    @Test func aLineAfterAHardBreakIsCountedWhereItStands() {
        // cmark gives hard breaks no line of their own: the block after one starts on the next line.
        let text = "---\ntitle: x\n---\n\nFirst line  \nSecond line\\\nThird line\n"
        let blocks = MarkdownReader().read(Array(text.utf8), file: "draft.md").blocks
        #expect(blocks.map(\.text.text) == ["First line", "Second line", "Third line"])
        #expect(blocks.map(\.line) == [5, 6, 7])
    }

    @Test func anInlineAnchorKeepsItsPlaceInTheParagraph() throws {
        let issue = try #require(onlyIssue(parse([("draft.md", Self.draft)])))
        guard case .paragraph(let text) = issue.stories[0].body[0] else {
            Testing.Issue.record("expected a paragraph")
            return
        }
        #expect(text.text == "A paragraph with an inline link in it.")
        #expect(text.anchors.count == 1)
        #expect(text.text(of: text.anchors[0]) == "an inline link")
    }

    @Test func aDraftWithoutFrontMatterOrTitleTakesNothingFromNowhere() {
        let result = parse([("bare.md", "Just some notes.\n\nNothing more.\n")])
        #expect(result.archive.issues.isEmpty)
        #expect(result.errors.first?.reason == .noIssue)
    }

    @Test func aFrontMatterTimeOfDayAndAnEditAreKept() throws {
        let text = """
            ---
            title: "Import AI 960: Timed"
            date: 2024-03-04 14:30:00 +01:00
            updated: 2024-03-05T08:00:00Z
            ---

            **Headline:**
            _…dek…_

            Body.
            """
        let issue = try #require(onlyIssue(parse([("timed.md", text)])))
        #expect(issue.date == IssueDate(year: 2024, month: 3, day: 4))
        #expect(issue.published?.description == "2024-03-04T14:30:00+01:00")
        #expect(issue.updated?.description == "2024-03-05T08:00:00Z")
        let dayOnly = try #require(onlyIssue(parse([("d.md", text.replacingOccurrences(of: "2024-03-04 14:30:00 +01:00", with: "2024-03-04"))])))
        #expect(dayOnly.published == nil, "a day alone states no time")
    }
}
