internal import CCurl
import Foundation
import ImportFeedConfig
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
        var runs: [ProbeRun] = []
        var stopping = false

        var isEmpty: Bool { pending.isEmpty && runs.isEmpty }
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
                let first = state.isEmpty
                state.pending.append((request, continuation))
                return (true, first)
            }
            if accepted.queued {
                if accepted.first { curl_multi_wakeup(multi) }
            } else {
                continuation.resume(returning: ProbeResponse(status: 0, failure: ProbeFailure(
                    kind: .other, code: -1, message: "the link checker has shut down")))
            }
        }
    }

    /// Takes every job to its verdict (``ProbeRun``) on the owner thread, within the limits of
    /// `settings`, and returns the verdicts in the order of `jobs`. `progress` is called on the owner
    /// thread.
    func run(_ jobs: [ProbeRun.Job], settings: LinkCheckConfiguration, deadline: ContinuousClock.Instant,
             progress: (@Sendable (LinkChecker.Progress) -> Void)?) async -> [LinkCheckResult] {
        guard !jobs.isEmpty else { return [] }
        return await withCheckedContinuation { continuation in
            let run = ProbeRun(jobs: jobs, settings: settings, deadline: deadline, progress: progress, continuation: continuation)
            let accepted = state.withLock { state -> (queued: Bool, first: Bool) in
                guard !state.stopping else { return (false, false) }
                let first = state.isEmpty
                state.runs.append(run)
                return (true, first)
            }
            if accepted.queued {
                if accepted.first { curl_multi_wakeup(multi) }
            } else {
                run.abandon("the link checker has shut down")
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

    /// What only the owner thread touches: the transfers under way and the runs it drives.
    final class OwnerLoop {
        private let multi: UnsafeMutableRawPointer
        private let share: UnsafeMutableRawPointer?
        fileprivate var transfers: [UnsafeMutableRawPointer: Transfer] = [:]
        fileprivate var runs: [ProbeRun] = []

        fileprivate init(multi: UnsafeMutableRawPointer, share: UnsafeMutableRawPointer?) {
            self.multi = multi
            self.share = share
        }

        /// Starts `request`; `onFinish` gets its response on this thread (at once when the handle
        /// cannot be set up or added: no caller ever waits for ever).
        func start(_ request: ProbeRequest, onFinish: @escaping (ProbeResponse) -> Void) {
            let transfer = Transfer(request: request, cookies: share, onFinish: onFinish)
            guard let easy = transfer.easy else {
                transfer.finish(with: CURLE_OUT_OF_MEMORY)
                return
            }
            if let refused = transfer.setupFailure {
                transfer.finish(with: refused)
                return
            }
            guard curl_multi_add_handle(multi, easy) == CURLM_OK else {
                transfer.finish(with: CURLE_FAILED_INIT)
                return
            }
            transfers[easy] = transfer
        }
    }

    private func run() {
        let loop = OwnerLoop(multi: multi, share: share)
        while true {
            let (incoming, newRuns, stopping) = state.withLock { state in
                defer {
                    state.pending.removeAll()
                    state.runs.removeAll()
                }
                return (state.pending, state.runs, state.stopping)
            }
            for (request, continuation) in incoming {
                loop.start(request) { continuation.resume(returning: $0) }
            }
            for run in newRuns {
                loop.runs.append(run)
                run.begin(on: loop)
            }
            for run in loop.runs { run.fireTimers(on: loop) }
            loop.runs.removeAll { $0.isComplete }
            if stopping && loop.transfers.isEmpty {
                // Runs still waiting on timers end now: the engine is going away.
                for run in loop.runs { run.abandon("the link checker has shut down") }
                break
            }

            var running: Int32 = 0
            curl_multi_perform(multi, &running)
            var finished: [(Transfer, CURLcode)] = []
            var queued: Int32 = 0
            while let message = curl_multi_info_read(multi, &queued) {
                guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
                curl_multi_remove_handle(multi, easy)
                if let transfer = loop.transfers.removeValue(forKey: easy) { finished.append((transfer, message.pointee.data.result)) }
            }
            // Reported after the messages are read: a run's answer may start new transfers.
            for (transfer, code) in finished { transfer.finish(with: code) }
            loop.runs.removeAll { $0.isComplete }

            // Sleep until a socket is ready, a wakeup comes, or the earliest timer is due (a second at most).
            var wait = 1_000
            if let due = loop.runs.compactMap(\.nextDue).min() {
                wait = max(0, min(wait, Int(((due - .now).inSeconds * 1000).rounded(.up))))
            }
            curl_multi_poll(multi, nil, 0, Int32(wait), nil)
        }
    }
}

/// curl_global_init, once per process, before any handle.
private enum CurlGlobal {
    static let initialized: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK
}
