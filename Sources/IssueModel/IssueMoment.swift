/// A moment an input states: a day, a time of day, and the offset from UTC it was written in —
/// `2023-06-19T14:30:00Z`, `2023-06-19T16:30:00+02:00`, front matter `2023-06-19 14:30`.
public struct IssueMoment: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    /// The day in the stated offset.
    public var date: IssueDate
    public var hour: Int
    public var minute: Int
    public var second: Int
    /// Minutes east of UTC.
    public var utcOffsetMinutes: Int

    public init?(date: IssueDate, hour: Int, minute: Int, second: Int = 0, utcOffsetMinutes: Int = 0) {
        guard (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second),
              (-(18 * 60)...(18 * 60)).contains(utcOffsetMinutes) else { return nil }
        self.date = date
        self.hour = hour
        self.minute = minute
        self.second = second
        self.utcOffsetMinutes = utcOffsetMinutes
    }

    /// Parses an ISO 8601 / RFC 3339 date-time: `YYYY-MM-DD` then `T` or a space, `HH:MM`, optional
    /// `:SS` and fraction (dropped), and `Z`, `±HH:MM`, `±HHMM` or nothing (read as UTC). Nil for a
    /// bare date or anything else.
    public init?(iso text: some StringProtocol) {
        let bytes = Array(text.utf8.drop { $0 == 0x20 })
        guard bytes.count >= 16, let date = IssueDate(iso: String(decoding: bytes[0..<10], as: UTF8.self)),
              bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " ") || bytes[10] == UInt8(ascii: "t"),
              let hour = Self.number(bytes, 11..<13), bytes[13] == UInt8(ascii: ":"), let minute = Self.number(bytes, 14..<16)
        else { return nil }
        var index = 16
        var second = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: ":") {
            guard let value = Self.number(bytes, (index + 1)..<(index + 3)) else { return nil }
            second = value
            index += 3
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: ",") {
                index += 1
                while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
            }
        }
        while index < bytes.count, bytes[index] == 0x20 { index += 1 }
        var offset = 0
        if index < bytes.count {
            let sign = bytes[index]
            if sign == UInt8(ascii: "Z") || sign == UInt8(ascii: "z") {
                index += 1
            } else if sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                guard let hours = Self.number(bytes, (index + 1)..<(index + 3)) else { return nil }
                index += 3
                if index < bytes.count, bytes[index] == UInt8(ascii: ":") { index += 1 }
                guard let minutes = Self.number(bytes, index..<(index + 2)) else { return nil }
                index += 2
                offset = (hours * 60 + minutes) * (sign == UInt8(ascii: "-") ? -1 : 1)
            } else if sign == UInt8(ascii: "U"), bytes[index...].starts(with: Array("UTC".utf8)) {
                index += 3
            }
        }
        while index < bytes.count, bytes[index] == 0x20 { index += 1 }
        guard index == bytes.count else { return nil }
        self.init(date: date, hour: hour, minute: minute, second: second, utcOffsetMinutes: offset)
    }

    /// Seconds since 1970-01-01T00:00:00Z: what moments are compared by.
    public var secondsSinceEpoch: Int {
        Self.daysSinceEpoch(date) * 86_400 + hour * 3_600 + minute * 60 + second - utcOffsetMinutes * 60
    }

    /// The same instant written in UTC.
    public var inUTC: IssueMoment {
        guard utcOffsetMinutes != 0 else { return self }
        let total = secondsSinceEpoch
        let days = Int((Double(total) / 86_400).rounded(.down))
        let rest = total - days * 86_400
        return IssueMoment(date: Self.date(daysSinceEpoch: days), hour: rest / 3_600, minute: rest % 3_600 / 60,
                           second: rest % 60, utcOffsetMinutes: 0) ?? self
    }

    /// RFC 3339: `2023-06-19T14:30:00Z`, or with the stated offset, `2023-06-19T16:30:00+02:00`.
    public var description: String {
        DecimalText.make(capacity: 25, { writer in
            guard date.write(to: &writer), writer.byte(UInt8(ascii: "T")), writer.digits(hour, width: 2),
                  writer.byte(UInt8(ascii: ":")), writer.digits(minute, width: 2), writer.byte(UInt8(ascii: ":")),
                  writer.digits(second, width: 2) else { return false }
            guard utcOffsetMinutes != 0 else { return writer.byte(UInt8(ascii: "Z")) }
            let magnitude = abs(utcOffsetMinutes)
            return writer.byte(utcOffsetMinutes < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
                && writer.digits(magnitude / 60, width: 2) && writer.byte(UInt8(ascii: ":")) && writer.digits(magnitude % 60, width: 2)
        }, fallback: {
            func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
            let time = "\(pad(hour)):\(pad(minute)):\(pad(second))"
            guard utcOffsetMinutes != 0 else { return "\(date)T\(time)Z" }
            let sign = utcOffsetMinutes < 0 ? "-" : "+"
            let magnitude = abs(utcOffsetMinutes)
            return "\(date)T\(time)\(sign)\(pad(magnitude / 60)):\(pad(magnitude % 60))"
        })
    }

    public static func < (lhs: IssueMoment, rhs: IssueMoment) -> Bool {
        // The same instant written in two offsets is ordered by its text, so that the order is total.
        let left = lhs.secondsSinceEpoch
        let right = rhs.secondsSinceEpoch
        return left != right ? left < right : lhs.description < rhs.description
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let moment = IssueMoment(iso: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected an RFC 3339 date-time, found \"\(text)\"")
        }
        self = moment
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    private static func number(_ bytes: [UInt8], _ range: Range<Int>) -> Int? {
        guard range.upperBound <= bytes.count, !range.isEmpty else { return nil }
        var value = 0
        for byte in bytes[range] {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }

    /// Days from 1970-01-01 to `date` (proleptic Gregorian; negative before 1970).
    static func daysSinceEpoch(_ date: IssueDate) -> Int {
        // Howard Hinnant's days_from_civil.
        let year = date.month <= 2 ? date.year - 1 : date.year
        let era = (year >= 0 ? year : year - 399) / 400
        let yearOfEra = year - era * 400
        let monthIndex = date.month > 2 ? date.month - 3 : date.month + 9
        let dayOfYear = (153 * monthIndex + 2) / 5 + date.day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date `days` after 1970-01-01.
    static func date(daysSinceEpoch days: Int) -> IssueDate {
        // Howard Hinnant's civil_from_days.
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return IssueDate(year: year, month: month, day: day) ?? IssueDate(year: 1970, month: 1, day: 1)!
    }
}
