import Synchronization
import SwitchboardEvents

/// Components that watch every routed event (the Click-to-Dial reconciler learns final states
/// this way) and every action outcome (the status page's recorder). Registered after the router
/// exists, since observers often feed it in turn.
public final class EventObservers: Sendable {
    public typealias Observer = @Sendable (CallEvent) async -> Void
    /// Called synchronously on the routing path: keep it short and non-blocking.
    public typealias ActionObserver = @Sendable (ActionOutcome) -> Void

    /// Called synchronously on the routing path, possibly on an event loop: keep it short.
    public typealias SynchronousObserver = @Sendable (CallEvent) -> Void

    private let observers = Mutex<[Observer]>([])
    private let synchronousObservers = Mutex<[SynchronousObserver]>([])
    private let actionObservers = Mutex<[ActionObserver]>([])

    public init() {}

    public func add(_ observer: @escaping Observer) {
        observers.withLock { $0.append(observer) }
    }

    /// Registers an observer that does not suspend. Unlike `add`, it lets webhook requests be
    /// routed on the event loop that read them, without a task per request.
    public func addSynchronous(_ observer: @escaping SynchronousObserver) {
        synchronousObservers.withLock { $0.append(observer) }
    }

    /// Whether an observer registered with `add` must be awaited for every event.
    var hasAsynchronousObservers: Bool { !observers.withLock { $0.isEmpty } }

    /// Registers `observer` for the outcome of every action the router runs (successes and failures).
    public func addActionObserver(_ observer: @escaping ActionObserver) {
        actionObservers.withLock { $0.append(observer) }
    }

    func notify(_ event: CallEvent) async {
        notifySynchronously(event)
        for observer in observers.withLock({ $0 }) { await observer(event) }
    }

    /// Tells the synchronous observers only (see `hasAsynchronousObservers`).
    func notifySynchronously(_ event: CallEvent) {
        for observer in synchronousObservers.withLock({ $0 }) { observer(event) }
    }

    func notify(_ outcome: ActionOutcome) {
        for observer in actionObservers.withLock({ $0 }) { observer(outcome) }
    }
}
