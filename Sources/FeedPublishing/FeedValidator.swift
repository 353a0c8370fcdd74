import IssueParsing

/// Checks a feed before anything is written, and any feed file on demand (`importfeed validate`):
/// libxml2 reads XML feeds with the network off and no entity expansion, RELAX NG checks their
/// structure (RFC 4287's schema for Atom, importfeed's for RSS 2.0), and coded rules check what a
/// schema cannot say. JSON Feed is checked against the 1.1 rules.
///
/// Holds compiled schemas (C objects): one owner uses it at a time.
public final class FeedValidator {
    private var schemas: [FeedKind: RelaxNGValidator] = [:]
    private let contentCache: ContentFindingsCache?

    public init() {
        LibXML2.ready
        contentCache = nil
    }

    /// A validator that shares what it learns of item HTML with the others given the same cache.
    init(sharing cache: ContentFindingsCache) {
        LibXML2.ready
        contentCache = cache
    }

    /// Every problem of `bytes`, in line order. `kind` is detected when nil; `expectedSelf` is the
    /// address the feed is published under, which its self link should give.
    public func validate(_ bytes: [UInt8], kind: FeedKind? = nil, name: String = "feed",
                         expectedSelf: String? = nil) -> [FeedProblem] {
        guard let kind = kind ?? FeedKind.detect(bytes) else {
            return [FeedProblem(.error, rule: "structure", "not an RSS, Atom or JSON feed", line: 1)]
        }
        if kind == .json { return sorted(JSONFeedRules.check(bytes, expectedSelf: expectedSelf, cache: contentCache)) }

        let document: XMLFeedDocument
        do {
            document = try XMLFeedDocument(bytes, name: name)
        } catch {
            return [FeedProblem(.error, rule: "xml", error.message, line: error.line)]
        }
        var problems: [FeedProblem] = []
        if let schema = schema(for: kind) {
            for failure in schema.validate(document) {
                problems.append(FeedProblem(.error, rule: "relax-ng", failure.message, line: failure.line,
                                            item: failure.node.flatMap { XMLFeedDocument.itemTitle(around: $0) }))
            }
        } else {
            problems.append(FeedProblem(.error, rule: "relax-ng", "the \(kind) schema could not be loaded"))
        }
        switch kind {
        case .rss: problems += RSSRules.check(document, expectedSelf: expectedSelf, cache: contentCache)
        case .atom: problems += AtomRules.check(document, expectedSelf: expectedSelf, cache: contentCache)
        case .json: break
        }
        return sorted(problems)
    }

    private func schema(for kind: FeedKind) -> RelaxNGValidator? {
        if let schema = schemas[kind] { return schema }
        guard let schema = RelaxNGValidator(for: kind) else { return nil }
        schemas[kind] = schema
        return schema
    }

    private func sorted(_ problems: [FeedProblem]) -> [FeedProblem] {
        problems.enumerated().sorted { ($0.element.line ?? 0, $0.offset) < ($1.element.line ?? 0, $1.offset) }.map(\.element)
    }
}
