import ParallelMap
import Synchronization
import Testing

struct ConcurrentMapTests {
    /// Results keep the order of the elements; each worker makes its state once and uses it for
    /// every element it takes, and no more workers are started than asked for.
    @Test func workersEachMakeTheirStateOnceAndResultsKeepTheirOrder() {
        let made = Mutex(0)
        let numbers = Array(0..<500)
        let results = numbers.concurrentMap(workers: 3, perWorker: { () -> (id: Int, uses: Int) in
            let id = made.withLock { count in
                count += 1
                return count
            }
            return (id, 0)
        }) { state, number -> (square: Int, worker: Int, use: Int) in
            state.uses += 1
            return (number * number, state.id, state.uses)
        }
        #expect(results.map(\.square) == numbers.map { $0 * $0 })
        let workers = made.withLock { $0 }
        #expect((1...3).contains(workers))
        // Each worker numbered its uses 1, 2, 3… with no gap: its state was kept between elements.
        for worker in 1...workers {
            let uses = results.filter { $0.worker == worker }.map(\.use).sorted()
            #expect(uses == uses.indices.map { $0 + 1 })
        }
        #expect([Int]().concurrentMap(workers: 2, perWorker: { 0 }) { _, number in number }.isEmpty)
    }

    /// The compacting map gives what a serial `compactMap` gives, and tells each result its
    /// element's offset and the nils right before it — also across the stripes the workers split
    /// the elements into (whole stripes of nils, nils at either end, none at all).
    @Test(arguments: [0, 1, 2, 3, 7])
    func compactingKeepsOrderOffsetsAndTheNilsBeforeEachResult(pattern: Int) {
        let count = 5_000
        // Which elements give nil: a pattern per case, with long runs that span several stripes.
        func givesNil(_ offset: Int) -> Bool {
            switch pattern {
            case 0: false
            case 1: true
            case 2: offset % 3 != 0
            case 3: (offset / 700) % 2 == 0 || offset % 11 == 0
            default: offset < 1_000 || offset > 4_990 || (offset * 7919) % 13 < 4
            }
        }
        struct Placed: Equatable, Sendable {
            // A reference-counted value: results are moved, never copied, so each is released once.
            var value: String
            var offset = -1
            var nilsBefore = -1
        }
        var expected: [Placed] = []
        var nils = 0
        for offset in 0..<count {
            if givesNil(offset) {
                nils += 1
            } else {
                expected.append(Placed(value: "the element at offset \(offset), long enough for the heap", offset: offset, nilsBefore: nils))
                nils = 0
            }
        }
        let placedCalls = Mutex(0)
        for minimumCount in [64, count + 1] {  // spread over the cores, and serial
            placedCalls.withLock { $0 = 0 }
            let results = Array(0..<count).concurrentCompactMap(minimumCount: minimumCount, { offset in
                givesNil(offset) ? nil : Placed(value: "the element at offset \(offset), long enough for the heap")
            }, place: { result, offset, nilsBefore in
                placedCalls.withLock { $0 += 1 }
                result.offset = offset
                result.nilsBefore = nilsBefore
            })
            #expect(results == expected)
            #expect(placedCalls.withLock { $0 } == expected.count, "each result is placed exactly once")
        }
    }
}
