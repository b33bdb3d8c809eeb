import Synchronization

/// A clock the test moves by hand, for time-to-live checks without waiting.
final class ManualClock: Sendable {
    private let current = Mutex(ContinuousClock.now)

    var now: ContinuousClock.Instant { current.withLock { $0 } }

    func advance(seconds: Double) {
        current.withLock { $0 = $0 + .milliseconds(Int64(seconds * 1000)) }
    }
}
