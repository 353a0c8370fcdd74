import IssueModel

/// Rules RSS and Atom share: titles, absolute addresses, the self link, plausible dates.
enum CommonFeedRules {
    static func nonEmptyTitle(_ title: XMLFeedDocument.XMLNode?, what: String, parent: XMLFeedDocument.XMLNode,
                              item: String? = nil) -> [FeedProblem] {
        guard let title else {
            // A missing required title is the schema's to report for the channel and the feed.
            return []
        }
        return title.text.trimmingCharacters(in: " \n\t").isEmpty
            ? [FeedProblem(.error, rule: "non-empty-title", "\(what) has an empty title", line: title.line, item: item)]
            : []
    }

    static func absoluteURL(_ node: XMLFeedDocument.XMLNode?, what: String, item: String? = nil) -> [FeedProblem] {
        guard let node else { return [] }
        let value = node.text.trimmingCharacters(in: " \n\t")
        return WebAddress.isAbsoluteHTTP(value) ? [] : [FeedProblem(.error, rule: "absolute-url",
            "\(what) must be a full http(s) URL: \"\(value)\"", line: node.line, item: item)]
    }

    static func absoluteURL(attribute: String, of node: XMLFeedDocument.XMLNode, what: String,
                            item: String? = nil) -> [FeedProblem] {
        let value = (node.attribute(attribute) ?? "").trimmingCharacters(in: " \n\t")
        return WebAddress.isAbsoluteHTTP(value) ? [] : [FeedProblem(.error, rule: "absolute-url",
            "\(what) must point to a full http(s) URL: \(attribute)=\"\(value)\"", line: node.line, item: item)]
    }

    /// Exactly one `atom:link rel="self"`, absolute, of the feed's media type, and where the feed says it lives.
    static func selfLink(_ links: [XMLFeedDocument.XMLNode], in parent: XMLFeedDocument.XMLNode, expected: String?,
                         mediaType: String) -> [FeedProblem] {
        guard let link = links.first else {
            return [FeedProblem(.error, rule: "self-link",
                "the feed has no atom:link with rel=\"self\" giving its own address", line: parent.line)]
        }
        var problems: [FeedProblem] = []
        if links.count > 1 {
            problems.append(FeedProblem(.error, rule: "self-link",
                "the feed has \(links.count) self links; it must have exactly one", line: links[1].line))
        }
        let href = link.attribute("href") ?? ""
        if !WebAddress.isAbsoluteHTTP(href) {
            problems.append(FeedProblem(.error, rule: "self-link", "the self link must be a full http(s) URL: \"\(href)\"",
                                        line: link.line))
        } else if let expected, href != expected {
            problems.append(FeedProblem(.warning, rule: "self-link",
                "the self link \"\(href)\" does not match where the feed is published (\"\(expected)\")", line: link.line))
        }
        if let type = link.attribute("type"), type != mediaType {
            problems.append(FeedProblem(.warning, rule: "self-link",
                "the self link's type is \"\(type)\"; this feed is \(mediaType)", line: link.line))
        }
        return problems
    }

    /// The W3C validator's "Implausible date": before the web had feeds, or far in the future.
    static func plausibility(_ date: IssueDate, field: String, line: Int?, item: String?) -> [FeedProblem] {
        (1995...2100).contains(date.year) ? [] : [FeedProblem(.warning, rule: "implausible-date",
            "\(field) \(date) is implausible", line: line, item: item)]
    }
}
