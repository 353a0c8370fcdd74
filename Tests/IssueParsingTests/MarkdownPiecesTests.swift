import Foundation
@testable import IssueParsing
import Testing

/// A long Markdown body is given to cmark in pieces (``MarkdownPieces``); the blocks must be exactly
/// those of reading it whole, whatever the text does across the cuts.
struct MarkdownPiecesTests {
    /// "Read more" lines: the shape a link-heavy draft has, where cuts are made.
    static func linkLines(_ count: Int, from first: Int = 0) -> String {
        (first..<(first + count)).map { "Read more: [Paper \($0)](https://example.org/\($0)) (Blog)." }
            .joined(separator: "\n")
    }

    /// Texts with something that spans lines, or changes a paragraph after the fact, amid link lines.
    static let hazards: [String] = [
        "*Emphasis that opens here\nand closes* on the next line.",
        "__Strong across\nlines__ and on.",
        "A [link whose text\nruns on](https://example.org/run) (Blog).",
        "A [link whose address](\nhttps://example.org/next-line) (Blog).",
        "A [link](https://example.org/t \"with a title\nthat runs on\") here.",
        "Code `that spans\na line` here.",
        "Raw <span\nclass=\"x\">HTML</span> across lines.",
        "Two spaces make a hard break  \nhere.",
        "A backslash break\\\nhere.",
        "Setext heading text\n===",
        "Setext heading text\n---",
        "- a list item\nwith a lazy line\nand another",
        "> a quote\nwith a lazy line\nand another",
        "```\ncode with letters\nmore code\n```",
        "    indented code\nText after it",
        "# A heading\nText after it",
        "A [reference][ref] link.\n\n[ref]: https://example.org/ref",
        "Words (with an open parenthesis\nclosed later) here.",
        "An ![image](https://example.org/i.png) and [nested [brackets]](https://example.org/n).",
        "1. ordered\n2. list",
        "Ünïcode words start here\nélan and more.",
        "Text ending with a tab\t\nnext.",
    ]

    static func documents() -> [(name: String, text: String)] {
        var documents = [("plain link lines", "# Import AI 999: Draft\n\n**A story:**\n\n" + linkLines(40) + "\n")]
        for (index, hazard) in hazards.enumerated() {
            let text = "# Import AI 999: Draft\n\n" + linkLines(5) + "\n" + hazard + "\n" + linkLines(5, from: 5)
                + "\n\n" + linkLines(6, from: 10) + "\n" + hazard + "\n"
            documents.append(("hazard \(index)", text))
        }
        let folders = [packageRoot.appendingPathComponent("archive"), realFolder]
        for folder in folders {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            for name in names.sorted() where name.hasSuffix(".md") {
                if let text = try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8) {
                    documents.append((name, text))
                }
            }
        }
        return documents
    }

    @Test func readingInPiecesGivesTheBlocksOfReadingWhole() {
        let whole = MarkdownReader(pieceLines: Int.max)
        for document in Self.documents() {
            let bytes = Array(document.text.utf8)
            let expected = whole.read(bytes, file: "draft.md")
            for pieceLines in [1, 2, 3, 7] {
                let read = MarkdownReader(pieceLines: pieceLines).read(bytes, file: "draft.md")
                let first = zip(read.blocks, expected.blocks).enumerated().first { $0.element.0 != $0.element.1 }?.offset
                #expect(read.blocks.count == expected.blocks.count && first == nil,
                        "\(document.name), pieces of \(pieceLines) lines: block \(first ?? -1) reads \(first.map { String(describing: read.blocks[$0]) } ?? "-"), whole \(first.map { String(describing: expected.blocks[$0]) } ?? "-")")
                #expect(read == expected)
            }
        }
    }

    @Test func longRunsOfPlainLinesAreCut() {
        let text = "# Import AI 999: Draft\n\n**A story:**\n\n" + Self.linkLines(10) + "\n"
        let cuts = MarkdownPieces.cuts(in: SourceIndex(Array(text.utf8)), minimumLines: 3)
        // The run of link lines starts on (0-based) line 4: cut every three lines of it.
        #expect(cuts == [7, 10, 13])
    }

    @Test func nothingIsCutAcrossWhatMaySpanLines() {
        for hazard in ["*open\n", "`open\n", "<span\n", "[open\n", "A [link](\n", "Break  \n", "Break\\\n"] {
            let text = "Start of the run\n" + hazard + Self.linkLines(8) + "\n"
            let cuts = MarkdownPieces.cuts(in: SourceIndex(Array(text.utf8)), minimumLines: 2)
            #expect(cuts.isEmpty, "\(hazard.debugDescription)")
        }
        let withDefinition = Self.linkLines(8) + "\n\n[ref]: https://example.org/\n"
        #expect(MarkdownPieces.cuts(in: SourceIndex(Array(withDefinition.utf8)), minimumLines: 2).isEmpty)
        let withUnderline = Self.linkLines(8) + "\n===\n"
        #expect(MarkdownPieces.cuts(in: SourceIndex(Array(withUnderline.utf8)), minimumLines: 2).isEmpty)
    }
}
