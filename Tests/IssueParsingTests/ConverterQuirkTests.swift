import IssueModel
import IssueParsing
import Testing

/// The shapes real posts take after a converter has been at them, on fixtures written here: broken
/// bold and italics, fused separators, tales whose label and title share one bold run, several
/// links on one line, links placed where their address stands, inline formatting kept.
struct ConverterQuirkTests {
    static let draft = """
        ---
        title: "Import AI 950: Broken bold; fused rules; a tale"
        ---

        Welcome to Import AI, a newsletter about made-up research. It runs on tea.

        **Robots learn to fold towels:  
        **_…A dek the converter broke across two lines…_

        A lab taught a robot to fold towels. **What they found:** towels are hard.

        **Why this matters - laundry is a benchmark:** it is a real task.  
        **Read more** : [Towel Folding at Scale (arXiv)](https://arxiv.org/abs/2401.00001).  
        **Get the[models ](https://example.org/models)**[here (HuggingFace)](https://example.org/models).

        ***

        **A question for a headline?  
        **_…The dek runs over a blank line…  
          
        _ The body starts after the stray underscore, with `code` and _italics_ in it.

        **Try out** the [demo (Lab, site)](https://example.org/demo) and [the API (Lab)](https://example.org/api) today.

        *****A headline the separator swallowed  
        **_…Its dek…_

        Words about it, R&D budgets <grow>.

        **Read more:**[Swallowed Paper (blog)](https://example.org/swallowed).

        **Tech Tales:  
          
        Raw_File_Name.txt  
        ** _[Somewhere, 2031]  
          
        _ The tale begins.

        Things that inspired this story: towels.
        """

    static var issue: IssueModel.Issue? { onlyIssue(parse([("draft.md", draft)])) }

    @Test func brokenBoldStillReadsAsHeadlineAndDek() throws {
        let issue = try #require(Self.issue)
        #expect(issue.stories.map(\.headline) == [
            "Robots learn to fold towels", "A question for a headline?", "A headline the separator swallowed",
        ])
        #expect(issue.stories.map(\.dek) == [
            "A dek the converter broke across two lines", "The dek runs over a blank line", "Its dek",
        ])
        #expect(issue.notes.map { $0.texts.first?.text } == ["Welcome to Import AI, a newsletter about made-up research. It runs on tea."])
        guard case .paragraph(let body) = issue.stories[1].body.first else {
            Issue.record("expected a paragraph, found \(issue.stories[1].body)")
            return
        }
        #expect(body.text == "The body starts after the stray underscore, with code and italics in it.")
        #expect(body.styles.map(\.kind) == [.code, .emphasis])
    }

    @Test func subHeadsAreBodyAndBoldIsKept() throws {
        let story = try #require(Self.issue?.stories.first)
        let paragraphs = story.body.compactMap { block -> RichText? in
            if case .paragraph(let text) = block { text } else { nil }
        }
        #expect(paragraphs.count == 2)
        #expect(paragraphs[1].text.hasPrefix("Why this matters - laundry is a benchmark: it is"))
        #expect(paragraphs[1].styles.contains {
            $0.kind == .strong && $0.start == 0 && $0.end == "Why this matters - laundry is a benchmark:".utf8.count
        })
        #expect(paragraphs[0].styles.first?.kind == .strong)
    }

    @Test func everyLinkOfALinkLineIsKeptOnceWithItsWords() throws {
        let issue = try #require(Self.issue)
        let first = issue.stories[0].links
        #expect(first.map(\.url) == ["https://arxiv.org/abs/2401.00001", "https://example.org/models"])
        #expect(first.map(\.role) == [.cited, .cited])
        #expect(first[0].title == "Towel Folding at Scale")
        #expect(first[0].source == "arXiv")
        #expect(first[1].text == "Get the models here", "a space the converter dropped comes back")
        let second = issue.stories[1].links
        #expect(second.map(\.url) == ["https://example.org/demo", "https://example.org/api"])
    }

    @Test func linksStandWhereTheirAddressIs() throws {
        let issue = try #require(Self.issue)
        let lines = Self.draft.split(separator: "\n", omittingEmptySubsequences: false)
        for link in issue.stories.flatMap(\.links) {
            let url = try #require(link.url)
            let column = try #require(link.location.column)
            let line = Array(lines[link.location.line - 1].utf8)
            #expect(Array(line.dropFirst(column - 1).prefix(url.utf8.count)) == Array(url.utf8),
                    "\(link.location) does not hold \(url)")
        }
    }

    @Test func textInAngleBracketsThatIsNoHTMLStays() throws {
        let story = try #require(Self.issue?.stories[2])
        #expect(story.body.first?.texts.first?.text == "Words about it, R&D budgets <grow>.")
        // `**Read more:**[Title](u)`: the space lost after the colon comes back.
        #expect(story.body.last == .linkLine(story.body.last?.texts.first ?? RichText("")))
        #expect(story.body.last?.texts.first?.text == "Read more: Swallowed Paper (blog).")
    }

    @Test func theTaleTitleIsNotItsLabelAndUnderscoresInWordsStay() throws {
        let tale = try #require(Self.issue?.tale)
        #expect(tale.title == "Raw_File_Name.txt")
        #expect(tale.setting == "Somewhere, 2031")
        #expect(tale.body.first?.texts.first?.text == "The tale begins.")
        #expect(tale.inspiration == "towels.")
    }

    @Test func aStoryRunningIntoTheTaleLabelEndsThere() throws {
        let text = """
            ---
            title: "Import AI 951: No rule before the tale"
            ---

            **A story:  
            **_…its dek…_

            Body.

            **Tech Tales:**

            **The Title**

            The tale.
            """
        let issue = try #require(onlyIssue(parse([("d.md", text)])))
        #expect(issue.stories.map(\.headline) == ["A story"])
        #expect(issue.tale?.title == "The Title")
    }

    static let substack = """
        <!DOCTYPE html><html><head><meta property="og:title" content="Import AI 952: Widgets">
        <meta property="article:published_time" content="2024-01-08T13:05:00.000Z"></head><body><article><div class="body markup">
        <p>Welcome to Import AI.</p><h3 class="header-anchor-post">Headline in a heading<div class="pencraft header-anchor-parent"><button class="pencraft" aria-label="Link"><svg><path d="M1"></path></svg></button></div></h3><p><em>…A dek under a heading…</em></p><p>Body with <strong>bold</strong>, <em>italics</em> and <code>code</code>.</p><div class="captioned-image-container"><figure><a class="image-link" href="https://cdn.example.org/chart.png"><img src="https://cdn.example.org/chart.png" alt="A chart of towels"><div class="image-link-expand"><button>Expand</button></div></a><figcaption>The caption.</figcaption></figure></div><blockquote><p>A quoted passage.</p></blockquote><p><strong>Read more:</strong> <a href="https://example.org/paper?a=1&amp;b=2">A Paper (arXiv)</a>.</p><div class="subscription-widget-wrap"><p>Subscribe for free</p></div><hr><p><strong>Headline in bold:</strong><br><em>…A dek after a line break…</em></p><p>Second body<a class="footnote-anchor" href="#footnote-1">1</a>.</p><div class="post-footer share"><p>Share</p></div></div></article></body></html>
        """

    @Test func substackHeadingsWithWidgetsAndBoldHeadlines() throws {
        let result = parse([("post.html", Self.substack)])
        #expect(result.errors.isEmpty, "\(result.errors)")
        let issue = try #require(onlyIssue(result))
        #expect(issue.stories.map(\.headline) == ["Headline in a heading", "Headline in bold"])
        #expect(issue.stories.map(\.dek) == ["A dek under a heading", "A dek after a line break"])
        let body = issue.stories[0].body
        #expect(body.contains(.image(url: "https://cdn.example.org/chart.png", alt: "A chart of towels")))
        #expect(!issue.stories[0].links.contains { $0.url == "https://cdn.example.org/chart.png" },
                "an image is no link the story cites")
        #expect(body.contains(.quote(RichText("A quoted passage."))))
        #expect(!body.flatMap(\.texts).contains { $0.text.contains("Expand") || $0.text.contains("Subscribe") })
        let styled = try #require(body.first?.texts.first)
        #expect(styled.text == "Body with bold, italics and code.")
        #expect(styled.styles.map(\.kind) == [.strong, .emphasis, .code])
        #expect(issue.stories[1].body.first?.texts.first?.text == "Second body.", "a footnote back-link is chrome")
    }

    @Test func aLinkOnALongLineKnowsItsColumn() throws {
        let issue = try #require(onlyIssue(parse([("post.html", Self.substack)])))
        let link = try #require(issue.stories[0].links.first { $0.role == .cited })
        #expect(link.url == "https://example.org/paper?a=1&b=2")
        let line = Self.substack.split(separator: "\n", omittingEmptySubsequences: false)[link.location.line - 1]
        let column = try #require(link.location.column)
        #expect(String(decoding: Array(line.utf8).dropFirst(column - 1).prefix(33), as: UTF8.self)
                    == "https://example.org/paper?a=1&amp")
    }
}
