import IssueModel

/// Cutting and joining text without losing the links and styles inside it. Offsets are UTF-8 byte
/// offsets.
extension RichText {
    /// The UTF-8 length of the text.
    var byteCount: Int { text.utf8.count }

    /// The part of the text in `range` (UTF-8 offsets), with anchors and styles clipped and shifted.
    func slice(_ range: Range<Int>) -> RichText {
        slices([range])[0]
    }

    /// The parts of the text in `ranges` (UTF-8 offsets, in order and not overlapping), each with
    /// the anchors and styles inside it clipped and shifted. Each anchor and style is placed by a
    /// binary search, so that cutting a long text into many pieces (a paragraph of 20,000 lines)
    /// costs the text's length plus its anchors, not their product.
    func slices(_ ranges: [Range<Int>]) -> [RichText] {
        let utf8 = text.utf8
        let count = utf8.count
        let clamped = ranges.map { range -> Range<Int> in
            let lower = max(0, min(range.lowerBound, count))
            return lower..<max(lower, min(range.upperBound, count))
        }
        /// The pieces an annotation `start..<end` falls in, each with its clipped span (piece-relative).
        func placing(_ start: Int, _ end: Int, _ place: (Int, Int, Int) -> Void) {
            // The first piece that ends after `start`.
            var low = 0, high = clamped.count
            while low < high {
                let middle = (low + high) / 2
                if clamped[middle].upperBound <= start { low = middle + 1 } else { high = middle }
            }
            var index = low
            while index < clamped.count, clamped[index].lowerBound < end {
                let piece = clamped[index]
                let clippedStart = max(start, piece.lowerBound), clippedEnd = min(end, piece.upperBound)
                if clippedStart < clippedEnd { place(index, clippedStart - piece.lowerBound, clippedEnd - piece.lowerBound) }
                index += 1
            }
        }
        var pieceAnchors = Array(repeating: [Anchor](), count: clamped.count)
        var pieceStyles = Array(repeating: [Style](), count: clamped.count)
        for anchor in anchors {
            placing(anchor.start, anchor.end) { index, start, end in
                pieceAnchors[index].append(Anchor(start: start, end: end, url: anchor.url, position: anchor.position))
            }
        }
        for style in styles {
            placing(style.start, style.end) { index, start, end in
                pieceStyles[index].append(Style(start: start, end: end, kind: style.kind))
            }
        }
        return clamped.indices.map { index in
            let range = clamped[index]
            let start = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
            let end = utf8.index(start, offsetBy: range.count)
            return RichText(String(decoding: utf8[start..<end], as: UTF8.self), anchors: pieceAnchors[index],
                            styles: pieceStyles[index])
        }
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
