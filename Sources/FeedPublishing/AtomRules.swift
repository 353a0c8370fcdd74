import IssueModel

/// The rules of Atom 1.0 (RFC 4287) that its schema leaves to Schematron or to prose, and the W3C
/// validator's recommendations.
enum AtomRules {
    private static let atom = FeedNamespace.atom

    static func check(_ document: XMLFeedDocument, expectedSelf: String?, cache: ContentFindingsCache?) -> [FeedProblem] {
        let feed = document.root
        guard feed.name == "feed", feed.namespace == atom else {
            return [FeedProblem(.error, rule: "structure", "an Atom feed is <feed xmlns=\"\(atom)\">", line: feed.line)]
        }
        var problems: [FeedProblem] = []
        problems += CommonFeedRules.nonEmptyTitle(feed.child("title", namespace: atom), what: "the feed", parent: feed)
        problems += idProblems(feed.child("id", namespace: atom), item: nil)
        problems += dateProblems(feed.child("updated", namespace: atom), item: nil)
        let links = feed.children("link", namespace: atom)
        problems += CommonFeedRules.selfLink(links.filter { $0.attribute("rel") == "self" }, in: feed,
                                             expected: expectedSelf, mediaType: FeedKind.atom.mediaType)
        for link in links { problems += CommonFeedRules.absoluteURL(attribute: "href", of: link, what: "a link") }
        let feedHasAuthor = !feed.children("author", namespace: atom).isEmpty
        problems += textConstructProblems(["title", "subtitle", "rights"].compactMap { feed.child($0, namespace: atom) },
                                          item: nil, cache: cache)
        for name in ["icon", "logo"] {
            if let node = feed.child(name, namespace: atom) {
                problems += HTMLContentRules.checkAddress(node.text, field: name, line: node.line, item: nil)
            }
        }

        var ids: [String: Int] = [:]
        var updatedValues: [String: Int] = [:]
        for entry in feed.children("entry", namespace: atom) {
            let name = entry.child("title", namespace: atom)?.text ?? entry.child("id", namespace: atom)?.text
            problems += CommonFeedRules.nonEmptyTitle(entry.child("title", namespace: atom), what: "an entry",
                                                      parent: entry, item: name)
            if let id = entry.child("id", namespace: atom) {
                problems += idProblems(id, item: name)
                let value = id.text.trimmingCharacters(in: " \n\t")
                if let first = ids[value] {
                    problems.append(FeedProblem(.error, rule: "unique-id",
                        "entry id \"\(value)\" is used again (first at line \(first))", line: id.line, item: name))
                } else {
                    ids[value] = id.line
                }
            }
            let updated = entry.child("updated", namespace: atom)
            problems += dateProblems(updated, item: name)
            problems += dateProblems(entry.child("published", namespace: atom), item: name, required: false)
            if let updated {
                let value = updated.text.trimmingCharacters(in: " \n\t")
                if let first = updatedValues[value] {
                    problems.append(FeedProblem(.warning, rule: "duplicate-updated",
                        "two entries have the same updated value \(value) (the other at line \(first))",
                        line: updated.line, item: name))
                } else {
                    updatedValues[value] = updated.line
                }
            }
            let entryLinks = entry.children("link", namespace: atom)
            for link in entryLinks { problems += CommonFeedRules.absoluteURL(attribute: "href", of: link, what: "a link", item: name) }
            let content = entry.child("content", namespace: atom)
            let hasAlternate = entryLinks.contains { ($0.attribute("rel") ?? "alternate") == "alternate" }
            if content == nil && !hasAlternate {
                problems.append(FeedProblem(.error, rule: "entry-content",
                    "an entry needs content or a link with rel=\"alternate\"", line: entry.line, item: name))
            }
            if !feedHasAuthor && entry.children("author", namespace: atom).isEmpty
                && entry.child("source", namespace: atom)?.child("author", namespace: atom) == nil {
                problems.append(FeedProblem(.error, rule: "author",
                    "an entry needs an author when the feed has none", line: entry.line, item: name))
            }
            let textFields = ["content", "summary", "title", "rights"].compactMap { entry.child($0, namespace: atom) }
            problems += textConstructProblems(textFields, item: name, cache: cache)
            if let source = content?.attribute("src") {
                problems += HTMLContentRules.checkAddress(source, field: "content src", line: content?.line, item: name)
            }
        }
        return problems
    }

    /// Atom text constructs that carry markup — `type="html"` (escaped) and `type="xhtml"` (inline) —
    /// get the same content-safety rules as item HTML.
    static func textConstructProblems(_ fields: [XMLFeedDocument.XMLNode], item: String?, cache: ContentFindingsCache?)
        -> [FeedProblem] {
        fields.flatMap { field -> [FeedProblem] in
            switch field.attribute("type") {
            case "html": field.withText {
                HTMLContentRules.check(bytes: $0, field: field.name, line: field.line, item: item, cache: cache)
            }
            case "xhtml": HTMLContentRules.check(field.innerMarkup, field: field.name, line: field.line, item: item, cache: cache)
            default: []
            }
        }
    }

    /// An id is an absolute IRI: a scheme, then something.
    private static func idProblems(_ node: XMLFeedDocument.XMLNode?, item: String?) -> [FeedProblem] {
        guard let node else { return [] }
        let value = node.text.trimmingCharacters(in: " \n\t")
        // RFC 3986's scheme: an ASCII letter, then letters, digits, "+", "-" or "."; then ":" and more.
        let bytes = value.utf8
        let scheme = bytes.prefix { $0 != UInt8(ascii: ":") }
        func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") }
        let valid = !scheme.isEmpty && scheme.count < bytes.count - 1 && isLetter(scheme.first!)
            && scheme.allSatisfy { isLetter($0) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2B || $0 == 0x2D || $0 == 0x2E }
            && !bytes.contains(UInt8(ascii: " "))
        return valid ? [] : [FeedProblem(.error, rule: "absolute-url",
            "id must be an absolute IRI such as a permalink or a tag: URI: \"\(value)\"", line: node.line, item: item)]
    }

    private static func dateProblems(_ node: XMLFeedDocument.XMLNode?, item: String?, required: Bool = true) -> [FeedProblem] {
        guard let node else { return [] }
        let value = node.text.trimmingCharacters(in: " \n\t")
        guard FeedDates.isRFC3339(value), let date = IssueDate(iso: value) else {
            return [FeedProblem(.error, rule: "rfc3339-date",
                "\(node.name) must be an RFC 3339 date-time such as \"2023-03-20T00:00:00Z\": \"\(value)\"",
                line: node.line, item: item)]
        }
        return CommonFeedRules.plausibility(date, field: node.name, line: node.line, item: item)
    }
}
