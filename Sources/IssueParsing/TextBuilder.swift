import ByteScanning
import IssueModel

/// Accumulates the text of one block from pieces, the same way for every reader: runs of white
/// space (space, tab, line breaks, no-break space) become one space, leading and trailing space is
/// dropped, and the width of the leading indentation is remembered.
///
/// It also mends what converters break, once for every reader: an emphasis marker the converter
/// left unpaired (``appendLeftoverMarker(isBold:)``) is dropped — a bold opener at the start of a line
/// still makes that line bold — and a space the converter lost where an inline element opens right
/// after a word ("Get the[models](u)") is put back.
struct TextBuilder {
    private(set) var bytes: [UInt8] = []
    private var anchors: [RichText.Anchor] = []
    private var openAnchors: [(start: Int, url: String, position: SourcePosition?)] = []
    private var styles: [RichText.Style] = []
    private var openStyles: [(start: Int, kind: RichText.Style.Kind)] = []
    /// Where a bold run opened by an unpaired `**` at the start of a line began.
    private var leftoverBoldStart: Int?
    /// An unpaired marker was just dropped: a word glued to the one before it gets its space back.
    private var markerDropped = false
    /// An inline element just opened: a word glued to the one before it gets its space back.
    private var elementJustOpened = false
    private var pendingSpace = false
    /// Leading white space seen before the first visible character, counting a no-break space as one.
    private(set) var leadingIndent = 0
    /// Leading no-break spaces: the mark of an indented paragraph in HTML.
    private(set) var leadingNoBreakSpaces = 0

    var isEmpty: Bool { bytes.isEmpty }

    init() { bytes.reserveCapacity(256) }

    /// A builder that writes into `buffer` (emptied, its room kept).
    private init(reusing buffer: [UInt8]) { bytes = buffer }

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
            let end = Self.runEnd(text, from: index + 1)
            restoreLostSpace(before: text[index])
            flushSpace()
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[index..<end]))
            index = end
        }
    }

    /// Whether ``append(_:)`` into an empty builder, then ``finish()``, gives `text` back unchanged:
    /// it starts with no white space and is one run of ordinary text to its end (no white space that
    /// `append` collapses or trims). Readers take such text as it is, without a builder.
    static func passesUnchanged(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        !text.isEmpty && whiteSpaceWidth(text, at: 0) == nil && runEnd(text, from: 1) == text.count
    }

    /// Where the run of text that goes into the builder as it is, from `start` on, ends: at white
    /// space it collapses — tabs, line breaks and other control white space, a no-break space, a space
    /// before more white space or at the very end — or at the end of `text`.
    @inline(__always)
    private static func runEnd(_ text: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        let count = text.count
        var end = ordinaryRunEnd(text, from: start)
        while end < count {
            let byte = text[end]
            if byte == 0x20 {
                if end + 1 < count, whiteSpaceWidth(text, at: end + 1) == nil {
                    end += 2
                    continue
                }
                break
            }
            if byte < 0x20 && (byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C || byte == 0x0B) { break }
            if byte == 0xC2, end + 1 < count, text[end + 1] == 0xA0 { break }
            end += 1
        }
        return end
    }

    /// How far from `start` the text is surely ordinary — no control character, no byte of a
    /// no-break space, no space followed by white space — checked sixteen bytes at a time: the
    /// byte-by-byte loop of ``append(_:)`` takes over where a chunk holds any of these (a lone `Â`
    /// or a space before `©` is ordinary, and is looked at there).
    @inline(__always)
    private static func ordinaryRunEnd(_ text: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard let base = text.baseAddress else { return start }
        let space = SIMD16<UInt8>(repeating: 0x20)
        let afterSpace = SIMD16<UInt8>(repeating: 0x21)
        let noBreakLead = SIMD16<UInt8>(repeating: 0xC2)
        var index = start
        // Each chunk is compared with the chunk one byte on, to see what follows each space.
        while index + 17 <= text.count {
            let chunk = UnsafeRawPointer(base + index).loadUnaligned(as: SIMD16<UInt8>.self)
            let next = UnsafeRawPointer(base + index + 1).loadUnaligned(as: SIMD16<UInt8>.self)
            let irregular = (chunk .< space) .| (chunk .== noBreakLead)
                .| ((chunk .== space) .& ((next .< afterSpace) .| (next .== noBreakLead)))
            let lane = irregular.firstSetLane
            if lane < 16 { return index + lane }
            index += 16
        }
        return index
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
        elementJustOpened = false
        markerDropped = false
        closeLeftoverBold()
        guard !bytes.isEmpty else { return }
        pendingSpace = false
        if bytes.last != 0x0A { bytes.append(0x0A) }
    }

    /// Takes a run of emphasis markers (`**`, `_`, `*`) that the markup left unpaired: the converter
    /// broke the run it belonged to. It is dropped; a bold one (`**`) at the start of a line makes
    /// the rest of that line bold, as the writer meant, and one between two words leaves a space.
    mutating func appendLeftoverMarker(isBold: Bool) {
        if bytes.isEmpty || bytes.last == 0x0A {
            if isBold, leftoverBoldStart == nil {
                pendingSpace = false
                leftoverBoldStart = bytes.count
            }
            return
        }
        elementJustOpened = true
        markerDropped = true
    }

    /// Marks the start of a link to `url`; the matching ``endAnchor()`` closes it. `position` is
    /// where the input writes the address.
    mutating func beginAnchor(url: String, position: SourcePosition? = nil) {
        flushSpace()
        openAnchors.append((bytes.count, url, position))
        elementJustOpened = true
    }

    mutating func endAnchor() {
        guard let open = openAnchors.popLast() else { return }
        let end = bytes.count
        if end > open.start {
            anchors.append(RichText.Anchor(start: open.start, end: end, url: open.url, position: open.position))
        }
    }

    /// Marks the start of a bold, italic or code run; the matching ``endStyle()`` closes it.
    mutating func beginStyle(_ kind: RichText.Style.Kind) {
        flushSpace()
        openStyles.append((bytes.count, kind))
        elementJustOpened = true
    }

    mutating func endStyle() {
        guard let open = openStyles.popLast() else { return }
        if bytes.count > open.start { styles.append(RichText.Style(start: open.start, end: bytes.count, kind: open.kind)) }
    }

    /// The finished text, trimmed, with anchors and styles clipped to it; the builder is reset.
    mutating func finish() -> RichText {
        closeLeftoverBold()
        while let last = bytes.last, last == 0x0A || last == 0x20 { bytes.removeLast() }
        let count = bytes.count
        // Most blocks carry no link and no style: nothing to clip or sort then.
        let clippedAnchors = anchors.isEmpty ? [] : anchors.compactMap { anchor -> RichText.Anchor? in
            let end = min(anchor.end, count)
            return anchor.start < end
                ? RichText.Anchor(start: anchor.start, end: end, url: anchor.url, position: anchor.position) : nil
        }
        let clippedStyles = styles.isEmpty ? [] : styles.compactMap { style -> RichText.Style? in
            let end = min(style.end, count)
            return style.start < end ? RichText.Style(start: style.start, end: end, kind: style.kind) : nil
        }.sorted { ($0.start, -$0.end) < ($1.start, -$1.end) }
        let text = RichText(String(decoding: bytes, as: UTF8.self), anchors: clippedAnchors, styles: clippedStyles)
        // Ready for the next block, keeping the byte buffer's room rather than allocating anew.
        var reused: [UInt8] = []
        swap(&reused, &bytes)
        reused.removeAll(keepingCapacity: true)
        self = TextBuilder(reusing: reused)
        return text
    }

    private mutating func closeLeftoverBold() {
        guard let start = leftoverBoldStart else { return }
        leftoverBoldStart = nil
        var end = bytes.count
        while end > start, bytes[end - 1] == 0x20 { end -= 1 }
        if end > start { styles.append(RichText.Style(start: start, end: end, kind: .strong)) }
    }

    /// Called before the first visible byte of new text: gives back the space a converter dropped
    /// where an inline element opens, or a broken marker stood, right after a word or a colon.
    private mutating func restoreLostSpace(before next: UInt8) {
        guard elementJustOpened else { return }
        elementJustOpened = false
        defer { markerDropped = false }
        let here = bytes.count
        guard !pendingSpace, let last = bytes.last, Self.isWordByte(last) || Self.isClauseMark(last), Self.isWordByte(next),
              markerDropped || openAnchors.last?.start == here || openStyles.last?.start == here else { return }
        // The space goes before the elements that open here, not inside them.
        bytes.append(0x20)
        for index in openAnchors.indices where openAnchors[index].start == here { openAnchors[index].start += 1 }
        for index in openStyles.indices where openStyles[index].start == here { openStyles[index].start += 1 }
    }

    /// A colon, comma or semicolon: "Read more:**[Title]" lost the space after it.
    private static func isClauseMark(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ":") || byte == UInt8(ascii: ",") || byte == UInt8(ascii: ";")
    }

    /// ASCII letters and digits.
    static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    private mutating func flushSpace() {
        if pendingSpace {
            bytes.append(0x20)
            pendingSpace = false
        }
    }
}
