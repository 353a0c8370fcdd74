import IssueModel
import IssueParsing
import Testing

/// One test per shape of the plain-text newsletter, on fixtures written for these tests.
struct PlainTextShapeTests {
    @Test func separatorsSplitStoriesAndEveryHeadlineEndingIsAccepted() throws {
        let text = """
            Import AI 900: Shapes

            Colon headline:
            …colon dek…
            Body one.

            ####################################################

            Bang headline!
            …bang dek…
            Body two.

            ####################################################

            Question headline?
            …question dek…
            Body three.

            ####################################################

            Full stop headline.
            …full stop dek…

            ####################################################

            No punctuation headline
            …bare dek…
            Body five.
            """
        let issue = try #require(onlyIssue(parseText(text)))
        #expect(issue.stories.map(\.headline) == [
            "Colon headline", "Bang headline!", "Question headline?", "Full stop headline.", "No punctuation headline",
        ])
        #expect(issue.stories.map(\.dek) == ["colon dek", "bang dek", "question dek", "full stop dek", "bare dek"])
        #expect(issue.tale == nil)
    }

    @Test func blankLineSeparationWithDekInTheNextParagraph() throws {
        let text = """
            Import AI 901: Blank lines

            by Jack Clark

            First headline:

            …first dek…

            Body paragraph.

            Read more: First Paper (arXiv).


            Second headline:

            …second dek…

            Second body.
            """
        let issue = try #require(onlyIssue(parseText(text)))
        #expect(issue.byline == "Jack Clark")
        #expect(issue.stories.map(\.headline) == ["First headline", "Second headline"])
        #expect(issue.stories[0].linkTriples == [["Read more", "First Paper", "arXiv"]])
        #expect(issue.stories[0].links[0].location == SourceLocation(file: "issue.txt", line: 11))
    }

    @Test func aStoryAfterASeparatorNeedsNoDek() throws {
        let text = """
            Import AI 902: No dek
            Headline with dek:
            …dek…
            Body.
            ####
            A story with no dek at all
            Its body.
               Watch the video here: A Talk (Example Society).
            """
        let issue = try #require(onlyIssue(parseText(text)))
        #expect(issue.stories.count == 2)
        #expect(issue.stories[1].headline == "A story with no dek at all")
        #expect(issue.stories[1].dek == nil)
        #expect(issue.stories[1].linkTriples == [["Watch the video here", "A Talk", "Example Society"]])
    }

    @Test func labelledTalesWithEitherCapitalisation() throws {
        for label in ["Tech Tales:", "Tech tales: ", "Tech Tales"] {
            let text = """
                Import AI 903: Tales
                Headline:
                …dek…
                Body.
                ####
                \(label)
                The Title
                [Somewhere, 2031]
                The body of the tale.
                Things that inspired this story: Everything; nothing.
                """
            let issue = try #require(onlyIssue(parseText(text)))
            #expect(issue.stories.count == 1, "label \(label)")
            let tale = try #require(issue.tale, "label \(label)")
            #expect(tale.title == "The Title")
            #expect(tale.setting == "Somewhere, 2031")
            #expect(tale.body == [.paragraph(RichText("The body of the tale."))])
            #expect(tale.inspiration == "Everything; nothing.")
        }
    }

    @Test func unlabelledTaleKnownByItsSettingLine() throws {
        let text = """
            Import AI 904: Unlabelled
            Headline:
            …dek…
            Body.
            ####
            Quiet Machines
            [A server room, 2040]
            The fans never stopped.
            Things that inspired this story: Data centres at night.
            """
        let tale = try #require(onlyIssue(parseText(text))?.tale)
        #expect(tale.title == "Quiet Machines")
        #expect(tale.setting == "A server room, 2040")
    }

    @Test func unlabelledTaleKnownOnlyByItsInspirationLine() throws {
        let text = """
            Import AI 905: Inspiration only
            Headline:
            …dek…
            Body.
            ####
            The Long Wait
            Nobody came to the station for a hundred years, and the robot kept the clocks right anyway.
            Things that inspired this story: Patience.
            """
        let issue = try #require(onlyIssue(parseText(text)))
        #expect(issue.stories.count == 1)
        #expect(issue.tale?.title == "The Long Wait")
        #expect(issue.tale?.setting == nil)
    }

    @Test func linkLinesWithAndWithoutColonAndSpace() throws {
        let text = """
            Import AI 906: Links
            Headline:
            …dek…
            Body.
               Read more: With Colon (arXiv).
               Read moreGlued Title (PDF).
               Read more:No Space (arXiv)
               Read more:\u{A0}No-Break Space (OpenAI, PDF).
               Read moreGlued: With A Colon Inside (blog).
            """
        let story = try #require(onlyIssue(parseText(text))?.stories.first)
        #expect(story.linkTriples == [
            ["Read more", "With Colon", "arXiv"], ["Read more", "Glued Title", "PDF"], ["Read more", "No Space", "arXiv"],
            ["Read more", "No-Break Space", "OpenAI, PDF"], ["Read more", "Glued: With A Colon Inside", "blog"],
        ])
        #expect(story.prose.count == 1)
        #expect(story.body.count == 6, "the five link lines stay in the body as written")
    }

    @Test func otherCallsToAction() throws {
        let text = """
            Import AI 907: Calls
            Headline:
            …dek…
            Body.
               Get the code here (GitHub).
               Find out more at the official site (Example).
               Try out the demo yourself: Demo App (Spaces).
               Check out the examples here.
               Request API access here.
               Via someone on Twitter.
            Thanks to a reader for pointing this out.
            """
        let story = try #require(onlyIssue(parseText(text))?.stories.first)
        #expect(story.linkTriples == [
            ["Get the code here", nil, "GitHub"], ["Find out more at the official site", nil, "Example"],
            ["Try out the demo yourself", "Demo App", "Spaces"], ["Check out the examples here", nil, nil],
            ["Request API access here", nil, nil], ["Via someone on Twitter", nil, nil],
        ])
        // A sentence that is not a call to action stays in the body.
        #expect(story.body.last == .paragraph(RichText("Thanks to a reader for pointing this out.")))
    }

    @Test func aLinkSentenceInsideAParagraph() throws {
        let text = """
            Import AI 908: Sentence
            Headline:
            …dek…
            The data came from somewhere. A good writeup of that is here: Where Data Comes From (Example Blog).
            """
        let story = try #require(onlyIssue(parseText(text))?.stories.first)
        #expect(story.linkTriples == [["A good writeup of that is here", "Where Data Comes From", "Example Blog"]])
        #expect(story.body.count == 1)
    }

    @Test func aLinkLineBrokenAcrossABlankLine() throws {
        let text = """
            Import AI 909: Broken link
            Headline:
            …dek…
            Body.
               Read more: A Very Long Title That The Export

            Broke In Two (arXiv).
            Next paragraph of the body.
            """
        let story = try #require(onlyIssue(parseText(text))?.stories.first)
        #expect(story.linkTriples == [["Read more", "A Very Long Title That The Export Broke In Two", "arXiv"]])
        #expect(story.body.last == .paragraph(RichText("Next paragraph of the body.")))
    }

    @Test func substackNoteIsAnIssueLevelNote() throws {
        let text = """
            Import AI 910: Notes
            Note: Import AI now publishes via Substack; read and subscribe here.
            Headline:
            …dek…
            Body.
            """
        let issue = try #require(onlyIssue(parseText(text)))
        #expect(issue.notes == [.paragraph(RichText("Note: Import AI now publishes via Substack; read and subscribe here."))])
        #expect(issue.stories.count == 1)
    }

    @Test func noBreakSpaceIndentationMakesContinuationParagraphs() throws {
        let text = "Import AI 911: Indent\nHeadline:\n…dek…\nBody.\n\u{A0}\u{A0}\u{A0}Carried on.\n\u{A0}\u{A0} Spaced\u{A0}\u{A0}out.\n"
        let story = try #require(onlyIssue(parseText(text))?.stories.first)
        #expect(story.body == [
            .paragraph(RichText("Body.")), .continuation(RichText("Carried on.")), .continuation(RichText("Spaced out.")),
        ])
    }

    @Test func curlyAndASCIIQuotesAndDotsAreBothDeks() throws {
        let curly = "Import AI 912: Q\nIt’s “quoted”:\n…a ‘curly’ dek…\nBody.\n"
        let ascii = "Import AI 912: Q\nIt's \"quoted\":\n...an 'ascii' dek...\nBody.\n"
        #expect(onlyIssue(parseText(curly))?.stories.first?.dek == "a ‘curly’ dek")
        #expect(onlyIssue(parseText(ascii))?.stories.first?.dek == "an 'ascii' dek")
        #expect(onlyIssue(parseText(ascii))?.stories.first?.headline == "It's \"quoted\"")
    }

    @Test func aBrokenCharacterIsKeptAsItIs() throws {
        let text = "Import AI 913: Broken\nHeadline:\n…dek…\n“They wrote this\u{FFFD} said one.\n"
        let story = try #require(onlyIssue(parseText(text))?.stories.first)
        #expect(story.body == [.paragraph(RichText("“They wrote this\u{FFFD} said one."))])
    }

    @Test func crlfLineEndingsAndAByteOrderMark() throws {
        let text = "\u{FEFF}Import AI 914: Windows\r\n\r\nHeadline:\r\n…dek…\r\nBody.\r\n   Read more: Paper (arXiv).\r\n"
        let issue = try #require(onlyIssue(parseText(text)))
        #expect(issue.number == IssueNumber(914))
        #expect(issue.title == "Windows")
        #expect(issue.stories.first?.linkTriples == [["Read more", "Paper", "arXiv"]])
        #expect(issue.stories.first?.links.first?.location.line == 6)
    }

    @Test func bulletAndNumberedLists() throws {
        let text = """
            Import AI 915: Lists
            Headline:
            …dek…
            Lead in:
              • First bullet
              • Second bullet
            - dash bullet
              1. First step
              2. Second step
            """
        let story = try #require(onlyIssue(parseText(text))?.stories.first)
        #expect(story.body == [
            .paragraph(RichText("Lead in:")),
            .bulletList([RichText("First bullet"), RichText("Second bullet"), RichText("dash bullet")]),
            .numberedList(start: 1, items: [RichText("First step"), RichText("Second step")]),
        ])
    }

    @Test func referencesToOtherIssuesAreKept() throws {
        let text = """
            Import AI 916: Refs
            Headline:
            …dek…
            As covered before (Import AI 307), and in Import AI: 311, and in Import AI 320B, but not in Import AI.
            """
        let issue = try #require(onlyIssue(parseText(text)))
        #expect(issue.references.map(\.number) == [IssueNumber(307), IssueNumber(311), IssueNumber(320, suffix: "B")])
        #expect(issue.references.allSatisfy { $0.location.line == 4 })
    }

    @Test func manyIssuesInOneFileAfterABanner() throws {
        let text = """
            Import AI

            Import AI 918: Second
            Headline B:
            …dek…

            Import AI 917: First
            Headline A:
            …dek…
            """
        let result = parseText(text)
        #expect(result.errors.isEmpty)
        #expect(result.archive.issues.map(\.number) == [IssueNumber(918), IssueNumber(917)])
        #expect(result.archive.issues.map(\.location.line) == [3, 7])
    }

    @Test func aMentionAtTheStartOfAParagraphIsNotATitle() throws {
        let text = """
            Import AI 919: Mentions
            Headline:
            …dek…
            Import AI 304 covered this first, and it holds up.
            """
        let issue = try #require(onlyIssue(parseText(text)))
        #expect(issue.stories.first?.body.count == 1)
        #expect(issue.references.map(\.number) == [IssueNumber(304)])
    }

    /// Plain text makes one block of each line, so no block holds a line break, whatever ends the
    /// lines: the document says so, and the recogniser takes its blocks as they are.
    @Test func plainTextBlocksHoldNoLineBreak() {
        let text = "Import AI 901: Lines\r\nFirst line\rSecond line\n\nThird\u{0B}line\u{0C}\n  \u{A0}Fourth\t line"
        let document = PlainTextReader().read(Array(text.utf8), file: "lines.txt")
        #expect(!document.mayHoldLineBreaks)
        #expect(document.blocks.count == 5)
        #expect(document.blocks.allSatisfy { !$0.string.utf8.contains(0x0A) && !$0.string.utf8.contains(0x0D) })
        #expect(document.blocks.map(\.line) == [1, 2, 3, 5, 6])
    }
}
