/// Text with what sits inside it: the links and the bold, italic and code runs of a paragraph, a dek
/// or a list item.
///
/// Anchors and styles are kept as UTF-8 offsets into `text`, so the text stays a plain `String`
/// that any consumer can print, and a renderer can still put each `<a href>` or `<strong>` back
/// where it was.
public struct RichText: Sendable, Hashable, Codable, CustomStringConvertible {
    /// A run of the text that links somewhere.
    public struct Anchor: Sendable, Hashable, Codable {
        /// UTF-8 offset of the first byte of the anchored run.
        public var start: Int
        /// UTF-8 offset one past the last byte of the anchored run.
        public var end: Int
        /// The link target exactly as the input gave it.
        public var url: String
        /// Where the input writes the address (Markdown: the `(url)`; HTML: the `href`), when the
        /// reader knows it.
        public var position: SourcePosition?

        public init(start: Int, end: Int, url: String, position: SourcePosition? = nil) {
            self.start = start
            self.end = end
            self.url = url
            self.position = position
        }
    }

    /// A run of the text set in a style: bold, italic or code.
    public struct Style: Sendable, Hashable, Codable {
        public enum Kind: String, Sendable, Hashable, Codable {
            /// Bold: Markdown `**…**`, HTML `<strong>`/`<b>`.
            case strong
            /// Italic: Markdown `_…_`, HTML `<em>`/`<i>`.
            case emphasis
            /// Code: Markdown `` `…` ``, HTML `<code>`.
            case code
        }

        /// UTF-8 offset of the first byte of the run.
        public var start: Int
        /// UTF-8 offset one past the last byte of the run.
        public var end: Int
        public var kind: Kind

        public init(start: Int, end: Int, kind: Kind) {
            self.start = start
            self.end = end
            self.kind = kind
        }
    }

    public var text: String
    public var anchors: [Anchor]
    /// Styled runs in the order they open; runs nest or follow each other, as the markup wrote them.
    public var styles: [Style]

    public init(_ text: String, anchors: [Anchor] = [], styles: [Style] = []) {
        self.text = text
        self.anchors = anchors
        self.styles = styles
    }

    public var description: String { text }

    /// The anchored run of text for `anchor`.
    public func text(of anchor: Anchor) -> String {
        let utf8 = Array(text.utf8)
        let start = min(max(anchor.start, 0), utf8.count)
        let end = min(max(anchor.end, start), utf8.count)
        return String(decoding: utf8[start..<end], as: UTF8.self)
    }

    private enum CodingKeys: String, CodingKey { case text, anchors, styles }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        text = try container.decode(String.self, forKey: .text)
        anchors = try container.decodeIfPresent([Anchor].self, forKey: .anchors) ?? []
        styles = try container.decodeIfPresent([Style].self, forKey: .styles) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(text, forKey: .text)
        if !anchors.isEmpty { try container.encode(anchors, forKey: .anchors) }
        if !styles.isEmpty { try container.encode(styles, forKey: .styles) }
    }
}
