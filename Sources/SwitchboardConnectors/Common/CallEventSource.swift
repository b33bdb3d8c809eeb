import SwitchboardEvents

/// A connection's state as a live source reports it; drives `/readyz`, the
/// `switchboard_source_connected` gauge, the reconnect counter and the status page.
public enum SourceConnectionState: Sendable, Equatable {
    /// Not connected yet (first attempt under way).
    case connecting
    /// Connected and subscribed; `detail` says to what (shown on `/readyz` and the status page).
    case connected(detail: String)
    /// Lost or refused; the source is retrying by itself. `reason` never carries a credential.
    case disconnected(reason: String)
}

/// Where a live source hands its results. Built by the runtime; sources only call it.
public struct CallEventSourceOutput: Sendable {
    /// Hands normalized events to the router, in order. Returns once they are queued for routing
    /// (events of one call keep their order); waits while the router's buffers are full, which is
    /// the backpressure a source should pass on to its platform (stop reading).
    public let emit: @Sendable ([CallEvent]) async -> Void
    /// Hands normalized events to the router and returns only once every one is durably
    /// accepted (Kafka acknowledged it or it was written to the spool) — for sources that
    /// persist a position, such as a poller's checkpoint, and may move it only after that.
    /// Waits while the router is saturated; throws when the events were not accepted (some may
    /// have been published: event ids are stable, so consumers deduplicate a re-delivery).
    /// Events of one `deliver` call are routed in order; a source awaits one call before the next.
    public let deliver: @Sendable ([CallEvent]) async throws(CallEventDeliveryError) -> Void
    /// Reports a change of connection state.
    public let state: @Sendable (SourceConnectionState) -> Void
    /// Reports a record that was received but could not be used (malformed, unknown shape): it is
    /// counted by reason and logged, and the source carries on.
    public let skipped: @Sendable (_ reason: String, _ detail: String) -> Void

    /// - Parameter deliver: the durable path; when `nil` (outputs built for tests of
    ///   stream sources), `deliver` falls back to `emit`, which only queues.
    public init(
        emit: @escaping @Sendable ([CallEvent]) async -> Void,
        state: @escaping @Sendable (SourceConnectionState) -> Void,
        skipped: @escaping @Sendable (_ reason: String, _ detail: String) -> Void,
        deliver: (@Sendable ([CallEvent]) async throws(CallEventDeliveryError) -> Void)? = nil
    ) {
        self.emit = emit
        self.deliver = deliver ?? { events in await emit(events) }
        self.state = state
        self.skipped = skipped
    }
}

/// A platform connection that produces normalized call events: a WebSocket stream, a poller.
///
/// The runtime wraps each one in a service (readiness, metrics, per-call ordered routing,
/// restart with backoff when `run` throws); the source owns its protocol, its reconnects and its
/// gap filling.
public protocol CallEventSource: Sendable {
    /// `platform:instance` (`telnect:main`): the metrics label, readiness component and log tag.
    var componentName: String { get }

    /// Connects and delivers events until the task is cancelled, reconnecting by itself.
    /// Returns when cancelled; throws only for a failure it cannot recover from by retrying
    /// (the runtime then restarts it after a backoff).
    func run(output: CallEventSourceOutput) async throws
}
