import IssueModel

/// Renders an issue as the HTML of a feed item: headlines as headings, deks in italics, paragraphs,
/// lists, links as `<a href>` with their text, the tale under its own heading. Written through
/// libxml2, so every text and address is escaped; only http(s) and mailto links become anchors.
enum IssueHTMLRenderer {
    /// The issue's HTML, or nil when libxml2's writer failed.
    static func render(_ issue: Issue) -> String {
        var writer = XMLWriter(withDeclaration: false)
        write(issue.notes, to: &writer)
        for story in issue.stories {
            writer.element("h2", story.headline)
            if let dek = story.dek {
                writer.start("p")
                writer.element("em", dek)
                writer.end()
            }
            write(story.body, to: &writer)
            for link in story.links where !isInBody(link, of: story) { write(link, to: &writer) }
        }
        if let tale = issue.tale {
            writer.element("h2", tale.title.map { "Tech Tales: \($0)" } ?? "Tech Tales")
            if let setting = tale.setting {
                writer.start("p")
                writer.element("em", "[\(setting)]")
                writer.end()
            }
            write(tale.body, to: &writer)
            if let inspiration = tale.inspiration {
                writer.start("p")
                writer.element("em", "Things that inspired this story:")
                writer.text(" " + inspiration)
                writer.end()
            }
        }
        return String(decoding: writer.finish(), as: UTF8.self)
    }

    /// Whether the body already shows the link: a cited link on one of its link lines, an inline
    /// link in any of its text. A model built without link lines gets its links written out.
    /// (A pass over the body with no array made: a build asks this of every link of 1,200 issues.)
    private static func isInBody(_ link: Link, of story: Story) -> Bool {
        for block in story.body {
            let isLinkLine = if case .linkLine = block { true } else { false }
            switch block {
            case .paragraph(let text), .continuation(let text), .linkLine(let text), .quote(let text):
                guard let url = link.url else {
                    if isLinkLine, text.text.hasPrefix(link.text) { return true }
                    continue
                }
                if isLinkLine || link.role != .cited, text.anchors.contains(where: { $0.url == url }) { return true }
            case .bulletList(let items), .numberedList(_, let items):
                guard let url = link.url, link.role != .cited else { continue }
                if items.contains(where: { $0.anchors.contains { $0.url == url } }) { return true }
            case .image:
                continue
            }
        }
        return false
    }

    private static func write(_ blocks: [BodyBlock], to writer: inout XMLWriter) {
        var inQuote = false
        for block in blocks {
            let isQuote = if case .quote = block { true } else { false }
            if isQuote != inQuote {
                if inQuote { writer.end() } else { writer.start("blockquote") }
                inQuote = isQuote
            }
            write(block, to: &writer)
        }
        if inQuote { writer.end() }
    }

    private static func write(_ block: BodyBlock, to writer: inout XMLWriter) {
        switch block {
        case .paragraph(let text), .continuation(let text), .linkLine(let text), .quote(let text):
            writer.start("p")
            writeRich(text, to: &writer)
            writer.end()
        case .bulletList(let items):
            writer.start("ul")
            for item in items {
                writer.start("li")
                writeRich(item, to: &writer)
                writer.end()
            }
            writer.end()
        case .numberedList(let start, let items):
            writer.start("ol")
            if start != 1 { writer.attribute("start", String(start)) }
            for item in items {
                writer.start("li")
                writeRich(item, to: &writer)
                writer.end()
            }
            writer.end()
        case .image(let url, let alt):
            guard WebAddress.isAbsoluteHTTP(url) else {
                if !alt.isEmpty { writer.element("p", alt) }
                return
            }
            writer.emptyElement("img", attributes: ["src": url, "alt": alt])
        }
    }

    /// "Read more: <a href>Title</a> (Source)." — the anchor on the title, else on the call.
    private static func write(_ link: Link, to writer: inout XMLWriter) {
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
