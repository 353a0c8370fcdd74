/// The "Tech Tales" short story that closes an issue.
public struct Tale: Sendable, Hashable, Codable {
    public var title: String?
    /// The bracketed line that sets the scene: "[Bay Area, 2029]", without its brackets.
    public var setting: String?
    public var body: [BodyBlock]
    /// The text after "Things that inspired this story:".
    public var inspiration: String?
    /// Links inside the tale or its inspiration text (only Markdown and HTML carry them).
    public var links: [Link]
    /// Where the tale begins: its label, or its first line when it has none.
    public var location: SourceLocation

    public init(title: String? = nil, setting: String? = nil, body: [BodyBlock] = [],
                inspiration: String? = nil, links: [Link] = [], location: SourceLocation) {
        self.title = title
        self.setting = setting
        self.body = body
        self.inspiration = inspiration
        self.links = links
        self.location = location
    }

    // Decoding is synthesized from the keys; encoding writes every key, `null` for what is missing.
    private enum CodingKeys: String, CodingKey { case title, setting, body, inspiration, links, location = "source" }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(title, forKey: .title)
        try container.encode(setting, forKey: .setting)
        try container.encode(body, forKey: .body)
        try container.encode(inspiration, forKey: .inspiration)
        try container.encode(links, forKey: .links)
        try container.encode(location, forKey: .location)
    }
}
