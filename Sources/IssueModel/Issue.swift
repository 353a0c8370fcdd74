/// One weekly issue of the newsletter.
public struct Issue: Sendable, Hashable, Codable {
    /// The issue's number. Nil only while an untitled issue is still being matched against the rest
    /// of the archive; every issue of an ``Archive`` has one.
    public var number: IssueNumber?
    /// The title after "Import AI 320: ", e.g. "Facebook’s AI Lab Leak; open source ChatGPT clone".
    public var title: String
    /// The line under the title on archive pages and posts (a subtitle), when the input has one.
    public var tagline: String?
    /// "by Jack Clark", without the "by".
    public var byline: String?
    /// The day the issue went out, when any input says so.
    public var date: IssueDate?
    /// The moment it went out, when an input states a time of day too (`article:published_time`,
    /// `<time datetime>`, a front-matter date with a time).
    public var published: IssueMoment?
    /// When the input says it was last edited (front matter `updated:`, `article:modified_time`).
    public var updated: IssueMoment?
    /// The canonical address of the issue, when the input names one (an HTML page's `og:url`).
    public var url: String?
    /// Text between the title and the first story: the Substack note, a welcome paragraph.
    public var notes: [BodyBlock]
    public var stories: [Story]
    public var tale: Tale?
    /// Every mention of another issue, in reading order.
    public var references: [IssueReference]
    /// Where the issue begins: its title line, or its first line when it has no title.
    public var location: SourceLocation

    public init(number: IssueNumber?, title: String, tagline: String? = nil, byline: String? = nil,
                date: IssueDate? = nil, url: String? = nil, notes: [BodyBlock] = [], stories: [Story] = [],
                tale: Tale? = nil, references: [IssueReference] = [], location: SourceLocation) {
        self.number = number
        self.title = title
        self.tagline = tagline
        self.byline = byline
        self.date = date
        self.url = url
        self.notes = notes
        self.stories = stories
        self.tale = tale
        self.references = references
        self.location = location
    }

    /// "Import AI 320: Facebook’s AI Lab Leak; …", the title as the newsletter prints it.
    public var fullTitle: String {
        guard let number else { return title }
        return title.isEmpty ? "Import AI \(number)" : "Import AI \(number): \(title)"
    }

    /// Every link of the issue: each story's, then the tale's.
    public var links: [Link] { stories.flatMap(\.links) + (tale?.links ?? []) }

    /// The links in the notes before the first story (the welcome, an italic note on the issue), as
    /// inline links placed where their address stands.
    public var noteLinks: [Link] {
        notes.flatMap(\.texts).flatMap { text in
            text.anchors.map { anchor in
                let location = anchor.position.map { SourceLocation(file: self.location.file, position: $0) } ?? self.location
                return Link(text: text.text(of: anchor), url: anchor.url, role: .inline, location: location)
            }
        }
    }

    private enum CodingKeys: String, CodingKey {
        case number, suffix, title, tagline, byline, date, published, updated, url, notes, stories, tale, references, source
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        // The number is flattened into the issue's object (`number`, `suffix`); null for an untitled draft.
        number = try container.decodeNil(forKey: .number) ? nil : try IssueNumber(from: decoder)
        title = try container.decode(String.self, forKey: .title)
        tagline = try container.decodeIfPresent(String.self, forKey: .tagline)
        byline = try container.decodeIfPresent(String.self, forKey: .byline)
        date = try container.decodeIfPresent(IssueDate.self, forKey: .date)
        published = try container.decodeIfPresent(IssueMoment.self, forKey: .published)
        updated = try container.decodeIfPresent(IssueMoment.self, forKey: .updated)
        url = try container.decodeIfPresent(String.self, forKey: .url)
        notes = try container.decodeIfPresent([BodyBlock].self, forKey: .notes) ?? []
        stories = try container.decode([Story].self, forKey: .stories)
        tale = try container.decodeIfPresent(Tale.self, forKey: .tale)
        references = try container.decodeIfPresent([IssueReference].self, forKey: .references) ?? []
        location = try container.decode(SourceLocation.self, forKey: .source)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        if let number { try number.encode(to: encoder) } else { try container.encodeNil(forKey: .number) }
        try container.encode(title, forKey: .title)
        try container.encode(tagline, forKey: .tagline)
        try container.encode(byline, forKey: .byline)
        try container.encode(date, forKey: .date)
        try container.encode(published, forKey: .published)
        try container.encode(updated, forKey: .updated)
        try container.encode(url, forKey: .url)
        try container.encode(notes, forKey: .notes)
        try container.encode(stories, forKey: .stories)
        try container.encode(tale, forKey: .tale)
        try container.encode(references, forKey: .references)
        try container.encode(location, forKey: .source)
    }
}
