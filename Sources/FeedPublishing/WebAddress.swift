/// The checks the feeds make of addresses: absolute http(s) only, or `mailto:` inside content.
enum WebAddress {
    /// Whether `text` is an absolute `http://` or `https://` URL with a host and no white space or
    /// control characters.
    static func isAbsoluteHTTP(_ text: String) -> Bool {
        let lowered = text.prefix(8).lowercased()
        let rest: Substring
        if lowered.hasPrefix("https://") {
            rest = text.dropFirst(8)
        } else if lowered.hasPrefix("http://") {
            rest = text.dropFirst(7)
        } else {
            return false
        }
        guard let first = rest.first, first != "/", first != "?", first != "#", first != ":" else { return false }
        return !text.unicodeScalars.contains { $0.value <= 0x20 || $0.value == 0x7F || $0 == "\"" || $0 == "<" || $0 == ">" }
    }

    /// Whether a link in content may be kept as a link: absolute http(s), or `mailto:`.
    static func isSafeLink(_ text: String) -> Bool {
        if isAbsoluteHTTP(text) { return true }
        return text.prefix(7).lowercased() == "mailto:" && text.count > 7
            && !text.unicodeScalars.contains { $0.value <= 0x20 || $0 == "\"" || $0 == "<" || $0 == ">" }
    }
}
