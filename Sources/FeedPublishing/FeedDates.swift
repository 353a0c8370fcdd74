import IssueModel

/// The date forms the feeds use: RFC 822 for RSS (RFC 3339 is ``IssueMoment``'s own form).
enum FeedDates {
    private static let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    private static let namedZones = ["GMT", "UT", "UTC", "EST", "EDT", "CST", "CDT", "MST", "MDT", "PST", "PDT", "Z"]

    /// RFC 822 (with a four-digit year, as RSS 2.0 asks), in the moment's own offset:
    /// `Mon, 20 Mar 2023 12:00:00 +0000`.
    static func rfc822(_ moment: IssueMoment) -> String {
        let date = moment.date
        func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let sign = moment.utcOffsetMinutes < 0 ? "-" : "+"
        let offset = abs(moment.utcOffsetMinutes)
        return "\(weekdays[date.isoWeekday - 1]), \(pad(date.day)) \(months[date.month - 1]) \(date.year) "
            + "\(pad(moment.hour)):\(pad(moment.minute)):\(pad(moment.second)) \(sign)\(pad(offset / 60))\(pad(offset % 60))"
    }

    /// Reads an RFC 822 date-time as RSS writes it; nil when malformed, or when the weekday named
    /// does not fall on that date.
    static func parseRFC822(_ text: String) -> (date: IssueDate, weekdayMatches: Bool)? {
        // Read on the bytes (a feed's every item has one): words between spaces, then each field.
        let bytes = Array(text.utf8)
        var words: [ArraySlice<UInt8>] = []
        var index = 0
        while index < bytes.count, words.count <= 6 {
            while index < bytes.count, bytes[index] == UInt8(ascii: " ") { index += 1 }
            let start = index
            while index < bytes.count, bytes[index] != UInt8(ascii: " ") { index += 1 }
            if index > start { words.append(bytes[start..<index]) }
        }
        var weekday: Int?
        if let first = words.first, first.last == UInt8(ascii: ",") {
            guard let named = weekdayBytes.firstIndex(where: { $0.elementsEqual(first.dropLast()) }) else { return nil }
            weekday = named + 1
            words.removeFirst()
        }
        func number(_ word: ArraySlice<UInt8>) -> Int? {
            guard !word.isEmpty, word.count <= 9, word.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
            return word.reduce(0) { $0 * 10 + Int($1 - 0x30) }
        }
        guard words.count == 5, (1...2).contains(words[0].count), let day = number(words[0]),
              let monthIndex = monthBytes.firstIndex(where: { $0.elementsEqual(words[1]) }),
              words[2].count == 4, let year = number(words[2]),
              let date = IssueDate(year: year, month: monthIndex + 1, day: day) else { return nil }
        let time = words[3].split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
        guard (2...3).contains(time.count), time.allSatisfy({ $0.count == 2 && number($0) != nil }),
              number(time[0])! < 24, number(time[1])! < 60, time.count == 2 || number(time[2])! < 61 else { return nil }
        let zone = words[4]
        let numericZone = zone.count == 5 && (zone.first == UInt8(ascii: "+") || zone.first == UInt8(ascii: "-"))
            && number(zone.dropFirst()) != nil
        guard numericZone || namedZoneBytes.contains(where: { $0.elementsEqual(zone) }) else { return nil }
        let matches = weekday.map { $0 == date.isoWeekday } ?? true
        return (date, matches)
    }

    private static let weekdayBytes = weekdays.map { Array($0.utf8) }
    private static let monthBytes = months.map { Array($0.utf8) }
    private static let namedZoneBytes = namedZones.map { Array($0.utf8) }

    /// Whether `text` is an RFC 3339 date-time: `YYYY-MM-DDTHH:MM:SS(.frac)?(Z|±HH:MM)`.
    static func isRFC3339(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            // The value of the two-digit field at `index`, or nil when it is not two digits.
            func twoDigits(_ index: Int) -> Int? {
                guard index + 2 <= bytes.count else { return nil }
                let tens = Int(bytes[index]) - 0x30
                let ones = Int(bytes[index + 1]) - 0x30
                guard (0...9).contains(tens), (0...9).contains(ones) else { return nil }
                return tens * 10 + ones
            }
            guard bytes.count >= 20, IssueDate(iso: Substring(decoding: bytes[0..<10], as: UTF8.self)) != nil,
                  bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t"),
                  let hour = twoDigits(11), hour < 24, bytes[13] == UInt8(ascii: ":"), let minute = twoDigits(14),
                  minute < 60, bytes[16] == UInt8(ascii: ":"), let second = twoDigits(17), second < 61 else { return false }
            var index = 19
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                let start = index
                while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
                guard index > start else { return false }
            }
            let zoneLength = bytes.count - index
            if zoneLength == 1 { return bytes[index] == UInt8(ascii: "Z") || bytes[index] == UInt8(ascii: "z") }
            guard zoneLength == 6, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-"),
                  let zoneHour = twoDigits(index + 1), zoneHour < 24, bytes[index + 3] == UInt8(ascii: ":"),
                  let zoneMinute = twoDigits(index + 4), zoneMinute < 60 else { return false }
            return true
        }
    }
}
