import ImportFeedConfig
import Foundation
import IssueModel
@testable import LinkChecking
import LoopbackTestServer
import Testing

@Suite(.serialized, .timeLimit(.minutes(1)))
struct ArxivAndCacheTests {
    static func settings(api: String) -> LinkCheckConfiguration {
        var settings = LinkCheckConfiguration()
        settings.timeout = 2
        settings.retryBackoff = 0.05
        settings.arxivAPI = api
        settings.arxivBatchSize = 50
        return settings
    }

    @Test func arxivPapersAreCheckedInOneAPIRequest() async throws {
        let server = try LoopbackServer()
        let checker = try #require(LinkChecker(settings: Self.settings(api: server.url("/api/query"))))
        defer { checker.shutdown() }
        let addresses = try ["https://arxiv.org/abs/2301.00001", "https://arxiv.org/pdf/2305.01234v2.pdf",
                             "https://arxiv.org/abs/2399.99999"].map { try #require(LinkAddress($0)) }
        let results = await checker.check(addresses)
        #expect(results[addresses[0]]?.verdict == .alive)
        #expect(results[addresses[1]]?.verdict == .alive)
        #expect(results[addresses[2]]?.verdict == .dead)
        #expect(results[addresses[2]]?.reason.contains("no such paper") == true)
        #expect(try server.requests("GET /api/query") == 1)
        #expect(results.values.map(\.requests).reduce(0, +) == 1)
    }

    @Test func aLinkCitingAnotherPaperThanTheOneAtItsIDIsReported() async throws {
        let server = try LoopbackServer()
        let checker = try #require(LinkChecker(settings: Self.settings(api: server.url("/api/query"))))
        defer { checker.shutdown() }
        let url = "https://arxiv.org/abs/2301.00001"
        let address = try #require(LinkAddress(url))
        let results = await checker.check([address])
        #expect(results[address]?.paperTitle == "Scaling Laws for Folding Towels with \\emph{Robots}")
        func cited(_ title: String) -> CitedLink {
            CitedLink(link: Link(text: "Read more", title: title, source: "arXiv", url: url,
                                 location: SourceLocation(file: "d.md", line: 3)),
                      issue: "Import AI 1", story: "A story", address: address)
        }
        let report = LinkReport(links: [cited("Scaling laws for folding towels with robots"),
                                        cited("Folding Towels: Scaling Laws"),
                                        cited("Protein Language Models at Scale")], results: results)
        #expect(report.entries.map(\.result.verdict) == [.alive, .alive, .titleMismatch])
        #expect(report.entries[2].result.reason.contains("Scaling Laws for Folding Towels"))
        #expect(!report.hasDeadLinks, "a mismatch is a warning, not a dead link")
        #expect(report.text.contains("wrong paper?"))
    }

    @Test func whenTheAPIFailsPapersFallBackToPageRequests() async throws {
        let server = try LoopbackServer()
        let checker = try #require(LinkChecker(settings: Self.settings(api: server.url("/api/broken"))))
        defer { checker.shutdown() }
        let paper = try #require(LinkAddress("https://arxiv.org/abs/2301.00001"))
        let result = try #require(await checker.check([paper])[paper])
        #expect(try server.requests("GET /api/broken") == 1)
        #expect(!result.reason.contains("arXiv API"))
        #expect(result.requests >= 1)
    }

    @Test func theAPIAnswerIsReadWithoutEntities() {
        let hostile = Array("""
            <?xml version="1.0"?><!DOCTYPE feed [<!ENTITY x SYSTEM "file:///etc/passwd">]>
            <feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/abs/2301.00001v2</id></entry>
            <entry><id>&x;</id></entry></feed>
            """.utf8)
        #expect(ArxivBatch.entryIDs(hostile) == ["2301.00001"])
        #expect(ArxivBatch.entryIDs(Array("not xml".utf8)) == nil)
    }

    static func temporaryFile() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("importfeed-cache-\(UUID().uuidString).json").path
    }

    static func cited(_ urls: [String]) -> [CitedLink] {
        urls.enumerated().map { index, url in
            CitedLink(link: .init(text: "Read more", url: url, location: .init(file: "draft.md", line: index + 1)),
                      issue: "Import AI 999", story: "A story", address: LinkAddress(url))
        }
    }

    @Test func aliveResultsAreReusedAndDeadOnesCheckedAgain() async throws {
        let server = try LoopbackServer()
        let path = Self.temporaryFile()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let links = Self.cited([server.url("/ok"), server.url("/missing")])
        let audit = LinkAudit(settings: Self.settings(api: server.url("/api/query")))
        let first = try await audit.run(links, cache: LinkCheckCache(path: path, maxAge: 3600))
        #expect(first.report.entries.map(\.result.verdict) == [.alive, .dead])
        #expect(first.warnings.isEmpty)
        let second = try await audit.run(links, cache: LinkCheckCache(path: path, maxAge: 3600))
        #expect(second.report.entries.map(\.result.verdict) == [.alive, .dead])
        #expect(second.report.entries[0].result.requests == 0)
        #expect(try server.requests("HEAD /ok") == 1)
        #expect(try server.requests("HEAD /missing") == 2)
        // Past its age an alive result is checked again.
        _ = try await audit.run(links, cache: LinkCheckCache(path: path, maxAge: 0))
        #expect(try server.requests("HEAD /ok") == 2)
        // --no-cache: no cache at all.
        _ = try await audit.run(links, cache: nil)
        #expect(try server.requests("HEAD /ok") == 3)
    }

    @Test func aCorruptOrForeignCacheIsReportedAndIgnored() async throws {
        let server = try LoopbackServer()
        let path = Self.temporaryFile()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let audit = LinkAudit(settings: Self.settings(api: server.url("/api/query")))
        for content in ["{ not json", #"{"format": "someone-else", "version": 3, "entries": {}}"#] {
            try Data(content.utf8).write(to: URL(fileURLWithPath: path))
            let outcome = try await audit.run(Self.cited([server.url("/ok")]), cache: LinkCheckCache(path: path, maxAge: 3600))
            #expect(outcome.report.entries.first?.result.verdict == .alive)
            #expect(outcome.warnings.count == 1)
            #expect(outcome.warnings.first?.contains("ignored") == true)
        }
        // The run rewrote the cache in its own format.
        #expect(LinkCheckCache(path: path, maxAge: 3600).warning == nil)
    }

    static func alive(_ url: String) -> (LinkAddress, LinkCheckResult) {
        (LinkAddress(url)!, LinkCheckResult(verdict: .alive, status: 200, reason: "200 OK", requests: 1))
    }

    @Test func checksSharingOneCacheLoseNothing() throws {
        let path = Self.temporaryFile()
        defer { unlink(path); unlink(path + ".lock") }
        // Five runs load the same (empty) cache, each checks addresses of its own, each saves.
        var caches = (0..<5).map { _ in LinkCheckCache(path: path, maxAge: 3600) }
        for index in caches.indices {
            caches[index].record(Dictionary(uniqueKeysWithValues: (0..<20).map { Self.alive("https://example.org/\(index)/\($0)") }))
        }
        let ready = caches
        DispatchQueue.concurrentPerform(iterations: ready.count) { index in try? ready[index].save() }
        let reloaded = LinkCheckCache(path: path, maxAge: 3600)
        #expect(reloaded.warning == nil)
        for index in 0..<5 {
            for item in 0..<20 {
                #expect(reloaded.result(for: LinkAddress("https://example.org/\(index)/\(item)")!) != nil, "lost \(index)/\(item)")
            }
        }
    }

    @Test func aCacheThatIsNoRegularFileIsNeverReplacedAndALinkStaysALink() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("importfeed-cache-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // A folder where the cache is named: an error, and the folder stays.
        let directory = folder.appendingPathComponent("cache-dir").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var cache = LinkCheckCache(path: directory, maxAge: 3600)
        cache.record(Dictionary(uniqueKeysWithValues: [Self.alive("https://example.org/a")]))
        #expect(throws: LinkCheckCache.SaveError.self) { try cache.save() }
        var isDirectory: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) && isDirectory.boolValue)
        // A symbolic link to the cache: the target is written, the link stays a link.
        let target = folder.appendingPathComponent("real-cache.json").path
        let link = folder.appendingPathComponent("cache.json").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        var linked = LinkCheckCache(path: link, maxAge: 3600)
        linked.record(Dictionary(uniqueKeysWithValues: [Self.alive("https://example.org/b")]))
        try linked.save()
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: link)) == target)
        #expect(LinkCheckCache(path: target, maxAge: 3600).result(for: LinkAddress("https://example.org/b")!) != nil)
    }

    @Test func excludedAddressesAreNeverRequested() async throws {
        var settings = LinkCheckConfiguration()
        settings.exclude = [#"^https://skip\.example\.org/"#, "tracking"]
        let links = Self.cited(["https://skip.example.org/a", "https://example.org/?tracking=1"])
        // Nothing is left to check, so no request is made (there is no server to answer one).
        let outcome = try await LinkAudit(settings: settings).run(links, cache: nil)
        #expect(outcome.report.entries.map(\.result.verdict) == [.excluded, .excluded])
        #expect(outcome.report.entries.allSatisfy { $0.result.requests == 0 })
        #expect(outcome.report.text.contains("2 excluded"))
        #expect(!outcome.report.nothingVerified)
    }

    @Test func sarifMarksDeadMovedAndUnverifiedLinks() throws {
        let links = Self.cited(["https://example.org/a", "https://example.org/b", "https://example.org/c", "https://example.org/d",
                                "https://example.org/e"])
        var results: [LinkAddress: LinkCheckResult] = [:]
        let verdicts: [LinkCheckResult.Verdict] = [.dead, .moved, .unverified, .alive, .probablyDead]
        for (link, verdict) in zip(links, verdicts) {
            results[link.address!] = LinkCheckResult(verdict: verdict, status: 200, finalURL: verdict == .moved ? "https://example.org/new" : nil,
                                                     reason: "r", requests: 1)
        }
        let data = try LinkReport(links: links, results: results).sarif(toolVersion: "0.2")
        let log = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(log["version"] as? String == "2.1.0")
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        let sarifResults = try #require(run["results"] as? [[String: Any]])
        #expect(sarifResults.map { $0["level"] as? String } == ["error", "warning", "note", "warning"])
        #expect(sarifResults.map { $0["ruleId"] as? String } == ["dead-link", "moved-link", "unverified-link", "probably-dead-link"])
        #expect(!LinkReport(links: links, results: results).hasDeadLinks == false, "a dead link fails the check")
        results[links[0].address!]?.verdict = .alive
        #expect(!LinkReport(links: links, results: results).hasDeadLinks, "a probably dead link is a warning: exit status 0")
        let location = try #require((sarifResults[0]["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
        #expect((location["region"] as? [String: Any])?["startLine"] as? Int == 1)
        #expect((location["artifactLocation"] as? [String: Any])?["uri"] as? String == "draft.md")
    }
}
