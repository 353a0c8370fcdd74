import IssueModel

/// Finds where an input writes each link's address, for links met in document order: the line and
/// column a report should point the author at.
struct AddressLocator: Sendable {
    let source: SourceIndex
    /// Where the search for the next address starts.
    private var cursor = 0

    init(_ source: SourceIndex) { self.source = source }

    /// The position of the next place at or after `firstLine` (1-based, up to and including
    /// `lastLine`) that writes `address` — as it is, or with `&` written `&amp;` as HTML does — or
    /// nil when the input writes it some other way (escaped, or by reference).
    mutating func position(of address: String, fromLine firstLine: Int, throughLine lastLine: Int) -> SourcePosition? {
        guard !address.isEmpty else { return nil }
        let lower = max(cursor, source.offset(ofLine: firstLine))
        let upper = source.offset(ofLine: max(lastLine, firstLine) + 1)
        guard lower < upper else { return nil }
        let written = Array(address.utf8)
        var spellings = [written]
        if written.contains(UInt8(ascii: "&")) {
            spellings.append(written.flatMap { $0 == UInt8(ascii: "&") ? Array("&amp;".utf8) : [$0] })
        }
        for spelling in spellings {
            if let found = source.firstOffset(of: spelling, in: lower..<upper) {
                cursor = found + spelling.count
                return source.position(ofOffset: found)
            }
        }
        return nil
    }
}
