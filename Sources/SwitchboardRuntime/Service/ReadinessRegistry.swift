import Synchronization

/// Which components (the sink, each source) are connected; `/readyz` is ready only when every
/// registered component is.
///
/// Components register themselves as not ready at start and flip their own flag; reads and
/// writes come from any thread, so the state sits behind a mutex.
public final class ReadinessRegistry: Sendable {
    /// One component's state as `/readyz` reports it.
    public struct Component: Sendable, Hashable {
        public let name: String
        public let ready: Bool
        public let detail: String
    }

    private let state = Mutex<[String: Component]>([:])

    public init() {}

    /// Sets the state of `name`, registering it on first use.
    public func set(_ name: String, ready: Bool, detail: String = "") {
        state.withLock { $0[name] = Component(name: name, ready: ready, detail: detail) }
    }

    /// Removes a component that no longer gates readiness.
    public func remove(_ name: String) {
        _ = state.withLock { $0.removeValue(forKey: name) }
    }

    /// Every component, sorted by name.
    public var components: [Component] {
        state.withLock { Array($0.values) }.sorted { $0.name < $1.name }
    }

    /// True when every registered component is ready.
    public var isReady: Bool {
        state.withLock { $0.values.allSatisfy(\.ready) }
    }
}
