import SwitchboardEvents

/// Why a sink could not accept events.
public enum EventSinkError: Error, Sendable, Hashable {
    /// Buffers are full: the caller should retry after the given number of seconds (HTTP 429).
    case saturated(retryAfterSeconds: Int)
    /// The events could be neither delivered nor spooled (HTTP 503).
    case unavailable(reason: String)
}

/// Where accepted events go. `accept` returns only once every event is durably accepted —
/// a Kafka delivery report or a spool write — which is when a webhook may answer 2xx.
public protocol EventSink: Sendable {
    func accept(_ events: [CallEvent]) async throws(EventSinkError)
}
