import IssueModel

/// Accumulates the text of one block from pieces, the same way for every reader: runs of white
/// space (space, tab, line breaks, no-break space) become one space, leading and trailing space is
/// dropped, and the width of the leading indentation is remembered.
struct TextBuilder {
    private(set) var bytes: [UInt8] = []
    private var anchors: [RichText.Anchor] = []
    private var openAnchors: [(start: Int, url: String)] = []
    private var pendingSpace = false
    /// Leading white space seen before the first visible character, counting a no-break space as one.
    private(set) var leadingIndent = 0
    /// Leading no-break spaces: the mark of an indented paragraph in HTML.
    private(set) var leadingNoBreakSpaces = 0

    var isEmpty: Bool { bytes.isEmpty }

    init() { bytes.reserveCapacity(256) }

    /// Appends UTF-8 text, collapsing white space.
    mutating func append<Bytes: Collection<UInt8>>(_ text: Bytes) {
        var iterator = text.makeIterator()
        var previousWasC2 = false
        while let byte = iterator.next() {
            if previousWasC2 {
                previousWasC2 = false
                if byte == 0xA0 { noteSpace(noBreak: true); continue }
                flushSpace()
                bytes.append(0xC2)
                bytes.append(byte)
                continue
            }
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0D, 0x0C, 0x0B:
                noteSpace(noBreak: false)
            case 0xC2:
                previousWasC2 = true
            default:
                flushSpace()
                bytes.append(byte)
            }
        }
        if previousWasC2 { flushSpace(); bytes.append(0xC2) }
    }

    mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { append($0) }
    }

    /// Inserts a line break that survives normalisation (a Markdown soft break).
    mutating func appendLineBreak() {
        guard !bytes.isEmpty else { return }
        pendingSpace = false
        if bytes.last != 0x0A { bytes.append(0x0A) }
    }

    /// Marks the start of a link to `url`; the matching ``endAnchor()`` closes it.
    mutating func beginAnchor(url: String) {
        flushSpace()
        openAnchors.append((bytes.count, url))
    }

    mutating func endAnchor() {
        guard let open = openAnchors.popLast() else { return }
        let end = bytes.count
        if end > open.start { anchors.append(RichText.Anchor(start: open.start, end: end, url: open.url)) }
    }

    /// The finished text, trimmed, with anchors clipped to it; the builder is reset.
    mutating func finish() -> RichText {
        while let last = bytes.last, last == 0x0A || last == 0x20 { bytes.removeLast() }
        let count = bytes.count
        let clipped = anchors.compactMap { anchor -> RichText.Anchor? in
            let end = min(anchor.end, count)
            return anchor.start < end ? RichText.Anchor(start: anchor.start, end: end, url: anchor.url) : nil
        }
        let text = RichText(String(decoding: bytes, as: UTF8.self), anchors: clipped)
        self = TextBuilder()
        return text
    }

    private mutating func noteSpace(noBreak: Bool) {
        if bytes.isEmpty {
            leadingIndent += 1
            if noBreak { leadingNoBreakSpaces += 1 }
        } else if bytes.last != 0x0A {
            pendingSpace = true
        }
    }

    private mutating func flushSpace() {
        if pendingSpace {
            bytes.append(0x20)
            pendingSpace = false
        }
    }
}
