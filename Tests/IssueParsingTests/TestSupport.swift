import Foundation
import IssueModel
import IssueParsing

/// The package's root folder, found from this file's path.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// `../shared/seeds`: real issues that are not ours to commit; tests that need them skip without them.
let seedsFolder = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/seeds")

let seedsAvailable = FileManager.default.fileExists(atPath: seedsFolder.appendingPathComponent("README.md").path)

func seedPath(_ name: String) -> String { seedsFolder.appendingPathComponent(name).path }

/// Parses in-memory inputs as the command does.
func parse(_ sources: [(name: String, text: String)]) -> ArchiveParseResult {
    ArchiveParser().parse(sources: sources.map { ($0.name, Array($0.text.utf8), nil) })
}

/// Parses one in-memory plain-text input.
func parseText(_ text: String, name: String = "issue.txt") -> ArchiveParseResult {
    parse([(name, text)])
}

/// The only issue a result holds, or nil (so that a test fails with a message rather than traps).
func onlyIssue(_ result: ArchiveParseResult) -> IssueModel.Issue? {
    result.archive.issues.count == 1 ? result.archive.issues[0] : nil
}

extension Story {
    /// The story's links as (text, title, source) triples, for compact assertions.
    var linkTriples: [[String?]] { links.map { [$0.text, $0.title, $0.source] } }

    /// The body without its link lines: what the story says, for assertions about paragraphs.
    var prose: [BodyBlock] {
        body.filter { if case .linkLine = $0 { false } else { true } }
    }
}

/// `../shared/real`: real posts as Markdown with an attentive reader's parse (`expected.json`).
let realFolder = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/real")

let realPostsAvailable = FileManager.default.fileExists(atPath: realFolder.appendingPathComponent("expected.json").path)
