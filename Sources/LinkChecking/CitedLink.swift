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
        var links: [CitedLink] = []
        links.reserveCapacity(count(of: issues))
        for issue in issues { append(issue, noteLinks: issue.noteLinks, to: &links) }
        return links
    }

    /// ``links(of:)`` for issues needed for nothing else: their text is freed before the links are
    /// gathered, so that a long draft is not held twice (an audit needs the links alone).
    public static func links(takenFrom issues: consuming [Issue]) -> [CitedLink] {
        var issues = issues
        var noteLinks: [[Link]] = []
        for index in issues.indices {
            noteLinks.append(issues[index].noteLinks)
            issues[index].notes = []
            for story in issues[index].stories.indices { issues[index].stories[story].body = [] }
            issues[index].tale?.body = []
        }
        var links: [CitedLink] = []
        links.reserveCapacity(count(of: issues))
        for (issue, notes) in zip(issues, noteLinks) { append(issue, noteLinks: notes, to: &links) }
        return links
    }

    private static func append(_ issue: Issue, noteLinks: [Link], to links: inout [CitedLink]) {
        let name = issue.number.map { "Import AI \($0)" } ?? issue.location.file
        func append(_ cited: [Link], _ story: String) {
            for link in cited {
                links.append(CitedLink(link: link, issue: name, story: story, date: issue.date,
                                       address: link.url.flatMap { LinkAddress($0) }))
            }
        }
        append(noteLinks, outsideStories)
        for story in issue.stories { append(story.links, story.headline) }
        append(issue.tale?.links ?? [], "Tech Tales")
    }

    /// How many links ``links(of:)`` gives for `issues`.
    public static func count(of issues: [Issue]) -> Int {
        issues.reduce(0) { total, issue in
            total + issue.notes.reduce(0) { $0 + $1.texts.reduce(0) { $0 + $1.anchors.count } } + issue.stories.reduce(0) { $0 + $1.links.count } + (issue.tale?.links.count ?? 0)
        }
    }
}
