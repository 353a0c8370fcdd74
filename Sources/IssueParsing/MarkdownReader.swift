internal import CCmark
import IssueModel

/// Reads the author's Markdown drafts with cmark-gfm, a CommonMark parser, into blocks.
///
/// Paragraphs, headings, list items and thematic breaks become blocks; `[text](url)` links become
/// anchors; soft line breaks are kept for the recogniser, hard breaks split blocks; raw HTML and
/// images are left out. YAML front matter gives the document's metadata.
public struct MarkdownReader: Sendable {
    public init() {}

    /// Reads valid UTF-8 Markdown (a byte-order mark already removed).
    public func read(_ bytes: [UInt8], file: String) -> BlockDocument {
        let frontMatter = FrontMatter(bytes)
        let body = Array(bytes[frontMatter.length...])
        guard let root = body.withUnsafeBufferPointer({ buffer in
            buffer.baseAddress.flatMap { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                    cmark_parse_document($0, buffer.count, importfeed_cmark_options())
                }
            }
        }) else {
            return BlockDocument(file: file, blocks: [], metadata: frontMatter.metadata)
        }
        defer { cmark_node_free(root) }
        var walker = MarkdownWalker(lineOffset: frontMatter.lineCount)
        walker.walk(root)
        return BlockDocument(file: file, blocks: walker.blocks, metadata: frontMatter.metadata)
    }
}

/// One pass over a cmark tree with its iterator (no recursion, so nesting depth cannot exhaust the stack).
private struct MarkdownWalker {
    let lineOffset: Int
    var blocks: [Block] = []

    private var builder = TextBuilder()
    private var openKind: Block.Kind?
    private var openLine = 0
    private var quoteDepth = 0
    private var lists: [(ordered: Bool, next: Int)] = []
    private var itemAwaitingFirstParagraph = false
    private var imageDepth = 0
    private var lastEndLine = 0

    init(lineOffset: Int) { self.lineOffset = lineOffset }

    mutating func walk(_ root: OpaquePointer) {
        guard let iterator = cmark_iter_new(root) else { return }
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
        let line = Int(cmark_node_get_start_line(node)) + lineOffset
        switch type {
        case CMARK_NODE_PARAGRAPH:
            if entering {
                var kind = Block.Kind.text
                if itemAwaitingFirstParagraph, let list = lists.last {
                    kind = .listItem(number: list.ordered ? list.next - 1 : nil)
                    itemAwaitingFirstParagraph = false
                }
                open(kind, line: line)
            } else {
                close(endLine: Int(cmark_node_get_end_line(node)) + lineOffset)
            }
        case CMARK_NODE_HEADING:
            if entering {
                open(.heading(level: Int(cmark_node_get_heading_level(node))), line: line)
            } else {
                close(endLine: Int(cmark_node_get_end_line(node)) + lineOffset)
            }
        case CMARK_NODE_THEMATIC_BREAK:
            emit(Block(kind: .separator, text: RichText(""), blankLinesBefore: blankLines(before: line), line: line))
            lastEndLine = line
        case CMARK_NODE_CODE_BLOCK:
            open(.text, line: line)
            append(cmark_node_get_literal(node))
            close(endLine: Int(cmark_node_get_end_line(node)) + lineOffset)
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
        case CMARK_NODE_TEXT, CMARK_NODE_CODE:
            if imageDepth == 0 { append(cmark_node_get_literal(node)) }
        case CMARK_NODE_SOFTBREAK:
            if imageDepth == 0 { builder.appendLineBreak() }
        case CMARK_NODE_LINEBREAK:
            // A hard break ends the line as a block of its own, as a line break does in plain text.
            if openKind != nil {
                close(endLine: line)
                open(.text, line: line + 1)
            }
        case CMARK_NODE_LINK:
            if entering {
                let url = cmark_node_get_url(node).map { String(cString: $0) } ?? ""
                builder.beginAnchor(url: url)
            } else {
                builder.endAnchor()
            }
        case CMARK_NODE_IMAGE:
            imageDepth += entering ? 1 : -1
        default:
            break
        }
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
        let isRule = text.text.utf8.count >= 4 && text.text.utf8.allSatisfy { $0 == UInt8(ascii: "#") }
        if isRule || (text.text.isEmpty && kind == .heading(level: 4)) {
            emit(Block(kind: .separator, text: RichText(""), blankLinesBefore: blankLines(before: openLine),
                       line: openLine))
            return
        }
        guard !text.text.isEmpty else { return }
        emit(Block(kind: kind, text: text, isIndented: quoteDepth > 0, blankLinesBefore: blankLines(before: openLine),
                   line: openLine))
    }

    private mutating func emit(_ block: Block) {
        blocks.append(block)
    }
}
