import Synchronization

/// Counts the Kafka publications of one `accept` down to zero and then completes it once: with
/// success, or with the first failure. Delivery reports arrive on the producer's poll thread.
final class PublicationOutcome: Sendable {
    private struct State {
        var remaining: Int
        var failure: EventSinkError?
    }

    private let state: Mutex<State>
    private let completion: @Sendable (Result<Void, EventSinkError>) -> Void

    init(count: Int, completion: @escaping @Sendable (Result<Void, EventSinkError>) -> Void) {
        state = Mutex(State(remaining: count))
        self.completion = completion
    }

    /// Records one publication's outcome (nil: delivered or spooled).
    func finish(_ failure: EventSinkError?) {
        let result: Result<Void, EventSinkError>? = state.withLock { state in
            if state.failure == nil { state.failure = failure }
            state.remaining -= 1
            guard state.remaining == 0 else { return nil }
            return state.failure.map { .failure($0) } ?? .success(())
        }
        if let result { completion(result) }
    }
}
