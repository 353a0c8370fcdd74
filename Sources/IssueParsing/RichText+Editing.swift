import IssueModel

/// Cutting and joining text without losing the links and styles inside it. Offsets are UTF-8 byte
/// offsets.
extension RichText {
    /// The UTF-8 length of the text.
    var byteCount: Int { text.utf8.count }

    /// The part of the text in `range` (UTF-8 offsets), with anchors and styles clipped and shifted.
    func slice(_ range: Range<Int>) -> RichText {
        let utf8 = text.utf8
        let lower = max(0, min(range.lowerBound, utf8.count))
        let upper = max(lower, min(range.upperBound, utf8.count))
        let start = utf8.index(utf8.startIndex, offsetBy: lower)
        let end = utf8.index(start, offsetBy: upper - lower)
        let piece = String(decoding: utf8[start..<end], as: UTF8.self)
        let keptAnchors = anchors.compactMap { anchor -> Anchor? in
            let clippedStart = max(anchor.start, lower)
            let clippedEnd = min(anchor.end, upper)
            guard clippedStart < clippedEnd else { return nil }
            return Anchor(start: clippedStart - lower, end: clippedEnd - lower, url: anchor.url,
                          position: anchor.position)
        }
        let keptStyles = styles.compactMap { style -> Style? in
            let clippedStart = max(style.start, lower)
            let clippedEnd = min(style.end, upper)
            guard clippedStart < clippedEnd else { return nil }
            return Style(start: clippedStart - lower, end: clippedEnd - lower, kind: style.kind)
        }
        return RichText(piece, anchors: keptAnchors, styles: keptStyles)
    }

    /// The text without leading and trailing spaces and line breaks.
    func trimmed() -> RichText {
        let utf8 = Array(text.utf8)
        var lower = 0
        var upper = utf8.count
        while lower < upper, utf8[lower] == 0x20 || utf8[lower] == 0x0A { lower += 1 }
        while upper > lower, utf8[upper - 1] == 0x20 || utf8[upper - 1] == 0x0A { upper -= 1 }
        if lower == 0 && upper == utf8.count { return self }
        return slice(lower..<upper)
    }

    /// `parts` joined by `separator`, anchors and styles shifted into place.
    static func joined(_ parts: [RichText], separator: String = " ") -> RichText {
        var text = ""
        var anchors: [Anchor] = []
        var styles: [Style] = []
        for (index, part) in parts.enumerated() {
            if index > 0 { text += separator }
            let offset = text.utf8.count
            anchors += part.anchors.map {
                Anchor(start: $0.start + offset, end: $0.end + offset, url: $0.url, position: $0.position)
            }
            styles += part.styles.map { Style(start: $0.start + offset, end: $0.end + offset, kind: $0.kind) }
            text += part.text
        }
        return RichText(text, anchors: anchors, styles: styles)
    }

    /// The first anchor overlapping `range`, if any.
    func anchor(overlapping range: Range<Int>) -> Anchor? {
        anchors.first { $0.start < range.upperBound && range.lowerBound < $0.end }
    }
}
