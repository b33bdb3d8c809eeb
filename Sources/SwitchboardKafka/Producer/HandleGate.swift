import CSwitchboardShim

/// Guards the use of a librdkafka handle against its replacement: any number of tasks may
/// produce through it at once (shared), while the poll thread or shutdown, alone, stops intake,
/// swaps or destroys it (exclusive).
///
/// Producing used to happen under `ProducerEngine.state`'s mutex, so concurrent webhook requests
/// queued behind each other's `rd_kafka_produceva` (a few microseconds each, more when malloc
/// consolidates) and slept in the kernel when they met. librdkafka's produce calls are
/// thread-safe; only the handle's lifetime needed the lock.
final class HandleGate: @unchecked Sendable {
    // @unchecked: the pthread lock is the synchronization; the pointer never changes.
    private let lock: OpaquePointer

    init() {
        guard let lock = csb_rwlock_create() else { fatalError("out of memory creating a reader-writer lock") }
        self.lock = lock
    }

    deinit { csb_rwlock_destroy(lock) }

    /// Runs `body` while no exclusive section runs; shared sections run concurrently.
    func withShared<Result, Failure: Error>(_ body: () throws(Failure) -> Result) throws(Failure) -> Result {
        csb_rwlock_read_lock(lock)
        defer { csb_rwlock_unlock(lock) }
        return try body()
    }

    /// Runs `body` once every shared section has left, and keeps new ones out until it returns.
    func withExclusive<Result, Failure: Error>(_ body: () throws(Failure) -> Result) throws(Failure) -> Result {
        csb_rwlock_write_lock(lock)
        defer { csb_rwlock_unlock(lock) }
        return try body()
    }
}
