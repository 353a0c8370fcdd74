#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Mail-service boilerplate around an issue on an archive page: none of it is content.
///
/// Every block of every issue passes through ``kind(of:)``, so it matches on bytes, ASCII case
/// folded in place, and rejects ordinary paragraphs before doing any real work.
enum PageChrome {
    enum Kind: Equatable {
        /// A line of chrome to drop where it stands: "View this email in your browser", social links.
        /// (The welcome paragraph is the issue's own text: a note.)
        case line
        /// A line that starts the page footer: copyright, mailing address, unsubscribe text. Everything
        /// after it, up to the next issue, is chrome too.
        case footer
        /// The heading of the list of earlier issues with their dates ("Older messages").
        case olderIssuesHeading
        /// The heading of teasers for other newsletters ("You Might Also Like").
        case teasersHeading
    }

    private static func patterns(_ words: [String]) -> [[UInt8]] { words.map { Array($0.utf8) } }

    private static let socialWords: Set<[UInt8]> = Set(patterns([
        "twitter", "facebook", "linkedin", "instagram", "youtube", "website", "email", "share", "tweet",
        "forward", "subscribe", "subscribed", "like", "comment", "restack", "reply", "home", "archive", "about",
        "sign in", "log in", "share this post", "x", "rss", "mastodon", "threads", "bluesky",
    ]))

    private static let lineOpenings = patterns([
        "view this email in your browser", "view this email in browser", "view in browser", "view it in your browser",
        "open in browser", "view online", "forward this email",
        "add us to your address book", "was this email forwarded to you", "subscribe to import ai",
    ])

    private static let footerOpenings = patterns([
        "copyright ©", "copyright (c)", "©", "our mailing address is", "you are receiving this",
        "you received this", "you're receiving this", "want to change how you receive", "you can update your preferences",
        "unsubscribe", "email marketing powered by", "powered by mailchimp", "thanks for reading",
        "this email was sent to", "why did i get this", "update subscription preferences", "manage your subscription",
    ])

    private static let olderHeadings: Set<[UInt8]> = Set(patterns([
        "older messages", "older issues", "previous issues", "past issues", "recent issues", "previous messages",
        "past messages", "more issues", "earlier issues",
    ]))

    private static let teaserHeadings: Set<[UInt8]> = Set(patterns([
        "you might also like", "you may also like", "recommended newsletters", "more newsletters",
        "other newsletters", "recommended", "recommendations", "discover more newsletters",
    ]))

    private static let unsubscribe = Array("unsubscribe".utf8)
    /// The letter "unsubscribe" is searched by, in both cases.
    private static let unsubscribeHinges: [UInt8] = [UInt8(ascii: "b"), UInt8(ascii: "B")]
    /// First bytes (lower case) of every line opening and social word.
    private static let lineInitials = Initials(lineOpenings + Array(socialWords))
    private static let footerInitials = Initials(footerOpenings)
    private static let headingInitials = Initials(Array(olderHeadings) + Array(teaserHeadings))

    /// The first bytes (lower-cased) of a list of phrases, looked up in one step: most blocks of an
    /// issue open with a letter no chrome phrase opens with, and are passed over at once.
    private struct Initials {
        private let table: [Bool]

        init(_ phrases: [[UInt8]]) {
            var table = [Bool](repeating: false, count: 256)
            for first in phrases.compactMap(\.first) { table[Int(first)] = true }
            self.table = table
        }

        func admits(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            guard let first = bytes.first else { return false }
            return table[Int(asciiLowercase(first))]
        }
    }

    /// What kind of chrome `text` is, or nil for content.
    static func kind(of text: String) -> Kind? {
        var text = text
        return text.withUTF8 { kind(ofBytes: $0) }
    }

    private static func kind(ofBytes bytes: UnsafeBufferPointer<UInt8>) -> Kind? {
        guard !bytes.isEmpty, bytes.count <= 300 else { return nil }
        if bytes.count <= 40, headingInitials.admits(bytes) {
            var key = Array(bytes.lazy.map(asciiLowercase))
            while let last = key.last, last == UInt8(ascii: ":") || last == UInt8(ascii: ".") || last == UInt8(ascii: "!") {
                key.removeLast()
            }
            if olderHeadings.contains(key) { return .olderIssuesHeading }
            if teaserHeadings.contains(key) { return .teasersHeading }
        }
        if footerInitials.admits(bytes), footerOpenings.contains(where: { hasPrefixIgnoringCase(bytes, $0) }) { return .footer }
        if bytes.count <= 160, containsUnsubscribe(bytes) { return .footer }
        guard lineInitials.admits(bytes) else { return nil }
        if lineOpenings.contains(where: { hasPrefixIgnoringCase(bytes, $0) }) { return .line }
        if isSocialLine(bytes) { return .line }
        return nil
    }

    /// "Twitter", "Facebook | Twitter | Website", "Share · Like": a line made only of social links.
    private static func isSocialLine(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count <= 120 else { return false }
        // Social words hold no digits and no sentence punctuation: most short lines stop here.
        for byte in bytes where isASCIIDigit(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: ":")
            || byte == UInt8(ascii: ",") || byte == UInt8(ascii: "(") || byte == UInt8(ascii: "?") {
            return false
        }
        var words: [[UInt8]] = []
        var current: [UInt8] = []
        func finishWord() {
            while current.last == 0x20 { current.removeLast() }
            if !current.isEmpty { words.append(current) }
            current = []
        }
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            // Separators: | / and the middle dot (C2 B7) or bullet (E2 80 A2).
            if byte == UInt8(ascii: "|") || byte == UInt8(ascii: "/") {
                finishWord()
            } else if byte == 0xC2, index + 1 < bytes.count, bytes[index + 1] == 0xB7 {
                finishWord()
                index += 1
            } else if byte == 0xE2, index + 2 < bytes.count, bytes[index + 1] == 0x80, bytes[index + 2] == 0xA2 {
                finishWord()
                index += 2
            } else if !(byte == 0x20 && current.isEmpty) {
                current.append(asciiLowercase(byte))
            }
            index += 1
        }
        finishWord()
        return !words.isEmpty && words.allSatisfy { socialWords.contains($0) }
    }

    private static func hasPrefixIgnoringCase(_ bytes: UnsafeBufferPointer<UInt8>, _ prefix: [UInt8]) -> Bool {
        guard bytes.count >= prefix.count else { return false }
        for index in prefix.indices where asciiLowercase(bytes[index]) != prefix[index] { return false }
        return true
    }

    /// "unsubscribe" in any case, found by `memchr` on its "b" (rare in English) and checked around it.
    private static func containsUnsubscribe(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress, bytes.count >= unsubscribe.count else { return false }
        for letter in unsubscribeHinges {
            var offset = 4
            while offset < bytes.count - 6 {
                guard let hit = memchr(base + offset, Int32(letter), bytes.count - 6 - offset) else { break }
                let position = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                let start = position - 4
                var matched = true
                for index in unsubscribe.indices where asciiLowercase(bytes[start + index]) != unsubscribe[index] {
                    matched = false
                    break
                }
                if matched { return true }
                offset = position + 1
            }
        }
        return false
    }
}
