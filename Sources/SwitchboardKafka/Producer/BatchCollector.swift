import Synchronization
import SwitchboardEvents

/// One message to send, before it becomes a `PendingMessage`.
struct OutgoingItem: Sendable {
    var record: KafkaRecord
    var event: CallEvent?
    var topic: String
    var mode: ContentMode
    var attempts: Int
}

/// Gathers the results of a batch from delivery-report callbacks and resumes the waiting task
/// once, when the last one arrives (or at once if they all arrived before it waited).
final class BatchCollector: Sendable {
    typealias Results = [Result<DeliveryReport, KafkaError>]

    private struct State: ~Copyable {
        var results: [Result<DeliveryReport, KafkaError>?]
        var remaining: Int
        var continuation: CheckedContinuation<Results, Never>?
    }

    private let state: Mutex<State>

    init(count: Int) {
        state = Mutex(State(results: Array(repeating: nil, count: count), remaining: count, continuation: nil))
    }

    /// Waits until every index has a result.
    func results() async -> Results {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> Results? in
                guard state.remaining == 0 else {
                    state.continuation = continuation
                    return nil
                }
                return state.results.map { $0! }
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    func set(_ index: Int, _ result: Result<DeliveryReport, KafkaError>) {
        let finished = state.withLock { state -> (CheckedContinuation<Results, Never>, Results)? in
            guard state.results[index] == nil else { return nil }
            state.results[index] = result
            state.remaining -= 1
            guard state.remaining == 0, let continuation = state.continuation else { return nil }
            state.continuation = nil
            return (continuation, state.results.map { $0! })
        }
        if let (continuation, results) = finished { continuation.resume(returning: results) }
    }
}
