/// One thing wrong with a feed: where, which rule, and what.
public struct FeedProblem: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable {
        /// The feed is invalid: it is never published.
        case error
        /// The feed is valid, but the W3C Feed Validation Service would recommend a change.
        case warning
    }

    public var severity: Severity
    /// The rule broken, short and stable: `relax-ng`, `unique-id`, `rfc822-date`, `self-link`, …
    public var rule: String
    public var message: String
    /// The 1-based line of the feed file, when known.
    public var line: Int?
    /// The title of the item or entry the problem is in, when it is in one.
    public var item: String?

    public init(_ severity: Severity, rule: String, _ message: String, line: Int? = nil, item: String? = nil) {
        self.severity = severity
        self.rule = rule
        self.message = message
        self.line = line
        self.item = item
    }

    /// `line 12: error [unique-id]: … (in "Import AI 320: …")`.
    public var description: String {
        var text = line.map { "line \($0): " } ?? ""
        text += "\(severity.rawValue) [\(rule)]: \(message)"
        if let item { text += " (in \"\(item)\")" }
        return text
    }
}
