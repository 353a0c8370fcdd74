internal import CCurl
import Foundation
import ImportFeedConfig
import Synchronization

/// Runs HTTP requests concurrently on one libcurl multi handle.
///
/// The multi handle and every easy handle belong to one thread, which waits on the sockets libcurl
/// names (libcurl's socket interface on epoll: a ready socket is handed to libcurl, and no other
/// transfer is polled for it); other threads only queue requests (under a lock) and wake the wait. Connections are reused and HTTP/2
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
    /// The sockets libcurl asks to watch, and its timer; the owner thread's.
    private nonisolated(unsafe) let poller: SocketPoller

    /// - Parameters:
    ///   - maxConnections: connections open at once, in all.
    ///   - maxConnectionsPerHost: connections open at once to one host.
    /// Nil when libcurl cannot be initialised or cannot make a multi handle.
    /// Why libcurl could not be loaded, or nil.
    static var curlProblem: String? { importfeed_curl_problem().map { String(cString: $0) } }

    public init?(maxConnections: Int = 64, maxConnectionsPerHost: Int = 4) {
        guard CurlGlobal.initialized, let poller = SocketPoller(), let multi = importfeed_curl_multi_init() else { return nil }
        self.multi = multi
        self.poller = poller
        let user = Unmanaged.passUnretained(poller).toOpaque()
        guard importfeed_multi_set_socket_callback(multi, { _, socket, what, user, _ in
            guard let user else { return -1 }
            return Unmanaged<SocketPoller>.fromOpaque(user).takeUnretainedValue().watch(socket, what)
        }, user) == CURLM_OK, importfeed_multi_set_timer_callback(multi, { _, timeout, user in
            guard let user else { return -1 }
            Unmanaged<SocketPoller>.fromOpaque(user).takeUnretainedValue().setTimer(milliseconds: timeout)
            return 0
        }, user) == CURLM_OK,
              // The connection limits are promises to the servers: without them, no engine.
              importfeed_multi_set_long(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, max(1, maxConnections)) == CURLM_OK,
              importfeed_multi_set_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, max(1, maxConnectionsPerHost)) == CURLM_OK else {
            importfeed_curl_multi_cleanup(multi)
            return nil
        }
        // HTTP/2 multiplexing is a saving, not a promise: a libcurl without it still runs.
        _ = importfeed_multi_set_long(multi, CURLMOPT_PIPELINING, Int(CURLPIPE_MULTIPLEX))
        let share = importfeed_curl_share_init()
        if let share, importfeed_share_data(share, CURL_LOCK_DATA_COOKIE) != CURLSHE_OK {
            importfeed_curl_share_cleanup(share)
            self.share = nil
        } else {
            self.share = share
        }
        // The owner thread keeps the engine alive until `shutdown()`.
        let owner = Thread { self.run() }
        owner.name = "importfeed-curl"
        owner.start()
    }

    deinit {
        importfeed_curl_multi_cleanup(multi)
        if let share { importfeed_curl_share_cleanup(share) }
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
                if accepted.first { poller.wake() }
            } else {
                continuation.resume(returning: ProbeResponse(status: 0, failure: ProbeFailure(
                    kind: .other, code: -1, message: "the link checker has shut down")))
            }
        }
    }

    /// Takes every job to its verdict (``ProbeRun``) on the owner thread, within the limits of
    /// `settings`, and returns the verdicts in the order of `jobs` — or, given `verdictCount`, that
    /// many verdicts with each job's at its ``ProbeRun/Job/verdictIndex`` (the others unverified,
    /// with no reason).
    /// `progress` is called on the owner thread.
    func run(_ jobs: [ProbeRun.Job], settings: LinkCheckConfiguration, deadline: ContinuousClock.Instant,
             progress: (@Sendable (LinkChecker.Progress) -> Void)?, verdictCount: Int? = nil) async -> [LinkCheckResult] {
        guard !jobs.isEmpty else {
            return Array(repeating: LinkCheckResult.pending, count: verdictCount ?? 0)
        }
        return await withCheckedContinuation { continuation in
            let run = ProbeRun(jobs: jobs, settings: settings, deadline: deadline, progress: progress, verdictCount: verdictCount,
                               continuation: continuation)
            let accepted = state.withLock { state -> (queued: Bool, first: Bool) in
                guard !state.stopping else { return (false, false) }
                let first = state.isEmpty
                state.runs.append(run)
                return (true, first)
            }
            if accepted.queued {
                if accepted.first { poller.wake() }
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
        poller.wake()
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
            guard importfeed_curl_multi_add_handle(multi, easy) == CURLM_OK else {
                transfer.finish(with: CURLE_FAILED_INIT)
                return
            }
            transfers[easy] = transfer
        }
    }

    private func run() {
        let loop = OwnerLoop(multi: multi, share: share)
        var readyFDs = [Int32](repeating: 0, count: 64)
        var readyFlags = [Int32](repeating: 0, count: 64)
        var running: Int32 = 0

        /// Hands every finished transfer its result (after the messages are read: an answer may
        /// start new transfers).
        func finishTransfers() {
            var finished: [(Transfer, CURLcode)] = []
            var queued: Int32 = 0
            while let message = importfeed_curl_multi_info_read(multi, &queued) {
                guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
                importfeed_curl_multi_remove_handle(multi, easy)
                if let transfer = loop.transfers.removeValue(forKey: easy) { finished.append((transfer, message.pointee.data.result)) }
            }
            for (transfer, code) in finished { transfer.finish(with: code) }
        }

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

            if poller.timerExpired() {
                importfeed_multi_timer_expired(multi, &running)
                finishTransfers()
            }
            // Wait until a socket is ready, a wakeup comes, or the earliest timer (libcurl's, a run's)
            // is due; a second at most.
            var wait = poller.millisecondsToTimer ?? 1_000
            if let due = loop.runs.compactMap(\.nextDue).min() {
                wait = min(wait, Int(((due - .now).inSeconds * 1000).rounded(.up)))
            }
            let count = importfeed_poller_wait(poller.descriptor, &readyFDs, &readyFlags, 64, Int32(max(0, min(wait, 1_000))))
            for index in 0..<max(0, Int(count)) {
                if readyFDs[index] == poller.wakeup {
                    importfeed_poller_drain(poller.wakeup)
                } else {
                    importfeed_curl_multi_socket_action(multi, readyFDs[index], readyFlags[index], &running)
                }
            }
            finishTransfers()
            loop.runs.removeAll { $0.isComplete }
        }
    }
}

/// The epoll instance libcurl's sockets are watched on, an eventfd that wakes its waiter, and
/// libcurl's timer. Used by the owner thread only (libcurl's callbacks run on it too); the wakeup
/// is the one thing other threads touch, by writing to the eventfd.
private final class SocketPoller: @unchecked Sendable {
    let descriptor: Int32
    let wakeup: Int32
    /// When libcurl wants to be called back (nil: it has no timer set).
    private var timerDue: ContinuousClock.Instant?

    init?() {
        descriptor = importfeed_poller_create()
        guard descriptor >= 0 else { return nil }
        wakeup = importfeed_poller_wakeup_fd(descriptor)
        guard wakeup >= 0 else {
            close(descriptor)
            return nil
        }
    }

    deinit {
        close(wakeup)
        close(descriptor)
    }

    /// The sockets watched now.
    private var watched: Set<Int32> = []

    /// libcurl's socket callback: watch `socket` for `what`, or stop.
    func watch(_ socket: curl_socket_t, _ what: Int32) -> Int32 {
        let known = watched.contains(socket)
        guard importfeed_poller_watch(descriptor, socket, what, known ? 1 : 0) == 0 else { return -1 }
        if what == CURL_POLL_REMOVE { watched.remove(socket) } else if !known { watched.insert(socket) }
        return 0
    }

    /// libcurl's timer callback: -1 removes the timer, 0 asks to be called at once.
    func setTimer(milliseconds: Int) {
        timerDue = milliseconds < 0 ? nil : .now + .milliseconds(milliseconds)
    }

    /// Whether libcurl's timer is due (it is then cleared: libcurl sets it again as it needs).
    func timerExpired() -> Bool {
        guard let due = timerDue, due <= .now else { return false }
        timerDue = nil
        return true
    }

    var millisecondsToTimer: Int? {
        timerDue.map { max(0, Int((($0 - .now).inSeconds * 1000).rounded(.up))) }
    }

    func wake() { importfeed_poller_wake(wakeup) }
}

/// curl_global_init, once per process, before any handle.
private enum CurlGlobal {
    static let initialized: Bool = importfeed_curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK
}
