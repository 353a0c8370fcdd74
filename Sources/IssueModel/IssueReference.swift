/// A mention of another issue inside the text: "(Import AI 307)", "Import AI: 311", "Import AI 320B".
public struct IssueReference: Sendable, Hashable, Codable {
    public var number: IssueNumber
    public var location: SourceLocation

    public init(number: IssueNumber, location: SourceLocation) {
        self.number = number
        self.location = location
    }

    private enum CodingKeys: String, CodingKey { case number, suffix, file, line }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        number = IssueNumber(try container.decode(Int.self, forKey: .number),
                             suffix: try container.decodeIfPresent(String.self, forKey: .suffix) ?? "")
        location = SourceLocation(file: try container.decode(String.self, forKey: .file),
                                  line: try container.decode(Int.self, forKey: .line))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(number.value, forKey: .number)
        if !number.suffix.isEmpty { try container.encode(number.suffix, forKey: .suffix) }
        try container.encode(location.file, forKey: .file)
        try container.encode(location.line, forKey: .line)
    }
}
