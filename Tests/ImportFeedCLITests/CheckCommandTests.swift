import Foundation
import LoopbackTestServer
import Testing

/// `importfeed check` on a draft whose links point at the loopback server.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct CheckCommandTests {
    @Test func aDraftsLinksAreCheckedOnceEachAndReported() throws {
        let server = try LoopbackServer()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("importfeed-check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let draft = """
            # Import AI 999: A draft

            **A story:**
            *…dek…*

            Body with [the same page](\(server.url("/ok"))) cited in passing.

            Read more: [Live Paper](\(server.url("/ok"))) (arXiv).
            Read more: [Dead Paper](\(server.url("/missing"))) (Blog).
            Get the code [here](\(server.url("/moved"))) (GitHub).
            Read more: A Title Without An Address (PDF).
            """
        let path = folder.appendingPathComponent("draft.md").path
        try Data(draft.utf8).write(to: URL(fileURLWithPath: path))

        let run = try ParseCommandTests.run(["check", "--format", "json", path])
        #expect(run.status == 1, "a dead link makes the exit status 1: \(run.errors)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
        let links = try #require(object["links"] as? [[String: Any]])
        #expect(links.map { $0["verdict"] as? String } == ["alive", "alive", "dead", "moved", "no-url"])
        #expect(Set(links[0].keys) == ["url", "verdict", "status", "final_url", "reason", "requests", "file", "line",
                                       "column", "issue", "story", "text", "title", "suggestion"])
        #expect(links[2]["line"] as? Int == 9)
        #expect(links[2]["column"] as? Int == 25, "the column of the address in \"Read more: [Dead Paper](…)\"")
        #expect(links[2]["issue"] as? String == "Import AI 999")
        #expect(links[2]["story"] as? String == "A story")
        #expect(links[3]["final_url"] as? String == server.url("/ok"))
        // The page cited twice was asked for once.
        #expect(try server.requests("HEAD /ok") == 2, "once for /ok itself, once at the end of /moved's redirect")

        let text = try ParseCommandTests.run(["check", path])
        #expect(text.status == 1)
        #expect(text.output.contains("\(path):9:25: dead (HTTP 404): Read more: Dead Paper"))
        #expect(text.output.contains("moved (HTTP 200): Get the code here"))
        #expect(text.output.contains("5 links (3 addresses checked): 2 alive, 1 moved, 1 dead, 0 could not verify, 1 without an address"))
    }

    @Test func suggestFindsArchivedCopiesOfDeadLinks() throws {
        let server = try LoopbackServer()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("importfeed-suggest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let draft = folder.appendingPathComponent("draft.md").path
        try Data("""
            ---
            date: 2023-05-01
            ---
            # Import AI 998: A draft

            **A story:**
            *…dek…*

            Read more: [Dead Paper](\(server.url("/missing"))) (Blog).
            Read more: [Live Paper](\(server.url("/ok"))) (Blog).

            """.utf8).write(to: URL(fileURLWithPath: draft))
        let config = folder.appendingPathComponent("config.json").path
        try Data("""
            {"title": "T", "description": "d", "home_page_url": "https://example.org/",
             "feed_base_url": "https://example.org/feeds/", "author": "A", "inputs": ["draft.md"],
             "permalink": "https://example.org/p/{number}",
             "link_check": {"wayback_api": "\(server.url("/wayback/available"))"}}
            """.utf8).write(to: URL(fileURLWithPath: config))

        let without = try ParseCommandTests.run(["check", "--config", config, "--format", "json", draft])
        #expect(without.status == 1)
        #expect((try server.stats()["wayback_queries"] as? [Any])?.isEmpty == true, "no query without --suggest")

        let with = try ParseCommandTests.run(["check", "--config", config, "--suggest", draft])
        #expect(with.status == 1, "a dead link is still dead")
        #expect(with.output.contains("archived copy of 2023-05-01: http://web.archive.invalid/web/20230501120000/\(server.url("/missing"))"),
                "\(with.output)")
        let queries = try #require(try server.stats()["wayback_queries"] as? [[String]])
        #expect(queries == [[server.url("/missing"), "20230501"]], "the dead link only, on its issue's day")
    }

    @Test func usageErrorsExitWithTwo() throws {
        #expect(try ParseCommandTests.run(["check"]).status == 2)
        let badPattern = try ParseCommandTests.run(["check", "--exclude", "(unclosed", "archive/import-ai-332.md"])
        #expect(badPattern.status == 2)
        #expect(badPattern.errors.contains("not a regular expression"))
        let missing = try ParseCommandTests.run(["check", "/nonexistent/draft.md"])
        #expect(missing.status == 2)
        #expect(missing.errors.contains("/nonexistent/draft.md"))
    }

    @Test func checkReadsItsInputsAsParseDoes() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("importfeed-check-inputs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // Not an issue at all: the same error as `parse`, not "0 links".
        let shopping = folder.appendingPathComponent("shopping.txt")
        try Data("eggs\nmilk\n".utf8).write(to: shopping)
        let notAnIssue = try ParseCommandTests.run(["check", shopping.path])
        #expect(notAnIssue.status == 2)
        #expect(notAnIssue.errors.contains("shopping.txt") && notAnIssue.errors.contains("no issue found"))
        #expect(!notAnIssue.output.contains("0 links"))
        // An issue with no link at all: an error that says so.
        let linkless = folder.appendingPathComponent("linkless.md")
        try Data("---\ntitle: \"Import AI 991: Quiet\"\n---\n\n**Headline:**\n_…dek…_\n\nBody.\n".utf8).write(to: linkless)
        let none = try ParseCommandTests.run(["check", linkless.path])
        #expect(none.status == 2)
        #expect(none.errors.contains("linkless.md: no link to check"))
    }
}
