/// One block of a story's or a tale's body.
public enum BodyBlock: Sendable, Hashable, Codable {
    /// An ordinary paragraph.
    case paragraph(RichText)
    /// An indented paragraph that carries on the thought of the one before it.
    case continuation(RichText)
    /// A bulleted list ("•", "-", "*" items).
    case bulletList([RichText])
    /// A numbered list ("1.", "2)" items); `start` is the first item's number.
    case numberedList(start: Int, items: [RichText])

    /// Every piece of text in the block, in reading order.
    public var texts: [RichText] {
        switch self {
        case .paragraph(let text), .continuation(let text): [text]
        case .bulletList(let items), .numberedList(_, let items): items
        }
    }

    private enum CodingKeys: String, CodingKey { case kind, text, items, start }
    private enum Kind: String, Codable { case paragraph, continuation, bullets, numbered }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(Kind.self, forKey: .kind) {
        case .paragraph: self = .paragraph(try container.decode(RichText.self, forKey: .text))
        case .continuation: self = .continuation(try container.decode(RichText.self, forKey: .text))
        case .bullets: self = .bulletList(try container.decode([RichText].self, forKey: .items))
        case .numbered:
            self = .numberedList(start: try container.decode(Int.self, forKey: .start),
                                 items: try container.decode([RichText].self, forKey: .items))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .paragraph(let text):
            try container.encode(Kind.paragraph, forKey: .kind)
            try container.encode(text, forKey: .text)
        case .continuation(let text):
            try container.encode(Kind.continuation, forKey: .kind)
            try container.encode(text, forKey: .text)
        case .bulletList(let items):
            try container.encode(Kind.bullets, forKey: .kind)
            try container.encode(items, forKey: .items)
        case .numberedList(let start, let items):
            try container.encode(Kind.numbered, forKey: .kind)
            try container.encode(start, forKey: .start)
            try container.encode(items, forKey: .items)
        }
    }
}
