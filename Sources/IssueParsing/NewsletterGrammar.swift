import IssueModel

/// The newsletter's line grammar: what an issue title, a dek, a tale label, a setting line, a byline
/// and the inspiration line look like. Every reader's blocks are judged by these same rules.
enum NewsletterGrammar {
    /// The parts of an "Import AI 320: Title" line.
    struct IssueTitle: Equatable {
        var number: IssueNumber
        var title: String
    }

    /// Recognises an issue title line: `Import AI 320: Title`, `Import AI 320B: Title`, `Import AI #320 – Title`,
    /// or `Import AI 320` alone. A mention inside a sentence ("Import AI 304 covered …") is not a title.
    static func issueTitle(_ text: String) -> IssueTitle? {
        guard text.utf8.hasBytePrefix("Import AI") else { return nil }
        let bytes = Array(text.utf8)
        guard let (number, end) = issueNumber(in: bytes, afterNameAt: 0) else { return nil }
        var rest = end
        while rest < bytes.count, bytes[rest] == 0x20 { rest += 1 }
        guard rest < bytes.count else { return IssueTitle(number: number, title: "") }
        // What follows the number must introduce a title: a colon, or a dash set off by spaces.
        if bytes[rest] == UInt8(ascii: ":") {
            rest += 1
        } else if rest > end, bytes[rest] == UInt8(ascii: "-") {
            rest += 1
        } else if rest > end, rest + 3 <= bytes.count, bytes[rest] == 0xE2, bytes[rest + 1] == 0x80,
                  bytes[rest + 2] == 0x93 || bytes[rest + 2] == 0x94 {
            rest += 3
        } else {
            return nil
        }
        let title = String(decoding: bytes[rest...], as: UTF8.self)
        return IssueTitle(number: number, title: title.trimmingSpaces())
    }

    private static let newsletterName = Array("Import AI".utf8)

    /// The most digits an issue number has.
    static let maximumIssueDigits = 5

    /// The digits of a title line whose number is too long to be an issue's ("Import AI 1234567: …"),
    /// or nil when the line is no such title.
    static func outOfRangeTitleNumber(_ text: String) -> String? {
        guard text.utf8.hasBytePrefix("Import AI") else { return nil }
        let afterName = text.dropFirst("Import AI".count).drop { $0 == " " || $0 == ":" || $0 == "#" }
        let digits = afterName.prefix { $0.isASCII && $0.isNumber }
        guard digits.count > maximumIssueDigits else { return nil }
        let rest = afterName.dropFirst(digits.count).drop { $0 == " " }
        guard rest.isEmpty || rest.first == ":" || rest.first == "-" || rest.first == "–" || rest.first == "—" else {
            return nil
        }
        return String(digits)
    }

    /// The issue number written after the newsletter's name at `start`: "Import AI 320",
    /// "Import AI: 311", "Import AI #7", "Import AI 320B". Returns the number and the offset just past it,
    /// or nil when the name is not followed by a number of one to five digits.
    static func issueNumber(in bytes: [UInt8], afterNameAt start: Int) -> (IssueNumber, Int)? {
        var index = start + newsletterName.count
        guard index <= bytes.count, bytes[start..<index].elementsEqual(newsletterName) else { return nil }
        if index < bytes.count, bytes[index] == UInt8(ascii: ":") { index += 1 }
        var spaces = 0
        while index < bytes.count, bytes[index] == 0x20 {
            index += 1
            spaces += 1
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "#") { index += 1 }
        guard spaces > 0 || index > start + newsletterName.count else { return nil }
        let digitsStart = index
        var value = 0
        while index < bytes.count, isASCIIDigit(bytes[index]) {
            guard index - digitsStart < maximumIssueDigits else { return nil }
            value = value * 10 + Int(bytes[index] - 0x30)
            index += 1
        }
        guard index > digitsStart else { return nil }
        var suffix = ""
        if index < bytes.count, bytes[index] >= 0x41, bytes[index] <= 0x5A,
           index + 1 == bytes.count || !isASCIILetter(bytes[index + 1]) {
            suffix = String(UnicodeScalar(bytes[index]))
            index += 1
        } else if index < bytes.count, isASCIILetter(bytes[index]) {
            // "Import AI 3rd": a word, not a number.
            return nil
        }
        return (IssueNumber(value, suffix: suffix), index)
    }

    /// Whether a line or a block's text is the newsletter's story separator: `####` or longer and
    /// nothing else. Every reader asks this one rule.
    static func isSeparatorRule<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Bool {
        bytes.count >= 4 && bytes.allSatisfy { $0 == UInt8(ascii: "#") }
    }

    /// Whether the block is a dek: it opens with an ellipsis and says something.
    static func isDek(_ text: String) -> Bool {
        let utf8 = text.utf8
        guard utf8.count > 3, utf8.hasBytePrefix("…") || utf8.hasBytePrefix("...") else { return false }
        // "...)" or a lone ellipsis is not a dek.
        let bytes = Array(utf8)
        let index = Ellipsis.leadingLength(in: bytes)
        return index < bytes.count && bytes[index] != UInt8(ascii: ")")
    }

    /// Splits a dek block into the dek (without its ellipses) and whatever follows the closing
    /// ellipsis on the same line ("…dek…Researchers with …": the body began without a line break).
    static func splitDek(_ text: RichText) -> (dek: String, rest: RichText?) {
        let bytes = Array(text.text.utf8)
        let start = Ellipsis.leadingLength(in: bytes)
        var end = bytes.count
        // A dek that ends with its ellipsis: everything between is the dek, inner ellipses included.
        if end - start >= 3, Ellipsis.length(in: bytes, at: end - 3) > 0 {
            while end - start >= 3, Ellipsis.length(in: bytes, at: end - 3) > 0 { end -= 3 }
            return (String(decoding: bytes[start..<end], as: UTF8.self).trimmingSpaces(), nil)
        }
        // Otherwise the first closing ellipsis ends the dek and the rest is body text.
        var index = start
        while index < bytes.count {
            let length = Ellipsis.length(in: bytes, at: index)
            if length > 0 {
                let dek = String(decoding: bytes[start..<index], as: UTF8.self).trimmingSpaces()
                var restStart = index
                while Ellipsis.length(in: bytes, at: restStart) > 0 { restStart += 3 }
                let rest = text.slice(restStart..<bytes.count).trimmed()
                return (dek, rest.text.isEmpty ? nil : rest)
            }
            index += 1
        }
        return (String(decoding: bytes[start...], as: UTF8.self).trimmingSpaces(), nil)
    }

    /// The label that opens the tale: "Tech Tales:", "Tech tales", "Tech Tale:". A title on the same
    /// line ("Tech Tales: The Moon") is returned as `title`.
    static func taleLabel(_ text: String) -> (title: String?, isLabel: Bool) {
        let utf8 = text.utf8
        guard utf8.hasBytePrefixIgnoringCase("tech tale") else { return (nil, false) }
        var rest = Substring(text).dropFirst("tech tale".count)
        if rest.first == "s" || rest.first == "S" { rest = rest.dropFirst() }
        rest = rest.drop { $0 == " " }
        if rest.isEmpty { return (nil, true) }
        guard rest.first == ":" else { return (nil, false) }
        let title = rest.dropFirst().trimmingSpaces()
        return (title.isEmpty ? nil : title, true)
    }

    /// The setting line of a tale, "[Bay Area, 2029]", returned without its brackets.
    /// `](`: where a Markdown link's text ends and its address begins.
    private static let linkTextEnd = Array("](".utf8)

    static func setting(_ text: String) -> String? {
        let utf8 = text.utf8
        guard utf8.count >= 3, utf8.count <= 400, utf8.first == UInt8(ascii: "["), utf8.last == UInt8(ascii: "]"),
              !text.containsBytes(Self.linkTextEnd) else { return nil }
        let inner = String(text.dropFirst().dropLast()).trimmingSpaces()
        return inner.isEmpty ? nil : inner
    }

    /// The text after "Things that inspired this story:", or nil when the block is not that line.
    static func inspiration(_ text: String) -> String? {
        guard text.utf8.hasBytePrefixIgnoringCase("things that inspired this stor") else { return nil }
        guard let colon = text.firstIndex(of: ":") else { return "" }
        return String(text[text.index(after: colon)...]).trimmingSpaces()
    }

    /// "by Jack Clark" → "Jack Clark".
    static func byline(_ text: String) -> String? {
        let utf8 = text.utf8
        guard utf8.count <= 80, utf8.hasBytePrefixIgnoringCase("by "), !text.containsByte(UInt8(ascii: ":")) else { return nil }
        let name = String(text.dropFirst(3)).trimmingSpaces()
        let words = name.split(separator: " ")
        guard (1...6).contains(words.count), let first = name.unicodeScalars.first,
              first.properties.isUppercase else { return nil }
        return name
    }

    /// Whether a block could be a headline: one short line of text that is none of the other things.
    static func isHeadlineCandidate(_ block: Block) -> Bool {
        switch block.kind {
        case .text, .heading: break
        case .listItem, .separator, .image: return false
        }
        let text = block.text.text
        return text.utf8.count <= 400 && !text.containsByte(0x0A) && !isDek(text)
            && setting(block.string) == nil && inspiration(block.string) == nil
            && !taleLabel(block.string).isLabel
    }

    /// Whether a block reads like a tale's title: short, not a line of dialogue.
    static func isTitleLike(_ block: Block) -> Bool {
        let text = block.string
        guard text.utf8.count <= 120, isHeadlineCandidate(block),
              text.withBytes({ $0.lazy.filter { $0 == 0x20 }.count }) < 16 else { return false }
        let first = text.unicodeScalars.first.map { $0.value } ?? 0
        let openingQuotes: Set<UInt32> = [0x22, 0x27, 0x201C, 0x2018, 0x2013, 0x2014, 0x2D]
        return !openingQuotes.contains(first)
    }

    /// Whether a paragraph stops mid-sentence, so that the next one carries it on (a paragraph the
    /// export broke across a blank line: "… in model size and environment" / "interactions, …").
    static func endsMidSentence(_ text: String) -> Bool {
        guard let last = text.utf8.last else { return false }
        return isASCIILetter(last) || isASCIIDigit(last) || last == UInt8(ascii: ",")
    }

    /// Whether a block is a lone punctuation mark or rule left by the export ("|", ".", "—").
    static func isStrayPunctuation(_ text: String) -> Bool {
        guard text.utf8.count <= 3 else { return false }
        return !text.unicodeScalars.contains { $0.properties.isAlphabetic || $0.properties.numericType != nil }
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs, line breaks and no-break spaces: each such
    /// character (`Character`) at either end is dropped.
    func trimmingSpaces() -> String {
        var text = String(self)
        // On the bytes: a run of spaces, tabs, line feeds and no-break spaces (C2 A0) at each end.
        let trimmed: Range<Int>? = text.withUTF8 { bytes in
            func spaceLength(at index: Int) -> Int {
                switch bytes[index] {
                case 0x20, 0x0A, 0x09: 1
                case 0xC2 where index + 1 < bytes.count && bytes[index + 1] == 0xA0: 2
                default: 0
                }
            }
            var start = 0
            while start < bytes.count {
                let length = spaceLength(at: start)
                if length == 0 { break }
                start += length
            }
            var end = bytes.count
            while end > start {
                if bytes[end - 1] == 0x20 || bytes[end - 1] == 0x0A || bytes[end - 1] == 0x09 {
                    end -= 1
                } else if end - start >= 2, bytes[end - 2] == 0xC2, bytes[end - 1] == 0xA0 {
                    end -= 2
                } else {
                    break
                }
            }
            // Where a dropped space might belong to its neighbour's character instead — a combining
            // mark after it, a prepended mark before it (both non-ASCII), or a carriage return (of a
            // "\r\n" pair, one character) — the characters decide.
            if (start > 0 && start < bytes.count && bytes[start] >= 0x80)
                || (end < bytes.count && end > start && bytes[end - 1] >= 0x80)
                || (start < bytes.count && bytes[start] == 0x0D) || (end > start && bytes[end - 1] == 0x0D) {
                return nil
            }
            return start..<end
        }
        if let trimmed {
            if trimmed.count == text.utf8.count { return text }
            let utf8 = text.utf8
            return String(Substring(utf8[utf8.index(utf8.startIndex, offsetBy: trimmed.lowerBound)..<utf8.index(utf8.startIndex, offsetBy: trimmed.upperBound)]))
        }
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\u{A0}" || $0 == "\n" || $0 == "\t" || $0 == "\r" }
        guard let first = text.firstIndex(where: { !isSpace($0) }), let last = text.lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(text[first...last])
    }
}
