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

    /// Appends UTF-8 text, collapsing white space. Runs of text with ordinary single spaces are
    /// copied whole; only irregular white space (tabs, line breaks, no-break spaces, doubled
    /// spaces) is looked at byte by byte.
    mutating func append(_ text: UnsafeBufferPointer<UInt8>) {
        let count = text.count
        var index = 0
        while index < count {
            var spaces = 0
            var noBreakSpaces = 0
            while index < count, let width = Self.whiteSpaceWidth(text, at: index) {
                spaces += 1
                if width == 2 { noBreakSpaces += 1 }
                index += width
            }
            if spaces > 0 {
                if bytes.isEmpty {
                    leadingIndent += spaces
                    leadingNoBreakSpaces += noBreakSpaces
                } else if bytes.last != 0x0A {
                    pendingSpace = true
                }
                continue
            }
            var end = index + 1
            while end < count {
                let byte = text[end]
                if byte == 0x20 {
                    if end + 1 < count, Self.whiteSpaceWidth(text, at: end + 1) == nil {
                        end += 2
                        continue
                    }
                    break
                }
                if byte < 0x20 && (byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C || byte == 0x0B) { break }
                if byte == 0xC2, end + 1 < count, text[end + 1] == 0xA0 { break }
                end += 1
            }
            flushSpace()
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[index..<end]))
            index = end
        }
    }

    /// Width in bytes of the white-space character at `index` (2 for a no-break space), or nil.
    @inline(__always)
    private static func whiteSpaceWidth(_ text: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
        let byte = text[index]
        switch byte {
        case 0x20, 0x09, 0x0A, 0x0D, 0x0C, 0x0B: return 1
        case 0xC2: return index + 1 < text.count && text[index + 1] == 0xA0 ? 2 : nil
        default: return nil
        }
    }

    mutating func append(_ text: String) {
        text.withBytes { append($0) }
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

    private mutating func flushSpace() {
        if pendingSpace {
            bytes.append(0x20)
            pendingSpace = false
        }
    }
}
