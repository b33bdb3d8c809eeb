import Synchronization

/// Runs jobs of the same key one after another, in submission order, while jobs of different
/// keys run concurrently: the per-call ordering of platform actions.
///
/// Bounded: at most `capacity` jobs are queued or running; `submit` refuses beyond that so the
/// caller can push back (HTTP 429) instead of growing memory without limit.
public final class PerKeySerialQueue: Sendable {
    private struct State {
        var tails: [String: (id: Int, task: Task<Void, Never>)] = [:]
        var nextID = 0
        var pending = 0
    }

    private let state = Mutex(State())
    public let capacity: Int

    public init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    /// Jobs queued or running.
    public var pending: Int { state.withLock { $0.pending } }

    /// Queues `job` behind the earlier jobs of `key`. Returns false (and runs nothing) when full.
    @discardableResult
    public func submit(key: String, _ job: @escaping @Sendable () async -> Void) -> Bool {
        state.withLock { state -> Bool in
            guard state.pending < capacity else { return false }
            state.pending += 1
            state.nextID += 1
            let id = state.nextID
            let previous = state.tails[key]?.task
            let task = Task {
                await previous?.value
                await job()
                self.finished(key: key, id: id)
            }
            state.tails[key] = (id, task)
            return true
        }
    }

    /// Waits until every job submitted so far has finished (used by graceful shutdown).
    public func drain() async {
        while true {
            let tasks = state.withLock { $0.tails.values.map(\.task) }
            if tasks.isEmpty { return }
            for task in tasks { await task.value }
        }
    }

    private func finished(key: String, id: Int) {
        state.withLock { state in
            state.pending -= 1
            // Forget the key once its last job is done, so idle calls hold no memory.
            if state.tails[key]?.id == id { state.tails.removeValue(forKey: key) }
        }
    }
}
