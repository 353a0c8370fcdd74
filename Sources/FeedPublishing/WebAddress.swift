/// The checks the feeds make of addresses: absolute http(s) only, or `mailto:` inside content.
enum WebAddress {
    /// Whether `text` is an absolute `http://` or `https://` URL with a host and no white space or
    /// control characters.
    static func isAbsoluteHTTP(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            let schemeLength: Int
            if hasPrefix(bytes, "https://") {
                schemeLength = 8
            } else if hasPrefix(bytes, "http://") {
                schemeLength = 7
            } else {
                return false
            }
            guard bytes.count > schemeLength else { return false }
            let first = bytes[schemeLength]
            guard first != UInt8(ascii: "/"), first != UInt8(ascii: "?"), first != UInt8(ascii: "#"),
                  first != UInt8(ascii: ":") else { return false }
            return !bytes.contains {
                $0 <= 0x20 || $0 == 0x7F || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">")
            }
        }
    }

    /// Whether `bytes` start with the lower-case ASCII `prefix`, in any case.
    private static func hasPrefix(_ bytes: UnsafeBufferPointer<UInt8>, _ prefix: StaticString) -> Bool {
        guard bytes.count >= prefix.utf8CodeUnitCount else { return false }
        let expected = UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount)
        for (byte, wanted) in zip(bytes, expected) {
            let lowered = (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
            if lowered != wanted { return false }
        }
        return true
    }

    /// Whether a link in content may be kept as a link: absolute http(s), or `mailto:`.
    static func isSafeLink(_ text: String) -> Bool {
        if isAbsoluteHTTP(text) { return true }
        return text.prefix(7).lowercased() == "mailto:" && text.count > 7
            && !text.unicodeScalars.contains { $0.value <= 0x20 || $0 == "\"" || $0 == "<" || $0 == ">" }
    }
}
