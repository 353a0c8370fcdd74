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

    /// Parses `"320"` or `"320B"`; nil for anything else. (Inlinable, so that each caller gets a copy
    /// for its own string type instead of the generic, several times slower one.)
    @inlinable
    public init?(_ text: some StringProtocol) {
        // Read on the UTF-8 bytes: up to nine ASCII digits, then at most one ASCII capital.
        var value = 0
        var digits = 0
        var suffix: UInt8?
        for byte in text.utf8 {
            if suffix == nil, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                digits += 1
                guard digits <= 9 else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            } else if suffix == nil, digits > 0, byte >= UInt8(ascii: "A"), byte <= UInt8(ascii: "Z") {
                suffix = byte
            } else {
                return nil
            }
        }
        guard digits > 0 else { return nil }
        self.init(value, suffix: suffix.map { String(UnicodeScalar($0)) } ?? "")
    }

    public static func < (lhs: IssueNumber, rhs: IssueNumber) -> Bool {
        (lhs.value, lhs.suffix) < (rhs.value, rhs.suffix)
    }

    public var description: String { suffix.isEmpty ? String(value) : String(value) + suffix }
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
