import IssueModel
import ParallelMap

/// One issue's stretch of a document: its title block (none for an untitled issue) and the content
/// blocks up to the next issue, with page chrome already taken out. Blocks are named by their
/// position in the document, not copied.
struct IssueSegment {
    var title: Int?
    var parsedTitle: NewsletterGrammar.IssueTitle?
    var blockIndices: [Int] = []
}

/// The content blocks of one segment, read in place from the document's blocks.
struct SegmentBlocks: RandomAccessCollection {
    let all: [Block]
    let positions: [Int]

    var startIndex: Int { 0 }
    var endIndex: Int { positions.count }

    subscript(position: Int) -> Block {
        _read { yield all[positions[position]] }
    }
}

/// A fact an archive page states about another issue: "Import AI 320: … Mar 13, 2023".
struct OlderIssueDate: Equatable {
    var number: IssueNumber
    var date: IssueDate
}

/// Splits a document's blocks into issues and strips mail-service chrome: the view-in-browser line,
/// social links, footers, "Older messages" lists (whose dates it keeps) and teasers of other
/// newsletters.
struct IssueSegmenter {
    private enum Region: Equatable {
        case content
        case footer
        case teasers
        indirect case olderIssues(returnTo: Region)
    }

    private(set) var segments: [IssueSegment] = []
    private(set) var olderIssueDates: [OlderIssueDate] = []
    private var region = Region.content
    private var current = IssueSegment()
    private var pendingOlderTitle: IssueNumber?
    /// Whether the older-issues list being read has had an entry yet.
    private var listHasEntries = false

    /// What the segmenter needs to know of each block, worked out for all blocks at once.
    private struct Classification: Sendable {
        var isStray: Bool
        var chrome: PageChrome.Kind?
        var title: NewsletterGrammar.IssueTitle?
        /// The digits of a title line whose number is out of range.
        var outOfRangeNumber: String? = nil
    }

    /// Title lines whose number is too long to be an issue's: (line, digits).
    private(set) var outOfRangeTitles: [(line: Int, digits: String)] = []

    init(blocks: [Block]) {
        let classifications = blocks.concurrentMap(minimumCount: 20_000) { block -> Classification in
            guard block.kind != .separator else { return Classification(isStray: false, chrome: nil, title: nil) }
            let text = block.string
            if case .image = block.kind { return Classification(isStray: false, chrome: nil, title: nil) }
            if NewsletterGrammar.isStrayPunctuation(text) { return Classification(isStray: true, chrome: nil, title: nil) }
            let title: NewsletterGrammar.IssueTitle? = switch block.kind {
            case .text, .heading: NewsletterGrammar.issueTitle(text)
            case .listItem, .separator, .image: nil
            }
            let outOfRange = title == nil && block.kind != .separator ? NewsletterGrammar.outOfRangeTitleNumber(text) : nil
            return Classification(isStray: false, chrome: PageChrome.kind(of: text), title: title,
                                  outOfRangeNumber: outOfRange)
        }
        for index in classifications.indices {
            if let digits = classifications[index].outOfRangeNumber { outOfRangeTitles.append((blocks[index].line, digits)) }
        }
        var index = 0
        while index < blocks.count {
            if consume(blocks, classifications[index], at: index) { index += 1 }
        }
        finishSegment()
    }

    /// Handles one block; false when the block must be looked at again in the region it switched to.
    private mutating func consume(_ blocks: [Block], _ classification: Classification, at position: Int) -> Bool {
        if classification.isStray { return true }
        let chrome = classification.chrome
        switch region {
        case .content:
            switch chrome {
            case .line: return true
            case .footer: region = .footer; return true
            case .olderIssuesHeading:
                region = .olderIssues(returnTo: .content)
                listHasEntries = false
                return true
            case .teasersHeading: region = .teasers; return true
            case nil: break
            }
            if let title = classification.title {
                startSegment(at: position, title)
            } else {
                current.blockIndices.append(position)
            }
            return true

        case .footer, .teasers:
            switch chrome {
            case .footer: region = .footer
            case .olderIssuesHeading:
                region = .olderIssues(returnTo: region)
                listHasEntries = false
            case .teasersHeading: region = .teasers
            case .line, nil:
                if let title = classification.title {
                    region = .content
                    startSegment(at: position, title)
                }
            }
            return true

        case .olderIssues(let returnTo):
            if chrome == .teasersHeading || chrome == .footer || chrome == .olderIssuesHeading {
                region = returnTo
                pendingOlderTitle = nil
                return false
            }
            if let title = classification.title {
                if let (date, _) = HumanDate.split(title.title) {
                    olderIssueDates.append(OlderIssueDate(number: title.number, date: date))
                    pendingOlderTitle = nil
                    listHasEntries = true
                    return true
                }
                // An entry is a title with its date on the next line; a title followed by anything
                // else is an issue of its own after the list.
                if position + 1 < blocks.count, HumanDate.parse(blocks[position + 1].string) != nil {
                    pendingOlderTitle = title.number
                    listHasEntries = true
                    return true
                }
                region = returnTo
                pendingOlderTitle = nil
                return false
            }
            if let (date, rest) = HumanDate.split(blocks[position].string), let title = NewsletterGrammar.issueTitle(rest) {
                olderIssueDates.append(OlderIssueDate(number: title.number, date: date))
                return true
            }
            if let date = HumanDate.parse(blocks[position].string) {
                if let number = pendingOlderTitle {
                    olderIssueDates.append(OlderIssueDate(number: number, date: date))
                    pendingOlderTitle = nil
                }
                return true
            }
            if chrome == .line { return true }
            // After an entry, a paragraph is its teaser (the preheader, often running into "View this
            // email in your browser…"); before any entry, anything else ends the list.
            if listHasEntries { return true }
            region = returnTo
            pendingOlderTitle = nil
            return false
        }
    }

    private mutating func startSegment(at position: Int, _ title: NewsletterGrammar.IssueTitle) {
        finishSegment()
        current = IssueSegment(title: position, parsedTitle: title)
    }

    private mutating func finishSegment() {
        if current.title != nil || !current.blockIndices.isEmpty { segments.append(current) }
        current = IssueSegment()
    }
}
