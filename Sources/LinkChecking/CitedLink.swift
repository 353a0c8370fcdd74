import IssueModel

/// One link as an issue cites it: where, in which story, with which words, to which address.
public struct CitedLink: Sendable, Hashable {
    public var link: Link
    /// "Import AI 332", or the file's name for a draft with no number yet.
    public var issue: String
    /// The story's headline, "Tech Tales" for the tale, or ``outsideStories`` for a link in the
    /// issue's notes.
    public var story: String

    /// What a link outside any story is reported under.
    public static let outsideStories = "(outside any story)"
    /// The issue's date, when it has one: the day an archived copy is looked for (`--suggest`).
    public var date: IssueDate?
    /// The normalised address checked for it; nil when the link has no usable http(s) address.
    public var address: LinkAddress?

    /// Every link of `issues`, wherever it stands — notes, stories, the tale — in reading order.
    public static func links(of issues: [Issue]) -> [CitedLink] {
        issues.flatMap { issue -> [CitedLink] in
            let name = issue.number.map { "Import AI \($0)" } ?? issue.location.file
            func cited(_ link: Link, _ story: String) -> CitedLink {
                CitedLink(link: link, issue: name, story: story, date: issue.date, address: link.url.flatMap { LinkAddress($0) })
            }
            return issue.noteLinks.map { cited($0, outsideStories) }
                + issue.stories.flatMap { story in story.links.map { cited($0, story.headline) } }
                + (issue.tale?.links ?? []).map { cited($0, "Tech Tales") }
        }
    }
}
