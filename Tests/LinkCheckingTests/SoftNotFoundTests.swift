import Foundation
import ImportFeedConfig
import IssueModel
@testable import LinkChecking
import LoopbackTestServer
import Testing

/// Soft 404s and archived copies against the loopback server's hosts that never say 404, and its
/// stand-in for the Wayback Machine.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct SoftNotFoundTests {
    @Test func aPagesTitleIsReadFromItsFirstBytesAsHTML() {
        #expect(SoftNotFound.title(in: Array("<html><head><TITLE lang=en>\n  Page &amp; not\n found </TITLE>".utf8))
            == "Page & not found")
        #expect(SoftNotFound.title(in: Array("<title>Cut off at the lim".utf8)) == "Cut off at the lim")
        #expect(SoftNotFound.title(in: Array("<html><body><p>No title".utf8)) == nil)
        #expect(SoftNotFound.title(in: Array("<title>   </title>".utf8)) == nil)
        #expect(SoftNotFound.title(in: []) == nil)
        let deep = String(repeating: "<div>", count: 20_000) + "<title>Deep</title>"
        #expect(SoftNotFound.title(in: Array(deep.utf8)) != "", "deep nesting is walked without recursion")
    }

    @Test func onlyHostsWhoseLinksAllAnswerOKAreProbed() throws {
        let ok = LinkCheckResult(verdict: .alive, status: 200, reason: "200 OK", requests: 1)
        let dead = LinkCheckResult(verdict: .dead, status: 404, reason: "404 Not Found", requests: 1)
        let results: [LinkAddress: LinkCheckResult] = try [
            #require(LinkAddress("https://a.example/x")): ok, #require(LinkAddress("https://a.example/y")): ok,
            #require(LinkAddress("https://b.example/x")): ok, #require(LinkAddress("https://b.example/y")): dead,
            #require(LinkAddress("https://arxiv.org/abs/2301.00001")): ok,
        ]
        let hosts = SoftNotFound.hostsAnsweringOnlyOK(results)
        #expect(Set(hosts.keys) == ["https://a.example"], "a host with a real 404 is honest; arXiv is asked through its API")
        #expect(hosts["https://a.example"]?.count == 2)
    }

    @Test func aHostThatAnswersEverythingGivesItsMissingPagesAway() async throws {
        let server = try LoopbackServer()
        let paths = [(4, "/real"), (4, "/deleted"), (5, "/real"), (5, "/gone-post")]
        let addresses = try paths.map { try #require(LinkAddress(server.url($0.1, host: $0.0))) }
        let checker = try #require(LinkChecker(settings: LinkCheckerTests.settings()))
        defer { checker.shutdown() }
        let results = await checker.check(addresses)
        let verdicts = addresses.map { results[$0]?.verdict }
        #expect(verdicts == [.alive, .probablyDead, .alive, .probablyDead], "\(results)")
        #expect(results[addresses[1]]?.reason.contains("Page not found · Soft") == true)
        #expect(results[addresses[3]]?.reason.contains("lands where an address that cannot exist") == true)

        // One probe per host, never per link; pages read for their titles only on the host that
        // answers in place.
        let requests = try #require(try server.stats()["requests"] as? [String: Int])
        let probes = requests.filter { $0.key.contains("importfeed-no-such-page-") }
        #expect(probes.values.reduce(0, +) == 2, "\(probes)")
        #expect(requests["GET /real", default: 0] == 1, "the in-place host's page read once for its title")
    }

    @Test func aHostWhosePagesAllLookLikeItsNotFoundPageIsLeftAlone() async throws {
        // Every page of this host (as a site serving one shell page to every address would) carries
        // the not-found title: titles prove nothing there, and nothing is flagged.
        let server = try LoopbackServer()
        let addresses = try ["/deleted", "/also-shell"].map { try #require(LinkAddress(server.url($0, host: 4))) }
        let checker = try #require(LinkChecker(settings: LinkCheckerTests.settings()))
        defer { checker.shutdown() }
        let results = await checker.check(addresses)
        #expect(addresses.allSatisfy { results[$0]?.verdict == .alive }, "\(results)")
        #expect(SoftNotFound.titlesTellPagesApart(["Shell", "Shell "], notFoundTitle: "shell") == false)
        #expect(SoftNotFound.titlesTellPagesApart(["Shell", "A real page", nil], notFoundTitle: "Shell"))
        #expect(SoftNotFound.titlesTellPagesApart(["A page"], notFoundTitle: nil) == false)
    }

    @Test func aProbeThatHangsHoldsTheAuditUpForSecondsAtMost() async throws {
        let server = try LoopbackServer()
        var settings = LinkCheckerTests.settings()
        settings.timeout = 20
        let checker = try #require(LinkChecker(settings: settings))
        defer { checker.shutdown() }
        let page = try #require(LinkAddress(server.url("/real", host: 6)))
        let started = ContinuousClock.now
        let results = await checker.check([page])
        #expect(results[page]?.verdict == .alive)
        let elapsed = ContinuousClock.now - started
        #expect(elapsed < .seconds(8), "the probe waits \(SoftNotFound.requestTimeout) s, not the 20 s of a link: \(elapsed)")
        #expect(elapsed >= .seconds(4), "the probe was sent and waited for")
    }

    @Test func honestHostsCostNoMoreThanOneProbeAndKeepTheirVerdicts() async throws {
        let server = try LoopbackServer()
        var settings = LinkCheckerTests.settings()
        let addresses = try ["/ok", "/nohead"].map { try #require(LinkAddress(server.url($0))) }
        let checker = try #require(LinkChecker(settings: settings))
        let results = await checker.check(addresses)
        checker.shutdown()
        #expect(results.values.allSatisfy { $0.verdict == .alive })
        let requests = try #require(try server.stats()["requests"] as? [String: Int])
        #expect(requests.filter { $0.key.contains("importfeed-no-such-page-") }.values.reduce(0, +) == 1)

        // And with the probe turned off (config.json's soft_404_probe), none at all.
        let quiet = try LoopbackServer()
        settings.soft404Probe = false
        let off = try #require(LinkChecker(settings: settings))
        _ = await off.check(try [#require(LinkAddress(quiet.url("/ok", host: 4)))])
        off.shutdown()
        let none = try #require(try quiet.stats()["requests"] as? [String: Int])
        #expect(none.keys.allSatisfy { !$0.contains("importfeed-no-such-page-") })
    }

    @Test func aDeepLinkRedirectedForGoodToHomeOrLoginIsProbablyDead() async throws {
        let server = try LoopbackServer()
        let results = try await LinkCheckerTests.check(["/deleted-post", "/members-only", "/moved"], on: server)
        #expect(results["/deleted-post"]?.verdict == .probablyDead)
        #expect(results["/members-only"]?.verdict == .probablyDead)
        #expect(results["/members-only"]?.reason.contains("a login page") == true)
        #expect(results["/moved"]?.verdict == .moved)
    }

    @Test func deadLinksGetTheArchivedCopyClosestToTheirIssuesDate() async throws {
        let server = try LoopbackServer()
        var settings = LinkCheckerTests.settings()
        settings.suggest = true
        settings.waybackAPI = server.url("/wayback/available")
        func cited(_ path: String, _ date: IssueDate?) -> CitedLink {
            let link = Link(text: path, url: server.url(path), location: SourceLocation(file: "draft.md", line: 1))
            return CitedLink(link: link, issue: "Import AI 999", story: "A story", date: date,
                             address: LinkAddress(server.url(path)))
        }
        let early = IssueDate(year: 2023, month: 4, day: 12), late = IssueDate(year: 2024, month: 1, day: 8)
        let links = [cited("/missing", late), cited("/missing", early), cited("/gone?never-archived=1", early),
                     cited("/ok", early)]
        let outcome = try await LinkAudit(settings: settings).run(links, cache: nil)
        let missing = try #require(outcome.report.entries.first { $0.cited.link.url == server.url("/missing") })
        #expect(missing.result.suggestion?.url == "http://web.archive.invalid/web/20230412120000/\(server.url("/missing"))")
        #expect(missing.result.suggestion?.day == "2023-04-12", "the earliest issue that cites it")
        let unarchived = try #require(outcome.report.entries.first { $0.cited.link.url?.contains("never-archived") == true })
        #expect(unarchived.result.verdict == .dead)
        #expect(unarchived.result.suggestion == nil)
        #expect(outcome.report.text.contains("archived copy of 2023-04-12: http://web.archive.invalid/web/"))

        // Only dead links are looked up, each once, with the address encoded whole.
        let queries = try #require(try server.stats()["wayback_queries"] as? [[String]])
        #expect(queries.count == 2)
        #expect(Set(queries.map { $0[0] }) == [server.url("/missing"), server.url("/gone?never-archived=1")])
        #expect(queries.allSatisfy { $0[1] == "20230412" })
        #expect(outcome.warnings.isEmpty)

        // An archive that cannot answer is said so, once, with what it answered.
        settings.waybackAPI = server.url("/api/broken")
        let unanswered = try await LinkAudit(settings: settings).run(links, cache: nil)
        #expect(unanswered.warnings == ["no archived copy could be looked up for 2 of 2 dead links (\(server.url("/api/broken")): HTTP 500)"])
        #expect(unanswered.report.entries.allSatisfy { $0.result.suggestion == nil })
    }

    @Test func anArchiveAnswerIsTrustedOnlyForAnAvailablePageSnapshot() {
        func copy(_ json: String) -> ArchivedCopy? { Wayback.answer(Array(json.utf8)) ?? nil }
        #expect(copy(#"{"archived_snapshots":{"closest":{"available":true,"status":"200","timestamp":"20200101000000","url":"http://web.archive.org/web/20200101000000/http://a.example/"}}}"#)?.day == "2020-01-01")
        #expect(copy(#"{"archived_snapshots":{"closest":{"available":true,"status":"404","timestamp":"20200101000000","url":"http://web.archive.org/x"}}}"#) == nil)
        #expect(copy(#"{"archived_snapshots":{"closest":{"available":false,"timestamp":"1","url":"http://web.archive.org/x"}}}"#) == nil)
        #expect(copy(#"{"archived_snapshots":{"closest":{"available":true,"timestamp":"1","url":"javascript:alert(1)"}}}"#) == nil)
        #expect(copy("not json") == nil)
        #expect(Wayback.answer(Array("not json".utf8)) == nil, "not the API's answer at all")
        #expect(Wayback.answer(Array(#"{"archived_snapshots": {}}"#.utf8)) == .some(nil), "the API's answer: no copy")
        #expect(Wayback.query(endpoint: "https://archive.example/wayback/available", address: "https://a.example/p?x=1&y=2+3",
                              day: IssueDate(year: 2021, month: 3, day: 9))
            == "https://archive.example/wayback/available?url=https://a.example/p%3Fx%3D1%26y%3D2%2B3&timestamp=20210309")
    }
}
