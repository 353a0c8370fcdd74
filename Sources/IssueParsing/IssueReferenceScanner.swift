import IssueModel

/// Finds mentions of other issues in running text: "(Import AI 307)", "Import AI: 311",
/// "Import AI 320B".
enum IssueReferenceScanner {
    private static let marker = Array("Import AI".utf8)

    /// Every mention in `text`, each located at `location`.
    static func references(in text: String, location: SourceLocation) -> [IssueReference] {
        // Fast rejection: most paragraphs never name the newsletter.
        guard text.utf8.count >= 11, text.containsBytes(marker) else { return [] }
        let bytes = Array(text.utf8)
        var found: [IssueReference] = []
        var searchFrom = 0
        while let start = firstOffset(of: marker, in: bytes, from: searchFrom) {
            searchFrom = start + marker.count
            var index = start + marker.count
            if index < bytes.count, bytes[index] == UInt8(ascii: ":") { index += 1 }
            var spaces = 0
            while index < bytes.count, bytes[index] == 0x20 { index += 1; spaces += 1 }
            if index < bytes.count, bytes[index] == UInt8(ascii: "#") { index += 1 }
            guard spaces > 0 || index > start + marker.count else { continue }
            let digitsStart = index
            var value = 0
            while index < bytes.count, isASCIIDigit(bytes[index]), index - digitsStart < 6 {
                value = value * 10 + Int(bytes[index] - 0x30)
                index += 1
            }
            guard index > digitsStart, index - digitsStart <= 5 else { continue }
            if index < bytes.count, isASCIIDigit(bytes[index]) { continue }
            var suffix = ""
            if index < bytes.count, bytes[index] >= 0x41, bytes[index] <= 0x5A,
               index + 1 == bytes.count || !isASCIILetter(bytes[index + 1]) {
                suffix = String(UnicodeScalar(bytes[index]))
            } else if index < bytes.count, isASCIILetter(bytes[index]) {
                continue
            }
            found.append(IssueReference(number: IssueNumber(value, suffix: suffix), location: location))
        }
        return found
    }
}
