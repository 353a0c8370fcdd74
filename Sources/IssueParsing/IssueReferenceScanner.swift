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
            if let (number, _) = NewsletterGrammar.issueNumber(in: bytes, afterNameAt: start) {
                found.append(IssueReference(number: number, location: location))
            }
        }
        return found
    }
}
