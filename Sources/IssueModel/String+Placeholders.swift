extension String {
    /// The text with every `placeholder` (a `{name}` of config.json's templates: the permalink, the
    /// archive file names) replaced by `value`. Searched on the UTF-8 bytes: the standard library's
    /// generic `replacing` costs tens of thousands of instructions a call, and a build fills a
    /// template for every issue.
    public func replacingEvery(_ placeholder: String, with value: String) -> String {
        let bytes = Array(utf8)
        let mark = Array(placeholder.utf8)
        guard var found = Self.offsets(of: mark, in: bytes, from: 0) else { return self }
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count + value.utf8.count)
        var copied = 0
        while true {
            result += bytes[copied..<found.lowerBound]
            result += value.utf8
            copied = found.upperBound
            guard let next = Self.offsets(of: mark, in: bytes, from: copied) else { break }
            found = next
        }
        result += bytes[copied...]
        return String(decoding: result, as: UTF8.self)
    }

    /// The text before and after the first `placeholder`, or nil when it has none.
    public func split(atFirst placeholder: String) -> (before: String, after: String)? {
        let bytes = Array(utf8)
        guard let found = Self.offsets(of: Array(placeholder.utf8), in: bytes, from: 0) else { return nil }
        return (String(decoding: bytes[..<found.lowerBound], as: UTF8.self),
                String(decoding: bytes[found.upperBound...], as: UTF8.self))
    }

    /// Where `needle` (not empty) first stands in `bytes` at or after `start`.
    private static func offsets(of needle: [UInt8], in bytes: [UInt8], from start: Int) -> Range<Int>? {
        guard !needle.isEmpty, bytes.count >= needle.count, start <= bytes.count - needle.count else { return nil }
        for index in start...(bytes.count - needle.count)
        where bytes[index] == needle[0] && bytes[index..<(index + needle.count)].elementsEqual(needle) {
            return index..<(index + needle.count)
        }
        return nil
    }
}
