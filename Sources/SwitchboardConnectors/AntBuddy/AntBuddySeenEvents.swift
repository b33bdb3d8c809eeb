import Synchronization
import SwitchboardEvents

/// What the signal source already emitted, so history read after a reconnect adds only what the
/// live stream missed. Bounded: the oldest entries are forgotten beyond `capacity`.
final class AntBuddySeenEvents: Sendable {
    private struct State {
        var eventIds: BoundedSet
        /// Calls whose end (a live `ended`/`failed` signal or a history record) was emitted.
        var endedCalls: BoundedSet
    }

    private let state: Mutex<State>

    init(capacity: Int) {
        state = Mutex(State(eventIds: BoundedSet(capacity: capacity), endedCalls: BoundedSet(capacity: capacity)))
    }

    /// The live events not emitted before (a re-sent frame gives the same ids).
    func admitLive(_ events: [CallEvent]) -> [CallEvent] {
        state.withLock { state in
            events.filter { event in
                guard state.eventIds.insert(event.id) else { return false }
                if event.data.state == .ended || event.data.state == .failed { _ = state.endedCalls.insert(event.data.callId) }
                return true
            }
        }
    }

    /// The history records whose event was not emitted before and whose call did not already end
    /// on the live stream (the record would only repeat that end).
    func admitHistory(_ events: [CallEvent]) -> [CallEvent] {
        state.withLock { state in
            events.filter { event in
                guard !state.endedCalls.contains(event.data.callId), state.eventIds.insert(event.id) else { return false }
                _ = state.endedCalls.insert(event.data.callId)
                return true
            }
        }
    }
}
