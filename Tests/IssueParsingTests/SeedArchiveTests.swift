import Foundation
import IssueModel
import IssueParsing
import Testing

/// The expected parse of ../shared/seeds, as its README states it.
@Suite(.enabled(if: seedsAvailable, "../shared/seeds is absent: the real issues are not in this checkout"))
struct SeedArchiveTests {
    static let files = ["000_69bf4153cb178fed.txt", "001_774432629c75ca22.txt", "002_845575bb83bb9ea1.txt",
                        "004_60b917837f64a22b.txt"]

    /// Issue number → stories (not counting the tale), from the seeds README. Every issue has a tale.
    static let expectedStories: [Int: Int] = [
        320: 7, 319: 5, 318: 5, 317: 5, 316: 6, 315: 6, 314: 4, 313: 5, 312: 7, 311: 5, 304: 5, 321: 5,
    ]

    let result = ArchiveParser().parse(paths: SeedArchiveTests.files.map(seedPath))

    func seedIssue(_ number: Int) -> IssueModel.Issue? { result.archive.issue(IssueNumber(number)) }

    @Test func everyIssueHasTheExpectedStoriesAndATale() throws {
        #expect(result.errors.isEmpty, "\(result.errors)")
        let numbers = result.archive.issues.compactMap { $0.number?.value }
        #expect(numbers == [321, 320, 319, 318, 317, 316, 315, 314, 313, 312, 311, 304])
        for (number, stories) in Self.expectedStories {
            let issue = try #require(seedIssue(number), "issue \(number) missing")
            #expect(issue.stories.count == stories, "issue \(number)")
            #expect(issue.tale != nil, "issue \(number) has no tale")
        }
    }

    @Test func theUntitledCopyOf317IsKeptOnceAndReported() throws {
        #expect(result.archive.issues.filter { $0.number == IssueNumber(317) }.count == 1)
        let duplicate = try #require(result.duplicates.first)
        #expect(result.duplicates.count == 1)
        #expect(duplicate.number == IssueNumber(317))
        #expect(duplicate.kept.file.hasSuffix("000_69bf4153cb178fed.txt"))
        #expect(duplicate.dropped.file.hasSuffix("001_774432629c75ca22.txt"))
    }

    @Test func theUntitledIssueAloneIsAnErrorNamingItsFileAndLine() throws {
        let alone = ArchiveParser().parse(paths: [seedPath("001_774432629c75ca22.txt")])
        #expect(alone.archive.issues.isEmpty)
        let error = try #require(alone.errors.first)
        #expect(error.reason == .unnumberedIssue)
        #expect(error.file.hasSuffix("001_774432629c75ca22.txt"))
        #expect(error.line == 1, "the untitled issue begins with its welcome paragraph")
    }

    @Test func file000Issue320() throws {
        let issue = try #require(seedIssue(320))
        #expect(issue.title == "Facebook’s AI Lab Leak; open source ChatGPT clone; Google makes a universal translator.")
        #expect(issue.notes.count == 1)
        #expect(issue.notes.first?.texts.first?.text == "Note: Import AI now publishes via Substack; read and subscribe here.")
        let first = issue.stories[0]
        #expect(first.headline == "Google makes progress on the self-teaching universal translator")
        #expect(first.dek == "Universal Speech Models scale beyond 100 languages")
        #expect(first.linkTriples == [
            ["Read more", "Google USM: Scaling Automatic Speech Recognition Beyond 100 Languages", "arXiv"],
            ["Request API access here", nil, nil],
        ])
        #expect(issue.stories[1].linkTriples == [["Read more", "Keep your AI claims in check", "Federal Trade Commission"]])
        #expect(issue.stories[2].linkTriples == [["Read more", "PaLM-E: An Embodied Multimodal Language Model", "PDF"]])
        // The dek ran straight into the body on one line.
        let chinese = issue.stories[4]
        #expect(chinese.dek == "OpenOccupancy is all about giving cars greater ‘surrounding occupancy’ skills")
        #expect(chinese.body.first?.texts.first?.text.hasPrefix("Researchers with the Chinese Academy of Sciences") == true)
        #expect(chinese.linkTriples[1] == ["Get the dataset here", "OpenOccupancy", "GitHub"])
        let tale = try #require(issue.tale)
        #expect(tale.title == "The Sentience Lineup")
        #expect(tale.setting == "After the war; date unknown; years of subjective life – 200")
        #expect(tale.inspiration?.hasPrefix("Thinking that a lot of people who are critical of AI") == true)
        #expect(issue.references.map(\.number) == [IssueNumber(311)])
    }

    @Test func file000HeadlineEndingsAndDeklessStory() throws {
        let i319 = try #require(seedIssue(319))
        #expect(i319.stories[1].headline == "Google might have invented a better optimizer? (Via AI, of course).")
        #expect(i319.stories[1].linkTriples == [
            ["Read more", "Symbolic Discovery of Optimization Algorithms", "arXiv"], ["Get the code here", nil, "GitHub"],
        ])
        #expect(i319.tale?.title == "And the Moon was made of gold.")
        let i315 = try #require(seedIssue(315))
        #expect(i315.stories[1].headline == "DeepMind makes a general-purpose RL algorithm – it works really well!")
        #expect(i315.stories[2].headline == "Uh-oh, an RL agent might be ruining the videogame ‘Rocket League’")
        #expect(i315.stories[5].headline == "AI can design antibodies now. That’s it. That’s the headline.")
        let i312 = try #require(seedIssue(312))
        let watch = i312.stories[6]
        #expect(watch.headline == "Watch me (and several other more coherent people) waffle about AI policy!")
        #expect(watch.dek == nil)
        #expect(watch.linkTriples == [[
            "Watch the video here",
            "Future-proofing AI Governance | The Athens Roundtable on AI and the Rule of Law 2022", "The Future Society",
        ]])
        #expect(i312.tale?.title == "The Personal Times")
        #expect(i312.tale?.setting == "Worldwide, 2026")
    }

    @Test func file000UnlabelledTales() throws {
        let ai = try #require(seedIssue(315)?.tale)
        #expect(ai.title == "AI War")
        #expect(ai.setting == "Hopefully never, but depends on how badly we screw up the rollout of AI technology…")
        #expect(ai.inspiration?.hasPrefix("How rapidly AI wars might happen") == true)
        let reality = try #require(seedIssue(311)?.tale)
        #expect(reality.title == "Reality Authentication")
        #expect(reality.setting == "The internet, 2034")
        #expect(seedIssue(311)?.stories.last?.headline == "AI war startup Anduril raises $1.48 billion")
    }

    @Test func file000OtherCallsToActionAndReferences() throws {
        let i317 = try #require(seedIssue(317))
        #expect(i317.stories[3].linkTriples == [
            ["Read more in this thread from ElevenLabs here", nil, "Twitter"],
            ["Find out more about Voice Lab here", nil, "ElevenLabs site"],
        ])
        #expect(i317.references.map(\.number) == [IssueNumber(290), IssueNumber(316)])
        let i313 = try #require(seedIssue(313))
        #expect(i313.notes.first?.texts.first?.text.hasPrefix("Welcome to the first issue of 2023!") == true)
        #expect(i313.stories[3].linkTriples == [
            ["Read more", "[ RIFFUSION ]", "official site"], ["Try out the web app", "RIFFUSION.COM", nil],
            ["Get the model from HuggingFace here", nil, "riffusion-model-v1"],
        ])
        let i316 = try #require(seedIssue(316))
        #expect(i316.stories[1].linkTriples.last == [
            "Find out more and watch a video at this DeepMind research page about the project", nil, nil,
        ])
        // "Import AI: 311" with a colon is a reference too.
        #expect(seedIssue(320)?.references.first?.number == IssueNumber(311))
    }

    @Test func file000ListsAndContinuations() throws {
        let first = try #require(seedIssue(320)?.stories.first)
        guard case .bulletList(let items) = first.body[3] else {
            Testing.Issue.record("expected a bullet list, found \(first.body[3])")
            return
        }
        #expect(items.count == 3)
        #expect(items[1].text == "Unpaired Text:28billion sentences spanning over 1140 languages.")
        let llama = try #require(seedIssue(319)?.stories[3])
        #expect(llama.body.contains { if case .numberedList(1, let items) = $0 { items.count == 3 } else { false } })
        #expect(llama.body.contains { if case .continuation = $0 { true } else { false } })
    }

    @Test func file000ParagraphBrokenAcrossABlankLineIsJoined() throws {
        let rl = try #require(seedIssue(317)?.stories[2])
        let joined = rl.body.flatMap(\.texts).map(\.text)
        #expect(joined.contains { $0.contains("model size and environment interactions, in much the same way") })
    }

    @Test func file001IsTheSameIssueWithASCIIQuotes() throws {
        let document = try ArchiveParser().readDocument(path: seedPath("001_774432629c75ca22.txt"))
        let recognized = IssueRecognizer().recognize(document)
        let untitled = try #require(recognized.issues.first)
        #expect(untitled.number == nil)
        #expect(untitled.stories.count == 5)
        #expect(untitled.tale?.title == "The Day The Nightmare Appeared on arXiv")
        #expect(untitled.stories[3].dek == "In other words, 'why we can't have nice things'")
        #expect(untitled.stories[0].headline == "Scaling Laws - why they matter and what they mean")
        // The welcome paragraph is the issue's note; the trailing "|" is not content.
        #expect(untitled.notes.count == 1)
        #expect(untitled.notes.first?.texts.first?.text.hasPrefix("Welcome to Import AI") == true)
    }

    @Test func file002BlankLineSeparationBylineAndLinkSentence() throws {
        let issue = try #require(seedIssue(304))
        #expect(issue.byline == "Jack Clark")
        #expect(issue.title == "Reality collapse thanks to Facebook; open source speech rec; AI culture wars.")
        let video = issue.stories[0]
        #expect(video.headline == "Facebook shows the future of AI-generated videos – and it is delightful and terrifying")
        #expect(video.dek == "Prepare for the reality collapse as a consequence of reality generation")
        #expect(video.linkTriples == [
            ["A good writeup about the phenomenon of even big tech companies using stuff like this here",
             "AI Data Laundering: How Academic and Nonprofit Researchers Shield Tech Companies from Accountability", "Waxy"],
            ["Read more", "Introducing Make-A-Video: An AI system that generates videos from text", "Facebook research blog"],
            ["Read the research", "Make-A-Video: Text-to-Video Generation without Text-Video Data", "arXiv"],
            ["Find out more at the main site, and also apply to potentially get access to future systems", nil,
             "Facebook site"],
        ])
        #expect(issue.stories[1].linkTriples.map { $0[2] } == ["OpenAI Blog", "OpenAI, PDF", "OpenAI GitHub"])
        #expect(issue.stories[4].headline == "GPT3 only costs $500k to train now")
        let tale = try #require(issue.tale)
        #expect(tale.setting == "Bay Area, 2029")
        #expect(tale.title == "Treacherous Turn – A Thriller Brought To You By The Publishers of ‘AGI Endgame’")
    }

    @Test func file004SubstackNoteGluedLinksAndNumberedList() throws {
        let issue = try #require(seedIssue(321))
        #expect(issue.byline == "Jack Clark")
        #expect(issue.notes.first?.texts.first?.text == "Note: Import AI now publishes via Substack; read and subscribe here.")
        #expect(issue.title == "Open source GPT-3; giving away democracy to AGI companies; GPT-4 is a political artifact")
        let conformer = issue.stories[0]
        #expect(conformer.headline == "AI startup beats ‘Whisper’ with Conformer-1")
        #expect(conformer.dek == "Scaling laws for audio? Oh yeah, we’ve got those too!")
        #expect(conformer.linkTriples == [
            ["Read more", "Conformer-1: a robust speech recognition model", "Assembly AI, blog"],
            ["Try out the ASR system in the playground here", nil, "AssemblyAI, Playground"],
        ])
        #expect(issue.stories[1].headline == "GPT-4")
        #expect(issue.stories[1].linkTriples == [["Read more", "GPT-4", "OpenAI"]])
        #expect(issue.stories[2].body.contains { if case .numberedList(1, let items) = $0 { items.count == 3 } else { false } })
        #expect(issue.references.map(\.number) == [
            IssueNumber(304), IssueNumber(293), IssueNumber(318), IssueNumber(320, suffix: "B"),
        ])
        #expect(issue.tale?.title == "Raw_Funeral_Speech.convo")
    }
}
