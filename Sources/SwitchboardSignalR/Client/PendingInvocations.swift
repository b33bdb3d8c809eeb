import SwitchboardEvents
import Synchronization

/// Invocations waiting for their Completion, with deadlines swept by the connection monitor.
final class PendingInvocations: Sendable {
    typealias Waiter = CheckedContinuation<Result<JSONValue?, SignalRError>, Never>

    private struct Entry {
        var waiter: Waiter
        var deadline: ContinuousClock.Instant
        var target: String
    }

    private let entries = Mutex<[String: Entry]>([:])
    private let counter = Atomic<Int>(0)

    func nextId() -> String {
        String(counter.add(1, ordering: .relaxed).newValue)
    }

    func register(_ id: String, target: String, deadline: ContinuousClock.Instant, waiter: Waiter) {
        entries.withLock { $0[id] = Entry(waiter: waiter, deadline: deadline, target: target) }
    }

    /// Resumes the waiter of `id`; returns `false` when nobody waits for it.
    @discardableResult
    func resolve(_ id: String, _ result: Result<JSONValue?, SignalRError>) -> Bool {
        guard let entry = entries.withLock({ $0.removeValue(forKey: id) }) else { return false }
        entry.waiter.resume(returning: result)
        return true
    }

    /// Fails every invocation whose deadline has passed.
    func expire(now: ContinuousClock.Instant) {
        let expired = entries.withLock { entries -> [Entry] in
            let ids = entries.filter { $0.value.deadline <= now }.map(\.key)
            return ids.compactMap { entries.removeValue(forKey: $0) }
        }
        for entry in expired {
            entry.waiter.resume(returning: .failure(SignalRError(.invocationTimedOut, "no Completion for '\(entry.target)' in time")))
        }
    }

    /// Fails everything (connection lost, stopped).
    func failAll(_ error: SignalRError) {
        let all = entries.withLock { entries -> [Entry] in
            defer { entries = [:] }
            return Array(entries.values)
        }
        for entry in all { entry.waiter.resume(returning: .failure(error)) }
    }

    var count: Int { entries.withLock { $0.count } }
}
