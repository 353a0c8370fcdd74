import JSONText

/// JSON Feed 1.1: its required keys, the types they take, unique item ids, RFC 3339 dates, absolute
/// addresses, and safe HTML content. JSON carries no line numbers, so problems give the line where the
/// item's id stands in the file.
enum JSONFeedRules {
    static func check(_ bytes: [UInt8], expectedSelf: String?, cache: ContentFindingsCache?) -> [FeedProblem] {
        let document: JSONValue
        do throws(JSONReader.SyntaxError) {
            document = try JSONReader.parseValue(bytes)
        } catch {
            return [FeedProblem(.error, rule: "json", "not valid JSON at column \(error.column): \(error.message)", line: error.line)]
        }
        guard let feed = document.object else {
            return [FeedProblem(.error, rule: "json", "a JSON feed is a JSON object", line: 1)]
        }
        var lines = LineFinder(bytes)
        var problems: [FeedProblem] = []
        switch feed["version"]?.string {
        case "https://jsonfeed.org/version/1.1": break
        case "https://jsonfeed.org/version/1":
            problems.append(FeedProblem(.warning, rule: "json-version", "the feed is JSON Feed 1.0; 1.1 is current",
                                        line: lines.line(of: "version")))
        default:
            problems.append(FeedProblem(.error, rule: "json-version",
                "\"version\" must be \"https://jsonfeed.org/version/1.1\"", line: lines.line(of: "version")))
        }
        if feed["title"]?.string?.isBlank ?? true {
            problems.append(FeedProblem(.error, rule: "non-empty-title", "\"title\" must be a non-empty string",
                                        line: lines.line(of: "title")))
        }
        for key in ["home_page_url", "feed_url"] {
            if let value = feed[key] {
                if !(value.string.map(WebAddress.isAbsoluteHTTP) ?? false) {
                    problems.append(FeedProblem(.error, rule: "absolute-url", "\"\(key)\" must be a full http(s) URL",
                                                line: lines.line(of: key)))
                }
            } else {
                problems.append(FeedProblem(.warning, rule: "self-link", "the feed has no \"\(key)\"", line: 1))
            }
        }
        if let expectedSelf, let feedURL = feed["feed_url"]?.string, feedURL != expectedSelf {
            problems.append(FeedProblem(.warning, rule: "self-link",
                "\"feed_url\" \"\(feedURL)\" does not match where the feed is published (\"\(expectedSelf)\")",
                line: lines.line(of: "feed_url")))
        }
        for key in ["icon", "favicon"] {
            if let value = feed[key]?.string {
                problems += HTMLContentRules.checkAddress(value, field: "\"\(key)\"", line: lines.line(of: value), item: nil)
            }
        }
        let authors = authorProblems(feed["authors"], item: nil, line: nil)
        if !authors.isEmpty { problems += authors.map { var problem = $0; problem.line = lines.line(of: "authors"); return problem } }
        guard let items = feed["items"]?.array else {
            problems.append(FeedProblem(.error, rule: "json-items", "\"items\" must be an array", line: 1))
            return problems
        }
        var ids: Set<String> = []
        for (index, value) in items.enumerated() {
            guard let item = value.object else {
                problems.append(FeedProblem(.error, rule: "json-items", "items[\(index)] must be an object"))
                continue
            }
            let id = item["id"]?.string
            let name = item["title"]?.string ?? id ?? "items[\(index)]"
            // Lines are looked up only for items that have problems.
            let firstProblem = problems.count
            if let id, !id.isEmpty {
                if !ids.insert(id).inserted {
                    problems.append(FeedProblem(.error, rule: "unique-id", "item id \"\(id)\" is used again",
                                                line: nil, item: name))
                }
            } else {
                problems.append(FeedProblem(.error, rule: "unique-id", "items[\(index)] needs a non-empty string \"id\"",
                                            item: name))
            }
            let html = item["content_html"]?.string
            if html == nil && item["content_text"]?.string == nil {
                problems.append(FeedProblem(.error, rule: "entry-content",
                    "an item needs \"content_html\" or \"content_text\"", line: nil, item: name))
            }
            if let title = item["title"], title.string?.isBlank ?? true {
                problems.append(FeedProblem(.error, rule: "non-empty-title", "the item's \"title\" is empty",
                                            line: nil, item: name))
            }
            for key in ["url", "external_url", "image", "banner_image"] {
                if let value = item[key], !(value.string.map(WebAddress.isAbsoluteHTTP) ?? false) {
                    problems.append(FeedProblem(.error, rule: "absolute-url", "\"\(key)\" must be a full http(s) URL",
                                                line: nil, item: name))
                }
            }
            for key in ["date_published", "date_modified"] {
                if let value = item[key], !(value.string.map(FeedDates.isRFC3339) ?? false) {
                    problems.append(FeedProblem(.error, rule: "rfc3339-date",
                        "\"\(key)\" must be an RFC 3339 date-time", line: nil, item: name))
                }
            }
            problems += authorProblems(item["authors"], item: name, line: nil)
            for key in ["image", "banner_image"] {
                if let value = item[key]?.string {
                    problems += HTMLContentRules.checkAddress(value, field: "\"\(key)\"", line: nil, item: name)
                }
            }
            if let html { problems += HTMLContentRules.check(html, field: "content_html", line: nil, item: name, cache: cache) }
            if problems.count > firstProblem, let line = id.flatMap({ lines.line(of: $0) }) {
                for problem in firstProblem..<problems.count where problems[problem].line == nil { problems[problem].line = line }
            }
        }
        return problems
    }

    private static func authorProblems(_ value: JSONValue?, item: String?, line: Int?) -> [FeedProblem] {
        guard let value else { return [] }
        guard let elements = value.array else {
            return [FeedProblem(.error, rule: "json-authors",
                "\"authors\" must be an array of objects with a name, url or avatar", line: line, item: item)]
        }
        let authors = elements.compactMap(\.object)
        guard authors.count == elements.count, authors.allSatisfy({
            $0["name"]?.string.map { !$0.isEmpty } ?? false || $0["url"]?.string != nil || $0["avatar"]?.string != nil
        }) else {
            return [FeedProblem(.error, rule: "json-authors",
                "\"authors\" must be an array of objects with a name, url or avatar", line: line, item: item)]
        }
        // An author's url and avatar are links a reader shows: the same rules as links in content.
        return authors.flatMap { author in
            ["url", "avatar"].compactMap { key in author[key]?.string.map { (key, $0) } }.flatMap { key, address in
                HTMLContentRules.checkAddress(address, field: "an author's \"\(key)\"", line: line, item: item)
            }
        }
    }

    /// The line where each string value first appears in the file, found in one pass over the bytes
    /// (string literals read with their escapes undone, so that `https:\/\/…` matches `https://…`).
    private struct LineFinder {
        private let bytes: [UInt8]
        private var lines: [String: Int]?

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        /// The line of `value`; the index is built the first time a problem needs a line.
        mutating func line(of value: String) -> Int? {
            if lines == nil { lines = Self.index(bytes) }
            return lines?[value]
        }

        private static func index(_ bytes: [UInt8]) -> [String: Int] {
            var lines: [String: Int] = [:]
            var line = 1
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte == 0x0A { line += 1 }
                guard byte == UInt8(ascii: "\"") else {
                    index += 1
                    continue
                }
                var value: [UInt8] = []
                index += 1
                while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                    if bytes[index] == UInt8(ascii: "\\"), index + 1 < bytes.count {
                        let escaped = bytes[index + 1]
                        value.append(escaped == UInt8(ascii: "n") ? 0x0A : escaped == UInt8(ascii: "t") ? 0x09 : escaped)
                        index += 2
                        continue
                    }
                    if bytes[index] == 0x0A { line += 1 }
                    value.append(bytes[index])
                    index += 1
                }
                index += 1
                let key = String(decoding: value, as: UTF8.self)
                if lines[key] == nil { lines[key] = line }
            }
            return lines
        }
    }
}
