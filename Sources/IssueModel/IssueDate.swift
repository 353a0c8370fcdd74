/// A calendar day with no time and no zone: the day an issue went out.
public struct IssueDate: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    public var year: Int
    public var month: Int
    public var day: Int

    /// Creates a date when the three parts name a real day of the Gregorian calendar.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...IssueDate.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`, the form used in JSON, configuration and front matter. A longer
    /// RFC 3339 timestamp is accepted and its date part kept.
    @inlinable
    public init?(iso text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard bytes.count >= 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              bytes.count == 10 || bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " "),
              let year = IssueDate.number(bytes[0..<4]), let month = IssueDate.number(bytes[5..<7]),
              let day = IssueDate.number(bytes[8..<10])
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        DecimalText.make(capacity: 10, { write(to: &$0) }, fallback: {
            func pad(_ value: Int, _ width: Int) -> String {
                let digits = String(value)
                return String(repeating: "0", count: max(0, width - digits.count)) + digits
            }
            return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
        })
    }

    /// `YYYY-MM-DD` through `writer`; false when the year is not four digits.
    func write(to writer: inout DecimalText.Writer) -> Bool {
        writer.digits(year, width: 4) && writer.byte(UInt8(ascii: "-")) && writer.digits(month, width: 2)
            && writer.byte(UInt8(ascii: "-")) && writer.digits(day, width: 2)
    }

    /// Monday = 1 … Sunday = 7 (ISO 8601), for formats such as RFC 822 that name the weekday.
    public var isoWeekday: Int {
        // Zeller-style computation on the proleptic Gregorian calendar.
        let adjustedMonth = month < 3 ? month + 12 : month
        let adjustedYear = month < 3 ? year - 1 : year
        let h = (day + (13 * (adjustedMonth + 1)) / 5 + adjustedYear + adjustedYear / 4
            - adjustedYear / 100 + adjustedYear / 400) % 7
        // h: 0 = Saturday, 1 = Sunday, 2 = Monday …
        return ((h + 5) % 7) + 1
    }

    public static func < (lhs: IssueDate, rhs: IssueDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = IssueDate(iso: text), text.utf8.count == 10 else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected a date as YYYY-MM-DD, found \"\(text)\"")
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    @usableFromInline
    static func number(_ digits: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for byte in digits {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }
}
