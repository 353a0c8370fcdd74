internal import CCurl
import Foundation
import Synchronization

/// Runs HTTP requests concurrently on one libcurl multi handle.
///
/// The multi handle and every easy handle belong to one thread, which polls the multi handle; other
/// threads only queue requests (under a lock) and wake the poll. Connections are reused and HTTP/2
/// streams multiplexed as libcurl decides; its DNS cache is shared by all transfers. Only http and
/// https are spoken, redirects are never followed here (the caller follows them, one request each),
/// and every wait is bounded by the request's timeouts.
public final class CurlMultiEngine: Sendable {
    private struct State {
        var pending: [(ProbeRequest, CheckedContinuation<ProbeResponse, Never>)] = []
        var stopping = false
    }

    private let state = Mutex(State())
    private nonisolated(unsafe) let multi: UnsafeMutableRawPointer
    /// One cookie jar for the run, shared by every transfer (on the owner thread only): the hops
    /// of a redirect chain are separate transfers, and many sites loop unless a cookie set by one
    /// hop comes back on the next.
    private nonisolated(unsafe) let share: UnsafeMutableRawPointer?

    /// - Parameters:
    ///   - maxConnections: connections open at once, in all.
    ///   - maxConnectionsPerHost: connections open at once to one host.
    /// Nil when libcurl cannot be initialised or cannot make a multi handle.
    public init?(maxConnections: Int = 64, maxConnectionsPerHost: Int = 4) {
        guard CurlGlobal.initialized, let multi = curl_multi_init() else { return nil }
        self.multi = multi
        let share = curl_share_init()
        if let share, importfeed_share_data(share, CURL_LOCK_DATA_COOKIE) != CURLSHE_OK {
            curl_share_cleanup(share)
            self.share = nil
        } else {
            self.share = share
        }
        importfeed_multi_set_long(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, max(1, maxConnections))
        importfeed_multi_set_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, max(1, maxConnectionsPerHost))
        importfeed_multi_set_long(multi, CURLMOPT_PIPELINING, Int(CURLPIPE_MULTIPLEX))
        // The owner thread keeps the engine alive until `shutdown()`.
        let owner = Thread { self.run() }
        owner.name = "importfeed-curl"
        owner.start()
    }

    deinit {
        curl_multi_cleanup(multi)
        if let share { curl_share_cleanup(share) }
    }

    /// Performs one request and returns what came back. Never throws: a failure is in the response.
    public func perform(_ request: ProbeRequest) async -> ProbeResponse {
        await withCheckedContinuation { continuation in
            // The owner thread drains every pending request each time it wakes: only the request that
            // finds the queue empty needs to wake it (one system call for a burst, not one each).
            let accepted = state.withLock { state -> (queued: Bool, first: Bool) in
                guard !state.stopping else { return (false, false) }
                state.pending.append((request, continuation))
                return (true, state.pending.count == 1)
            }
            if accepted.queued {
                if accepted.first { curl_multi_wakeup(multi) }
            } else {
                continuation.resume(returning: ProbeResponse(status: 0, failure: ProbeFailure(
                    kind: .other, code: -1, message: "the link checker has shut down")))
            }
        }
    }

    /// Asks the owner thread to stop once the transfers under way are done (each is bounded by its
    /// timeouts); later requests fail at once. Returns at once — it never blocks the caller's thread,
    /// which may be one of Swift's cooperative threads; the owner thread keeps the engine alive until
    /// it has finished. Call it when done.
    public func shutdown() {
        let first = state.withLock { state -> Bool in
            defer { state.stopping = true }
            return !state.stopping
        }
        guard first else { return }
        curl_multi_wakeup(multi)
    }

    // MARK: - The owner thread

    private func run() {
        var transfers: [UnsafeMutableRawPointer: Transfer] = [:]
        while true {
            let (incoming, stopping) = state.withLock { state -> ([(ProbeRequest, CheckedContinuation<ProbeResponse, Never>)], Bool) in
                defer { state.pending.removeAll() }
                return (state.pending, state.stopping)
            }
            for (request, continuation) in incoming {
                let transfer = Transfer(request: request, continuation: continuation, cookies: share)
                guard let easy = transfer.easy else {
                    transfer.finish(with: CURLE_OUT_OF_MEMORY)
                    continue
                }
                if let refused = transfer.setupFailure {
                    transfer.finish(with: refused)
                    continue
                }
                // A handle the multi handle refuses is answered at once: its caller never waits for ever.
                guard curl_multi_add_handle(multi, easy) == CURLM_OK else {
                    transfer.finish(with: CURLE_FAILED_INIT)
                    continue
                }
                transfers[easy] = transfer
            }
            if stopping && transfers.isEmpty { break }

            var running: Int32 = 0
            curl_multi_perform(multi, &running)
            var queued: Int32 = 0
            while let message = curl_multi_info_read(multi, &queued) {
                guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
                let result = message.pointee.data.result
                curl_multi_remove_handle(multi, easy)
                transfers.removeValue(forKey: easy)?.finish(with: result)
            }
            curl_multi_poll(multi, nil, 0, 1_000, nil)
        }
    }
}

/// curl_global_init, once per process, before any handle.
private enum CurlGlobal {
    static let initialized: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK
}
