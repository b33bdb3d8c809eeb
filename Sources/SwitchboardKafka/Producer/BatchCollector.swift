import Synchronization

/// Gathers the results of a batch from delivery-report callbacks and resumes the waiting task
/// once, when the last one arrives.
final class BatchCollector: Sendable {
    private struct State: ~Copyable {
        var results: [Result<DeliveryReport, KafkaError>?]
        var remaining: Int
        var continuation: CheckedContinuation<[Result<DeliveryReport, KafkaError>], Never>?
    }

    private let state: Mutex<State>

    init(count: Int) {
        state = Mutex(State(results: Array(repeating: nil, count: count), remaining: count, continuation: nil))
    }

    func onComplete(_ continuation: CheckedContinuation<[Result<DeliveryReport, KafkaError>], Never>) {
        state.withLock { $0.continuation = continuation }
    }

    func set(_ index: Int, _ result: Result<DeliveryReport, KafkaError>) {
        let finished = state.withLock { state -> (CheckedContinuation<[Result<DeliveryReport, KafkaError>], Never>, [Result<DeliveryReport, KafkaError>])? in
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
