import IssueModel

/// The YAML front matter of a Markdown draft: `---`, `key: value` lines, `---`.
///
/// Only flat scalar keys are read (`title`, `date`, `number`, `tagline`/`subtitle`/`description`,
/// `author`, `url`); anything else in the block is skipped, never executed or expanded.
struct FrontMatter {
    var metadata = DocumentMetadata()
    /// Bytes the front matter takes at the start of the file (0 when there is none).
    var length = 0
    /// Lines it takes, so that Markdown line numbers can be shifted back to file lines.
    var lineCount = 0

    init(_ bytes: [UInt8]) {
        guard bytes.starts(with: Array("---".utf8)) else { return }
        var lines: [(text: String, end: Int)] = []
        var start = 0
        var index = 0
        while index < bytes.count {
            if bytes[index] == 0x0A {
                var end = index
                if end > start, bytes[end - 1] == 0x0D { end -= 1 }
                lines.append((String(decoding: bytes[start..<end], as: UTF8.self), index + 1))
                start = index + 1
                if lines.count > 200 { break }
            }
            index += 1
        }
        guard let first = lines.first, first.text.trimmingSpaces() == "---",
              let closing = lines.dropFirst().firstIndex(where: { ["---", "..."].contains($0.text.trimmingSpaces()) })
        else { return }
        length = lines[closing].end
        lineCount = closing + 1
        for line in lines[1..<closing] {
            guard let colon = line.text.firstIndex(of: ":") else { continue }
            let key = line.text[..<colon].trimmingSpaces().lowercased()
            var value = line.text[line.text.index(after: colon)...].trimmingSpaces()
            if value.count >= 2, let quote = value.first, quote == "\"" || quote == "'", value.last == quote {
                value = String(value.dropFirst().dropLast())
            }
            guard !value.isEmpty else { continue }
            switch key {
            case "title": metadata.title = value
            case "date", "published", "published_at", "pubdate":
                metadata.date = IssueDate(iso: value) ?? HumanDate.parse(value)
                metadata.published = IssueMoment(iso: value)
            case "updated", "modified", "last_modified", "lastmod", "updated_at":
                metadata.updated = IssueMoment(iso: value)
                    ?? (IssueDate(iso: value) ?? HumanDate.parse(value)).flatMap { IssueMoment(date: $0, hour: 0, minute: 0) }
            case "number", "issue": metadata.number = IssueNumber(value)
            case "tagline", "subtitle", "description": metadata.tagline = value
            case "author", "byline": metadata.author = value
            case "url", "permalink", "canonical_url": metadata.url = value
            default: continue
            }
        }
    }
}
