import JSONText

/// Renders prepared items as each feed format, deterministically: the same items give the same
/// bytes, with no clock and no unordered iteration.
public enum FeedRenderer {
    /// The feed of `kind` for `items` (newest first): the subscription document, or with `page` an
    /// archive document and its links.
    public static func render(_ kind: FeedKind, site: FeedSite, items: [FeedItem], page: FeedPage? = nil) -> [UInt8] {
        render(kind, site: site, items: items[...], page: page ?? FeedPage(selfURL: site.url(of: kind)), escapedContent: nil)
    }

    /// The same, with each item's HTML already escaped for XML (`escapedContent`, in the items'
    /// order) when the caller renders both XML formats of the same items.
    static func render(_ kind: FeedKind, site: FeedSite, items: ArraySlice<FeedItem>, page: FeedPage,
                       escapedContent: ArraySlice<XMLWriter.EscapedText>?) -> [UInt8] {
        switch kind {
        case .rss: rss(site: site, items: items, page: page, escapedContent: escapedContent)
        case .atom: atom(site: site, items: items, page: page, escapedContent: escapedContent)
        case .json: json(site: site, items: items, page: page)
        }
    }

    /// Writes `item`'s HTML as the text of `element`: escaped beforehand when `escapedContent` has it.
    private static func writeContent(_ item: FeedItem, at index: Int, as element: String,
                                     attributes: KeyValuePairs<String, String> = [:],
                                     escapedContent: ArraySlice<XMLWriter.EscapedText>?, to writer: inout XMLWriter) {
        guard let escaped = escapedContent?[index] else {
            return writer.element(element, item.contentHTML, attributes: attributes)
        }
        writer.start(element)
        for (key, value) in attributes { writer.attribute(key, value) }
        writer.text(escaped: escaped)
        writer.end()
    }

    /// RSS 2.0 with the content and Atom namespaces; `description` before `content:encoded`, a
    /// permalink `guid`, `dc:creator` for the author (RSS's `author` must be an e-mail address).
    static func rss(site: FeedSite, items: ArraySlice<FeedItem>, page: FeedPage,
                    escapedContent: ArraySlice<XMLWriter.EscapedText>?) -> [UInt8] {
        var writer = XMLWriter(withDeclaration: true, capacity: estimatedSize(of: items))
        writer.start("rss")
        writer.attribute("version", "2.0")
        writer.attribute("xmlns:atom", "http://www.w3.org/2005/Atom")
        writer.attribute("xmlns:content", "http://purl.org/rss/1.0/modules/content/")
        writer.attribute("xmlns:dc", "http://purl.org/dc/elements/1.1/")
        if page.isArchive { writer.attribute("xmlns:fh", FeedPage.historyNamespace) }
        writer.start("channel")
        writer.element("title", site.title)
        writer.element("link", site.homePageURL)
        writer.element("description", site.description)
        writer.element("language", site.language.lowercased())
        if let newest = items.map(\.updated).max() { writer.element("lastBuildDate", FeedDates.rfc822(newest)) }
        writer.element("generator", "\(FeedSite.generator) \(FeedSite.generatorVersion)")
        writer.element("docs", "https://www.rssboard.org/rss-specification")
        writer.emptyElement("atom:link", attributes: ["href": page.selfURL, "rel": "self", "type": FeedKind.rss.mediaType])
        for (rel, href) in archiveLinks(page) {
            writer.emptyElement("atom:link", attributes: ["href": href, "rel": rel, "type": FeedKind.rss.mediaType])
        }
        if page.isArchive { writer.emptyElement("fh:archive", attributes: [:]) }
        for (index, item) in zip(items.indices, items) {
            writer.start("item")
            writer.element("title", item.title)
            writer.element("link", item.url)
            writer.element("guid", item.id, attributes: ["isPermaLink": "true"])
            writer.element("pubDate", FeedDates.rfc822(item.published))
            for author in item.authors { writer.element("dc:creator", author) }
            writer.element("description", item.summary)
            writeContent(item, at: index, as: "content:encoded", escapedContent: escapedContent, to: &writer)
            writer.end()
        }
        writer.end()
        writer.end()
        return writer.finish()
    }

    /// Atom 1.0 (RFC 4287): ids are the permalinks, content is `type="html"`.
    static func atom(site: FeedSite, items: ArraySlice<FeedItem>, page: FeedPage,
                     escapedContent: ArraySlice<XMLWriter.EscapedText>?) -> [UInt8] {
        var writer = XMLWriter(withDeclaration: true, capacity: estimatedSize(of: items))
        writer.start("feed")
        writer.attribute("xmlns", "http://www.w3.org/2005/Atom")
        if page.isArchive { writer.attribute("xmlns:fh", FeedPage.historyNamespace) }
        writer.attribute("xml:lang", site.language)
        writer.element("title", site.title)
        writer.element("subtitle", site.description)
        // Every document of the feed is the same logical feed: one id.
        writer.element("id", site.atomURL)
        writer.emptyElement("link", attributes: ["rel": "alternate", "type": "text/html", "href": site.homePageURL])
        writer.emptyElement("link", attributes: ["rel": "self", "type": FeedKind.atom.mediaType, "href": page.selfURL])
        for (rel, href) in archiveLinks(page) {
            writer.emptyElement("link", attributes: ["rel": rel, "type": FeedKind.atom.mediaType, "href": href])
        }
        if page.isArchive { writer.emptyElement("fh:archive", attributes: [:]) }
        if let newest = items.map(\.updated).max() { writer.element("updated", newest.description) }
        writer.start("author")
        writer.element("name", site.author)
        writer.end()
        writer.element("generator", FeedSite.generator, attributes: ["version": FeedSite.generatorVersion])
        for (index, item) in zip(items.indices, items) {
            writer.start("entry")
            writer.element("title", item.title)
            writer.element("id", item.id)
            writer.emptyElement("link", attributes: ["rel": "alternate", "type": "text/html", "href": item.url])
            writer.element("published", item.published.description)
            writer.element("updated", item.updated.description)
            // Every entry names its authors: readers do not inherit the feed's.
            for author in item.authors {
                writer.start("author")
                writer.element("name", author)
                writer.end()
            }
            writer.element("summary", item.summary)
            writeContent(item, at: index, as: "content", attributes: ["type": "html"], escapedContent: escapedContent, to: &writer)
            writer.end()
        }
        writer.end()
        return writer.finish()
    }

    /// JSON Feed 1.1 with sorted keys, written member by member (what ``JSONWriter/encode(_:capacity:)``
    /// of the same object would write, without a tree of values for the whole feed).
    static func json(site: FeedSite, items: ArraySlice<FeedItem>, page: FeedPage) -> [UInt8] {
        typealias Value = JSONWriter.Value
        var writer = JSONWriter(capacity: estimatedSize(of: items))
        writer.append("{\n")
        // Members in key order, each but the last ("version") followed by a comma.
        func member(_ key: String, _ value: Value) {
            writer.writeKey(key, indent: 1)
            writer.write(value, indent: 1)
            writer.append(",\n")
        }
        member("authors", .array([.object(["name": .string(site.author)])]))
        member("description", .string(site.description))
        member("feed_url", .string(page.selfURL))
        member("home_page_url", .string(site.homePageURL))
        writer.writeKey("items", indent: 1)
        if items.isEmpty {
            writer.append("[]")
        } else {
            writer.append("[\n")
            for (index, item) in zip(items.indices, items) {
                writer.pad(2)
                writer.append("{\n")
                // In key order. Every item names its authors: readers do not inherit the feed's.
                writer.writeKey("authors", indent: 3)
                writer.write(.array(item.authors.map { .object(["name": .string($0)]) }), indent: 3)
                let fields: [(key: String, value: String)] = [
                    ("content_html", item.contentHTML), ("date_modified", item.updated.description),
                    ("date_published", item.published.description), ("id", item.id), ("summary", item.summary),
                    ("title", item.title), ("url", item.url),
                ]
                for field in fields {
                    writer.append(",\n")
                    writer.writeKey(field.key, indent: 3)
                    writer.write(string: field.value)
                }
                writer.append("\n")
                writer.pad(2)
                writer.append(index + 1 < items.endIndex ? "},\n" : "}\n")
            }
            writer.pad(1)
            writer.append("]")
        }
        writer.append(",\n")
        member("language", .string(site.language))
        // JSON Feed pages: `next_url` leads to the next older page.
        if let older = page.previousArchiveURL { member("next_url", .string(older)) }
        member("title", .string(site.title))
        writer.writeKey("version", indent: 1)
        writer.write(string: "https://jsonfeed.org/version/1.1")
        writer.append("\n}\n")
        return writer.bytes
    }

    /// Room for a document of `items`, so that its bytes are not copied as they grow.
    private static func estimatedSize(of items: ArraySlice<FeedItem>) -> Int {
        items.reduce(4096) { $0 + 1024 + $1.contentHTML.utf8.count * 5 / 4 }
    }

    /// RFC 5005's links of a document, in a fixed order.
    private static func archiveLinks(_ page: FeedPage) -> [(rel: String, href: String)] {
        var links: [(rel: String, href: String)] = []
        if let current = page.currentURL { links.append(("current", current)) }
        if let older = page.previousArchiveURL { links.append(("prev-archive", older)) }
        return links
    }

}
