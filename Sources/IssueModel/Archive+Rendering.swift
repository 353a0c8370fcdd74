import Foundation

extension Archive {
    /// One line per issue, newest first: `NUMBER<TAB>STORIES<TAB>TALE<TAB>LINKS<TAB>TITLE`, with TALE
    /// `yes` or `no`. Tabs and line breaks inside a title are printed as spaces.
    public var summaryLines: [String] {
        issues.map { issue in
            let number = issue.number.map(String.init(describing:)) ?? "-"
            var title = issue.title
            if title.utf8.contains(where: { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
                title = String(title.map { $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" ? " " : $0 })
            }
            let links = issue.stories.reduce(issue.tale?.links.count ?? 0) { $0 + $1.links.count }
            return "\(number)\t\(issue.stories.count)\t\(issue.tale == nil ? "no" : "yes")\t\(links)\t\(title)"
        }
    }

    /// The archive as JSON, `{"issues": [...]}`, with sorted keys so that equal archives give equal bytes.
    /// - Throws: `EncodingError` if a value cannot be encoded (never for a parsed archive).
    public func jsonData(pretty: Bool = true) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            : [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
