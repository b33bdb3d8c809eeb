import Foundation
import Synchronization

/// Remembers (`source`, `id`) pairs of accepted events for a time window, so a re-delivered
/// event is answered 2xx and produced once.
///
/// Bounded in both time and count: entries older than `window` are forgotten, and beyond
/// `capacity` the oldest are dropped (a duplicate older than that is produced again, which the
/// consumers' own dedup on (`source`, `id`) absorbs).
///
/// Pairs are kept as 128-bit keyed digests, not strings: at a million entries the strings and
/// their hashing were a visible share of the webhook ingest profile. The digest is SipHash with
/// this process's random seed, so a sender cannot craft two ids that collide, and two distinct
/// pairs share a digest with odds of about 10^-27 at full capacity.
public final class DeduplicationWindow: Sendable {
    /// The digest of one (`source`, `id`) pair: computed once per event, then checked and
    /// recorded without hashing the strings again.
    public struct Key: Hashable, Sendable {
        let high: Int
        let low: Int

        /// Two independently salted digests of the pair; the source is length-prefixed by
        /// hashing it as a separate value, so ("ab", "c") and ("a", "bc") differ.
        public init(source: String, id: String) {
            var high = Hasher()
            high.combine(0x5eed_0001 as UInt32)
            high.combine(source)
            high.combine(id)
            var low = Hasher()
            low.combine(0x5eed_0002 as UInt32)
            low.combine(source)
            low.combine(id)
            self.high = high.finalize()
            self.low = low.finalize()
        }
    }

    private struct Entry {
        let key: Key
        let seenAt: Date
    }

    private struct State {
        var seen: Set<Key> = []
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

    /// True when the event was accepted within the window.
    public func contains(source: String, id: String) -> Bool {
        contains(Key(source: source, id: id))
    }

    /// True when the pair with digest `key` was accepted within the window.
    public func contains(_ key: Key) -> Bool {
        let current = now()
        return state.withLock { state in
            Self.expire(&state, before: current.addingTimeInterval(-window))
            return state.seen.contains(key)
        }
    }

    /// Records an accepted event.
    public func insert(source: String, id: String) {
        insert(Key(source: source, id: id))
    }

    /// Records the accepted pair with digest `key`.
    public func insert(_ key: Key) {
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
