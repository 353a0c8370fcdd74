import IssueModel
import IssueParsing
import Testing

/// HTML pages read with libxml2: Substack posts and mail-archive pages.
struct HTMLReaderTests {
    static let post = """
        <!DOCTYPE html>
        <html><head>
        <title>Import AI 940: A post - by Jack Clark</title>
        <meta property="og:title" content="Import AI 940: A post">
        <meta property="article:published_time" content="2023-04-10T12:00:00.000Z">
        <meta property="og:url" content="https://importai.substack.com/p/import-ai-940">
        <script>var title = "Import AI 999: not an issue";</script>
        </head><body>
        <nav><a href="/">Home</a> Import AI 998: nav is not content</nav>
        <article>
        <h1 class="post-title">Import AI 940: A post</h1>
        <h3 class="subtitle">The subtitle</h3>
        <div class="post-meta">Jack Clark · Apr 10, 2023</div>
        <p><strong>Headline here:</strong></p>
        <p><em>…the dek…</em></p>
        <p>Body with <a href="https://example.org/a">a link</a> and <a href="javascript:alert(1)">a script link</a>.</p>
        <p>Read more: <a href="/p/relative">Relative Paper</a> (Blog).</p>
        <div class="subscription-widget"><p>Subscribe now</p></div>
        <div class="share-dialog"><p>Read more: Share This (Twitter).</p></div>
        <hr>
        <p><strong>Second headline:</strong><br><em>…second dek…</em></p>
        <ol><li>first</li><li>second</li></ol>
        </article>
        <footer><p>© 2023 Jack Clark · Unsubscribe</p></footer>
        </body></html>
        """

    @Test func substackPostMetadataStoriesAndChrome() throws {
        let result = parse([("post.html", Self.post)])
        #expect(result.errors.isEmpty, "\(result.errors)")
        let issue = try #require(onlyIssue(result))
        #expect(issue.number == IssueNumber(940))
        #expect(issue.title == "A post")
        #expect(issue.date == IssueDate(year: 2023, month: 4, day: 10))
        #expect(issue.tagline == "The subtitle")
        #expect(issue.url == "https://importai.substack.com/p/import-ai-940")
        #expect(issue.stories.map(\.headline) == ["Headline here", "Second headline"])
        #expect(issue.stories.map(\.dek) == ["the dek", "second dek"])
        let links = issue.stories[0].links
        #expect(links.map(\.url) == ["https://example.org/a", "https://importai.substack.com/p/relative"])
        #expect(links[1].title == "Relative Paper")
        #expect(issue.stories[1].body == [.numberedList(start: 1, items: [RichText("first"), RichText("second")])])
        #expect(issue.notes.isEmpty)
    }

    @Test func entitiesAndExternalResourcesAreNeverLoaded() throws {
        // An external DTD and an external entity: the HTML parser runs with network access off and
        // must neither fetch nor expand them.
        let hostile = """
            <!DOCTYPE html SYSTEM "http://127.0.0.1:9/evil.dtd" [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <html><body><h1>Import AI 941: Hostile</h1><p><strong>Headline:</strong></p><p><em>…dek…</em></p>
            <p>Body &xxe; end.</p></body></html>
            """
        let issue = try #require(onlyIssue(parse([("hostile.html", hostile)])))
        let body = issue.stories.first?.body.flatMap(\.texts).map(\.text).joined() ?? ""
        #expect(!body.contains("root:"))
        #expect(issue.stories.count == 1)
    }

    @Test func mailArchivePageWithBreaksAndOlderMessages() throws {
        let page = """
            <html><body><table><tr><td>
            <div class="mcnTextContent"><a href="https://example.org/view">View this email in your browser</a></div>
            <div class="mcnTextContent">
            <h1>Import AI 942: Archive page</h1>
            <strong>Headline one:</strong><br><em>…dek one…</em><br>Body one.<br>
            &nbsp;&nbsp;&nbsp;Read more: <a href="https://arxiv.org/abs/2301.00001">Paper One</a> (arXiv).<br><br>
            ####################################################<br><br>
            <strong>Headline two:</strong><br><em>…dek two…</em><br>Body two.<br>
            </div>
            <div class="mcnTextContent"><h2>Older messages</h2>
            <p><a href="https://example.org/941">Import AI 941: Before</a></p><p>Apr 3, 2023</p></div>
            <div class="templateFooter">Copyright © 2023 Import AI<br>unsubscribe</div>
            </td></tr></table></body></html>
            """
        let result = parse([("page.html", page)])
        #expect(result.errors.isEmpty, "\(result.errors)")
        let issue = try #require(onlyIssue(result))
        #expect(issue.stories.map(\.headline) == ["Headline one", "Headline two"])
        #expect(issue.stories[0].links.first?.url == "https://arxiv.org/abs/2301.00001")
        #expect(issue.stories[0].prose == [.paragraph(RichText("Body one."))])
        #expect(result.statedDates[IssueNumber(941)] == IssueDate(year: 2023, month: 4, day: 3))
    }

    @Test func pageTimesAreKept() throws {
        let page = """
            <html><head><meta property="og:title" content="Import AI 961: Timed">
            <meta property="article:published_time" content="2024-03-04T13:05:00.000Z">
            <meta property="article:modified_time" content="2024-03-06T10:00:00.000Z"></head>
            <body><p><strong>Headline:</strong></p><p><em>…dek…</em></p><p>Body.</p></body></html>
            """
        let issue = try #require(onlyIssue(parse([("timed.html", page)])))
        #expect(issue.published?.description == "2024-03-04T13:05:00Z")
        #expect(issue.updated?.description == "2024-03-06T10:00:00Z")
    }
}
