import Foundation
import Synchronization
import SwitchboardEvents

/// The status page's memory: the last events routed, the last action failures, and event and
/// action rates over the last minute. Bounded — it holds at most the configured numbers of
/// entries whatever the load — and fed by the router through `EventObservers`.
public final class StatusRecorder: Sendable {
    /// How much the recorder keeps. Not in the YAML configuration: the defaults suit people
    /// reading a page; embedders (tests, the soak) can pass their own.
    public struct Configuration: Sendable, Hashable {
        /// Events listed on the page (default 50).
        public var recentEvents: Int
        /// Action failures listed on the page (default 50).
        public var recentFailures: Int
        /// Seconds the rates average over (default 60).
        public var rateWindowSeconds: Int

        public init(recentEvents: Int = 50, recentFailures: Int = 50, rateWindowSeconds: Int = 60) {
            self.recentEvents = recentEvents
            self.recentFailures = recentFailures
            self.rateWindowSeconds = rateWindowSeconds
        }
    }

    /// One routed event as the page lists it; every field is untrusted sender data.
    public struct RecentEvent: Sendable, Hashable {
        public var id: String
        public var type: String
        public var source: String
        public var callId: String
        public var time: Date
    }

    /// One failed action as the page lists it.
    public struct RecentFailure: Sendable, Hashable {
        public var rule: String
        public var action: String
        public var eventId: String
        public var error: String
        public var time: Date
    }

    /// Everything the page shows from the recorder, read under one lock.
    public struct Snapshot: Sendable {
        public var events: [RecentEvent]
        public var failures: [RecentFailure]
        public var eventsPerSecond: Double
        public var actionsPerSecond: Double
        public var actionFailuresPerSecond: Double
        public var eventsTotal: Int
        public var actionsTotal: Int
        public var actionFailuresTotal: Int
    }

    private struct State {
        var events: BoundedHistory<RecentEvent>
        var failures: BoundedHistory<RecentFailure>
        var eventRate: RateWindow
        var actionRate: RateWindow
        var failureRate: RateWindow
        var eventsTotal = 0
        var actionsTotal = 0
        var actionFailuresTotal = 0
    }

    /// Longest text kept per field: a hostile sender cannot make the page (or memory) large.
    static let maximumFieldLength = 300

    public let configuration: Configuration
    private let state: Mutex<State>

    /// A recorder keeping what `configuration` says.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        state = Mutex(State(
            events: BoundedHistory(capacity: configuration.recentEvents),
            failures: BoundedHistory(capacity: configuration.recentFailures),
            eventRate: RateWindow(seconds: configuration.rateWindowSeconds),
            actionRate: RateWindow(seconds: configuration.rateWindowSeconds),
            failureRate: RateWindow(seconds: configuration.rateWindowSeconds)
        ))
    }

    /// Registers the recorder with the router's observers.
    public func observe(_ observers: EventObservers) {
        observers.addSynchronous { [self] event in record(event) }
        observers.addActionObserver { [self] outcome in record(outcome) }
    }

    /// Records a routed event (its fields clipped to `maximumFieldLength`).
    public func record(_ event: CallEvent, at time: Date = Date()) {
        let entry = RecentEvent(
            id: Self.clip(event.id), type: Self.clip(event.type.rawValue), source: Self.clip(event.source),
            callId: Self.clip(event.subject ?? event.data.callId), time: time
        )
        state.withLock { state in
            state.events.append(entry)
            state.eventRate.add(at: time)
            state.eventsTotal += 1
        }
    }

    /// Counts an action for the rates and keeps it when it failed.
    public func record(_ outcome: ActionOutcome, at time: Date = Date()) {
        state.withLock { state in
            state.actionRate.add(at: time)
            state.actionsTotal += 1
            guard let error = outcome.error else { return }
            state.failures.append(RecentFailure(
                rule: Self.clip(outcome.rule), action: Self.clip(outcome.action), eventId: Self.clip(outcome.eventId),
                error: Self.clip(error), time: time
            ))
            state.failureRate.add(at: time)
            state.actionFailuresTotal += 1
        }
    }

    /// The recent entries (newest first) and the rates over the window ending at `now`.
    public func snapshot(at now: Date = Date()) -> Snapshot {
        state.withLock { state in
            Snapshot(
                events: state.events.newestFirst,
                failures: state.failures.newestFirst,
                eventsPerSecond: state.eventRate.perSecond(at: now),
                actionsPerSecond: state.actionRate.perSecond(at: now),
                actionFailuresPerSecond: state.failureRate.perSecond(at: now),
                eventsTotal: state.eventsTotal,
                actionsTotal: state.actionsTotal,
                actionFailuresTotal: state.actionFailuresTotal
            )
        }
    }

    /// Called for every routed event: the UTF-8 length (O(1) for native strings) settles the
    /// common case without counting characters.
    static func clip(_ text: String) -> String {
        text.utf8.count <= maximumFieldLength || text.count <= maximumFieldLength ? text : String(text.prefix(maximumFieldLength)) + "…"
    }
}
