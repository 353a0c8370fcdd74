/// Mail-service boilerplate around an issue on an archive page: none of it is content.
enum PageChrome {
    enum Kind: Equatable {
        /// A line of chrome to drop where it stands: "View this email in your browser", social links,
        /// the welcome line.
        case line
        /// A line that starts the page footer: copyright, mailing address, unsubscribe text. Everything
        /// after it, up to the next issue, is chrome too.
        case footer
        /// The heading of the list of earlier issues with their dates ("Older messages").
        case olderIssuesHeading
        /// The heading of teasers for other newsletters ("You Might Also Like").
        case teasersHeading
    }

    private static let socialWords: Set<String> = [
        "twitter", "facebook", "linkedin", "instagram", "youtube", "website", "email", "share", "tweet",
        "forward", "subscribe", "subscribed", "like", "comment", "restack", "reply", "home", "archive", "about",
        "sign in", "log in", "share this post", "x", "rss", "mastodon", "threads", "bluesky",
    ]

    private static let lineOpenings: [String] = [
        "view this email in your browser", "view this email in browser", "view in browser", "view it in your browser",
        "open in browser", "view online", "welcome to import ai, a newsletter", "forward this email",
        "add us to your address book", "was this email forwarded to you", "subscribe to import ai",
    ]

    private static let footerOpenings: [String] = [
        "copyright ©", "copyright (c)", "©", "our mailing address is", "you are receiving this",
        "you received this", "you're receiving this", "want to change how you receive", "you can update your preferences",
        "unsubscribe", "email marketing powered by", "powered by mailchimp", "thanks for reading",
        "this email was sent to", "why did i get this", "update subscription preferences", "manage your subscription",
    ]

    private static let olderHeadings: Set<String> = [
        "older messages", "older issues", "previous issues", "past issues", "recent issues", "previous messages",
        "past messages", "more issues", "earlier issues",
    ]

    private static let teaserHeadings: Set<String> = [
        "you might also like", "you may also like", "recommended newsletters", "more newsletters",
        "other newsletters", "recommended", "recommendations", "discover more newsletters",
    ]

    /// What kind of chrome `text` is, or nil for content.
    static func kind(of text: String) -> Kind? {
        let utf8 = text.utf8
        guard utf8.count <= 300 else { return nil }
        let lowered = text.lowercased()
        var key = lowered.trimmingSpaces()
        while let last = key.last, last == ":" || last == "." || last == "!" { key.removeLast() }
        if olderHeadings.contains(key) { return .olderIssuesHeading }
        if teaserHeadings.contains(key) { return .teasersHeading }
        for opening in footerOpenings where lowered.hasPrefix(opening) { return .footer }
        if utf8.count <= 160, lowered.contains("unsubscribe") { return .footer }
        for opening in lineOpenings where lowered.hasPrefix(opening) { return .line }
        if isSocialLine(lowered) { return .line }
        return nil
    }

    /// "Twitter", "Facebook | Twitter | Website", "Share · Like": a line made only of social links.
    private static func isSocialLine(_ lowered: String) -> Bool {
        guard lowered.utf8.count <= 120 else { return false }
        let parts = lowered.split { $0 == "|" || $0 == "·" || $0 == "•" || $0 == "/" }
            .map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
        return !parts.isEmpty && parts.allSatisfy { socialWords.contains($0) }
    }
}
