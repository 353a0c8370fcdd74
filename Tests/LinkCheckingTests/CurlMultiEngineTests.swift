import Foundation
import LinkChecking
import LoopbackTestServer
import Testing

/// The libcurl engine against a real server on 127.0.0.1: statuses, redirects not followed, bodies
/// never downloaded, bounded waits, per-host connection limits.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct CurlMultiEngineTests {
    @Test func statusesAndRedirectsComeBackAsTheyAre() async throws {
        let server = try LoopbackServer()
        let engine = try #require(CurlMultiEngine())
        defer { engine.shutdown() }
        let ok = await engine.perform(ProbeRequest(url: server.url("/ok")))
        #expect(ok.status == 200)
        #expect(ok.failure == nil)
        let missing = await engine.perform(ProbeRequest(url: server.url("/missing")))
        #expect(missing.status == 404)
        let moved = await engine.perform(ProbeRequest(url: server.url("/moved")))
        #expect(moved.status == 301)
        #expect(moved.redirectURL == server.url("/ok"))
        let busy = await engine.perform(ProbeRequest(url: server.url("/busy")))
        #expect(busy.status == 429)
        #expect(busy.retryAfter == "1")
        #expect(try server.requests("HEAD /ok") == 1)
        #expect(try server.requests("GET /ok") == 0)
    }

    @Test(.timeLimit(.minutes(1))) func anOptionLibcurlRefusesFailsTheRequestAtOnce() async throws {
        let engine = try #require(CurlMultiEngine())
        defer { engine.shutdown() }
        // libcurl refuses string options longer than 8,000,000 bytes: the request must come back
        // failed, never be sent without its options, never wait for ever.
        let huge = "http://127.0.0.1/" + String(repeating: "a", count: 8_100_000)
        let response = await engine.perform(ProbeRequest(url: huge))
        #expect(response.status == 0)
        #expect(response.failure != nil)
    }

    @Test func aGetNeverDownloadsTheBody() async throws {
        let server = try LoopbackServer()
        let engine = try #require(CurlMultiEngine())
        defer { engine.shutdown() }
        let head = await engine.perform(ProbeRequest(url: server.url("/nohead")))
        #expect(head.status == 405)
        let get = await engine.perform(ProbeRequest(url: server.url("/nohead"), method: .get))
        #expect(get.status == 200)
        #expect(get.failure == nil)
        let started = Date()
        let big = await engine.perform(ProbeRequest(url: server.url("/big"), method: .get))
        #expect(big.status == 200)
        #expect(big.failure == nil)
        #expect(big.bodyBytes <= 1)
        #expect(Date().timeIntervalSince(started) < 5)
        try await Task.sleep(for: .milliseconds(300))
        let sent = try #require(try server.stats()["big_bytes_sent"] as? Int)
        // The server got as far as the socket buffers let it before the client hung up: a few
        // megabytes at most, never the 50 MB body.
        #expect(sent < 16 * 1024 * 1024)
    }

    @Test func aBodyIsKeptOnlyForAPage() async throws {
        let server = try LoopbackServer()
        let engine = try #require(CurlMultiEngine())
        defer { engine.shutdown() }
        let page = await engine.perform(ProbeRequest(url: server.url("/ok"), method: .get, bodyLimit: 65_536))
        #expect(page.status == 200)
        #expect(page.body == Array("ok".utf8))
        let missing = await engine.perform(ProbeRequest(url: server.url("/missing-with-page"), method: .get, bodyLimit: 65_536))
        #expect(missing.status == 404)
        #expect(missing.failure == nil, "cutting off an unwanted body is no failure")
        #expect(missing.body.isEmpty && missing.bodyBytes <= 1, "a 404's page is not read")
    }

    @Test func everyWaitIsBounded() async throws {
        let server = try LoopbackServer()
        let engine = try #require(CurlMultiEngine())
        defer { engine.shutdown() }
        let started = Date()
        let slow = await engine.perform(ProbeRequest(url: server.url("/slow"), timeout: 0.5))
        // The server answers /slow after 3 seconds: a timed-out transfer with no status was cut before
        // that answer came. (How soon this test resumes after the cut also depends on how busy the
        // test run's own threads are, so the clock only guards against a hang.)
        #expect(slow.status == 0)
        #expect(slow.failure?.kind == .timedOut)
        #expect(Date().timeIntervalSince(started) < 10)
    }

    @Test func onlyHTTPAndHTTPSAreSpoken() async throws {
        let engine = try #require(CurlMultiEngine())
        defer { engine.shutdown() }
        let file = await engine.perform(ProbeRequest(url: "file:///etc/passwd"))
        #expect(file.failure?.kind == .unsupportedScheme)
        let gopher = await engine.perform(ProbeRequest(url: "ftp://127.0.0.1/"))
        #expect(gopher.failure?.kind == .unsupportedScheme)
        let unknown = await engine.perform(ProbeRequest(url: "http://no-such-host.invalid/", timeout: 5))
        #expect(unknown.failure?.kind == .unknownHost)
    }

    @Test func manyRequestsAtOnceReuseConnectionsWithinThePerHostLimit() async throws {
        let server = try LoopbackServer()
        let engine = try #require(CurlMultiEngine(maxConnections: 16, maxConnectionsPerHost: 2))
        defer { engine.shutdown() }
        let url = server.url("/pause")
        let statuses = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<12 { group.addTask { await engine.perform(ProbeRequest(url: url)).status } }
            return await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses == Array(repeating: 200, count: 12))
        let stats = try server.stats()
        #expect((stats["max_open"] as? Int ?? 99) <= 2, "never more connections than the per-host limit")
        #expect((stats["connections"] as? Int ?? 99) <= 2, "connections were reused")
    }
}
