import Dispatch

extension RandomAccessCollection where Index == Int, Self: Sendable {
    /// `map`, spread over the machine's cores once the collection is large enough to pay for it.
    /// Results keep the collection's order.
    func concurrentMap<Result: Sendable>(minimumCount: Int = 64, _ transform: (Element) -> Result) -> [Result] {
        guard count >= minimumCount else { return map(transform) }
        let stripes = Swift.min(count, 32)
        var stripeResults = [[Result]](repeating: [], count: stripes)
        stripeResults.withUnsafeMutableBufferPointer { slots in
            let base = slots.baseAddress!
            nonisolated(unsafe) let unsafeBase = base
            withoutActuallyEscaping(transform) { transform in
                nonisolated(unsafe) let transform = transform
                DispatchQueue.concurrentPerform(iterations: stripes) { stripe in
                    let lower = startIndex + count * stripe / stripes
                    let upper = startIndex + count * (stripe + 1) / stripes
                    // Each stripe writes only its own slot.
                    unsafeBase[stripe] = (lower..<upper).map { transform(self[$0]) }
                }
            }
        }
        return stripeResults.flatMap { $0 }
    }
}
