import IssueModel

extension IssueHTMLRenderer {
    /// One element of rich text: a link or a style, over a UTF-8 range of the text.
    private struct Span {
        var start: Int
        var end: Int
        /// The tag and, for a link, its address.
        var tag: String
        var href: String?
    }

    /// Rich text as HTML: `<a href>`, `<strong>`, `<em>`, `<code>` put back where they were. Runs that
    /// overlap without nesting are closed and opened again, so the HTML is always well formed; an
    /// unsafe or relative address stays plain text.
    static func writeRich(_ text: RichText, to writer: inout XMLWriter) {
        // Most paragraphs carry no link and no style.
        guard !text.anchors.isEmpty || !text.styles.isEmpty else {
            writer.text(text.text)
            return
        }
        let count = text.text.utf8.count
        var spans: [Span] = text.anchors.compactMap { anchor in
            WebAddress.isSafeLink(anchor.url) ? Span(start: anchor.start, end: anchor.end, tag: "a", href: anchor.url) : nil
        }
        spans += text.styles.map { style in
            let tag = switch style.kind {
            case .strong: "strong"
            case .emphasis: "em"
            case .code: "code"
            }
            return Span(start: style.start, end: style.end, tag: tag)
        }
        spans = spans.filter { $0.start < $0.end && $0.start >= 0 && $0.end <= count }
            .sorted { ($0.start, -$0.end) < ($1.start, -$1.end) }
        guard !spans.isEmpty else {
            writer.text(text.text)
            return
        }
        // Every place a span starts or ends, in order, once.
        var points = [0, count]
        for span in spans { points += [span.start, span.end] }
        points.sort()
        points = points.enumerated().filter { $0.offset == 0 || $0.element != points[$0.offset - 1] }.map(\.element)
        var string = text.text
        string.withUTF8 { bytes in
            var open: [Int] = []  // indices into spans, outermost first
            for (lower, upper) in zip(points, points.dropFirst()) {
                let active = spans.indices.filter { spans[$0].start <= lower && lower < spans[$0].end }
                // Keep the longest prefix of open elements that are all still active; close the rest.
                var keep = 0
                while keep < open.count, active.contains(open[keep]) { keep += 1 }
                while open.count > keep {
                    writer.end()
                    open.removeLast()
                }
                for index in active where !open.contains(index) {
                    writer.start(spans[index].tag)
                    if let href = spans[index].href { writer.attribute("href", href) }
                    open.append(index)
                }
                writer.text(UnsafeBufferPointer(rebasing: bytes[lower..<upper]))
            }
            for _ in open { writer.end() }
        }
    }
}
