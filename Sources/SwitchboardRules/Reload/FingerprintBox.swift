import Synchronization

/// The last fingerprint a watcher saw, shared by copies of the watcher value.
final class FingerprintBox: Sendable {
    private let value = Mutex<UInt64?>(nil)

    /// Stores `new` and returns the previous fingerprint.
    func swap(_ new: UInt64) -> UInt64? {
        value.withLock { current in
            let previous = current
            current = new
            return previous
        }
    }
}
