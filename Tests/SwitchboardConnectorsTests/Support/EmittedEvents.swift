import SwitchboardEvents
import Synchronization

/// Collects what a reconciler emits and lets a test wait for it.
final class EmittedEvents: Sendable {
    private let stream: AsyncStream<[CallEvent]>
    private let continuation: AsyncStream<[CallEvent]>.Continuation
    private let all = Mutex<[[CallEvent]]>([])

    init() {
        (stream, continuation) = AsyncStream.makeStream(of: [CallEvent].self)
    }

    var emit: @Sendable ([CallEvent]) async -> Void {
        { batch in
            self.all.withLock { $0.append(batch) }
            self.continuation.yield(batch)
        }
    }

    var batches: [[CallEvent]] { all.withLock { $0 } }

    /// The next batch not taken yet. Tests that wait carry a `.timeLimit`, so a missing batch
    /// fails the test instead of hanging it.
    func next() async -> [CallEvent]? {
        for await batch in stream { return batch }
        return nil
    }
}
