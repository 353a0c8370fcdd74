/// A mention of another issue inside the text: "(Import AI 307)", "Import AI: 311", "Import AI 320B".
public struct IssueReference: Sendable, Hashable, Codable {
    public var number: IssueNumber
    public var location: SourceLocation

    public init(number: IssueNumber, location: SourceLocation) {
        self.number = number
        self.location = location
    }

    // Both parts are flattened into the reference's own object: `number` (and `suffix`), `file`, `line`.
    public init(from decoder: any Decoder) throws {
        number = try IssueNumber(from: decoder)
        location = try SourceLocation(from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        try number.encode(to: encoder)
        try location.encode(to: encoder)
    }
}
