import Synchronization

/// The clock of a rule test: it only moves when a step says `after:`.
final class SimulatedClock: Sendable {
    private let current = Mutex(ContinuousClock.now)

    var now: ContinuousClock.Instant { current.withLock { $0 } }

    func advance(seconds: Double) {
        guard seconds.isFinite, seconds > 0 else { return }
        let milliseconds = Int64(min(seconds, 315_360_000) * 1000)
        current.withLock { $0 = $0 + .milliseconds(milliseconds) }
    }
}
