/// The whole newsletter archive: every issue once, newest first.
public struct Archive: Sendable, Hashable, Codable {
    /// Issues ordered newest first (by number, a bonus issue after its base number).
    public private(set) var issues: [Issue]

    /// Creates an archive from issues in any order; they are kept newest first.
    public init(issues: [Issue]) {
        var issues = issues
        issues.sort(by: Archive.newestFirst)
        self.issues = issues
    }

    /// The issue with `number`, if the archive holds it.
    public func issue(_ number: IssueNumber) -> Issue? {
        issues.first { $0.number == number }
    }

    /// Newest first by number; issues without a number (never in a finished archive) go last,
    /// in input order.
    static func newestFirst(_ lhs: Issue, _ rhs: Issue) -> Bool {
        switch (lhs.number, rhs.number) {
        case let (left?, right?): left > right
        case (.some, .none): true
        case (.none, _): false
        }
    }

    private enum CodingKeys: String, CodingKey { case issues }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(issues: try container.decode([Issue].self, forKey: .issues))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(issues, forKey: .issues)
    }
}
