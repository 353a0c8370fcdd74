/// One block of a story's or a tale's body, in reading order.
public enum BodyBlock: Sendable, Hashable, Codable {
    /// An ordinary paragraph.
    case paragraph(RichText)
    /// An indented paragraph that carries on the thought of the one before it.
    case continuation(RichText)
    /// A bulleted list ("•", "-", "*" items).
    case bulletList([RichText])
    /// A numbered list ("1.", "2)" items); `start` is the first item's number.
    case numberedList(start: Int, items: [RichText])
    /// A link line as written ("Read more: Title (Source)."): the story's ``Link``s index it.
    case linkLine(RichText)
    /// A paragraph of a block quote.
    case quote(RichText)
    /// An image: its address and its alternative text (empty when the input gives none).
    case image(url: String, alt: String)

    /// Every piece of text in the block, in reading order.
    public var texts: [RichText] {
        switch self {
        case .paragraph(let text), .continuation(let text), .linkLine(let text), .quote(let text): [text]
        case .bulletList(let items), .numberedList(_, let items): items
        case .image(_, let alt): alt.isEmpty ? [] : [RichText(alt)]
        }
    }

    private enum CodingKeys: String, CodingKey { case kind, text, items, start, url, alt }
    private enum Kind: String, Codable { case paragraph, continuation, bullets, numbered, link, quote, image }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func text() throws -> RichText { try container.decode(RichText.self, forKey: .text) }
        switch try container.decode(Kind.self, forKey: .kind) {
        case .paragraph: self = .paragraph(try text())
        case .continuation: self = .continuation(try text())
        case .link: self = .linkLine(try text())
        case .quote: self = .quote(try text())
        case .bullets: self = .bulletList(try container.decode([RichText].self, forKey: .items))
        case .numbered:
            self = .numberedList(start: try container.decode(Int.self, forKey: .start),
                                 items: try container.decode([RichText].self, forKey: .items))
        case .image:
            self = .image(url: try container.decode(String.self, forKey: .url),
                          alt: try container.decodeIfPresent(String.self, forKey: .alt) ?? "")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .paragraph(let text), .continuation(let text), .linkLine(let text), .quote(let text):
            let kind: Kind = switch self {
            case .continuation: .continuation
            case .linkLine: .link
            case .quote: .quote
            default: .paragraph
            }
            try container.encode(kind, forKey: .kind)
            try container.encode(text, forKey: .text)
        case .bulletList(let items):
            try container.encode(Kind.bullets, forKey: .kind)
            try container.encode(items, forKey: .items)
        case .numberedList(let start, let items):
            try container.encode(Kind.numbered, forKey: .kind)
            try container.encode(start, forKey: .start)
            try container.encode(items, forKey: .items)
        case .image(let url, let alt):
            try container.encode(Kind.image, forKey: .kind)
            try container.encode(url, forKey: .url)
            try container.encode(alt, forKey: .alt)
        }
    }
}
