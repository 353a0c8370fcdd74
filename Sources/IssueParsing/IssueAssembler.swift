import IssueModel

/// Turns one issue's blocks into an ``Issue``: byline and notes, then stories (headline, dek, body,
/// links), then the tale.
struct IssueAssembler {
    let file: String
    /// Whether the input writes links with addresses: then a link line must hold one.
    let linksCarryAddresses: Bool

    /// The issue the segment holds, or nil when an untitled stretch holds no story (a banner line,
    /// leftovers of a page).
    func assemble(_ segment: IssueSegment, of documentBlocks: [Block]) -> Issue? {
        let blocks = SegmentBlocks(all: documentBlocks, positions: segment.blockIndices)
        let startLine = segment.title.map { documentBlocks[$0].line } ?? blocks.first?.line ?? 1
        var issue = Issue(number: segment.parsedTitle?.number, title: segment.parsedTitle?.title ?? "",
                          location: SourceLocation(file: file, line: startLine))
        let skipped = segment.title != nil ? takeByline(from: blocks, into: &issue) : []

        var state = AssemblyState(file: file, linksCarryAddresses: linksCarryAddresses)
        var index = 0
        var afterSeparator = false
        while index < blocks.count {
            if skipped.contains(index) {
                index += 1
                continue
            }
            let block = blocks[index]
            issue.references += IssueReferenceScanner.references(in: block.string, location: location(block))
            if state.tale != nil {
                state.addToTale(block, next: index + 1 < blocks.count ? blocks[index + 1] : nil)
                index += 1
                continue
            }
            if block.kind == .separator {
                state.finishPendingLink()
                afterSeparator = true
                index += 1
                continue
            }
            if let tale = taleStart(blocks, at: index, afterSeparator: afterSeparator) {
                state.startTale(tale, at: block)
                if !tale.labelConsumed {
                    state.addToTale(block, next: index + 1 < blocks.count ? blocks[index + 1] : nil)
                }
                index += 1
                afterSeparator = false
                continue
            }
            let next = index + 1 < blocks.count ? blocks[index + 1] : nil
            if startsStory(block, next: next, afterSeparator: afterSeparator) {
                state.startStory(headline: block)
                index += 1
                if let dekBlock = next, NewsletterGrammar.isDek(dekBlock.string) {
                    issue.references += IssueReferenceScanner.references(in: dekBlock.string, location: location(dekBlock))
                    state.setDek(dekBlock)
                    index += 1
                }
            } else {
                state.addToBody(block)
                index += 1
            }
            afterSeparator = false
        }
        state.finishStory()
        issue.notes = state.notes.blocks
        issue.stories = state.stories
        issue.tale = state.finishedTale()
        if segment.title == nil && issue.stories.isEmpty { return nil }
        return issue
    }

    private func location(_ block: Block) -> SourceLocation { SourceLocation(file: file, line: block.line) }

    /// "by Jack Clark" within the first lines; a line between the title and the byline is the tagline.
    /// Returns the indices of the blocks taken.
    private func takeByline(from blocks: SegmentBlocks, into issue: inout Issue) -> [Int] {
        for index in blocks.indices.prefix(3) {
            guard blocks[index].kind != .separator, let name = NewsletterGrammar.byline(blocks[index].string) else {
                continue
            }
            issue.byline = name
            if index == 1, NewsletterGrammar.isHeadlineCandidate(blocks[0]),
               CallToAction.strength(of: blocks[0].text) == nil {
                issue.tagline = blocks[0].string
                return [0, 1]
            }
            return [index]
        }
        return []
    }

    /// Whether a story starts at `block`: a heading of the markup, the line before a dek, or the
    /// first line after a separator.
    private func startsStory(_ block: Block, next: Block?, afterSeparator: Bool) -> Bool {
        guard NewsletterGrammar.isHeadlineCandidate(block) else { return false }
        if block.isHeading { return true }
        if let next, NewsletterGrammar.isDek(next.string) { return true }
        guard afterSeparator else { return false }
        return CallToAction.strength(of: block.text) != .certain && !block.isIndented
    }

    struct TaleStart {
        var labelConsumed: Bool
        var titleOnLabel: String?
    }

    /// Whether the tale starts at `index`: its label, or (after a separator) an unlabelled tale
    /// known by a setting line or by "Things that inspired this story" with no dek before it.
    private func taleStart(_ blocks: SegmentBlocks, at index: Int, afterSeparator: Bool) -> TaleStart? {
        let block = blocks[index]
        let label = NewsletterGrammar.taleLabel(block.string)
        if label.isLabel, block.kind != .separator { return TaleStart(labelConsumed: true, titleOnLabel: label.title) }
        guard afterSeparator else { return nil }
        if NewsletterGrammar.setting(block.string) != nil { return TaleStart(labelConsumed: false) }
        if index + 1 < blocks.count, NewsletterGrammar.setting(blocks[index + 1].string) != nil,
           NewsletterGrammar.isTitleLike(block) {
            return TaleStart(labelConsumed: false)
        }
        var scan = index
        while scan < blocks.count, blocks[scan].kind != .separator {
            if NewsletterGrammar.isDek(blocks[scan].string) { return nil }
            if NewsletterGrammar.inspiration(blocks[scan].string) != nil { return TaleStart(labelConsumed: false) }
            scan += 1
        }
        return nil
    }
}

/// What the assembler has built so far of one issue.
private struct AssemblyState {
    let file: String
    let linksCarryAddresses: Bool
    var notes = BodyBuilder(joinsBrokenParagraphs: true)
    var stories: [Story] = []
    var tale: TaleBuilder?

    private var story: Story?
    private var storyBody = BodyBuilder(joinsBrokenParagraphs: true)
    private var lastWasLink = false
    private var pendingLink: Block?

    init(file: String, linksCarryAddresses: Bool) {
        self.file = file
        self.linksCarryAddresses = linksCarryAddresses
    }

    private func location(_ block: Block) -> SourceLocation { SourceLocation(file: file, line: block.line) }

    mutating func startStory(headline block: Block) {
        finishStory()
        let headline = IssueAssembler.headline(block.string)
        let links = block.text.anchors.map { anchorLink($0, in: block.text, at: block) }
        story = Story(headline: headline, links: links, location: location(block))
    }

    mutating func setDek(_ block: Block) {
        let (dek, rest) = NewsletterGrammar.splitDek(block.text)
        story?.dek = dek.isEmpty ? nil : dek
        if let rest {
            var restBlock = block
            restBlock.text = rest
            restBlock.isIndented = false
            addToBody(restBlock)
        }
    }

    mutating func addToBody(_ block: Block) {
        // `if case .none` reads the optional in place; `story == nil` would copy the whole story.
        if case .none = story {
            notes.add(block)
            return
        }
        if let pending = pendingLink {
            pendingLink = nil
            if block.kind == .text, !NewsletterGrammar.isDek(block.string), CallToAction.strength(of: block.text) == nil,
               CallToAction.canFinishLinkLine(block.string) {
                var joined = pending
                joined.text = RichText.joined([pending.text, block.text])
                appendLink(joined)
                return
            }
            appendLink(pending)
        }
        if block.kind == .text, let strength = CallToAction.strength(of: block.text, addressesExpected: linksCarryAddresses),
           strength == .certain || lastWasLink {
            if CallToAction.isUnfinished(block.string) {
                pendingLink = block
                lastWasLink = true
            } else {
                appendLink(block)
            }
            return
        }
        lastWasLink = false
        let text = storyBody.add(block)
        // An image's address is no link the story cites.
        if block.kind == .image { return }
        var covered: [Range<Int>] = []
        if !block.isHeading, var link = CallToAction.sentenceLink(in: text, location: location(block)) {
            if let url = link.url, let anchor = text.anchors.first(where: { $0.url == url }) {
                covered.append(anchor.start..<anchor.end)
                if let position = anchor.position { link.location = SourceLocation(file: file, position: position) }
            }
            story?.links.append(link)
        }
        let anchorLinks = block.text.anchors
            .filter { anchor in !covered.contains { $0.overlaps(anchor.start..<anchor.end) } }
            .map { anchorLink($0, in: block.text, at: block) }
        story?.links += anchorLinks
    }

    mutating func finishPendingLink() {
        if let pending = pendingLink {
            pendingLink = nil
            appendLink(pending)
        }
        lastWasLink = false
    }

    mutating func finishStory() {
        finishPendingLink()
        if var finished = story {
            finished.body = storyBody.blocks
            stories.append(finished)
        }
        story = nil
        storyBody = BodyBuilder(joinsBrokenParagraphs: true)
    }

    mutating func startTale(_ start: IssueAssembler.TaleStart, at block: Block) {
        finishStory()
        tale = TaleBuilder(location: location(block), title: start.titleOnLabel)
    }

    mutating func addToTale(_ block: Block, next: Block?) {
        let blockLocation = location(block)
        tale?.add(block, next: next, location: blockLocation)
    }

    func finishedTale() -> Tale? { tale?.tale }

    private mutating func appendLink(_ block: Block) {
        let links = CallToAction.links(from: block.text, location: location(block))
        story?.links += links
        storyBody.addLinkLine(block.text)
        lastWasLink = true
    }

    private func anchorLink(_ anchor: RichText.Anchor, in text: RichText, at block: Block) -> Link {
        Link.inline(anchor, in: text, file: file, blockLine: block.line)
    }
}

/// Builds the tale: setting and title first, then the body, closed by the inspiration line.
private struct TaleBuilder {
    private var heading: Tale
    private var body = BodyBuilder(joinsBrokenParagraphs: false)
    private var isClosed = false

    init(location: SourceLocation, title: String?) {
        heading = Tale(title: title, location: location)
    }

    /// The tale as built so far.
    var tale: Tale {
        var tale = heading
        tale.body = body.blocks
        return tale
    }

    mutating func add(_ block: Block, next: Block?, location: SourceLocation) {
        guard !isClosed, block.kind != .separator else { return }
        if block.kind != .image {
            heading.links += block.text.anchors.map {
                Link.inline($0, in: block.text, file: location.file, blockLine: block.line)
            }
        }
        if let inspiration = NewsletterGrammar.inspiration(block.string) {
            heading.inspiration = inspiration.isEmpty ? nil : inspiration
            isClosed = true
            return
        }
        if body.isEmpty {
            if heading.setting == nil, let setting = NewsletterGrammar.setting(block.string) {
                heading.setting = setting
                return
            }
            if heading.title == nil, next != nil, NewsletterGrammar.isTitleLike(block) {
                heading.title = block.string
                return
            }
        }
        body.add(block)
    }
}

extension Link {
    /// The link of an anchor in running text, placed where the input writes its address.
    static func inline(_ anchor: RichText.Anchor, in text: RichText, file: String, blockLine: Int) -> Link {
        let location = anchor.position.map { SourceLocation(file: file, position: $0) }
            ?? SourceLocation(file: file, line: blockLine)
        return Link(text: text.text(of: anchor).trimmingSpaces(), url: anchor.url, role: .inline, location: location)
    }
}

extension IssueAssembler {
    /// A headline line without the colons and spaces after it ("Robots fold laundry:").
    static func headline(_ text: String) -> String {
        let utf8 = text.utf8
        var end = utf8.endIndex
        while end > utf8.startIndex {
            let before = utf8.index(before: end)
            guard utf8[before] == UInt8(ascii: ":") || utf8[before] == 0x20 else { break }
            end = before
        }
        if end == utf8.endIndex { return text }
        // A mark before the colons that joins the next character to itself (a prepended mark, all
        // non-ASCII) would make them one character: then characters decide.
        if end > utf8.startIndex, utf8[utf8.index(before: end)] >= 0x80 {
            var headline = text
            while headline.last == ":" || headline.last == " " { headline.removeLast() }
            return headline
        }
        return String(text[..<end])
    }
}
