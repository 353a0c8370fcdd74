import IssueModel

/// Collects the body of a story, a tale or the notes of an issue: paragraphs, indented continuation
/// paragraphs, and runs of list items gathered into lists.
struct BodyBuilder {
    private(set) var blocks: [BodyBlock] = []
    /// Whether a paragraph the export broke across a blank line is joined back together.
    var joinsBrokenParagraphs: Bool

    init(joinsBrokenParagraphs: Bool) {
        self.joinsBrokenParagraphs = joinsBrokenParagraphs
    }

    var isEmpty: Bool { blocks.isEmpty }

    /// Adds one block of text; returns the text as it now stands in the body (joined with the
    /// paragraph before it when that one was broken off mid-sentence).
    @discardableResult
    mutating func add(_ block: Block) -> RichText {
        let text = block.text
        switch block.kind {
        case .listItem(let number):
            appendListItem(text, number: number)
            return text
        case .separator:
            return text
        case .text, .heading:
            break
        }
        if joinsBrokenParagraphs, block.blankLinesBefore <= 1, let last = blocks.last {
            switch last {
            case .paragraph(let previous) where NewsletterGrammar.endsMidSentence(previous.text):
                let joined = RichText.joined([previous, text])
                blocks[blocks.count - 1] = .paragraph(joined)
                return joined
            case .continuation(let previous) where NewsletterGrammar.endsMidSentence(previous.text):
                let joined = RichText.joined([previous, text])
                blocks[blocks.count - 1] = .continuation(joined)
                return joined
            default:
                break
            }
        }
        blocks.append(block.isIndented ? .continuation(text) : .paragraph(text))
        return text
    }

    private mutating func appendListItem(_ text: RichText, number: Int?) {
        switch (blocks.last, number) {
        case (.bulletList(let items)?, nil):
            blocks[blocks.count - 1] = .bulletList(items + [text])
        case (.numberedList(let start, let items)?, .some):
            blocks[blocks.count - 1] = .numberedList(start: start, items: items + [text])
        case (_, nil):
            blocks.append(.bulletList([text]))
        case (_, let number?):
            blocks.append(.numberedList(start: number, items: [text]))
        }
    }
}
