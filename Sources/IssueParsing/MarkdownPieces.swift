/// Where a long Markdown body may be handed to cmark in pieces, so that no more than one piece's
/// tree is held at a time.
///
/// cmark builds the inline tree of the whole document before anything can be read from it, about
/// thirteen times the size of the text; a draft that is one paragraph of 20,000 "Read more" lines
/// would hold 20 MB of it. A cut is made only inside a long run of non-blank lines, and only where
/// reading the two sides apart gives the very same blocks and inlines as reading them together:
/// - the next line starts with a letter in its first column, so it continues a paragraph in the
///   whole text (nothing that begins with a letter interrupts one) and begins one when read alone;
/// - no line of the run is a setext underline (`===`, `---`), which would turn the paragraph above
///   it into a heading;
/// - nothing opened before the cut can close after it: the lines since the run's start hold no
///   emphasis or code marker (`*`, `_`, backtick), no `<` (raw HTML, autolinks) and no backslash,
///   each `[` closes on its own line, and a line with a link destination (`](`) closes its
///   parentheses; the line before the cut ends without spaces (which would make a hard break);
/// - the body has no link reference definition (`]:`), whose labels are shared by the whole
///   document, and no carriage return.
/// That the cut falls inside a top-level paragraph is checked by the reader on cmark's own tree of
/// the piece before it; see ``MarkdownReader``.
struct MarkdownPieces {
    /// The 0-based lines at which pieces start after the first: each a line where a cut may be made,
    /// at least `minimumLines` after the previous piece's start.
    static func cuts(in source: SourceIndex, minimumLines: Int) -> [Int] {
        source.bytes.withUnsafeBufferPointer { body -> [Int] in
            guard source.lineCount > minimumLines, !body.contains(UInt8(ascii: "\r")),
                  !containsReferenceDefinitionMark(body) else { return [] }
            func line(_ index: Int) -> UnsafeBufferPointer<UInt8> {
                var end = source.offset(ofLine: index + 2)
                if end > 0, end <= body.count, body[end - 1] == UInt8(ascii: "\n") { end -= 1 }
                return UnsafeBufferPointer(rebasing: body[source.offset(ofLine: index + 1)..<max(end, source.offset(ofLine: index + 1))])
            }
            var cuts: [Int] = []
            var runStart = 0
            while runStart < source.lineCount {
                // A run: consecutive non-blank lines.
                while runStart < source.lineCount, isBlank(line(runStart)) { runStart += 1 }
                var runEnd = runStart
                while runEnd < source.lineCount, !isBlank(line(runEnd)) { runEnd += 1 }
                if runEnd - runStart > minimumLines, !(runStart..<runEnd).contains(where: { isSetextUnderline(line($0)) }) {
                    var pieceStart = runStart
                    for index in runStart..<(runEnd - 1) {
                        guard closesEverything(line(index)) else { break }
                        if index + 1 - pieceStart >= minimumLines, startsWithLetter(line(index + 1)) {
                            cuts.append(index + 1)
                            pieceStart = index + 1
                        }
                    }
                }
                runStart = runEnd
            }
            return cuts
        }
    }

    private static func isBlank(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        line.allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
    }

    private static func startsWithLetter(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = line.first else { return false }
        return (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first | 0x20)
    }

    /// `===` or `---` (up to three spaces before, spaces after): a setext heading's underline.
    private static func isSetextUnderline(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        while index < min(line.count, 3), line[index] == UInt8(ascii: " ") { index += 1 }
        guard index < line.count, line[index] == UInt8(ascii: "=") || line[index] == UInt8(ascii: "-") else { return false }
        let mark = line[index]
        while index < line.count, line[index] == mark { index += 1 }
        return line[index...].allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
    }

    /// Whether nothing the line opens can stay open past its end, and it ends without a space.
    private static func closesEverything(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let last = line.last, last != UInt8(ascii: " "), last != UInt8(ascii: "\t") else { return false }
        var brackets = 0
        var parentheses = 0
        var hasDestination = false
        var previous: UInt8 = 0
        for byte in line {
            switch byte {
            case UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "<"), UInt8(ascii: "\\"):
                return false
            case UInt8(ascii: "["): brackets += 1
            case UInt8(ascii: "]"):
                brackets -= 1
                if brackets < 0 { return false }
            case UInt8(ascii: "("):
                parentheses += 1
                if previous == UInt8(ascii: "]") { hasDestination = true }
            case UInt8(ascii: ")"):
                parentheses -= 1
                if parentheses < 0 {
                    if hasDestination { return false }
                    parentheses = 0
                }
            default: break
            }
            previous = byte
        }
        return brackets == 0 && (!hasDestination || parentheses == 0)
    }

    /// Whether `]:` occurs anywhere: the mark of a link reference definition.
    private static func containsReferenceDefinitionMark(_ body: UnsafeBufferPointer<UInt8>) -> Bool {
        var offset = 0
        while let found = body.firstIndex(of: UInt8(ascii: "]"), from: offset) {
            if found + 1 < body.count, body[found + 1] == UInt8(ascii: ":") { return true }
            offset = found + 1
        }
        return false
    }
}
