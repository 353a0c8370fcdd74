internal import CCmark
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import IssueModel

/// Reads the author's Markdown drafts with cmark-gfm, a CommonMark parser, into blocks.
///
/// Paragraphs, headings, list items and thematic breaks become blocks; `[text](url)` links become
/// anchors that know the line and column of their address; bold, italic and code become styles;
/// soft line breaks are kept for the recogniser, hard breaks split blocks; raw HTML and images are
/// left out. YAML front matter gives the document's metadata.
///
/// Converters break emphasis across line breaks (`**Headline:␣␣⏎**_…dek…_`): CommonMark rightly
/// leaves such markers unpaired, and the reader drops them (``TextBuilder``). A separator the
/// converter fused with the next bold opener (`*****Headline`) is still a separator.
public struct MarkdownReader: Sendable {
    /// The fewest lines cmark is given at a time when a long run of lines can be cut
    /// (``MarkdownPieces``); shorter documents are read whole.
    let pieceLines: Int

    public init() {
        self.init(pieceLines: 1024)
    }

    /// A reader that gives cmark at least `pieceLines` lines at a time where a run of lines can be
    /// cut (``MarkdownPieces``): what it reads must not depend on it — the tests and the fuzzer
    /// compare pieces of a line or two with reading whole (`Int.max`).
    public init(pieceLines: Int) {
        self.pieceLines = max(pieceLines, 1)
    }

    /// Reads valid UTF-8 Markdown (a byte-order mark already removed).
    public func read(_ bytes: [UInt8], file: String) -> BlockDocument {
        let frontMatter = FrontMatter(bytes)
        let body = frontMatter.length == 0 ? bytes : Array(bytes[frontMatter.length...])
        let source = SourceIndex(body)
        var walker = MarkdownWalker(lineOffset: frontMatter.lineCount, addresses: AddressLocator(source))
        // Piece by piece: each piece's tree is read and freed before the one after the next is built.
        // A piece is read only once the next one shows that the cut between them falls inside a
        // top-level paragraph (the left tree ends with it, the right one begins with it); where it
        // does not, the rest of the body is read whole.
        let starts = [0] + MarkdownPieces.cuts(in: source, minimumLines: pieceLines)
        /// The tree of pieces `first..<end`.
        func parse(_ first: Int, _ end: Int) -> CMarkTree? {
            let upper = end < starts.count ? source.offset(ofLine: starts[end] + 1) : body.count
            return CMarkTree(body, source.offset(ofLine: starts[first] + 1)..<upper, firstLine: starts[first])
        }
        guard var current = parse(0, 1) else {
            return BlockDocument(file: file, blocks: [], metadata: frontMatter.metadata, carriesAddresses: true)
        }
        var index = 0
        var continuing = false
        while index + 1 < starts.count {
            if let next = parse(index + 1, index + 2), current.endsInParagraph(lastLine: starts[index + 1] - 1),
               next.beginsWithParagraph {
                walker.walk(current, continuing: continuing, leavingOpen: true)
                current = next
                continuing = true
                index += 1
            } else {
                if let rest = parse(index, starts.count) { current = rest }
                break
            }
        }
        walker.walk(current, continuing: continuing, leavingOpen: false)
        return BlockDocument(file: file, blocks: walker.blocks, metadata: frontMatter.metadata, carriesAddresses: true)
    }
}

/// cmark's tree of one piece of a Markdown body, freed with it.
private final class CMarkTree {
    let root: OpaquePointer
    /// The 0-based body line the piece starts on.
    let firstLine: Int

    init?(_ body: [UInt8], _ range: Range<Int>, firstLine: Int) {
        guard let root = body.withUnsafeBufferPointer({ buffer in
            buffer.baseAddress.flatMap { base in
                (base + range.lowerBound).withMemoryRebound(to: CChar.self, capacity: range.count) {
                    cmark_parse_document($0, range.count, importfeed_cmark_options())
                }
            }
        }) else { return nil }
        self.root = root
        self.firstLine = firstLine
    }

    deinit { cmark_node_free(root) }

    /// Whether the tree's last top-level block is a paragraph that runs to 0-based body line `lastLine`.
    func endsInParagraph(lastLine: Int) -> Bool {
        guard let last = cmark_node_last_child(root), cmark_node_get_type(last) == CMARK_NODE_PARAGRAPH else { return false }
        return Int(cmark_node_get_end_line(last)) + firstLine == lastLine + 1
    }

    /// Whether the tree's first top-level block is a paragraph that starts on the piece's first line.
    var beginsWithParagraph: Bool {
        guard let first = cmark_node_first_child(root), cmark_node_get_type(first) == CMARK_NODE_PARAGRAPH else { return false }
        return cmark_node_get_start_line(first) == 1
    }
}

/// One pass over a cmark tree with its iterator (no recursion, so nesting depth cannot exhaust the stack).
private struct MarkdownWalker {
    /// Lines before the body (front matter): added to every line reported.
    let lineOffset: Int
    /// The 0-based body line the piece being walked starts on: added to cmark's lines.
    private var pieceLine = 0
    /// The top-level paragraph that continues the previous piece's last one, and the one the next
    /// piece continues: neither opens nor closes a block.
    private var continuedParagraph: OpaquePointer?
    private var paragraphLeftOpen: OpaquePointer?
    /// Finds where the Markdown writes each link's address.
    private var addresses: AddressLocator
    var blocks: [Block] = []
    /// The last line (of the body) of the block being built.
    private var openEndLine = 0

    private var builder = TextBuilder()
    private var openKind: Block.Kind?
    private var openLine = 0
    /// The line of the last node cmark gave one.
    private var lastNumberedLine = 0
    private var quoteDepth = 0
    private var lists: [(ordered: Bool, next: Int)] = []
    private var itemAwaitingFirstParagraph = false
    private var imageDepth = 0
    private var lastEndLine = 0

    /// Images met in the open block, emitted after it: (address, alternative text, line).
    private var pendingImages: [(url: String, alt: String, line: Int)] = []

    init(lineOffset: Int, addresses: AddressLocator) {
        self.lineOffset = lineOffset
        self.addresses = addresses
    }

    /// Walks one piece's tree. `continuing`: its first paragraph goes on with the block left open;
    /// `leavingOpen`: its last paragraph stays open for the next piece.
    mutating func walk(_ tree: CMarkTree, continuing: Bool, leavingOpen: Bool) {
        pieceLine = tree.firstLine
        continuedParagraph = continuing ? cmark_node_first_child(tree.root) : nil
        paragraphLeftOpen = leavingOpen ? cmark_node_last_child(tree.root) : nil
        guard let iterator = cmark_iter_new(tree.root) else { return }
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE || event == CMARK_EVENT_NONE { break }
            guard let node = cmark_iter_get_node(iterator) else { continue }
            handle(node, entering: event == CMARK_EVENT_ENTER)
        }
    }

    private mutating func handle(_ node: OpaquePointer, entering: Bool) {
        let type = cmark_node_get_type(node)
        let line = bodyLine(cmark_node_get_start_line(node)) + lineOffset
        // cmark gives line breaks no line: they stand on the line of the node before them.
        if cmark_node_get_start_line(node) > 0 { lastNumberedLine = line }
        switch type {
        case CMARK_NODE_PARAGRAPH:
            if entering, node == continuedParagraph {
                // The piece before ended inside this paragraph: a soft break joins the two halves.
                builder.appendLineBreak()
                openEndLine = bodyLine(cmark_node_get_end_line(node))
            } else if !entering, node == paragraphLeftOpen {
                break
            } else if entering {
                var kind = Block.Kind.text
                if itemAwaitingFirstParagraph, let list = lists.last {
                    kind = .listItem(number: list.ordered ? list.next - 1 : nil)
                    itemAwaitingFirstParagraph = false
                }
                open(kind, line: line)
                openEndLine = bodyLine(cmark_node_get_end_line(node))
            } else {
                close(endLine: bodyLine(cmark_node_get_end_line(node)) + lineOffset)
            }
        case CMARK_NODE_HEADING:
            if entering {
                open(.heading(level: Int(cmark_node_get_heading_level(node))), line: line)
                openEndLine = bodyLine(cmark_node_get_end_line(node))
            } else {
                close(endLine: bodyLine(cmark_node_get_end_line(node)) + lineOffset)
            }
        case CMARK_NODE_THEMATIC_BREAK:
            emit(Block(kind: .separator, text: RichText(""), blankLinesBefore: blankLines(before: line), line: line))
            lastEndLine = line
        case CMARK_NODE_CODE_BLOCK:
            open(.text, line: line)
            append(cmark_node_get_literal(node))
            close(endLine: bodyLine(cmark_node_get_end_line(node)) + lineOffset)
        case CMARK_NODE_BLOCK_QUOTE:
            quoteDepth += entering ? 1 : -1
        case CMARK_NODE_LIST:
            if entering {
                let ordered = cmark_node_get_list_type(node) == CMARK_ORDERED_LIST
                lists.append((ordered, Int(cmark_node_get_list_start(node))))
            } else {
                _ = lists.popLast()
            }
        case CMARK_NODE_ITEM:
            if entering, !lists.isEmpty {
                lists[lists.count - 1].next += 1
                itemAwaitingFirstParagraph = true
            } else if !entering {
                itemAwaitingFirstParagraph = false
            }
        case CMARK_NODE_TEXT:
            if imageDepth == 0 {
                appendText(cmark_node_get_literal(node), line: line)
            } else if let literal = cmark_node_get_literal(node), !pendingImages.isEmpty {
                pendingImages[pendingImages.count - 1].alt += String(cString: literal)
            }
        case CMARK_NODE_CODE:
            if imageDepth == 0, openKind != nil {
                builder.beginStyle(.code)
                append(cmark_node_get_literal(node))
                builder.endStyle()
            }
        case CMARK_NODE_STRONG, CMARK_NODE_EMPH:
            guard imageDepth == 0, openKind != nil else { break }
            if entering {
                builder.beginStyle(type == CMARK_NODE_STRONG ? .strong : .emphasis)
            } else {
                builder.endStyle()
            }
        case CMARK_NODE_HTML_INLINE:
            // `R&D budgets <grow>`: angle brackets around a word that is no HTML element are text.
            if imageDepth == 0, openKind != nil, let literal = cmark_node_get_literal(node) {
                let tag = String(cString: literal)
                if !Self.isHTMLTag(tag) { builder.append(tag) }
            }
        case CMARK_NODE_SOFTBREAK:
            if imageDepth == 0 { builder.appendLineBreak() }
        case CMARK_NODE_LINEBREAK:
            // A hard break ends the line as a block of its own, as a line break does in plain text.
            if openKind != nil {
                close(endLine: lastNumberedLine)
                open(.text, line: lastNumberedLine + 1)
            }
        case CMARK_NODE_LINK:
            if entering {
                let url = cmark_node_get_url(node).map { String(cString: $0) } ?? ""
                builder.beginAnchor(url: url, position: addressPosition(of: url, linkLine: bodyLine(cmark_node_get_start_line(node))))
            } else {
                builder.endAnchor()
            }
        case CMARK_NODE_IMAGE:
            if entering, imageDepth == 0 {
                pendingImages.append((cmark_node_get_url(node).map { String(cString: $0) } ?? "", "", line))
            }
            imageDepth += entering ? 1 : -1
        default:
            break
        }
    }

    /// Element names of HTML a Markdown draft may embed; anything else in angle brackets is text.
    private static let htmlElements: Set<String> = [
        "a", "abbr", "b", "br", "cite", "code", "del", "div", "em", "figcaption", "figure", "font", "hr", "i",
        "iframe", "img", "ins", "kbd", "mark", "p", "picture", "q", "s", "script", "small", "source", "span",
        "strike", "strong", "style", "sub", "sup", "table", "td", "th", "tr", "u", "video", "wbr",
    ]

    /// Whether an inline HTML literal (`<span class="x">`, `</em>`, `<!-- … -->`) is markup.
    private static func isHTMLTag(_ literal: String) -> Bool {
        var name = literal.dropFirst()
        if name.hasPrefix("!") || name.hasPrefix("?") { return true }
        if name.hasPrefix("/") { name = name.dropFirst() }
        let word = name.prefix { $0.isLetter || $0.isNumber }.lowercased()
        return htmlElements.contains(word) || (word.count == 2 && word.hasPrefix("h") && word.last?.isNumber == true)
    }

    /// A line of the piece's tree (1-based) as a line of the body.
    private func bodyLine(_ line: Int32) -> Int {
        Int(line) + pieceLine
    }

    private func blankLines(before line: Int) -> Int {
        lastEndLine == 0 ? 0 : max(0, line - lastEndLine - 1)
    }

    private mutating func open(_ kind: Block.Kind, line: Int) {
        if openKind != nil { close(endLine: line) }
        openKind = kind
        openLine = line
        builder = TextBuilder()
    }

    /// A text node. A run of `*` or `_` still in it is a delimiter run CommonMark left unpaired
    /// (cmark merges such runs into the text around them): a marker the converter broke, dropped
    /// unless it stands inside a word, or — three or more `*` opening a paragraph — a separator
    /// fused with the next headline's bold opener.
    private mutating func appendText(_ literal: UnsafePointer<CChar>?, line: Int) {
        guard let literal, openKind != nil else { return }
        let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(literal).assumingMemoryBound(to: UInt8.self),
                                        count: strlen(literal))
        func isMarker(_ byte: UInt8) -> Bool { byte == UInt8(ascii: "*") || byte == UInt8(ascii: "_") }
        guard bytes.contains(where: isMarker) else {
            builder.append(bytes)
            return
        }
        var index = 0
        while index < bytes.count {
            var end = index
            if isMarker(bytes[index]) {
                while end < bytes.count, bytes[end] == bytes[index] { end += 1 }
                let run = end - index
                if index == 0, run >= 3, builder.isEmpty, openKind == .text, bytes[index] == UInt8(ascii: "*") {
                    emit(Block(kind: .separator, text: RichText(""), blankLinesBefore: blankLines(before: openLine),
                               line: openLine))
                    if run >= 5 { builder.appendLeftoverMarker(isBold: true) }
                } else if index > 0, end < bytes.count, TextBuilder.isWordByte(bytes[index - 1]),
                          TextBuilder.isWordByte(bytes[end]) {
                    // Inside a word (`Raw_Funeral_Speech`): part of the text.
                    builder.append(UnsafeBufferPointer(rebasing: bytes[index..<end]))
                } else {
                    builder.appendLeftoverMarker(isBold: run >= 2 && bytes[index] == UInt8(ascii: "*"))
                }
            } else {
                while end < bytes.count, !isMarker(bytes[end]) { end += 1 }
                builder.append(UnsafeBufferPointer(rebasing: bytes[index..<end]))
            }
            index = end
        }
    }

    /// Where the address of a link to `url` stands: the next place the source writes it, from the
    /// link's line to the end of its block; the link's line when it is written otherwise.
    private mutating func addressPosition(of url: String, linkLine: Int) -> SourcePosition {
        guard let found = addresses.position(of: url, fromLine: linkLine, throughLine: max(openEndLine, linkLine)) else {
            return SourcePosition(line: linkLine + lineOffset)
        }
        return SourcePosition(line: found.line + lineOffset, column: found.column)
    }

    private mutating func append(_ literal: UnsafePointer<CChar>?) {
        guard let literal, openKind != nil else { return }
        builder.append(String(cString: literal))
    }

    private mutating func close(endLine: Int) {
        guard let kind = openKind else { return }
        openKind = nil
        let text = builder.finish()
        defer { lastEndLine = endLine }
        // "####################" is the newsletter's story separator, written the same way in drafts.
        if NewsletterGrammar.isSeparatorRule(text.text.utf8) || (text.text.isEmpty && kind == .heading(level: 4)) {
            emit(Block(kind: .separator, text: RichText(""), blankLinesBefore: blankLines(before: openLine),
                       line: openLine))
            return
        }
        if !text.text.isEmpty {
            emit(Block(kind: kind, text: text, isQuoted: quoteDepth > 0, blankLinesBefore: blankLines(before: openLine),
                       line: openLine))
        }
        for image in pendingImages where !image.url.isEmpty {
            emit(.image(url: image.url, alt: image.alt.trimmingSpaces(), isQuoted: quoteDepth > 0, line: image.line))
        }
        pendingImages = []
    }

    private mutating func emit(_ block: Block) {
        blocks.append(block)
    }
}
