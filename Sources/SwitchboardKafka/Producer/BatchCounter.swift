import Synchronization

/// Counts the outcomes of a batch of raw records without keeping a report per message: the
/// cheapest completion, for `sendRecords`. The poll thread only touches atomics; the lock is
/// taken once, by whoever finishes last between the waiter and the final delivery report.
final class BatchCounter: Sendable {
    private let remaining: Atomic<Int>
    private let delivered = Atomic<Int>(0)
    private let waiter = Mutex<(finished: Bool, continuation: CheckedContinuation<Int, Never>?)>((false, nil))

    init(count: Int) {
        remaining = Atomic(count)
    }

    func record(delivered wasDelivered: Bool) {
        if wasDelivered { delivered.add(1, ordering: .relaxed) }
        // Acquiring-and-releasing so the last decrement sees every `delivered` increment.
        guard remaining.subtract(1, ordering: .acquiringAndReleasing).newValue == 0 else { return }
        let continuation = waiter.withLock { state -> CheckedContinuation<Int, Never>? in
            state.finished = true
            defer { state.continuation = nil }
            return state.continuation
        }
        continuation?.resume(returning: delivered.load(ordering: .relaxed))
    }

    /// Waits until every message is reported and returns how many Kafka acknowledged.
    func deliveredCount() async -> Int {
        await withCheckedContinuation { continuation in
            let finished = waiter.withLock { state -> Bool in
                if state.finished { return true }
                state.continuation = continuation
                return false
            }
            if finished { continuation.resume(returning: delivered.load(ordering: .relaxed)) }
        }
    }
}
