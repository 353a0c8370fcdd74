/// The few text tests the feed rules make, each without copying the text.
extension String {
    /// The text without the given ASCII characters at either end (the rules trim " \n\t"); the
    /// text itself when there is nothing to trim.
    func trimmingCharacters(in characters: StaticString) -> String {
        let trimmed = characters.withUTF8Buffer { set -> Substring.UTF8View? in
            let bytes = utf8
            var start = bytes.startIndex
            var end = bytes.endIndex
            while start < end, set.contains(bytes[start]) { start = bytes.index(after: start) }
            while end > start, set.contains(bytes[bytes.index(before: end)]) { end = bytes.index(before: end) }
            return start == bytes.startIndex && end == bytes.endIndex ? nil : bytes[start..<end]
        }
        return trimmed.map { String(Substring($0)) } ?? self
    }

    /// Whether the text is empty or only white space (Unicode's White_Space: spaces, tabs, line breaks).
    var isBlank: Bool {
        unicodeScalars.allSatisfy(\.properties.isWhitespace)
    }
}
