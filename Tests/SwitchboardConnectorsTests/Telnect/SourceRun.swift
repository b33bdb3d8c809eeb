import SwitchboardConnectors
import SwitchboardEvents
import Synchronization

/// Runs a `CallEventSource` in the background the way the runtime does, and records what it
/// hands to its output: events, state changes and skipped records.
final class SourceRun: Sendable {
    private let events = Mutex<[CallEvent]>([])
    private let states = Mutex<[SourceConnectionState]>([])
    private let skips = Mutex<[(reason: String, detail: String)]>([])
    private let task = Mutex<Task<Void, any Error>?>(nil)

    init(_ source: any CallEventSource) {
        let output = CallEventSourceOutput(
            emit: { [self] batch in self.events.withLock { $0 += batch } },
            state: { [self] state in self.states.withLock { $0.append(state) } },
            skipped: { [self] reason, detail in self.skips.withLock { $0.append((reason, detail)) } }
        )
        task.withLock { $0 = Task { try await source.run(output: output) } }
    }

    var emitted: [CallEvent] { events.withLock { $0 } }
    var stateChanges: [SourceConnectionState] { states.withLock { $0 } }
    var skipReasons: [String] { skips.withLock { $0.map(\.reason) } }
    var skipDetails: [String] { skips.withLock { $0.map(\.detail) } }

    var connections: Int {
        stateChanges.filter { if case .connected = $0 { return true } else { return false } }.count
    }

    /// The `platformState` sequence of one call, in emission order.
    func states(of callId: String) -> [String] {
        emitted.filter { $0.data.callId == callId }.map(\.data.platformState)
    }

    /// Cancels the source and waits until `run` returned.
    func stop() async throws {
        let running = task.withLock { $0 }
        running?.cancel()
        _ = await running?.result
    }
}
