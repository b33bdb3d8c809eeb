import Synchronization
import SwitchboardEvents
import SwitchboardRuntime

/// An `EventSink` that keeps what it accepted, or refuses as told: the tests' view of what
/// the ingress hands on. (The Kafka-backed sink has its own end-to-end tests.)
final class CollectingSink: EventSink {
    enum Mode: Sendable {
        case accept
        /// Accepts after a delay, as a Kafka delivery report would.
        case acceptAfter(Duration)
        case saturated(retryAfterSeconds: Int)
        case unavailable
    }

    private let state = Mutex<(mode: Mode, events: [CallEvent])>((.accept, []))

    var events: [CallEvent] { state.withLock { $0.events } }

    func setMode(_ mode: Mode) {
        state.withLock { $0.mode = mode }
    }

    func accept(_ events: [CallEvent]) async throws(EventSinkError) {
        let mode = state.withLock { $0.mode }
        switch mode {
        case .accept: state.withLock { $0.events.append(contentsOf: events) }
        case .acceptAfter(let delay):
            try? await Task.sleep(for: delay)
            state.withLock { $0.events.append(contentsOf: events) }
        case .saturated(let seconds): throw .saturated(retryAfterSeconds: seconds)
        case .unavailable: throw .unavailable(reason: "test sink refuses")
        }
    }
}
