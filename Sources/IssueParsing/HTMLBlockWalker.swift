internal import CLibXML2
import IssueModel

/// Walks an HTML body into blocks, leaving page chrome out. Iterative, so deep nesting cannot
/// exhaust the stack.
struct HTMLBlockWalker {
    let baseURL: String?
    /// Finds where the page writes each link's `href`.
    private var addresses: AddressLocator
    private(set) var blocks: [Block] = []
    /// The text of the page's subtitle element (Substack's `.subtitle`), kept apart as the tagline.
    private(set) var subtitle: String?

    private var builder = TextBuilder()
    private var pendingLine = 0
    private var kinds: [Block.Kind] = [.text]
    private var quoteDepth = 0
    private var lists: [(ordered: Bool, next: Int)] = []
    private var blankLines = 0

    /// Elements whose content is never text of the page.
    private static let skippedElements: Set<String> = [
        "head", "script", "style", "noscript", "iframe", "object", "embed", "svg", "canvas", "form", "button",
        "input", "select", "textarea", "template", "nav", "footer", "aside", "video", "audio",
        "source", "map", "dialog", "menu", "title", "meta", "link",
    ]

    private static let blockElements: Set<String> = [
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "section", "article", "main",
        "header", "td", "th", "tr", "table", "tbody", "thead", "tfoot", "ul", "ol", "dl", "dt", "dd", "figure",
        "figcaption", "center", "address", "body", "html", "details", "summary", "hr",
    ]

    /// Class and id words that mark page chrome: widgets, navigation, footers, hidden preheaders.
    private static let chromeWords: [String] = [
        "subscribe", "subscription", "share", "social", "footer", "navbar", "nav-", "topbar", "sidebar", "comment",
        "button", "paywall", "modal", "cookie", "preheader", "follow", "promo", "banner", "post-meta", "byline",
        "like-button", "reaction", "signup", "sign-up", "menu", "toolbar", "pencraft-footer", "footnote-anchor",
        "footnote-number", "image-link-expand", "restack",
    ]

    /// Inline elements that set their text in a style.
    private static let styleElements: [String: RichText.Style.Kind] = [
        "strong": .strong, "b": .strong, "em": .emphasis, "i": .emphasis, "code": .code,
    ]

    init(baseURL: String?, source: SourceIndex) {
        self.baseURL = baseURL
        self.addresses = AddressLocator(source)
    }

    mutating func walk(_ root: HTMLNode) {
        var stack: [(node: HTMLNode, entering: Bool)] = [(root, true)]
        var visited = 0
        while let (node, entering) = stack.popLast() {
            visited += 1
            if visited > 2_000_000 { break }
            if entering {
                if enter(node) {
                    stack.append((node, false))
                    stack.append(contentsOf: node.children.reversed().map { ($0, true) })
                }
            } else {
                exit(node)
            }
        }
        flush()
    }

    /// Handles the start of a node; true when its children should be walked.
    private mutating func enter(_ node: HTMLNode) -> Bool {
        switch node.pointee.type {
        case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
            if let content = node.pointee.content {
                if builder.isEmpty { pendingLine = node.line }
                builder.append(String(cString: importfeed_xml_chars(content)))
            }
            return false
        case XML_ELEMENT_NODE:
            break
        default:
            return false
        }
        guard let name = node.elementName else { return false }
        if Self.skippedElements.contains(name) || isChrome(node) { return false }
        if isSubtitle(node) {
            subtitle = subtitle ?? node.textContent.collapsedSpaces()
            return false
        }
        switch name {
        case "br":
            if builder.isEmpty { blankLines += 1 } else { flush() }
            return false
        case "hr":
            flush()
            appendBlock(Block(kind: .separator, text: RichText(""), blankLinesBefore: takeBlankLines(), line: node.line))
            return false
        case "a":
            if let href = node.attribute("href"), let url = resolve(href) {
                if builder.isEmpty { pendingLine = node.line }
                // libxml2 knows the line of the element, not of its attribute: look from there on.
                let position = addresses.position(of: href.trimmingSpaces(), fromLine: node.line, throughLine: node.line + 20)
                builder.beginAnchor(url: url, position: position ?? SourcePosition(line: node.line))
            }
            return true
        case "img":
            if let src = node.attribute("src"), let url = resolve(src) {
                flush()
                appendBlock(.image(url: url, alt: (node.attribute("alt") ?? "").collapsedSpaces(), isQuoted: quoteDepth > 0,
                                   blankLinesBefore: takeBlankLines(), line: node.line))
            }
            return false
        case "ul", "ol":
            flush()
            let start = node.attribute("start").flatMap { Int($0.trimmingSpaces()) } ?? 1
            lists.append((name == "ol", start))
            return true
        case "blockquote":
            flush()
            quoteDepth += 1
            return true
        default:
            if let style = Self.styleElements[name] {
                if builder.isEmpty { pendingLine = node.line }
                builder.beginStyle(style)
                return true
            }
        }
        if Self.blockElements.contains(name) {
            flush()
            kinds.append(kind(for: name))
            pendingLine = node.line
        }
        return true
    }

    private mutating func exit(_ node: HTMLNode) {
        guard let name = node.elementName else { return }
        switch name {
        case "a":
            if node.attribute("href").flatMap(resolve) != nil { builder.endAnchor() }
        case _ where Self.styleElements[name] != nil:
            builder.endStyle()
        case "ul", "ol":
            flush()
            _ = lists.popLast()
        case "blockquote":
            flush()
            quoteDepth -= 1
        default:
            if Self.blockElements.contains(name) {
                flush()
                if kinds.count > 1 { kinds.removeLast() }
            }
        }
    }

    private mutating func kind(for name: String) -> Block.Kind {
        switch name {
        case "h1": return .heading(level: 1)
        case "h2": return .heading(level: 2)
        case "h3": return .heading(level: 3)
        case "h4": return .heading(level: 4)
        case "h5": return .heading(level: 5)
        case "h6": return .heading(level: 6)
        case "li":
            guard !lists.isEmpty else { return .listItem(number: nil) }
            let list = lists[lists.count - 1]
            lists[lists.count - 1].next += 1
            return .listItem(number: list.ordered ? list.next : nil)
        default:
            // Text directly inside a container reads as a paragraph, inside a list item as the item.
            return kinds.last.map { if case .listItem = $0 { return .text } else { return $0 } } ?? .text
        }
    }

    /// Ends the current block, if it has text.
    private mutating func flush() {
        guard !builder.isEmpty else { return }
        let indented = builder.leadingNoBreakSpaces > 0
        let text = builder.finish()
        let kind = kinds.last ?? .text
        if NewsletterGrammar.isSeparatorRule(text.text.utf8) {
            appendBlock(Block(kind: .separator, text: RichText(""), blankLinesBefore: takeBlankLines(), line: pendingLine))
            return
        }
        appendBlock(Block(kind: kind, text: text, isIndented: indented, isQuoted: quoteDepth > 0,
                          blankLinesBefore: takeBlankLines(), line: max(pendingLine, 1)))
        // A list item's later paragraphs are paragraphs, not new items.
        if case .listItem = kind { kinds[kinds.count - 1] = .text }
    }

    private mutating func appendBlock(_ block: Block) {
        blocks.append(block)
    }

    private mutating func takeBlankLines() -> Int {
        defer { blankLines = 0 }
        return blankLines
    }

    private func isChrome(_ node: HTMLNode) -> Bool {
        if node.attribute("hidden") != nil || node.attribute("aria-hidden")?.lowercased() == "true" { return true }
        if let role = node.attribute("role")?.lowercased(), ["navigation", "banner", "contentinfo", "dialog"].contains(role) {
            return true
        }
        if let style = node.attribute("style")?.lowercased().replacingSpaces(),
           style.contains("display:none") || style.contains("visibility:hidden") {
            return true
        }
        let words = ((node.attribute("class") ?? "") + " " + (node.attribute("id") ?? "")).lowercased()
        guard !words.trimmingSpaces().isEmpty else { return false }
        return Self.chromeWords.contains { words.contains($0) }
    }

    private func isSubtitle(_ node: HTMLNode) -> Bool {
        guard let classes = node.attribute("class")?.lowercased() else { return false }
        return classes.split(separator: " ").contains { $0 == "subtitle" || $0 == "post-subtitle" }
    }

    /// An absolute address for `href`, or nil for a link that goes nowhere a reader can follow.
    private func resolve(_ href: String) -> String? {
        let trimmed = href.trimmingSpaces()
        guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { return nil }
        let lowered = trimmed.lowercased()
        if lowered.hasPrefix("javascript:") || lowered.hasPrefix("data:") || lowered.hasPrefix("vbscript:") { return nil }
        if lowered.hasPrefix("//") { return "https:" + trimmed }
        if lowered.hasPrefix("/"), let base = baseURL, let origin = Self.origin(of: base) { return origin + trimmed }
        return trimmed
    }

    /// `https://host` of an absolute URL.
    private static func origin(of url: String) -> String? {
        guard let schemeEnd = url.range(of: "://") else { return nil }
        let afterScheme = url[schemeEnd.upperBound...]
        let host = afterScheme.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        return String(url[..<schemeEnd.upperBound]) + host
    }
}

extension String {
    /// The text without any white space, for matching CSS such as `display: none`.
    func replacingSpaces() -> String { filter { !$0.isWhitespace } }
}
