/// One story of an issue: a headline, usually a "…dek…", body paragraphs and the links it cites.
public struct Story: Sendable, Hashable, Codable {
    public var headline: String
    /// The italic one-line summary under the headline, without its ellipses.
    public var dek: String?
    public var body: [BodyBlock]
    public var links: [Link]
    /// Where the headline stands.
    public var location: SourceLocation

    public init(headline: String, dek: String? = nil, body: [BodyBlock] = [], links: [Link] = [],
                location: SourceLocation) {
        self.headline = headline
        self.dek = dek
        self.body = body
        self.links = links
        self.location = location
    }

    // Decoding is synthesized from the keys; encoding writes every key, `null` for a missing dek.
    private enum CodingKeys: String, CodingKey { case headline, dek, body, links, location = "source" }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(headline, forKey: .headline)
        try container.encode(dek, forKey: .dek)
        try container.encode(body, forKey: .body)
        try container.encode(links, forKey: .links)
        try container.encode(location, forKey: .location)
    }
}
