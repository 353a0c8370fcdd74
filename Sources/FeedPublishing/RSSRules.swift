/// The rules of RSS 2.0 that its schema cannot say, and the W3C validator's recommendations.
enum RSSRules {
    static func check(_ document: XMLFeedDocument, expectedSelf: String?, cache: ContentFindingsCache?) -> [FeedProblem] {
        var problems: [FeedProblem] = []
        guard document.root.name == "rss", let channel = document.root.child("channel") else {
            return [FeedProblem(.error, rule: "structure", "an RSS feed is <rss version=\"2.0\"><channel>…",
                                line: document.root.line)]
        }
        problems += CommonFeedRules.nonEmptyTitle(channel.child("title"), what: "the channel", parent: channel)
        problems += CommonFeedRules.absoluteURL(channel.child("link"), what: "the channel link")
        problems += CommonFeedRules.absoluteURL(channel.child("docs"), what: "docs")
        for field in ["managingEditor", "webMaster"] { problems += emailProblems(channel.child(field), item: nil) }
        // Readers show the channel description as HTML too.
        if let description = channel.child("description") {
            problems += HTMLContentRules.check(description.text, field: "the channel description", line: description.line,
                                               item: nil, cache: cache)
        }
        if let image = channel.child("image") {
            problems += CommonFeedRules.absoluteURL(image.child("url"), what: "the image URL")
            problems += CommonFeedRules.absoluteURL(image.child("link"), what: "the image link")
        }
        problems += CommonFeedRules.absoluteURL(channel.child("textInput")?.child("link"), what: "the textInput link")
        let selfLinks = channel.children("link", namespace: FeedNamespace.atom).filter { $0.attribute("rel") == "self" }
        problems += CommonFeedRules.selfLink(selfLinks, in: channel, expected: expectedSelf, mediaType: FeedKind.rss.mediaType)
        for field in ["pubDate", "lastBuildDate"] {
            if let date = channel.child(field) { problems += dateProblems(date, item: nil) }
        }

        var guids: [String: Int] = [:]
        for item in channel.children("item") {
            let title = item.child("title")?.text
            let name = title ?? item.child("guid")?.text
            if title == nil && item.child("description") == nil {
                problems.append(FeedProblem(.error, rule: "item-title",
                    "an item needs a title or a description", line: item.line, item: name))
            }
            problems += CommonFeedRules.nonEmptyTitle(item.child("title"), what: "an item", parent: item, item: name)
            if let title, containsMarkup(title) {
                problems.append(FeedProblem(.warning, rule: "plain-text-html",
                    "the title contains HTML markup; RSS titles are plain text", line: item.line, item: name))
            }
            problems += CommonFeedRules.absoluteURL(item.child("link"), what: "the item link", item: name)
            problems += CommonFeedRules.absoluteURL(item.child("comments"), what: "comments", item: name)
            problems += emailProblems(item.child("author"), item: name)
            for (element, attribute) in [("enclosure", "url"), ("source", "url")] {
                if let node = item.child(element) {
                    problems += CommonFeedRules.absoluteURL(attribute: attribute, of: node, what: element, item: name)
                }
            }
            if let guid = item.child("guid") {
                let value = guid.text.trimmingCharacters(in: " \n\t")
                if value.isEmpty {
                    problems.append(FeedProblem(.error, rule: "unique-id", "the guid is empty", line: guid.line, item: name))
                }
                if guid.attribute("isPermaLink") != "false", !WebAddress.isAbsoluteHTTP(value) {
                    problems.append(FeedProblem(.error, rule: "absolute-url",
                        "guid must be a full http(s) URL unless isPermaLink=\"false\": \"\(value)\"",
                        line: guid.line, item: name))
                }
                if let first = guids[value] {
                    problems.append(FeedProblem(.error, rule: "unique-id",
                        "guid \"\(value)\" is used again (first at line \(first))", line: guid.line, item: name))
                } else {
                    guids[value] = guid.line
                }
            } else {
                problems.append(FeedProblem(.warning, rule: "item-guid",
                    "the item has no guid; readers cannot tell it from an edited copy", line: item.line, item: name))
            }
            if let date = item.child("pubDate") { problems += dateProblems(date, item: name) }
            let elements = item.children()
            if let contentIndex = elements.firstIndex(where: { $0.name == "encoded" && $0.namespace == FeedNamespace.content }) {
                if !elements[..<contentIndex].contains(where: { $0.name == "description" && $0.namespace == nil }) {
                    problems.append(FeedProblem(.warning, rule: "description-before-content",
                        "content:encoded should follow a description", line: elements[contentIndex].line, item: name))
                }
                problems += elements[contentIndex].withText {
                    HTMLContentRules.check(bytes: $0, field: "content:encoded", line: elements[contentIndex].line, item: name, cache: cache)
                }
            }
            if let description = item.child("description") {
                problems += description.withText {
                    HTMLContentRules.check(bytes: $0, field: "description", line: description.line, item: name, cache: cache)
                }
            }
        }
        return problems
    }

    /// RSS's author, managingEditor and webMaster are e-mail addresses, "name@example.org (Name)".
    private static func emailProblems(_ node: XMLFeedDocument.XMLNode?, item: String?) -> [FeedProblem] {
        guard let node else { return [] }
        let value = node.text.trimmingCharacters(in: " \n\t")
        let address = value.split(separator: " ").first.map(String.init) ?? ""
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasSuffix(".") else {
            return [FeedProblem(.error, rule: "email",
                "\(node.name) must be an e-mail address such as \"jack@example.org (Jack Clark)\": \"\(value)\"",
                line: node.line, item: item)]
        }
        return []
    }

    /// Whether plain text holds an HTML tag: `<` followed by a letter or `/` and, later, `>`.
    private static func containsMarkup(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "<") && index + 1 < bytes.count {
            let next = bytes[index + 1]
            if isLetter(next) || next == UInt8(ascii: "/"), bytes[(index + 1)...].contains(UInt8(ascii: ">")) { return true }
        }
        return false
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    /// RFC 822 with a weekday that fits, a four-digit year, and a plausible value.
    private static func dateProblems(_ node: XMLFeedDocument.XMLNode, item: String?) -> [FeedProblem] {
        let text = node.text.trimmingCharacters(in: " \n\t")
        guard let parsed = FeedDates.parseRFC822(text) else {
            return [FeedProblem(.error, rule: "rfc822-date",
                "\(node.name) must be an RFC 822 date-time such as \"Mon, 20 Mar 2023 00:00:00 +0000\": \"\(text)\"",
                line: node.line, item: item)]
        }
        var problems: [FeedProblem] = []
        if !parsed.weekdayMatches {
            problems.append(FeedProblem(.error, rule: "rfc822-date",
                "\(node.name) names the wrong day of the week: \"\(text)\"", line: node.line, item: item))
        }
        problems += CommonFeedRules.plausibility(parsed.date, field: node.name, line: node.line, item: item)
        return problems
    }
}
