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
