@testable import IssueParsing
import Testing

/// `trimmingSpaces()` works on bytes, yet drops exactly the characters a reading by `Character`
/// drops: spaces, tabs, line breaks and no-break spaces at either end, and nothing that a combining
/// mark, a prepended mark or a "\r\n" pair makes part of another character.
struct TrimmingSpacesTests {
    /// The reading by characters.
    static func byCharacters(_ text: String) -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\u{A0}" || $0 == "\n" || $0 == "\t" || $0 == "\r" }
        guard let first = text.firstIndex(where: { !isSpace($0) }), let last = text.lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(text[first...last])
    }

    @Test func dropsWhatACharacterReadingDrops() {
        let ends = ["", " ", "  ", "\t", "\n", "\r", "\r\n", "\u{A0}", " \u{A0} ", "\u{A0}\u{301}", " \u{301}", "\n\r",
                    "\u{600} ", "é", "\u{301}"]
        let middles = ["", "word", "two words", "é", "a\u{301}", "\u{600}", " ", "Read more: Title (arXiv)."]
        for head in ends {
            for middle in middles {
                for tail in ends {
                    let text = head + middle + tail
                    #expect(text.trimmingSpaces() == Self.byCharacters(text), "\(Array(text.unicodeScalars))")
                    #expect(Substring(text).trimmingSpaces() == Self.byCharacters(text))
                }
            }
        }
    }
}

/// A headline line loses the colons and spaces after it, on its bytes, as a reading by characters
/// would drop them.
struct HeadlineTrimTests {
    @Test func trailingColonsAndSpacesGoAndNothingElse() {
        func byCharacters(_ text: String) -> String {
            var headline = text
            while headline.last == ":" || headline.last == " " { headline.removeLast() }
            return headline
        }
        for text in ["Robots fold laundry:", "Robots: a survey", "Title :: ", "::", "", "Café:", "\u{600}:", "x:\u{301}",
                     "Über alles: ", "Plain"] {
            #expect(IssueAssembler.headline(text) == byCharacters(text), "\(Array(text.unicodeScalars))")
        }
    }
}
