import IssueModel

/// One issue, prepared once for all three feeds: its id, address, title, date, summary and content.
public struct FeedItem: Sendable, Hashable {
    public var number: IssueNumber
    /// The stable id: the permalink, which depends on the number only, never on the text.
    public var id: String
    public var url: String
    /// "Import AI 320: …".
    public var title: String
    public var date: IssueDate
    /// When it went out: the input's own time of day, else the configured publication time that day.
    public var published: IssueMoment
    /// When it was last edited, as the input says (`updated:`, `article:modified_time`); else
    /// ``published``. No clock: an edit the input does not state leaves it as it was.
    public var updated: IssueMoment
    /// The tagline, else the first dek, else the first paragraph; plain text.
    public var summary: String
    /// The whole issue as HTML.
    public var contentHTML: String
    public var author: String
    /// Where the issue came from, for messages.
    public var source: SourceLocation
}

/// Why an issue cannot become a feed item.
public struct FeedItemError: Error, Sendable, Hashable, CustomStringConvertible {
    public var number: IssueNumber
    public var source: SourceLocation
    public var problem: String

    public var description: String { "\(source): issue \(number): \(problem)" }
}

extension FeedItem {
    /// Prepares `issue` for the feeds.
    /// - Throws: ``FeedItemError`` when the issue has no date (from its inputs or the configuration's
    ///   `dates`), which Atom requires, no number, or HTML libxml2 could not write.
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
        guard let html = IssueHTMLRenderer.render(issue) else {
            throw FeedItemError(number: number, source: issue.location, problem:
                "its HTML could not be written (libxml2's writer failed)")
        }
        let link = permalink(number)
        let published = issue.published.flatMap { $0.date == date ? $0 : nil } ?? publishedAt(date)
        let updated = issue.updated.map { max($0, published) } ?? published
        self.init(number: number, id: link, url: link, title: issue.fullTitle, date: date, published: published,
                  updated: updated, summary: Self.summary(of: issue), contentHTML: html,
                  author: issue.byline ?? author, source: issue.location)
    }

    private static func summary(of issue: Issue) -> String {
        if let tagline = issue.tagline, !tagline.isEmpty { return tagline }
        if let dek = issue.stories.lazy.compactMap(\.dek).first(where: { !$0.isEmpty }) { return dek }
        if let first = issue.stories.first { return first.headline }
        return issue.fullTitle
    }
}
