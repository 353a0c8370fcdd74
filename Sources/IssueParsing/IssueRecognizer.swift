import IssueModel
import ParallelMap

/// The newsletter's grammar in one place: turns the blocks of any reader into issues.
///
/// Text, Markdown and HTML meet here, so every rule — what a headline is, where a dek ends, which
/// lines are links, where the tale begins, what is page chrome — is written once.
public struct IssueRecognizer: Sendable {
    public init() {}

    /// What one document holds.
    public struct Result: Sendable {
        /// The issues in document order. An issue whose number is nil had no title line; the archive
        /// matches it against the numbered ones.
        public var issues: [Issue]
        /// Dates the document states for issues, its own or others' (an archive page's list of older
        /// issues), in document order.
        public var statedDates: [(number: IssueNumber, date: IssueDate)]
        /// Lines that cannot be read as they stand: a title whose issue number is out of range.
        public var problems: [ParseError] = []
    }

    /// Recognises the issues of `document`. The reader's blocks are freed once they are split into
    /// lines (a draft that is one long paragraph would otherwise be held twice).
    public func recognize(_ document: consuming BlockDocument) -> Result {
        var read: [Block] = []
        swap(&read, &document.blocks)
        let blocks = document.mayHoldLineBreaks ? Self.splittingSoftBreaks(consume read) : read
        let segmenter = IssueSegmenter(blocks: blocks)
        let assembler = IssueAssembler(file: document.file, linksCarryAddresses: document.carriesAddresses)
        var assembled = segmenter.segments.concurrentMap { assembler.assemble($0, of: blocks) }
        var issues: [Issue] = []
        issues.reserveCapacity(assembled.count)
        for index in assembled.indices {
            // Move each issue out rather than copy it.
            var taken: Issue?
            swap(&taken, &assembled[index])
            if let issue = taken { issues.append(issue) }
        }
        apply(document.metadata, to: &issues)
        return Result(issues: issues,
                      statedDates: segmenter.olderIssueDates.map { ($0.number, $0.date) },
                      problems: segmenter.outOfRangeTitles.map {
                          ParseError(file: document.file, line: $0.line, reason: .issueNumberOutOfRange($0.digits))
                      })
    }

    /// Front matter and page metadata: a title for an issue whose body has none, and the date,
    /// tagline, author and address of the issue the document is about.
    private func apply(_ metadata: DocumentMetadata, to issues: inout [Issue]) {
        let metadataTitle = metadata.title.flatMap(NewsletterGrammar.issueTitle)
        let number = metadata.number ?? metadataTitle?.number
        if let untitled = issues.firstIndex(where: { $0.number == nil }), let number,
           !issues.contains(where: { $0.number == number }) {
            issues[untitled].number = number
            if let title = metadataTitle?.title, !title.isEmpty { issues[untitled].title = title }
        }
        let target: Int? = if let number, let match = issues.firstIndex(where: { $0.number == number }) {
            match
        } else if issues.count == 1 {
            0
        } else {
            nil
        }
        guard let target else { return }
        if issues[target].date == nil { issues[target].date = metadata.date }
        if issues[target].published == nil, let published = metadata.published,
           issues[target].date == nil || issues[target].date == published.date {
            issues[target].published = published
        }
        if issues[target].updated == nil { issues[target].updated = metadata.updated }
        if issues[target].tagline == nil { issues[target].tagline = metadata.tagline }
        if issues[target].byline == nil { issues[target].byline = metadata.author }
        if issues[target].url == nil { issues[target].url = metadata.url }
        if issues[target].title.isEmpty, let title = metadataTitle?.title { issues[target].title = title }
    }

    /// Splits a block at the soft line breaks a Markdown paragraph keeps, where a line is a dek, a
    /// link line or another line of the grammar: "**Headline:**⏎*…dek…*⏎Body" is three blocks.
    /// Other lines join into one paragraph, as CommonMark reads them.
    static func splittingSoftBreaks(_ blocks: consuming [Block]) -> [Block] {
        guard blocks.contains(where: { $0.text.text.containsByte(0x0A) }) else { return blocks }
        var result: [Block] = []
        result.reserveCapacity(blocks.count)
        for block in blocks {
            guard block.text.text.containsByte(0x0A) else {
                result.append(block)
                continue
            }
            var lineRanges: [Range<Int>] = []
            var start = 0
            for (offset, byte) in block.text.text.utf8.enumerated() where byte == 0x0A {
                lineRanges.append(start..<offset)
                start = offset + 1
            }
            lineRanges.append(start..<block.text.byteCount)
            let lines = block.text.slices(lineRanges).map { $0.trimmed() }

            var pending: [RichText] = []
            var pendingLine = block.line
            var previousWasDek = false
            var isFirstPiece = true
            func flush() {
                guard !pending.isEmpty else { return }
                var piece = block
                piece.text = RichText.joined(pending)
                piece.line = pendingLine
                if !isFirstPiece {
                    piece.blankLinesBefore = 0
                    piece.kind = .text
                }
                isFirstPiece = false
                result.append(piece)
                pending = []
            }
            for (offset, line) in lines.enumerated() where !line.text.isEmpty {
                let isDek = NewsletterGrammar.isDek(line.text)
                let standsAlone = isDek || previousWasDek || CallToAction.strength(of: line) == .certain
                    || NewsletterGrammar.taleLabel(line.text).isLabel || NewsletterGrammar.setting(line.text) != nil
                    || NewsletterGrammar.inspiration(line.text) != nil || NewsletterGrammar.issueTitle(line.text) != nil
                if standsAlone { flush() }
                if pending.isEmpty { pendingLine = block.line + offset }
                pending.append(line)
                previousWasDek = isDek
            }
            flush()
        }
        return result
    }
}
