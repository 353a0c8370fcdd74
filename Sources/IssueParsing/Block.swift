import IssueModel

/// The unit every reader produces and the recogniser consumes: one paragraph, line, heading, list
/// item or separator, with its inline links and the line it starts on.
///
/// Readers know their format and nothing of the newsletter; the recogniser knows the newsletter and
/// nothing of formats. Blocks are where they meet.
public struct Block: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// A paragraph, or one line of plain text.
        case text
        /// A heading of the markup (`#`, `<h2>`), level 1…6.
        case heading(level: Int)
        /// An item of a list; `number` is set for ordered lists.
        case listItem(number: Int?)
        /// A thematic break: `####…` in text, `---` in Markdown, `<hr>` in HTML.
        case separator
        /// An image (`![alt](url)`, `<img>`): the block's text is its alternative text, anchored to
        /// the image's address (so that the kind stays a plain value, cheap to copy).
        case image
    }

    public var kind: Kind
    /// The text with whitespace collapsed and trimmed. A Markdown soft line break stays as `"\n"`
    /// so the recogniser can tell a headline from the dek written on the next line.
    public var text: RichText
    /// Whether the input indented the block (leading non-breaking spaces).
    public var isIndented: Bool
    /// Whether the block stands in a block quote (`>`, `<blockquote>`).
    public var isQuoted: Bool
    /// Blank lines (or empty paragraphs) between this block and the one before it.
    public var blankLinesBefore: Int
    /// The 1-based line the block starts on.
    public var line: Int

    public init(kind: Kind = .text, text: RichText, isIndented: Bool = false, isQuoted: Bool = false,
                blankLinesBefore: Int = 0, line: Int) {
        self.kind = kind
        self.text = text
        self.isIndented = isIndented
        self.isQuoted = isQuoted
        self.blankLinesBefore = blankLinesBefore
        self.line = line
    }

    /// Shorthand for the plain text.
    public var string: String { text.text }

    /// An image block: `alt` anchored to `url`.
    public static func image(url: String, alt: String, isQuoted: Bool = false, blankLinesBefore: Int = 0,
                             line: Int) -> Block {
        Block(kind: .image, text: RichText(alt, anchors: [RichText.Anchor(start: 0, end: alt.utf8.count, url: url)]),
              isQuoted: isQuoted, blankLinesBefore: blankLinesBefore, line: line)
    }

    /// Whether the block is a heading of the markup.
    public var isHeading: Bool {
        if case .heading = kind { return true }
        return false
    }
}

/// Facts a document states about itself outside its running text: an HTML page's metadata, a
/// Markdown draft's front matter.
public struct DocumentMetadata: Sendable, Hashable {
    /// The page or draft title, e.g. from `<title>`, `og:title` or front matter `title:`.
    public var title: String?
    public var tagline: String?
    public var author: String?
    public var date: IssueDate?
    /// The publication moment, when the document states a time of day with its date.
    public var published: IssueMoment?
    /// When the document says it was last modified.
    public var updated: IssueMoment?
    public var url: String?
    /// Front matter `number:`, when the draft states its issue number outright.
    public var number: IssueNumber?

    public init(title: String? = nil, tagline: String? = nil, author: String? = nil, date: IssueDate? = nil,
                url: String? = nil, number: IssueNumber? = nil) {
        self.title = title
        self.tagline = tagline
        self.author = author
        self.date = date
        self.url = url
        self.number = number
    }
}

/// What a reader makes of one file.
public struct BlockDocument: Sendable, Hashable {
    public var file: String
    public var blocks: [Block]
    public var metadata: DocumentMetadata
    /// Whether the format writes links with their addresses (Markdown, HTML): then a link line
    /// holds a link, and a line with none is running text however it opens.
    public var carriesAddresses: Bool
    /// Whether a block's text may hold a line break (a Markdown soft break) for the recogniser to
    /// split at; false where the reader makes one block of each line (plain text), which spares a
    /// pass over every block's text.
    public var mayHoldLineBreaks: Bool

    public init(file: String, blocks: [Block], metadata: DocumentMetadata = DocumentMetadata(),
                carriesAddresses: Bool = false, mayHoldLineBreaks: Bool = true) {
        self.file = file
        self.blocks = blocks
        self.metadata = metadata
        self.carriesAddresses = carriesAddresses
        self.mayHoldLineBreaks = mayHoldLineBreaks
    }
}
