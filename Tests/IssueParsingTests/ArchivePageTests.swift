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

    /// A mail archive's "Older messages" as it reads in text: title, blank line, weekday date, blank
    /// line, and the preheader teaser running into the view-in-browser line.
    static let olderMessagesWithTeasers = """
        Import AI 930: The newest issue

        A headline:
        …a dek…
        Body text.
        Read more: Paper (arXiv).

        Older messages

        Import AI 929: An older title

        Monday, September 19, 2022

        A preheader teaser for the older issue. View this email in your browser Welcome to Import AI, a newsletter.

        Import AI 928: Another older title

        Monday, September 12, 2022

        Another teaser that runs on. View this email in your browser Welcome to Import AI…
        """

    @Test func olderMessageEntriesWithTeasersAreDatesNeverIssues() throws {
        let other = "Import AI 929: The one before\nHeadline:\n…dek…\nBody.\n"
        let result = parse([("page.txt", Self.olderMessagesWithTeasers), ("929.txt", other)])
        #expect(result.errors.isEmpty, "\(result.errors)")
        #expect(result.archive.issues.map(\.number) == [IssueNumber(930), IssueNumber(929)])
        #expect(result.archive.issue(IssueNumber(929))?.date == IssueDate(year: 2022, month: 9, day: 19))
        #expect(result.statedDates[IssueNumber(928)] == IssueDate(year: 2022, month: 9, day: 12))
    }

    @Test func anIssueAfterTheOlderMessagesListIsStillAnIssue() throws {
        let text = Self.olderMessagesWithTeasers + "\n\nImport AI 931: After the list\nHeadline:\n…dek…\nBody.\n"
        let result = parseText(text, name: "page.txt")
        #expect(result.archive.issues.map(\.number) == [IssueNumber(931), IssueNumber(930)])
    }
}
