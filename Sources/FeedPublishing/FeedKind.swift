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
        let head = headText(bytes.prefix(2048))
        if head.drop(while: { $0.isWhitespace || $0 == "\u{FEFF}" }).first == "{" { return .json }
        if head.contains("<rss") { return .rss }
        if head.contains("<feed") { return .atom }
        return nil
    }

    /// The opening of a document as text: UTF-16 (by its byte-order mark, or by the zero bytes
    /// around `<?xml` that an XML declaration in UTF-16 starts with) or UTF-8. libxml2 reads the
    /// whole document in its declared encoding; this is only for telling the format.
    private static func headText(_ head: ArraySlice<UInt8>) -> String {
        let bytes = Array(head)
        func utf16(bigEndian: Bool, skip: Int) -> String {
            var units: [UInt16] = []
            var index = skip
            while index + 1 < bytes.count {
                units.append(bigEndian ? UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1])
                                       : UInt16(bytes[index + 1]) << 8 | UInt16(bytes[index]))
                index += 2
            }
            return String(decoding: units, as: UTF16.self)
        }
        if bytes.starts(with: [0xFE, 0xFF]) { return utf16(bigEndian: true, skip: 2) }
        if bytes.starts(with: [0xFF, 0xFE]) { return utf16(bigEndian: false, skip: 2) }
        if bytes.starts(with: [0x00, 0x3C, 0x00, 0x3F]) { return utf16(bigEndian: true, skip: 0) }
        if bytes.starts(with: [0x3C, 0x00, 0x3F, 0x00]) { return utf16(bigEndian: false, skip: 0) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
