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
                    metadata.date = metadata.date ?? Self.jsonLDDate(node.textContent)
                }
            case "time":
                if metadata.date == nil, let stamp = node.attribute("datetime") { metadata.date = IssueDate(iso: stamp) }
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
        case "author", "article:author":
            if !content.hasPrefix("http") { metadata.author = metadata.author ?? content }
        case "og:url":
            metadata.url = metadata.url ?? content
        default:
            break
        }
    }

    /// The `datePublished` of a JSON-LD block, found without evaluating the script.
    static func jsonLDDate(_ script: String) -> IssueDate? {
        guard let key = script.range(of: "\"datePublished\"") else { return nil }
        let rest = script[key.upperBound...].drop { $0 == " " || $0 == ":" || $0 == "\n" || $0 == "\t" }
        guard rest.first == "\"" else { return nil }
        return IssueDate(iso: rest.dropFirst().prefix(while: { $0 != "\"" }))
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
