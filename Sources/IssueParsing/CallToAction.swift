import IssueModel

/// The newsletter's link lines: a call to action, then a title, then a parenthesised source.
///
/// "Read more: Title (arXiv).", "Read moreTitle (PDF).", "Get the code here (GitHub).",
/// "Get the dataset here: OpenOccupancy (GitHub).", "More about RLBot here."
enum CallToAction {
    /// Phrases a link line may open with, longest first so that "Read more" wins over "Read".
    static let phrases: [String] = [
        "Read more", "Read the", "Read our", "Read", "Get the", "Get", "Find out more", "Find out", "Try out", "Try it",
        "Try", "Check out", "Watch the", "Watch", "Listen to", "Listen", "Request", "Download", "Explore",
        "See the", "See more", "View the", "View", "Learn more", "More about", "More details", "More info",
        "More here", "Via", "Bonus", "Sign up", "Apply", "Play with", "Play", "Access", "Visit", "Join",
        "Register", "Browse", "Take a look", "Look at",
    ]

    private static let phraseBytes: [[UInt8]] = phrases.map { Array($0.utf8) }
    private static let readMore = Array("Read more".utf8)
    private static let hereColon = Array("here:".utf8)

    /// How strongly a line reads as a link line.
    enum Strength {
        /// "Read more…", or a line that ends with "(Source)", names a title after a colon, or ends
        /// with "here.": a link line wherever it stands.
        case certain
        /// Opens with a call to action but has none of those marks ("Via nearcyan on Twitter."): a
        /// link line only among other link lines.
        case likely
    }

    /// The phrases by their first byte (longest first within each): a line starting with a byte that
    /// opens none is no link line, and one that does is compared with those phrases alone.
    private static let phrasesByInitial: [[[UInt8]]] = (0..<256).map { byte in
        phraseBytes.filter { $0.first == UInt8(byte) }
    }

    /// The phrase a line opens with, when it opens with one at a word boundary.
    static func phrase(openingAt bytes: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard let first = bytes.first else { return nil }
        let candidates = phrasesByInitial[Int(first)]
        guard !candidates.isEmpty else { return nil }
        for phrase in candidates where bytes.count >= phrase.count && bytes.starts(with: phrase) {
            if bytes.count == phrase.count { return phrase }
            let next = bytes[phrase.count]
            if next == 0x20 || next == UInt8(ascii: ":") || next == 0xC2 { return phrase }
            // "Read moreTitle (PDF)": the export dropped the colon and the space.
            if phrase == readMore, !(next >= 0x61 && next <= 0x7A) { return phrase }
        }
        return nil
    }

    /// Whether `text` is a link line, and how surely. In a format that writes addresses
    /// (`addressesExpected`), a line with no link is one only when it says "Read more" or ends on a
    /// "(Source)" — a link line whose address the author forgot — and otherwise running text.
    static func strength(of text: RichText, addressesExpected: Bool = false) -> Strength? {
        text.text.withBytes { bytes -> Strength? in
            guard bytes.count <= 600 else { return nil }
            guard let phrase = phrase(openingAt: bytes) else {
                // No opening phrase, but the line ends by linking "Title (Source)": it cites.
                guard !text.anchors.isEmpty, bytes.count <= 300, !bytes.contains(0x0A) else { return nil }
                return citesAnchoredSource(text, bytes) ? .certain : nil
            }
            guard !bytes.contains(0x0A) else { return nil }
            if isProseAfterCall(text, bytes, phraseLength: phrase.count) { return nil }
            if phrase == readMore { return .certain }
            if addressesExpected, text.anchors.isEmpty { return sourceRange(in: bytes) != nil ? .certain : nil }
            if sourceRange(in: bytes) != nil { return .certain }
            if let colon = bytes.firstIndex(of: UInt8(ascii: ":")), colon < 90 { return .certain }
            let utf8 = text.text.utf8
            if utf8.hasByteSuffix("here.") || utf8.hasByteSuffix("here") || utf8.hasByteSuffix("here!") {
                return .certain
            }
            if !text.anchors.isEmpty && bytes.count <= 240 { return .certain }
            return bytes.count <= 240 ? .likely : nil
        }
    }

    /// Whether one anchor covers the line's closing "Title (Source)": the link of a link line, as
    /// against a parenthesised back-reference ("([Import AI 293](u))") that ends a sentence.
    private static func citesAnchoredSource(_ text: RichText, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !text.anchors.isEmpty, let source = sourceRange(in: bytes), source.lowerBound >= 2 else { return false }
        let openParenthesis = source.lowerBound - 1
        return text.anchors.contains { $0.start < openParenthesis - 1 && $0.end >= source.upperBound }
    }

    /// Whether what follows the call is running prose with a link somewhere in it ("See the photos:
    /// The paper has some remarkable photos … - [check it out!](u)") rather than the linked title:
    /// a long stretch after the call that no anchor covers.
    private static func isProseAfterCall(_ text: RichText, _ bytes: UnsafeBufferPointer<UInt8>,
                                         phraseLength: Int) -> Bool {
        guard !text.anchors.isEmpty else { return false }
        let start = bytes[phraseLength...].firstIndex(of: UInt8(ascii: ":")).map { $0 + 1 } ?? phraseLength
        var uncovered = 0
        var offset = start
        for anchor in text.anchors.sorted(by: { $0.start < $1.start }) where anchor.end > offset {
            uncovered += max(0, anchor.start - offset)
            offset = anchor.end
        }
        uncovered += max(0, bytes.count - offset)
        return uncovered > 80
    }

    /// The parenthesised source at the end of a line — "(arXiv)", "(OpenAI, PDF)." — as a byte range of
    /// its inside, when the parentheses hold a short annotation rather than a sentence.
    static func sourceRange(in bytes: [UInt8]) -> Range<Int>? {
        bytes.withUnsafeBufferPointer { sourceRange(in: $0) }
    }

    /// ``sourceRange(in:)`` on borrowed bytes.
    static func sourceRange(in bytes: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        var end = bytes.count
        while end > 0, bytes[end - 1] == UInt8(ascii: ".") || bytes[end - 1] == 0x20 { end -= 1 }
        guard end > 0, bytes[end - 1] == UInt8(ascii: ")") else { return nil }
        var depth = 0
        var index = end - 1
        while index >= 0 {
            if bytes[index] == UInt8(ascii: ")") { depth += 1 }
            if bytes[index] == UInt8(ascii: "(") {
                depth -= 1
                if depth == 0 { break }
            }
            index -= 1
        }
        guard index > 0, depth == 0 else { return nil }
        let inner = (index + 1)..<(end - 1)
        guard !inner.isEmpty, inner.count <= 100 else { return nil }
        // A source is a name, not a sentence: "(at a latency of 10 seconds per token, lol.)" is prose.
        let last = bytes[inner.upperBound - 1]
        if last == UInt8(ascii: ".") || last == UInt8(ascii: "!") || last == UInt8(ascii: "?") { return nil }
        return inner
    }

    /// Reads a link line into a ``Link``. The URL is the anchor on the title when the input carries
    /// anchors, else the anchor on the call to action, else any anchor on the line.
    static func link(from text: RichText, location: SourceLocation) -> Link {
        let bytes = Array(text.text.utf8)
        let phraseLength = bytes.withUnsafeBufferPointer { phrase(openingAt: $0)?.count ?? 0 }

        var bodyEnd = bytes.count
        var source: String?
        if let range = sourceRange(in: bytes) {
            source = String(decoding: bytes[range], as: UTF8.self).trimmingSpaces()
            bodyEnd = range.lowerBound - 1
        } else {
            while bodyEnd > 0, bytes[bodyEnd - 1] == UInt8(ascii: ".") || bytes[bodyEnd - 1] == 0x20 { bodyEnd -= 1 }
        }
        bodyEnd = max(bodyEnd, 0)

        var callRange = 0..<bodyEnd
        var titleRange: Range<Int>?
        if phraseLength > 0, phraseLength < bodyEnd, bytes[phraseLength] != 0x20, bytes[phraseLength] != 0xC2,
           bytes[phraseLength] != UInt8(ascii: ":") {
            // "Read moreTitle: Subtitle": the export dropped the colon; the phrase is the call.
            callRange = 0..<phraseLength
            titleRange = phraseLength..<bodyEnd
        } else if let colon = bytes[..<bodyEnd].firstIndex(of: UInt8(ascii: ":")), colon < 120 {
            callRange = 0..<colon
            titleRange = (colon + 1)..<bodyEnd
        }

        func string(_ range: Range<Int>) -> String? {
            let value = String(decoding: bytes[range], as: UTF8.self).trimmingSpaces()
            return value.isEmpty ? nil : value
        }
        let call = string(callRange) ?? string(0..<bytes.count) ?? text.text
        let title = titleRange.flatMap(string)
        let url = titleRange.flatMap { text.anchor(overlapping: $0) }?.url
            ?? text.anchor(overlapping: callRange)?.url
            ?? text.anchors.first?.url
        return Link(text: call, title: title, source: source, url: url, location: location)
    }

    /// Reads a link line into one ``Link`` per address it holds, in order: a line may cite several
    /// ("Try out the [demo (Lab)](u1) and the [API (Lab)](u2)"), and a converter may split one link
    /// into two anchors to the same address ("Get the[models](u)[ here](u)"), which stay one. Each
    /// link stands where the input writes its address.
    static func links(from text: RichText, location: SourceLocation) -> [Link] {
        var urls: [String] = []
        for anchor in text.anchors where !urls.contains(anchor.url) { urls.append(anchor.url) }
        func place(of anchors: [RichText.Anchor]) -> SourceLocation {
            anchors.lazy.compactMap(\.position).first.map { SourceLocation(file: location.file, position: $0) } ?? location
        }
        guard urls.count > 1 else {
            var link = link(from: text, location: location)
            link.location = place(of: text.anchors)
            return [link]
        }
        // Several addresses: the call is what comes before the first link (up to a colon), and each
        // link's own words give its title and source.
        let bytes = Array(text.text.utf8)
        let firstAnchor = text.anchors.map(\.start).min() ?? 0
        let callEnd = bytes[..<firstAnchor].firstIndex(of: UInt8(ascii: ":")) ?? firstAnchor
        let call = String(decoding: bytes[..<callEnd], as: UTF8.self).trimmingSpaces()
        return urls.map { url in
            let anchors = text.anchors.filter { $0.url == url }
            let words = anchors.map { text.text(of: $0) }.joined().trimmingSpaces()
            let wordBytes = Array(words.utf8)
            var title: String? = words
            var source: String?
            if let range = sourceRange(in: wordBytes), range.lowerBound > 1 {
                title = String(decoding: wordBytes[..<(range.lowerBound - 1)], as: UTF8.self).trimmingSpaces()
                source = String(decoding: wordBytes[range], as: UTF8.self).trimmingSpaces()
            }
            return Link(text: call.isEmpty ? words : call, title: title?.isEmpty == false ? title : nil, source: source,
                        url: url, location: place(of: anchors))
        }
    }

    /// A link sentence inside a paragraph: "… A good writeup … here: AI Data Laundering: … (Waxy)."
    /// The call is the sentence up to "here", the title what follows the colon.
    static func sentenceLink(in text: RichText, location: SourceLocation) -> Link? {
        let utf8 = text.text.utf8
        guard utf8.hasByteSuffix(")") || utf8.hasByteSuffix(")."), text.text.containsBytes(hereColon) else { return nil }
        let bytes = Array(utf8)
        guard let sourceRange = sourceRange(in: bytes) else { return nil }
        let marker = hereColon
        var searchStart = 0
        var lastMarker: Int?
        while let found = firstOffset(of: marker, in: bytes, from: searchStart), found < sourceRange.lowerBound {
            lastMarker = found
            searchStart = found + 1
        }
        guard let hereOffset = lastMarker else { return nil }
        // The sentence that holds the call starts after the previous full stop.
        var sentenceStart = hereOffset
        while sentenceStart > 0 {
            let byte = bytes[sentenceStart - 1]
            if (byte == UInt8(ascii: ".") || byte == UInt8(ascii: "!") || byte == UInt8(ascii: "?")),
               sentenceStart < bytes.count, bytes[sentenceStart] == 0x20 { break }
            sentenceStart -= 1
        }
        let callRange = sentenceStart..<(hereOffset + 4)
        let titleRange = (hereOffset + 5)..<(sourceRange.lowerBound - 1)
        guard !titleRange.isEmpty else { return nil }
        let call = String(decoding: bytes[callRange], as: UTF8.self).trimmingSpaces()
        let title = String(decoding: bytes[titleRange], as: UTF8.self).trimmingSpaces()
        guard !title.isEmpty else { return nil }
        let source = String(decoding: bytes[sourceRange], as: UTF8.self).trimmingSpaces()
        let url = text.anchor(overlapping: titleRange)?.url ?? text.anchor(overlapping: callRange)?.url
        return Link(text: call, title: title, source: source, url: url, location: location)
    }

    /// Whether a link line stops short of its end (an open parenthesis, a colon with nothing after
    /// it, a last word with no punctuation), so that the next paragraph may finish it.
    static func isUnfinished(_ text: String) -> Bool {
        text.withBytes { bytes in
            guard let last = bytes.last else { return false }
            var depth = 0
            for byte in bytes {
                if byte == UInt8(ascii: "(") { depth += 1 } else if byte == UInt8(ascii: ")") { depth -= 1 }
            }
            if depth > 0 { return true }  // more opened than closed
            return last == UInt8(ascii: ":") || isASCIILetter(last) || isASCIIDigit(last)
        }
    }

    /// Whether a paragraph can be the end of an unfinished link line: short and closing on a source.
    static func canFinishLinkLine(_ text: String) -> Bool {
        let utf8 = text.utf8
        return utf8.count <= 300 && (utf8.hasByteSuffix(")") || utf8.hasByteSuffix(")."))
    }
}
