import IssueModel

/// Dates as archive pages print them: "Mar 20, 2023", "March 20, 2023", "20 March 2023", "2023-03-20",
/// "Mon, 20 Mar 2023".
enum HumanDate {
    private static let months: [String: Int] = [
        "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4, "may": 5,
        "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
        "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
    ]
    private static let weekdays: Set<String> = [
        "mon", "monday", "tue", "tues", "tuesday", "wed", "wednesday", "thu", "thur", "thurs", "thursday", "fri",
        "friday", "sat", "saturday", "sun", "sunday",
    ]

    /// The date `text` consists of, or nil when it is anything more or less than a date.
    static func parse(_ text: String) -> IssueDate? {
        let trimmed = text.trimmingSpaces()
        guard trimmed.utf8.count <= 40 else { return nil }
        if let iso = IssueDate(iso: trimmed) { return iso }
        var words = trimmed.lowercased()
            .split { $0 == " " || $0 == "," || $0 == "." }
            .map(String.init)
        if let first = words.first, weekdays.contains(first) { words.removeFirst() }
        guard words.count == 3 else { return nil }
        if let month = months[words[0]], let day = Int(words[1]), let year = Int(words[2]) {
            return IssueDate(year: year, month: month, day: day)
        }
        if let day = Int(words[0]), let month = months[words[1]], let year = Int(words[2]) {
            return IssueDate(year: year, month: month, day: day)
        }
        return nil
    }

    /// A date at the end or the start of `text` ("Import AI 320: … – Mar 13, 2023"), with the rest.
    static func split(_ text: String) -> (date: IssueDate, rest: String)? {
        let words = text.split(separator: " ", omittingEmptySubsequences: true)
        for length in [4, 3, 1] where words.count > length {
            let tail = words.suffix(length).joined(separator: " ")
            if let date = parse(tail) {
                var rest = words.dropLast(length).joined(separator: " ")
                while let last = rest.last, "–—-|·,".contains(last) || last == " " { rest.removeLast() }
                return (date, rest)
            }
            let head = words.prefix(length).joined(separator: " ")
            if let date = parse(head) {
                var rest = words.dropFirst(length).joined(separator: " ")
                while let first = rest.first, "–—-|·,".contains(first) || first == " " { rest.removeFirst() }
                return (date, rest)
            }
        }
        return nil
    }
}
