#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import IssueModel
import ParallelMap

/// Reads plain-text exports: every non-blank line is a block.
///
/// In the newsletter's text exports a line break ends a paragraph (whole paragraphs sit on one long
/// line), blank lines are spacing, leading no-break spaces indent a paragraph, `####…` separates
/// stories, and `•`, `-`, `*` or `1.` start list items.
public struct PlainTextReader: Sendable {
    public init() {}

    /// Turns valid UTF-8 text (a byte-order mark already removed) into blocks.
    public func read(_ bytes: some Collection<UInt8>, file: String) -> BlockDocument {
        let buffer = Array(bytes)
        let lines = buffer.withUnsafeBufferPointer(Self.lineRanges)
        // Building a line's block is the costly part and lines are independent: spread it over the
        // cores; each block learns its line and the blank lines before it as it is placed.
        let blocks: [Block] = buffer.withUnsafeBufferPointer { text in
            nonisolated(unsafe) let text = text
            return lines.concurrentCompactMap(minimumCount: 20_000, { range in
                Self.block(in: UnsafeBufferPointer(rebasing: text[range]))
            }, place: { block, offset, blankLines in
                block.line = offset + 1
                block.blankLinesBefore = blankLines
            })
        }
        // Each block is one line: no line break inside any.
        return BlockDocument(file: file, blocks: blocks, mayHoldLineBreaks: false)
    }

    /// The byte range of every line, without its line break (`\n`, `\r\n` or a lone `\r`).
    static func lineRanges(_ text: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        guard let base = text.baseAddress, !text.isEmpty else { return [] }
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(text.count / 40)
        let count = text.count
        if memchr(base, 0x0D, count) == nil {
            // No carriage returns: find line feeds with memchr.
            var start = 0
            while start < count {
                guard let hit = memchr(base + start, 0x0A, count - start) else {
                    ranges.append(start..<count)
                    break
                }
                let end = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                ranges.append(start..<end)
                start = end + 1
            }
            return ranges
        }
        var start = 0
        while start < count {
            var end = start
            while end < count, text[end] != 0x0A, text[end] != 0x0D { end += 1 }
            ranges.append(start..<end)
            if end == count { break }
            start = end + ((text[end] == 0x0D && end + 1 < count && text[end + 1] == 0x0A) ? 2 : 1)
        }
        return ranges
    }

    /// The block one line makes, or nil for a blank line. Its line number and the blank lines before
    /// it are set by the caller, which sees the lines in order.
    static func block(in line: UnsafeBufferPointer<UInt8>) -> Block? {
        // Indentation: spaces, tabs and no-break spaces (C2 A0).
        var start = 0
        var indent = 0
        while start < line.count {
            if line[start] == 0x20 || line[start] == 0x09 {
                start += 1
                indent += 1
            } else if line[start] == 0xC2, start + 1 < line.count, line[start + 1] == 0xA0 {
                start += 2
                indent += 1
            } else {
                break
            }
        }
        var end = line.count
        while end > start {
            if line[end - 1] == 0x20 || line[end - 1] == 0x09 {
                end -= 1
            } else if end - start >= 2, line[end - 2] == 0xC2, line[end - 1] == 0xA0 {
                end -= 2
            } else {
                break
            }
        }
        guard end > start else { return nil }
        let content = UnsafeBufferPointer(rebasing: line[start..<end])

        if Self.isSeparator(content) {
            return Block(kind: .separator, text: RichText(""), line: 0)
        }
        var kind = Block.Kind.text
        var textStart = 0
        if let marker = ListMarker.parse(content) {
            kind = .listItem(number: marker.number)
            textStart = marker.length
        }
        let words = UnsafeBufferPointer(rebasing: content[textStart...])
        let text: RichText
        if TextBuilder.passesUnchanged(words) {
            // Most lines: nothing for the builder to collapse or trim.
            text = RichText(String(decoding: words, as: UTF8.self))
        } else {
            var builder = TextBuilder()
            builder.append(words)
            text = builder.finish()
        }
        if text.text.isEmpty { return nil }
        return Block(kind: kind, text: text, isIndented: indent > 0, line: 0)
    }

    /// `####` or longer, and nothing else.
    static func isSeparator(_ content: UnsafeBufferPointer<UInt8>) -> Bool {
        NewsletterGrammar.isSeparatorRule(content)
    }
}

/// A plain-text list marker at the start of a line: `• `, `- `, `* `, `1. `, `2) `.
struct ListMarker: Equatable {
    /// The number of an ordered item.
    var number: Int?
    /// Bytes the marker and the space after it take.
    var length: Int

    static func parse(_ text: UnsafeBufferPointer<UInt8>) -> ListMarker? {
        func spaceLength(at index: Int) -> Int? {
            guard index < text.count else { return nil }
            if text[index] == 0x20 || text[index] == 0x09 { return 1 }
            if text[index] == 0xC2, index + 1 < text.count, text[index + 1] == 0xA0 { return 2 }
            return nil
        }
        // • U+2022 (E2 80 A2)
        if text.count > 3, text[0] == 0xE2, text[1] == 0x80, text[2] == 0xA2 {
            if let space = spaceLength(at: 3) { return ListMarker(number: nil, length: 3 + space) }
            return ListMarker(number: nil, length: 3)
        }
        if text.count > 2, text[0] == UInt8(ascii: "-") || text[0] == UInt8(ascii: "*"),
           let space = spaceLength(at: 1) {
            return ListMarker(number: nil, length: 1 + space)
        }
        var digits = 0
        var value = 0
        while digits < text.count, digits < 3, text[digits] >= 0x30, text[digits] <= 0x39 {
            value = value * 10 + Int(text[digits] - 0x30)
            digits += 1
        }
        if digits > 0, digits < text.count, text[digits] == UInt8(ascii: ".") || text[digits] == UInt8(ascii: ")"),
           let space = spaceLength(at: digits + 1), digits + 1 + space < text.count {
            return ListMarker(number: value, length: digits + 1 + space)
        }
        return nil
    }
}
