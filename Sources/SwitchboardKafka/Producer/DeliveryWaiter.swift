import Synchronization

/// The outcome of one message, for a task that waits for it: the single-record counterpart of
/// `BatchCollector`, without its arrays, since a webhook request usually sends one record.
final class DeliveryWaiter: Sendable {
    private struct State: ~Copyable {
        var result: Result<DeliveryReport, KafkaError>?
        var continuation: CheckedContinuation<Result<DeliveryReport, KafkaError>, Never>?
    }

    private let state = Mutex(State())

    /// Waits for the outcome (returns at once if it already arrived).
    func result() async -> Result<DeliveryReport, KafkaError> {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> Result<DeliveryReport, KafkaError>? in
                if let result = state.result { return result }
                state.continuation = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    /// Records the outcome; only the first call counts.
    func set(_ result: Result<DeliveryReport, KafkaError>) {
        let waiting = state.withLock { state -> CheckedContinuation<Result<DeliveryReport, KafkaError>, Never>? in
            guard state.result == nil else { return nil }
            state.result = result
            defer { state.continuation = nil }
            return state.continuation
        }
        waiting?.resume(returning: result)
    }
}
