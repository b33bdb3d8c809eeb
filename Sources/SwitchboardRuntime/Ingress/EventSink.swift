import Logging
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

    /// The same promise without a task, for callers on an event loop: `completion` is called
    /// exactly once, on any thread, when every event is durably accepted or the sink refused
    /// them. It may be called before this returns. The default runs `accept` in a new task;
    /// the router routes at once and completes from the Kafka delivery reports.
    func accept(_ events: [CallEvent], completion: @escaping @Sendable (Result<Void, EventSinkError>) -> Void)
}

extension EventSink {
    public func accept(_ events: [CallEvent], completion: @escaping @Sendable (Result<Void, EventSinkError>) -> Void) {
        acceptInTask(events, completion: completion)
    }

    /// Runs the async `accept` in a new task and reports its outcome to `completion`.
    func acceptInTask(_ events: [CallEvent], completion: @escaping @Sendable (Result<Void, EventSinkError>) -> Void) {
        Task {
            do throws(EventSinkError) {
                try await accept(events)
                completion(.success(()))
            } catch {
                completion(.failure(error))
            }
        }
    }

    /// Accepts `event`, waiting and retrying (100 ms doubling to 5 s) while the sink refuses:
    /// a live source has no sender to answer 429, so it holds the call's later events instead.
    /// Returns when accepted or when the task is cancelled.
    public func acceptRetrying(_ event: CallEvent, logger: Logger) async {
        var delay: Duration = .milliseconds(100)
        while !Task.isCancelled {
            do {
                try await accept([event])
                return
            } catch {
                logger.warning("routing refused; retrying", metadata: ["event": .string(event.id), "error": .string("\(error)")])
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(5))
            }
        }
    }
}
