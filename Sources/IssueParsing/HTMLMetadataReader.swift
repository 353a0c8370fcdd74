internal import CLibXML2
import IssueModel

/// Reads what a page says about itself in its `<head>`: title, date, author, canonical address.
struct HTMLMetadataReader {
    private(set) var metadata = DocumentMetadata()
    private var pageTitle: String?
    private var openGraphTitle: String?

    mutating func read(_ root: HTMLNode) {
        var stack = [root]
        var visited = 0
        while let node = stack.popLast(), visited < 100_000 {
            visited += 1
            guard let name = node.elementName else { continue }
            switch name {
            case "title":
                pageTitle = pageTitle ?? node.textContent.collapsedSpaces()
            case "meta":
                readMeta(node)
            case "link":
                if node.attribute("rel")?.lowercased() == "canonical", let href = node.attribute("href") {
                    metadata.url = metadata.url ?? href.trimmingSpaces()
                }
            case "script":
                if node.attribute("type")?.lowercased() == "application/ld+json" {
                    let script = node.textContent
                    if let published = Self.jsonLDValue("datePublished", in: script) {
                        metadata.date = metadata.date ?? IssueDate(iso: published)
                        metadata.published = metadata.published ?? IssueMoment(iso: published)
                    }
                    if let modified = Self.jsonLDValue("dateModified", in: script) {
                        metadata.updated = metadata.updated ?? IssueMoment(iso: modified)
                    }
                }
            case "time":
                if metadata.date == nil, let stamp = node.attribute("datetime") {
                    metadata.date = IssueDate(iso: stamp)
                    metadata.published = metadata.published ?? IssueMoment(iso: stamp)
                }
            default:
                break
            }
            if name == "head" || name == "html" || name == "body" || name == "article" || name == "div"
                || name == "header" || name == "section" || name == "main" {
                stack.append(contentsOf: node.children.reversed())
            }
        }
        metadata.title = openGraphTitle ?? pageTitle
    }

    private mutating func readMeta(_ node: HTMLNode) {
        guard let key = (node.attribute("property") ?? node.attribute("name") ?? node.attribute("itemprop"))?
            .lowercased(), let content = node.attribute("content")?.trimmingSpaces(), !content.isEmpty
        else { return }
        switch key {
        case "og:title", "twitter:title":
            openGraphTitle = openGraphTitle ?? content
        case "article:published_time", "og:article:published_time", "datepublished", "date", "dc.date",
             "dcterms.date", "pubdate", "publish-date":
            metadata.date = metadata.date ?? IssueDate(iso: content) ?? HumanDate.parse(content)
            metadata.published = metadata.published ?? IssueMoment(iso: content)
        case "article:modified_time", "og:updated_time", "datemodified", "dcterms.modified", "last-modified":
            metadata.updated = metadata.updated ?? IssueMoment(iso: content)
        case "author", "article:author":
            if !content.hasPrefix("http") { metadata.author = metadata.author ?? content }
        case "og:url":
            metadata.url = metadata.url ?? content
        default:
            break
        }
    }

    /// The string value of `key` in a JSON-LD block (`"datePublished": "…"`), found without
    /// evaluating the script.
    static func jsonLDValue(_ key: String, in script: String) -> String? {
        guard let found = script.range(of: "\"\(key)\"") else { return nil }
        let rest = script[found.upperBound...].drop { $0 == " " || $0 == ":" || $0 == "\n" || $0 == "\t" }
        guard rest.first == "\"" else { return nil }
        return String(rest.dropFirst().prefix(while: { $0 != "\"" }))
    }
}

extension String {
    /// Runs of white space as one space, trimmed.
    func collapsedSpaces() -> String {
        var builder = TextBuilder()
        builder.append(self)
        return builder.finish().text
    }
}
