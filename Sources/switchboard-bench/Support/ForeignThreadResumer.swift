import Foundation
import Synchronization

/// Resumes suspended tasks from a thread of its own, in batches every few milliseconds: the shape
/// of Switchboard's wait for Kafka delivery reports (librdkafka collects messages for `linger.ms`,
/// then the poll thread resumes each waiting request), without Kafka. `webhook-baseline` uses it
/// to measure what that wait costs a bare Hummingbird handler.
final class ForeignThreadResumer: Sendable {
    private let waiting = Mutex<[@Sendable () -> Void]>([])

    /// Starts the resumer thread, which lives as long as the process, like the producer's poll
    /// thread.
    init(delayMilliseconds: Int) {
        let thread = Thread { [self] in
            // Named from inside: Linux ignores a name set before start (see KafkaProducer's poll thread).
            Thread.current.name = "sb-bench-resume"
            while true {
                usleep(useconds_t(delayMilliseconds * 1000))
                resumeWaiting()
            }
        }
        thread.start()
    }

    private func resumeWaiting() {
        let batch = waiting.withLock { waiting in
            defer { waiting.removeAll(keepingCapacity: true) }
            return waiting
        }
        for resume in batch { resume() }
    }

    /// Returns once the resumer thread has resumed this task, 0-2 delays from now.
    func suspendUntilResumed() async {
        await withCheckedContinuation { continuation in
            waiting.withLock { $0.append({ continuation.resume() }) }
        }
    }

    /// Calls `body` on the resumer thread, 0-2 delays from now.
    func afterDelay(_ body: @escaping @Sendable () -> Void) {
        waiting.withLock { $0.append(body) }
    }
}
