/// Text with the links that sit inside it: a paragraph of a story, a dek, a list item.
///
/// Anchors are kept as UTF-8 offsets into `text`, so the text stays a plain `String` that any
/// consumer can print, and a renderer can still put each `<a href>` back where it was.
public struct RichText: Sendable, Hashable, Codable, CustomStringConvertible {
    /// A run of the text that links somewhere.
    public struct Anchor: Sendable, Hashable, Codable {
        /// UTF-8 offset of the first byte of the anchored run.
        public var start: Int
        /// UTF-8 offset one past the last byte of the anchored run.
        public var end: Int
        /// The link target exactly as the input gave it.
        public var url: String

        public init(start: Int, end: Int, url: String) {
            self.start = start
            self.end = end
            self.url = url
        }
    }

    public var text: String
    public var anchors: [Anchor]

    public init(_ text: String, anchors: [Anchor] = []) {
        self.text = text
        self.anchors = anchors
    }

    public var description: String { text }

    /// The anchored run of text for `anchor`.
    public func text(of anchor: Anchor) -> String {
        let utf8 = Array(text.utf8)
        let start = min(max(anchor.start, 0), utf8.count)
        let end = min(max(anchor.end, start), utf8.count)
        return String(decoding: utf8[start..<end], as: UTF8.self)
    }

    private enum CodingKeys: String, CodingKey { case text, anchors }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        text = try container.decode(String.self, forKey: .text)
        anchors = try container.decodeIfPresent([Anchor].self, forKey: .anchors) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(text, forKey: .text)
        if !anchors.isEmpty { try container.encode(anchors, forKey: .anchors) }
    }
}
