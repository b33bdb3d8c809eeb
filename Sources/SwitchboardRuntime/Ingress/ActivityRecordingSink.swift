import SwitchboardEvents

/// A webhook route's sink that also reports to the activity board, so webhook routes appear on
/// the status page beside live sources (last event time, events accepted). Counts only what the
/// wrapped sink accepted.
struct ActivityRecordingSink: EventSink {
    let wrapped: any EventSink
    let activity: SourceActivityBoard
    let name: String

    func accept(_ events: [CallEvent]) async throws(EventSinkError) {
        try await wrapped.accept(events)
        activity.recordEvents(name, count: events.count)
    }

    func accept(_ events: [CallEvent], completion: @escaping @Sendable (Result<Void, EventSinkError>) -> Void) {
        wrapped.accept(events) { [activity, name] result in
            if case .success = result { activity.recordEvents(name, count: events.count) }
            completion(result)
        }
    }
}
