import IssueModel

/// Collects the body of a story, a tale or the notes of an issue: paragraphs, indented continuation
/// paragraphs, quotes, images, link lines, and runs of list items gathered into lists.
struct BodyBuilder {
    private var finished: [BodyBlock] = []
    /// The list being gathered: its start number (nil for bullets) and items so far.
    private var openList: (number: Int?, items: [RichText])?
    /// Whether a paragraph the export broke across a blank line is joined back together.
    var joinsBrokenParagraphs: Bool

    init(joinsBrokenParagraphs: Bool) {
        self.joinsBrokenParagraphs = joinsBrokenParagraphs
    }

    var isEmpty: Bool { finished.isEmpty && openList == nil }

    /// The body so far, the open list included.
    var blocks: [BodyBlock] {
        guard let list = openList else { return finished }
        return finished + [Self.listBlock(list)]
    }

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
        case .image:
            closeList()
            if let url = text.anchors.first?.url { finished.append(.image(url: url, alt: text.text)) }
            return text
        case .text, .heading:
            break
        }
        closeList()
        if block.isQuoted {
            finished.append(.quote(text))
            return text
        }
        if joinsBrokenParagraphs, block.blankLinesBefore <= 1, let last = finished.last {
            switch last {
            case .paragraph(let previous) where NewsletterGrammar.endsMidSentence(previous.text):
                let joined = RichText.joined([previous, text])
                finished[finished.count - 1] = .paragraph(joined)
                return joined
            case .continuation(let previous) where NewsletterGrammar.endsMidSentence(previous.text):
                let joined = RichText.joined([previous, text])
                finished[finished.count - 1] = .continuation(joined)
                return joined
            default:
                break
            }
        }
        finished.append(block.isIndented ? .continuation(text) : .paragraph(text))
        return text
    }

    /// Adds a link line as the input wrote it.
    mutating func addLinkLine(_ text: RichText) {
        closeList()
        finished.append(.linkLine(text))
    }

    private mutating func appendListItem(_ text: RichText, number: Int?) {
        // A bullet after a numbered item (or the reverse) starts a new list.
        if let list = openList, (list.number == nil) != (number == nil) { closeList() }
        if openList == nil { openList = (number, []) }
        openList?.items.append(text)
    }

    private mutating func closeList() {
        guard let list = openList else { return }
        finished.append(Self.listBlock(list))
        openList = nil
    }

    private static func listBlock(_ list: (number: Int?, items: [RichText])) -> BodyBlock {
        if let start = list.number { return .numberedList(start: start, items: list.items) }
        return .bulletList(list.items)
    }
}
