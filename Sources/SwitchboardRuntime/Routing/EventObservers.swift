import Synchronization
import SwitchboardEvents

/// Components that watch every routed event (the Click-to-Dial reconciler learns final states
/// this way). Registered after the router exists, since observers often feed it in turn.
public final class EventObservers: Sendable {
    public typealias Observer = @Sendable (CallEvent) async -> Void

    private let observers = Mutex<[Observer]>([])

    public init() {}

    public func add(_ observer: @escaping Observer) {
        observers.withLock { $0.append(observer) }
    }

    func notify(_ event: CallEvent) async {
        for observer in observers.withLock({ $0 }) { await observer(event) }
    }
}
