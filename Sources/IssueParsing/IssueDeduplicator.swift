import IssueModel

/// Keeps each issue once.
///
/// Two copies with the same number are one issue: the copy with more links that carry URLs, then a
/// date, then more stories is kept (the first on a tie), and it takes the date, tagline, byline and
/// address the other has and it lacks. An untitled copy is the numbered issue whose headlines it
/// shares (compared with quotes, dashes and ellipses normalised); an untitled copy that matches no
/// numbered issue is an error.
struct IssueDeduplicator {
    /// The numbered issues kept, in the order their numbers first appeared, and where each number is.
    private var kept: [Issue] = []
    private var positions: [IssueNumber: Int] = [:]
    private var untitled: [Issue] = []
    private var duplicates: [DuplicateIssue] = []

    mutating func add(_ issue: Issue) {
        guard let number = issue.number else {
            untitled.append(issue)
            return
        }
        guard let position = positions[number] else {
            positions[number] = kept.count
            kept.append(issue)
            return
        }
        let existing = kept[position]
        let keepNew = Self.richness(issue) > Self.richness(existing)
        var kept = keepNew ? issue : existing
        let dropped = keepNew ? existing : issue
        kept.date = kept.date ?? dropped.date
        kept.tagline = kept.tagline ?? dropped.tagline
        kept.byline = kept.byline ?? dropped.byline
        kept.url = kept.url ?? dropped.url
        self.kept[position] = kept
        duplicates.append(DuplicateIssue(number: number, kept: kept.location, dropped: dropped.location))
    }

    consuming func finish() -> (issues: [Issue], duplicates: [DuplicateIssue], errors: [ParseError]) {
        var duplicates = self.duplicates
        var errors: [ParseError] = []
        let keys = untitled.isEmpty ? [] : kept.compactMap { issue in
            issue.number.map { ($0, Set(issue.stories.map { Self.headlineKey($0.headline) })) }
        }
        for issue in untitled {
            let headlines = Set(issue.stories.map { Self.headlineKey($0.headline) })
            let best = keys.map { ($0.0, $0.1.intersection(headlines).count) }.max { $0.1 < $1.1 }
            if let (number, shared) = best, !headlines.isEmpty, shared * 5 >= headlines.count * 3,
               let match = positions[number].map({ kept[$0] }) {
                duplicates.append(DuplicateIssue(number: number, kept: match.location, dropped: issue.location))
            } else {
                errors.append(ParseError(file: issue.location.file, line: issue.location.line, reason: .unnumberedIssue))
            }
        }
        return (kept, duplicates, errors)
    }

    /// How much a copy carries: links with URLs first, then a date, then stories.
    private static func richness(_ issue: Issue) -> (Int, Int, Int) {
        (issue.links.filter { $0.url != nil }.count, issue.date == nil ? 0 : 1, issue.stories.count)
    }

    /// A headline as two copies of it compare: lower case, ASCII quotes and dashes, one space,
    /// no closing punctuation.
    static func headlineKey(_ headline: String) -> String {
        var key = ""
        key.reserveCapacity(headline.utf8.count)
        var pendingSpace = false
        for scalar in headline.unicodeScalars {
            let mapped: String
            switch scalar.value {
            case 0x2018, 0x2019, 0x201A, 0x2032: mapped = "'"
            case 0x201C, 0x201D, 0x201E, 0x2033: mapped = "\""
            case 0x2010...0x2015, 0x2212: mapped = "-"
            case 0x2026: mapped = "..."
            case 0x20, 0x09, 0x0A, 0x0D, 0xA0: pendingSpace = !key.isEmpty; continue
            default: mapped = String(scalar).lowercased()
            }
            if pendingSpace { key += " " }
            pendingSpace = false
            key += mapped
        }
        while let last = key.last, ":.!?".contains(last) { key.removeLast() }
        return key
    }
}
