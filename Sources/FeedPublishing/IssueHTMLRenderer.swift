import IssueModel

/// Renders an issue as the HTML of a feed item: headlines as headings, deks in italics, paragraphs,
/// lists, links as `<a href>` with their text, the tale under its own heading. Written through
/// libxml2, so every text and address is escaped; only http(s) and mailto links become anchors.
enum IssueHTMLRenderer {
    static func render(_ issue: Issue) -> String {
        guard let writer = XMLWriter(withDeclaration: false) else { return "" }
        for block in issue.notes { write(block, to: writer) }
        for story in issue.stories {
            writer.element("h2", story.headline)
            if let dek = story.dek {
                writer.start("p")
                writer.element("em", dek)
                writer.end()
            }
            for block in story.body { write(block, to: writer) }
            for link in story.links where !isInlineAnchor(link, of: story) { write(link, to: writer) }
        }
        if let tale = issue.tale {
            writer.element("h2", tale.title.map { "Tech Tales: \($0)" } ?? "Tech Tales")
            if let setting = tale.setting {
                writer.start("p")
                writer.element("em", "[\(setting)]")
                writer.end()
            }
            for block in tale.body { write(block, to: writer) }
            if let inspiration = tale.inspiration {
                writer.start("p")
                writer.element("em", "Things that inspired this story:")
                writer.text(" " + inspiration)
                writer.end()
            }
        }
        guard let bytes = writer.finish(documentEnd: false) else { return "" }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A link taken from an anchor inside a paragraph is already rendered in place.
    private static func isInlineAnchor(_ link: Link, of story: Story) -> Bool {
        guard link.title == nil, link.source == nil, let url = link.url else { return false }
        return story.body.contains { $0.texts.contains { $0.anchors.contains { $0.url == url } } }
    }

    private static func write(_ block: BodyBlock, to writer: XMLWriter) {
        switch block {
        case .paragraph(let text), .continuation(let text):
            writer.start("p")
            write(text, to: writer)
            writer.end()
        case .bulletList(let items):
            writer.start("ul")
            for item in items {
                writer.start("li")
                write(item, to: writer)
                writer.end()
            }
            writer.end()
        case .numberedList(let start, let items):
            writer.start("ol")
            if start != 1 { writer.attribute("start", String(start)) }
            for item in items {
                writer.start("li")
                write(item, to: writer)
                writer.end()
            }
            writer.end()
        }
    }

    /// Text with its anchors put back as `<a href>`; an unsafe or relative address stays plain text.
    private static func write(_ text: RichText, to writer: XMLWriter) {
        let bytes = Array(text.text.utf8)
        var position = 0
        for anchor in text.anchors.sorted(by: { $0.start < $1.start }) {
            let start = max(anchor.start, position)
            let end = min(anchor.end, bytes.count)
            guard start < end else { continue }
            writer.text(String(decoding: bytes[position..<start], as: UTF8.self))
            let anchored = String(decoding: bytes[start..<end], as: UTF8.self)
            if WebAddress.isSafeLink(anchor.url) {
                writer.element("a", anchored, attributes: ["href": anchor.url])
            } else {
                writer.text(anchored)
            }
            position = end
        }
        writer.text(String(decoding: bytes[min(position, bytes.count)...], as: UTF8.self))
    }

    /// "Read more: <a href>Title</a> (Source)." — the anchor on the title, else on the call.
    private static func write(_ link: Link, to writer: XMLWriter) {
        writer.start("p")
        let safeURL = link.url.flatMap { WebAddress.isSafeLink($0) ? $0 : nil }
        if let title = link.title {
            writer.text(link.text + ": ")
            if let safeURL { writer.element("a", title, attributes: ["href": safeURL]) } else { writer.text(title) }
        } else if let safeURL {
            writer.element("a", link.text, attributes: ["href": safeURL])
        } else {
            writer.text(link.text)
        }
        if let source = link.source { writer.text(" (\(source))") }
        writer.text(".")
        writer.end()
    }
}
