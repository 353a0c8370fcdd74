import Foundation
import ImportFeedConfig

/// Many links taken to their verdicts on the engine's owner thread: each link's ``ProbePolicy`` says
/// what to send and when, ``HostSlots`` says when it may go, and nothing waits as a suspended task —
/// a 20,000-link audit is one continuation, not 20,000 tasks and 40,000 actor hops.
///
/// Created by the caller, then handed to the engine (under its lock) and touched only by the owner
/// thread until it resumes its continuation with every verdict, each at its job's index (or the one the job names). Only so
/// many links are under way at once (twice the total limit, and a few more), taken in the order
/// given, which the caller interleaves by host.
final class ProbeRun: @unchecked Sendable {
    /// One address to take to its verdict.
    struct Job: Sendable {
        var address: LinkAddress
        /// Body bytes kept (0 to probe; more to read a page's title).
        var bodyLimit = 0
        /// Where its verdict goes among the verdicts handed back; nil: at the job's own index.
        var verdictIndex: Int?
    }

    private let jobs: [Job]
    private let settings: LinkCheckConfiguration
    private let deadline: ContinuousClock.Instant
    private let progress: (@Sendable (LinkChecker.Progress) -> Void)?
    private let continuation: CheckedContinuation<[LinkCheckResult], Never>
    private let interval: Duration
    private let maxActive: Int

    /// The policies of the links under way (a few hundred at most, however many jobs: a policy is
    /// hundreds of bytes, and an array of 20,000 of them megabytes).
    private var policies: [Int: ProbePolicy] = [:]
    /// When each link under way started; nil before it starts and once it has its verdict.
    private var started: [ContinuousClock.Instant?]
    /// The verdicts, in the order of the jobs (a placeholder until a link has its own), handed back
    /// as they are: not copied.
    private var results: [LinkCheckResult]
    private let verdictCount: Int
    /// The request each link under way has to send next, while it waits for a slot or a timer.
    private var waiting: [Int: ProbeRequest] = [:]
    private var slots: HostSlots<Int>
    private var timers = TimerQueue()
    private var nextStart: [String: ContinuousClock.Instant] = [:]
    private var nextJob = 0
    private var active = 0
    private var finished = 0
    private var resumed = false
    private var reported: ContinuousClock.Instant?
    /// Set while ``startJobs(on:)`` runs: a link that ends at once (its deadline passed) starts the
    /// next from the same loop, not from a nested call.
    private var starting = false

    init(jobs: [Job], settings: LinkCheckConfiguration, deadline: ContinuousClock.Instant,
         progress: (@Sendable (LinkChecker.Progress) -> Void)?, verdictCount: Int? = nil,
         continuation: CheckedContinuation<[LinkCheckResult], Never>) {
        self.jobs = jobs
        self.settings = settings
        self.deadline = deadline
        self.progress = progress
        self.continuation = continuation
        interval = .milliseconds(Int(max(0, settings.hostRequestInterval) * 1000))
        maxActive = max(1, settings.maxConcurrency) * 2 + max(1, settings.hostConcurrency)
        started = Array(repeating: nil, count: jobs.count)
        self.verdictCount = verdictCount ?? jobs.count
        results = Array(repeating: LinkCheckResult.pending, count: self.verdictCount)
        slots = HostSlots(maxTotal: settings.maxConcurrency, maxPerHost: settings.hostConcurrency)
    }

    /// Whether every verdict has been handed back.
    var isComplete: Bool { resumed }

    /// When the next timer is due, if any.
    var nextDue: ContinuousClock.Instant? { timers.first?.due }

    /// Every link answered at once with `reason` (the engine has shut down).
    func abandon(_ reason: String) {
        guard !resumed else { return }
        resumed = true
        continuation.resume(returning: Array(repeating: LinkCheckResult(verdict: .unverified, status: 0, reason: reason, requests: 0),
                                             count: verdictCount))
    }

    // MARK: - On the owner thread

    /// Starts the first links.
    func begin(on loop: CurlMultiEngine.OwnerLoop) {
        startJobs(on: loop)
    }

    /// Sends what the timers due by now release.
    func fireTimers(on loop: CurlMultiEngine.OwnerLoop) {
        let now = ContinuousClock.now
        while let timer = timers.first, timer.due <= now {
            _ = timers.pop()
            if timer.holdsSlot {
                send(timer.index, on: loop)
            } else {
                requestSlot(timer.index, on: loop)
            }
        }
        admitWaiting(on: loop)
    }

    private func startJobs(on loop: CurlMultiEngine.OwnerLoop) {
        guard !starting else { return }
        starting = true
        defer { starting = false }
        while active < maxActive, nextJob < jobs.count {
            let index = nextJob
            nextJob += 1
            active += 1
            let now = ContinuousClock.now
            started[index] = now
            var policy = ProbePolicy(address: jobs[index].address, settings: settings,
                                     secondsToDeadline: (deadline - now).inSeconds, bodyLimit: jobs[index].bodyLimit)
            let step = policy.start()
            policies[index] = policy
            handle(step, for: index, on: loop)
        }
        if finished == jobs.count, !resumed {
            resumed = true
            let verdicts = results
            results = []
            started = []
            continuation.resume(returning: verdicts)
        }
    }

    private func handle(_ step: ProbePolicy.Step, for index: Int, on loop: CurlMultiEngine.OwnerLoop) {
        switch step {
        case .verdict(var result):
            let now = ContinuousClock.now
            result.seconds = started[index].map { (now - $0).inSeconds } ?? 0
            started[index] = nil
            results[jobs[index].verdictIndex ?? index] = result
            policies[index] = nil
            waiting[index] = nil
            active -= 1
            finished += 1
            report(now: now)
            startJobs(on: loop)
        case .send(let request, let wait):
            waiting[index] = request
            if wait > 0 {
                timers.push(.init(due: .now + .milliseconds(Int(wait * 1000)), index: index, holdsSlot: false))
            } else {
                requestSlot(index, on: loop)
            }
        }
    }

    private func requestSlot(_ index: Int, on loop: CurlMultiEngine.OwnerLoop) {
        guard let policy = policies[index] else { return }
        if slots.takeIfFree(host: policy.currentHost) {
            launch(index, on: loop)
        } else {
            slots.enqueue(index, host: policy.currentHost, followUp: policy.requestsSent > 0)
        }
    }

    private func admitWaiting(on loop: CurlMultiEngine.OwnerLoop) {
        while let (_, index) = slots.admit() { launch(index, on: loop) }
    }

    /// Sends a link's request in the slot it holds, once its host's interval allows.
    private func launch(_ index: Int, on loop: CurlMultiEngine.OwnerLoop) {
        if interval > .zero, let host = policies[index]?.currentHost {
            let now = ContinuousClock.now
            let start = max(now, nextStart[host] ?? now)
            nextStart[host] = start + interval
            if start > now {
                timers.push(.init(due: start, index: index, holdsSlot: true))
                return
            }
        }
        send(index, on: loop)
    }

    private func send(_ index: Int, on loop: CurlMultiEngine.OwnerLoop) {
        guard let request = waiting.removeValue(forKey: index), let policy = policies[index], let begun = started[index] else { return }
        // The wait for a slot may have outlasted the run's deadline or the link's budget: then the
        // request never goes out, and the slot is free again.
        if let expired = policy.expiry(at: (ContinuousClock.now - begun).inSeconds) {
            slots.release(host: policy.currentHost)
            handle(.verdict(expired), for: index, on: loop)
            admitWaiting(on: loop)
            return
        }
        loop.start(request) { [self] response in receive(response, for: index, on: loop) }
    }

    private func receive(_ response: ProbeResponse, for index: Int, on loop: CurlMultiEngine.OwnerLoop) {
        guard let host = policies[index]?.currentHost, let begun = started[index] else { return }
        slots.release(host: host)
        let step = policies[index]!.next(after: response, elapsed: (ContinuousClock.now - begun).inSeconds, now: Date())
        handle(step, for: index, on: loop)
        admitWaiting(on: loop)
    }

    /// The first report, the last, and between them at most ten a second.
    private func report(now: ContinuousClock.Instant) {
        guard let progress, finished == jobs.count || reported.map({ now - $0 >= .milliseconds(100) }) ?? true else { return }
        reported = now
        var oldest: (index: Int, since: ContinuousClock.Instant)?
        for (index, start) in started.enumerated() {
            guard let start else { continue }
            if oldest.map({ start < $0.since }) ?? true { oldest = (index, start) }
        }
        progress(LinkChecker.Progress(done: finished, total: jobs.count,
                                      slowestPending: oldest.map { (jobs[$0.index].address.url, (now - $0.since).inSeconds) }))
    }
}

/// Timers of a ``ProbeRun``, earliest first: a binary heap.
struct TimerQueue {
    struct Timer {
        var due: ContinuousClock.Instant
        var index: Int
        /// Whether the link already holds its slot (waiting for its host's interval) rather than
        /// waiting to ask for one (a retry's pause).
        var holdsSlot: Bool
    }

    private var heap: [Timer] = []

    var first: Timer? { heap.first }

    mutating func push(_ timer: Timer) {
        heap.append(timer)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].due < heap[parent].due else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> Timer? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let top = heap.removeLast()
        var parent = 0
        while true {
            let left = parent * 2 + 1, right = left + 1
            var smallest = parent
            if left < heap.count, heap[left].due < heap[smallest].due { smallest = left }
            if right < heap.count, heap[right].due < heap[smallest].due { smallest = right }
            guard smallest != parent else { break }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
        return top
    }
}
