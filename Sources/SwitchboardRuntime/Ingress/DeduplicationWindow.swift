import Foundation
import Synchronization

/// Remembers (`source`, `id`) pairs of accepted events for a time window, so a re-delivered
/// event is answered 2xx and produced once.
///
/// Bounded in both time and count: entries older than `window` are forgotten, and beyond
/// `capacity` the oldest are dropped (a duplicate older than that is produced again, which the
/// consumers' own dedup on (`source`, `id`) absorbs).
public final class DeduplicationWindow: Sendable {
    private struct Entry {
        let key: String
        let seenAt: Date
    }

    private struct State {
        var seen: Set<String> = []
        var order: [Entry] = []
        var head = 0
    }

    private let state = Mutex(State())
    private let window: TimeInterval
    private let capacity: Int
    private let now: @Sendable () -> Date

    public init(window: TimeInterval = 600, capacity: Int = 1_000_000, now: @escaping @Sendable () -> Date = Date.init) {
        self.window = window
        self.capacity = capacity
        self.now = now
    }

    static func key(source: String, id: String) -> String { "\(source.utf8.count):\(source)\(id)" }

    /// True when the event was accepted within the window.
    public func contains(source: String, id: String) -> Bool {
        let key = Self.key(source: source, id: id)
        let current = now()
        return state.withLock { state in
            Self.expire(&state, before: current.addingTimeInterval(-window))
            return state.seen.contains(key)
        }
    }

    /// Records an accepted event.
    public func insert(source: String, id: String) {
        let key = Self.key(source: source, id: id)
        let current = now()
        state.withLock { state in
            Self.expire(&state, before: current.addingTimeInterval(-window))
            guard state.seen.insert(key).inserted else { return }
            state.order.append(Entry(key: key, seenAt: current))
            while state.seen.count > capacity { Self.dropOldest(&state) }
        }
    }

    public var count: Int { state.withLock { $0.seen.count } }

    private static func expire(_ state: inout State, before cutoff: Date) {
        while state.head < state.order.count, state.order[state.head].seenAt < cutoff { dropOldest(&state) }
    }

    private static func dropOldest(_ state: inout State) {
        guard state.head < state.order.count else { return }
        state.seen.remove(state.order[state.head].key)
        state.head += 1
        // Compact the queue once the consumed prefix dominates, keeping memory bounded.
        if state.head > 1024, state.head * 2 > state.order.count {
            state.order.removeFirst(state.head)
            state.head = 0
        }
    }
}
