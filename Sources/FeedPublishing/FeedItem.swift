import IssueModel

/// One item of the feeds, prepared once for all three formats: its id, address, title, times,
/// summary, HTML content and authors. Any package can make items of its own; importfeed makes them
/// from issues (``init(issue:permalink:fallbackDates:author:publishedAt:)``).
public struct FeedItem: Sendable, Hashable {
    /// The stable id (importfeed uses the permalink, which depends on the issue number only).
    public var id: String
    public var url: String
    public var title: String
    /// When it went out.
    public var published: IssueMoment
    /// When it was last edited; ``published`` when nothing says otherwise.
    public var updated: IssueMoment
    /// Plain text.
    public var summary: String
    /// The whole item as HTML.
    public var contentHTML: String
    /// Its authors' names, at least one (readers do not inherit the feed's author).
    public var authors: [String]
    /// Where the item came from, for messages (an input file and line), when it came from one.
    public var source: SourceLocation?

    /// An item from plain values.
    public init(id: String, url: String, title: String, published: IssueMoment, updated: IssueMoment? = nil,
                summary: String, contentHTML: String, authors: [String], source: SourceLocation? = nil) {
        self.id = id
        self.url = url
        self.title = title
        self.published = published
        self.updated = updated.map { max($0, published) } ?? published
        self.summary = summary
        self.contentHTML = contentHTML
        self.authors = authors
        self.source = source
    }

    /// The day it went out.
    public var date: IssueDate { published.date }
}

/// Why an issue cannot become a feed item.
public struct FeedItemError: Error, Sendable, Hashable, CustomStringConvertible {
    public var number: IssueNumber
    public var source: SourceLocation
    public var problem: String

    public var description: String { "\(source): issue \(number): \(problem)" }
}

extension FeedItem {
    /// Prepares `issue` for the feeds: its permalink as id and address, "Import AI 320: …" as title,
    /// its byline (else `author`), and its date — at the input's own time of day, else at
    /// `publishedAt(date)`.
    /// - Throws: ``FeedItemError`` when the issue has no date (from its inputs or the configuration's
    ///   `dates`), which Atom requires, or no number.
    public init(issue: Issue, permalink: (IssueNumber) -> String, fallbackDates: [IssueNumber: IssueDate],
                author: String,
                publishedAt: (IssueDate) -> IssueMoment = { IssueMoment(date: $0, hour: 12, minute: 0)! })
        throws(FeedItemError) {
        guard let number = issue.number else {
            throw FeedItemError(number: IssueNumber(0), source: issue.location, problem: "the issue has no number")
        }
        guard let date = issue.date ?? fallbackDates[number] else {
            throw FeedItemError(number: number, source: issue.location, problem:
                "no date: add it to the input (front matter `date:`, page metadata) or to config.json's \"dates\"")
        }
        let html = IssueHTMLRenderer.render(issue)
        let link = permalink(number)
        let published = issue.published.flatMap { $0.date == date ? $0 : nil } ?? publishedAt(date)
        self.init(id: link, url: link, title: issue.fullTitle, published: published, updated: issue.updated,
                  summary: Self.summary(of: issue), contentHTML: html, authors: [issue.byline ?? author],
                  source: issue.location)
    }

    private static func summary(of issue: Issue) -> String {
        if let tagline = issue.tagline, !tagline.isEmpty { return tagline }
        if let dek = issue.stories.lazy.compactMap(\.dek).first(where: { !$0.isEmpty }) { return dek }
        if let first = issue.stories.first { return first.headline }
        return issue.fullTitle
    }
}
