import Dispatch
import Synchronization

extension RandomAccessCollection where Index == Int, Self: Sendable {
    /// `map`, spread over the machine's cores once the collection is large enough to pay for it.
    /// Results keep the collection's order; each worker initialises its own stripe of the result
    /// in place, so nothing is copied afterwards. `transform` must be safe to call from several
    /// threads at once.
    @inlinable
    public func concurrentMap<Result: Sendable>(minimumCount: Int = 64, _ transform: (Element) -> Result) -> [Result] {
        let total = count
        guard total >= minimumCount else { return map(transform) }
        let stripes = Swift.min(total, 32)
        return [Result](unsafeUninitializedCapacity: total) { buffer, initializedCount in
            nonisolated(unsafe) let base = buffer.baseAddress!
            withoutActuallyEscaping(transform) { transform in
                nonisolated(unsafe) let transform = transform
                DispatchQueue.concurrentPerform(iterations: stripes) { stripe in
                    let lower = total * stripe / stripes
                    let upper = total * (stripe + 1) / stripes
                    for offset in lower..<upper {
                        (base + offset).initialize(to: transform(self[startIndex + offset]))
                    }
                }
            }
            initializedCount = total
        }
    }
}

extension RandomAccessCollection where Index == Int, Self: Sendable {
    /// `compactMap`, spread over the machine's cores once the collection is large enough to pay for
    /// it, that also tells each result where it stood: `place` is called once for every result, with
    /// the offset of its element and how many elements right before it gave nil (counting across
    /// stripes), before the result is returned. Results keep the collection's order.
    ///
    /// Each worker writes its stripe's results where the stripe starts in one buffer, and the runs are
    /// then slid together by moving their bytes: no result is copied, retained or released on the way.
    /// `transform` and `place` must be safe to call from several threads at once.
    @inlinable
    public func concurrentCompactMap<Result: Sendable>(
        minimumCount: Int = 64, _ transform: (Element) -> Result?,
        place: (inout Result, _ offset: Int, _ nilsBefore: Int) -> Void
    ) -> [Result] {
        let total = count
        guard total >= minimumCount else {
            var results: [Result] = []
            var nils = 0
            for offset in 0..<total {
                guard var result = transform(self[startIndex + offset]) else {
                    nils += 1
                    continue
                }
                place(&result, offset, nils)
                nils = 0
                results.append(result)
            }
            return results
        }
        let stripes = Swift.min(total, 32)
        @Sendable func bounds(_ stripe: Int) -> Range<Int> { (total * stripe / stripes)..<(total * (stripe + 1) / stripes) }
        // Per stripe: how many results it made, how many nils opened it (before its first result) and
        // how many closed it (after its last).
        var runs = [(made: Int, leadingNils: Int, trailingNils: Int)](repeating: (0, 0, 0), count: stripes)
        return [Result](unsafeUninitializedCapacity: total) { buffer, initializedCount in
            nonisolated(unsafe) let base = buffer.baseAddress!
            runs.withUnsafeMutableBufferPointer { runs in
                nonisolated(unsafe) let runs = runs
                withoutActuallyEscaping(transform) { transform in
                    withoutActuallyEscaping(place) { place in
                        nonisolated(unsafe) let transform = transform
                        nonisolated(unsafe) let place = place
                        DispatchQueue.concurrentPerform(iterations: stripes) { stripe in
                            let range = bounds(stripe)
                            var made = 0
                            var nils = 0
                            var leadingNils = 0
                            for offset in range {
                                guard var result = transform(self[startIndex + offset]) else {
                                    nils += 1
                                    continue
                                }
                                // The first result's nils may continue those closing earlier stripes:
                                // it is placed once they are known.
                                if made == 0 { leadingNils = nils } else { place(&result, offset, nils) }
                                nils = 0
                                (base + range.lowerBound + made).initialize(to: result)
                                made += 1
                            }
                            runs[stripe] = (made, made == 0 ? nils : leadingNils, made == 0 ? 0 : nils)
                        }
                    }
                }
            }
            // In order: place each stripe's first result, then slide its run down to follow the last.
            var written = 0
            var nilsCarried = 0
            for stripe in 0..<stripes {
                let (made, leadingNils, trailingNils) = runs[stripe]
                let start = bounds(stripe).lowerBound
                guard made > 0 else {
                    nilsCarried += leadingNils
                    continue
                }
                place(&base[start], start + leadingNils, nilsCarried + leadingNils)
                if written != start { (base + written).moveInitialize(from: base + start, count: made) }
                written += made
                nilsCarried = trailingNils
            }
            initializedCount = written
        }
    }
}

extension RandomAccessCollection where Index == Int, Self: Sendable {
    /// `map` over a few costly elements, handed out one at a time to one worker per core, so that
    /// no core idles while another still has a queue. Each worker makes its own `State` once
    /// (`makeState`) and passes it to every `transform` it runs: state that must not cross threads
    /// (a C library's contexts) stays with its worker. Results keep the collection's order.
    @inlinable
    public func concurrentMap<State, Result: Sendable>(
        workers: Int, perWorker makeState: () -> State, _ transform: (inout State, Element) -> Result
    ) -> [Result] {
        let total = count
        let workerCount = Swift.max(1, Swift.min(workers, total))
        let next = Atomic<Int>(0)
        return [Result](unsafeUninitializedCapacity: total) { buffer, initializedCount in
            nonisolated(unsafe) let base = buffer.baseAddress
            withoutActuallyEscaping(makeState) { makeState in
                withoutActuallyEscaping(transform) { transform in
                    nonisolated(unsafe) let makeState = makeState
                    nonisolated(unsafe) let transform = transform
                    DispatchQueue.concurrentPerform(iterations: workerCount) { _ in
                        var state = makeState()
                        while true {
                            let offset = next.wrappingAdd(1, ordering: .relaxed).oldValue
                            guard offset < total else { break }
                            (base! + offset).initialize(to: transform(&state, self[startIndex + offset]))
                        }
                    }
                }
            }
            initializedCount = total
        }
    }
}
