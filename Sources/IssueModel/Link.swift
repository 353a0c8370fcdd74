/// A link of the issue: one a link line cites ("Read more: Title (Source).") or one in running text.
public struct Link: Sendable, Hashable, Codable {
    /// What the link is to the story.
    public enum Role: String, Sendable, Hashable, Codable {
        /// On a link line, a call to action: what the story cites.
        case cited
        /// Inside running text: a back-reference, a term explained elsewhere.
        case inline
    }

    /// The call to action ("Read more", "Get the code here"), or for an inline link its words.
    public var text: String
    /// What is linked: a paper's or post's title, when the line names one.
    public var title: String?
    /// The parenthesised annotation after the title: "arXiv", "GitHub", "OpenAI, PDF".
    public var source: String?
    /// The target, when the input carries one (Markdown and HTML do; plain text does not).
    public var url: String?
    public var role: Role
    /// Where the link stands in the input: the line (and column) of its address when the input
    /// has one, else of its words.
    public var location: SourceLocation

    public init(text: String, title: String? = nil, source: String? = nil, url: String? = nil,
                role: Role = .cited, location: SourceLocation) {
        self.text = text
        self.title = title
        self.source = source
        self.url = url
        self.role = role
        self.location = location
    }

    // The location is flattened into the link's own object (`file`, `line`, `column`): SourceLocation
    // reads and writes its keys through the same decoder and encoder.
    private enum CodingKeys: String, CodingKey { case text, title, source, url, role }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        text = try container.decode(String.self, forKey: .text)
        title = try container.decodeIfPresent(String.self, forKey: .title)
        source = try container.decodeIfPresent(String.self, forKey: .source)
        url = try container.decodeIfPresent(String.self, forKey: .url)
        role = try container.decodeIfPresent(Role.self, forKey: .role) ?? .cited
        location = try SourceLocation(from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(text, forKey: .text)
        try container.encode(title, forKey: .title)
        try container.encode(source, forKey: .source)
        try container.encode(url, forKey: .url)
        try container.encode(role, forKey: .role)
        try location.encode(to: encoder)
    }
}
