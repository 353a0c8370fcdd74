import IssueModel
import IssueParsing
import Testing

/// Issues inside mail-service boilerplate, as archive pages show them (here as text).
struct ArchivePageTests {
    static let page = """
        View this email in your browser
        Import AI 921: A page
        Welcome to Import AI, a newsletter about artificial intelligence. Forward this email to give your chums an AI upgrade. Subscribe here.
        Headline of the page:
        …dek of the page…
        The only body paragraph.
           Read more: Page Paper (arXiv).
        Twitter | Facebook | Website
        Copyright © 2023 Import AI, All rights reserved.
        You are receiving this email because you signed up.
        Our mailing address is:
        Import AI
        1 Example Street
        Want to change how you receive these emails?
        You can update your preferences or unsubscribe from this list.
        Older messages
        Import AI 920: The one before
        Mar 13, 2023
        Import AI 919: The one before that – Mar 6, 2023
        You Might Also Like
        Another Newsletter: Issue 12
        …a dek of a newsletter that is not ours…
        A teaser paragraph.
        Email Marketing Powered by Mailchimp
        """

    @Test func boilerplateIsNotContent() throws {
        let result = parseText(Self.page, name: "page.txt")
        #expect(result.errors.isEmpty, "\(result.errors)")
        let issue = try #require(onlyIssue(result))
        #expect(issue.number == IssueNumber(921))
        // The welcome paragraph is the issue's own note, not chrome.
        #expect(issue.notes.map { $0.texts.first?.text.hasPrefix("Welcome to Import AI") } == [true])
        #expect(issue.stories.count == 1)
        let story = issue.stories[0]
        #expect(story.prose == [.paragraph(RichText("The only body paragraph."))])
        #expect(story.body.last == .linkLine(RichText("Read more: Page Paper (arXiv).")))
        #expect(story.linkTriples == [["Read more", "Page Paper", "arXiv"]])
    }

    @Test func olderMessagesGiveDatesToIssuesFromOtherFiles() throws {
        let other = "Import AI 920: The one before\nHeadline:\n…dek…\nBody.\n"
        let result = parse([("page.txt", Self.page), ("920.txt", other)])
        #expect(result.errors.isEmpty, "\(result.errors)")
        #expect(result.archive.issues.map(\.number) == [IssueNumber(921), IssueNumber(920)])
        #expect(result.archive.issue(IssueNumber(920))?.date == IssueDate(year: 2023, month: 3, day: 13))
        #expect(result.statedDates[IssueNumber(919)] == IssueDate(year: 2023, month: 3, day: 6))
    }

    @Test func listedTitlesAndTeasersAreNeverIssues() throws {
        let result = parseText(Self.page, name: "page.txt")
        #expect(result.archive.issues.count == 1)
        #expect(result.archive.issues.allSatisfy { !$0.stories.contains { $0.headline.contains("Another Newsletter") } })
    }
}
