/// Why an input could not be read into issues. Every error names the file, and the line (and
/// column) where there is one.
public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Reason: Sendable, Hashable {
        /// The file could not be opened or read; the operating system's words.
        case unreadable(String)
        /// The file is larger than the parser accepts.
        case tooLarge(bytes: Int, limit: Int)
        /// A byte sequence that is not UTF-8.
        case invalidUTF8(byte: UInt8)
        /// Nothing in the file reads as an issue.
        case noIssue
        /// An issue with no "Import AI NNN:" title that matches no numbered issue.
        case unnumberedIssue
    }

    public var file: String
    public var line: Int?
    public var column: Int?
    public var reason: Reason

    public init(file: String, line: Int? = nil, column: Int? = nil, reason: Reason) {
        self.file = file
        self.line = line
        self.column = column
        self.reason = reason
    }

    /// `file:line:column: what is wrong`, the form editors jump to.
    public var description: String {
        var place = file
        if let line { place += ":\(line)" }
        if let column { place += ":\(column)" }
        return "\(place): \(message)"
    }

    public var message: String {
        switch reason {
        case .unreadable(let why):
            return "cannot read file: \(why)"
        case .tooLarge(let bytes, let limit):
            return "file is too large (\(bytes) bytes; the limit is \(limit) bytes)"
        case .invalidUTF8(let byte):
            let hex = String(byte, radix: 16, uppercase: true)
            return "invalid UTF-8: byte 0x\(hex.count == 1 ? "0" + hex : hex) does not fit here (save the file as UTF-8)"
        case .noIssue:
            return "no issue found: expected a title line such as \"Import AI 320: …\" or stories with headlines and \"…deks…\""
        case .unnumberedIssue:
            return "issue has no number: no \"Import AI NNN: …\" title line, and its stories match no numbered issue"
        }
    }
}
