import Foundation
import Synchronization
import SwitchboardConnectors

/// What each live source has been doing, for the status page and `/readyz` details: state,
/// last event time, counts. Written by the source services, read by HTTP handlers.
public final class SourceActivityBoard: Sendable {
    /// One source's activity.
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var state: SourceConnectionState
        /// When `state` last changed.
        public var stateSince: Date
        public var lastEventAt: Date?
        public var eventsReceived: Int
        /// Times the source connected again after having been connected.
        public var reconnects: Int
        public var skippedRecords: Int
        public var hasConnected: Bool

        mutating func record(events count: Int, at time: Date) {
            eventsReceived += count
            lastEventAt = time
        }
    }

    private let entries = Mutex<[String: Entry]>([:])

    public init() {}

    /// Registers `name` (idempotent) so it is listed before its first event.
    public func register(_ name: String) {
        entries.withLock { entries in
            if entries[name] == nil { entries[name] = Self.newEntry(name) }
        }
    }

    /// Records a state change; returns true when it is a reconnect (connected after a loss).
    /// A source that counts its reconnects itself (a SignalR client reconnects faster than its
    /// state is sampled) passes `countsReconnects: false` and reports them with `recordReconnects`.
    @discardableResult
    public func setState(_ name: String, _ state: SourceConnectionState, countsReconnects: Bool = true) -> Bool {
        register(name)
        return entries.withLock { entries -> Bool in
            guard var entry = entries[name] else { return false }
            var reconnected = false
            if case .connected = state {
                if case .connected = entry.state {} else if entry.hasConnected, countsReconnects { entry.reconnects += 1; reconnected = true }
                entry.hasConnected = true
            }
            if entry.state != state { entry.stateSince = Date() }
            entry.state = state
            entries[name] = entry
            return reconnected
        }
    }

    public func recordEvents(_ name: String, count: Int) {
        // Every webhook request comes here: one lock and one lookup, the entry changed in place.
        let now = Date()
        entries.withLock { entries in
            entries[name, default: Self.newEntry(name)].record(events: count, at: now)
        }
    }

    private static func newEntry(_ name: String) -> Entry {
        Entry(name: name, state: .connecting, stateSince: Date(), lastEventAt: nil, eventsReceived: 0, reconnects: 0, skippedRecords: 0, hasConnected: false)
    }

    /// Adds reconnects a source counted itself.
    public func recordReconnects(_ name: String, count: Int) {
        guard count > 0 else { return }
        register(name)
        entries.withLock { $0[name]?.reconnects += count }
    }

    public func recordSkipped(_ name: String) {
        register(name)
        entries.withLock { $0[name]?.skippedRecords += 1 }
    }

    /// Every source, sorted by name.
    public var snapshot: [Entry] {
        entries.withLock { Array($0.values) }.sorted { $0.name < $1.name }
    }
}
