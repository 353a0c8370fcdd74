/// A link a story cites: "Read more: Title (Source)." and its kin.
public struct Link: Sendable, Hashable, Codable {
    /// The call to action: "Read more", "Get the code here", "Find out more at the official site".
    public var text: String
    /// What is linked: a paper's or post's title, when the line names one.
    public var title: String?
    /// The parenthesised annotation after the title: "arXiv", "GitHub", "OpenAI, PDF".
    public var source: String?
    /// The target, when the input carries one (Markdown and HTML do; plain text does not).
    public var url: String?
    /// Where the link stands in the input.
    public var location: SourceLocation

    public init(text: String, title: String? = nil, source: String? = nil, url: String? = nil,
                location: SourceLocation) {
        self.text = text
        self.title = title
        self.source = source
        self.url = url
        self.location = location
    }

    private enum CodingKeys: String, CodingKey { case text, title, source, url, file, line }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        text = try container.decode(String.self, forKey: .text)
        title = try container.decodeIfPresent(String.self, forKey: .title)
        source = try container.decodeIfPresent(String.self, forKey: .source)
        url = try container.decodeIfPresent(String.self, forKey: .url)
        location = SourceLocation(file: try container.decode(String.self, forKey: .file),
                                  line: try container.decode(Int.self, forKey: .line))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(text, forKey: .text)
        try container.encode(title, forKey: .title)
        try container.encode(source, forKey: .source)
        try container.encode(url, forKey: .url)
        try container.encode(location.file, forKey: .file)
        try container.encode(location.line, forKey: .line)
    }
}
