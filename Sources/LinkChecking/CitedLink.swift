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
    /// The normalised address checked for it; nil when the link has no usable http(s) address.
    public var address: LinkAddress?

    /// Every link of `issues`, wherever it stands — notes, stories, the tale — in reading order.
    public static func links(of issues: [Issue]) -> [CitedLink] {
        issues.flatMap { issue -> [CitedLink] in
            let name = issue.number.map { "Import AI \($0)" } ?? issue.location.file
            let noteLinks = issue.noteLinks.map {
                CitedLink(link: $0, issue: name, story: outsideStories, address: $0.url.flatMap(LinkAddress.init))
            }
            let storyLinks = issue.stories.flatMap { story in
                story.links.map { CitedLink(link: $0, issue: name, story: story.headline,
                                            address: $0.url.flatMap(LinkAddress.init)) }
            }
            let taleLinks = (issue.tale?.links ?? []).map {
                CitedLink(link: $0, issue: name, story: "Tech Tales", address: $0.url.flatMap(LinkAddress.init))
            }
            return noteLinks + storyLinks + taleLinks
        }
    }
}
