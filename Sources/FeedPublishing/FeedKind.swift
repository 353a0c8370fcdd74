/// The three feed formats importfeed writes and checks.
public enum FeedKind: String, Sendable, CaseIterable, CustomStringConvertible {
    case rss = "RSS 2.0"
    case atom = "Atom 1.0"
    case json = "JSON Feed 1.1"

    public var description: String { rawValue }

    /// The media type of a feed of this kind, as its self link declares it.
    var mediaType: String {
        switch self {
        case .rss: "application/rss+xml"
        case .atom: "application/atom+xml"
        case .json: "application/feed+json"
        }
    }

    /// The kind a feed file holds, from its first bytes: `<rss`, `<feed`, or a JSON object.
    public static func detect(_ bytes: [UInt8]) -> FeedKind? {
        let head = String(decoding: bytes.prefix(2048), as: UTF8.self)
        if head.drop(while: { $0.isWhitespace || $0 == "\u{FEFF}" }).first == "{" { return .json }
        if head.contains("<rss") { return .rss }
        if head.contains("<feed") { return .atom }
        return nil
    }
}
