import IssueModel

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
        /// A NUL character, which no feed (XML) can carry.
        case nulCharacter
        /// The path is a FIFO, socket, device or other non-regular file: reading it could block or never end.
        case notRegularFile(kind: String)
        /// A folder named as input holds no issue file (`.txt`, `.md`, `.markdown`, `.html`, `.htm`).
        case noIssueFiles
        /// The HTML parser stopped before the end of the page (nesting too deep, a size limit): the
        /// rest of the page would be lost. libxml2's words.
        case htmlNotReadToTheEnd(String)
        /// An issue title whose number has more digits than any issue number.
        case issueNumberOutOfRange(String)
        /// A warning: an issue with a title and no story at all.
        case noStories(IssueNumber)
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
        case .nulCharacter:
            return "a NUL character (byte 0x00) is not text and no feed can carry it: remove it"
        case .notRegularFile(let kind):
            return "not a regular file (\(kind)): name the issue files themselves"
        case .noIssueFiles:
            return "no issue file in this folder (looked for .txt, .md, .markdown, .html and .htm files)"
        case .htmlNotReadToTheEnd(let why):
            return "the HTML parser stopped before the end of the page, so its rest would be lost: \(why)"
        case .issueNumberOutOfRange(let digits):
            return "issue number \(digits) is out of range (at most \(NewsletterGrammar.maximumIssueDigits) digits)"
        case .noStories(let number):
            return "issue \(number) has no story"
        }
    }
}
