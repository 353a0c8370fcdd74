/// An issue's number as the newsletter writes it: `320`, or `320B` for a bonus issue.
public struct IssueNumber: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The numeric part.
    public var value: Int
    /// The letter after the number (`"B"` in `320B`); empty for an ordinary issue.
    public var suffix: String

    public init(_ value: Int, suffix: String = "") {
        self.value = value
        self.suffix = suffix
    }

    /// Parses `"320"` or `"320B"`; nil for anything else.
    public init?(_ text: some StringProtocol) {
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        let rest = text.dropFirst(digits.count)
        guard !digits.isEmpty, digits.count <= 9, let value = Int(digits),
              rest.count <= 1, rest.allSatisfy({ $0.isASCII && $0.isUppercase })
        else { return nil }
        self.init(value, suffix: String(rest))
    }

    public static func < (lhs: IssueNumber, rhs: IssueNumber) -> Bool {
        (lhs.value, lhs.suffix) < (rhs.value, rhs.suffix)
    }

    public var description: String { "\(value)\(suffix)" }
}

/// An issue number as JSON keys of the object it belongs to: `"number": 320` and, for a bonus
/// issue, `"suffix": "B"`. The owner (an issue, a reference) writes them into its own object.
extension IssueNumber: Codable {
    private enum CodingKeys: String, CodingKey { case number, suffix }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(try container.decode(Int.self, forKey: .number),
                  suffix: try container.decodeIfPresent(String.self, forKey: .suffix) ?? "")
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(value, forKey: .number)
        if !suffix.isEmpty { try container.encode(suffix, forKey: .suffix) }
    }
}
