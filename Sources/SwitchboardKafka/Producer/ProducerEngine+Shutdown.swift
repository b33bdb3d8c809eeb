import CRdKafka
import CSwitchboardShim
import Foundation
import Logging
import Synchronization
import SwitchboardEvents

/// Graceful shutdown and the fatal-error test hook.
extension ProducerEngine {
    /// Stops intake, waits up to `deadline` for outstanding deliveries, spools the rest, stops
    /// the poll thread and destroys the handle (after `rd_kafka_flush`).
    func shutdown(deadline: Duration) async {
        // Exclusive: a producer that saw `accepting` true has finished its call and counted
        // itself in `inFlight` before the wait below starts.
        let handle = handleGate.withExclusive {
            state.withLock { state -> RdKafkaHandle? in
                state.accepting = false
                return state.handle
            }
        }
        let clock = ContinuousClock()
        let end = clock.now.advanced(by: deadline)
        while inFlight.load(ordering: .sequentiallyConsistent) > 0, clock.now < end {
            try? await Task.sleep(for: .milliseconds(10))
        }
        draining.store(true, ordering: .sequentiallyConsistent)
        if let handle, inFlight.load(ordering: .sequentiallyConsistent) > 0 {
            logger.warning("kafka flush deadline passed; spooling outstanding messages", metadata: [
                "outstanding": "\(inFlight.load(ordering: .relaxed))",
            ])
            rd_kafka_purge(handle.pointer, csb_kafka_purge_queue() | csb_kafka_purge_inflight())
            let purgeEnd = clock.now.advanced(by: .seconds(10))
            while inFlight.load(ordering: .sequentiallyConsistent) > 0, clock.now < purgeEnd {
                try? await Task.sleep(for: .milliseconds(10))
            }
        }
        stopRequested.store(true, ordering: .sequentiallyConsistent)
        await withCheckedContinuation { continuation in
            let alreadyDone = pollThreadDone.withLock { done -> Bool in
                if done.done { return true }
                done.waiter = continuation
                return false
            }
            if alreadyDone { continuation.resume() }
        }
        let last = handleGate.withExclusive {
            state.withLock { state -> RdKafkaHandle? in
                defer { state.handle = nil }
                return state.handle
            }
        }
        if let last {
            rd_kafka_flush(last.pointer, 1000)
            rd_kafka_destroy(last.pointer)
        }
    }

    /// Test hook: makes librdkafka raise a fatal error as an idempotence failure would.
    func triggerFatalError() {
        handleGate.withShared {
            guard let handle = state.withLock({ $0.handle }) else { return }
            rd_kafka_test_fatal_error(handle.pointer, RD_KAFKA_RESP_ERR_OUT_OF_ORDER_SEQUENCE_NUMBER, "test: simulated idempotence failure")
        }
    }
}
