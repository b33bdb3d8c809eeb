import CRdKafka
import CSwitchboardShim
import Foundation
import Logging
import Synchronization
import SwitchboardEvents

/// The poll thread: serves delivery reports, settles failures (spool or re-send), rebuilds the
/// producer after a fatal error and wakes tasks waiting for queue space.
extension ProducerEngine {
    func pollLoop() {
        var resend: [PendingMessage] = []
        // Only this thread replaces the handle (in `rebuild`), so it can keep its own copy and
        // poll without taking the lock producers use.
        var handle = state.withLock { $0.handle }
        var nextMetricsPublish = ContinuousClock.now
        while !stopRequested.load(ordering: .sequentiallyConsistent) {
            if let handle {
                rd_kafka_poll(handle.pointer, 50)
            } else {
                Thread.sleep(forTimeInterval: 0.01)
            }
            settleFailures(resendInto: &resend)
            if fatalRaised.load(ordering: .sequentiallyConsistent) {
                rebuild(resendInto: &resend)
                handle = state.withLock { $0.handle }
            }
            if !resend.isEmpty { resendAll(&resend) }
            wakeSpaceWaiters()
            let now = ContinuousClock.now
            if now >= nextMetricsPublish {
                if let handle { queueLength.store(Int(rd_kafka_outq_len(handle.pointer)), ordering: .relaxed) }
                metrics.publish(queueLength: queueLength.load(ordering: .relaxed))
                nextMetricsPublish = now.advanced(by: .milliseconds(100))
            }
        }
        // Anything still waiting for a re-send goes to the spool: the producer is gone.
        if !resend.isEmpty {
            spoolAndComplete(resend.map { ($0, "producer shut down before the message could be re-sent") })
        }
        settleFailures(resendInto: &resend)
        wakeSpaceWaiters()
        metrics.publish(queueLength: 0)
        let waiter = pollThreadDone.withLock { done -> CheckedContinuation<Void, Never>? in
            done.done = true
            return done.waiter
        }
        waiter?.resume()
    }

    func wakeSpaceWaiters() {
        // Checked without the lock first: the poll loop runs thousands of times a second.
        guard spaceWaiterCount.load(ordering: .acquiring) > 0 else { return }
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            spaceWaiterCount.store(0, ordering: .releasing)
            var taken: [CheckedContinuation<Void, Never>] = []
            swap(&taken, &state.spaceWaiters)
            return taken
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Decides every failed delivery: re-send after a rebuild, or spool.
    private func settleFailures(resendInto resend: inout [PendingMessage]) {
        guard failureCount.load(ordering: .acquiring) > 0 else { return }
        let batch = failures.withLock { failures -> [Failure] in
            failureCount.store(0, ordering: .releasing)
            var taken: [Failure] = []
            swap(&taken, &failures)
            return taken
        }
        guard !batch.isEmpty else { return }
        var toSpool: [(PendingMessage, String)] = []
        let isDraining = draining.load(ordering: .sequentiallyConsistent)
        for failure in batch {
            if !isDraining, isRetriableAfterRebuild(failure.code) {
                failure.message.metrics.retried.increment()
                resend.append(failure.message)
            } else {
                let reason = "\(RdKafkaErrorName.name(failure.code)): \(RdKafkaErrorName.describe(failure.code))"
                toSpool.append((failure.message, reason))
            }
        }
        if !toSpool.isEmpty { spoolAndComplete(toSpool) }
    }

    /// Writes the events of `items` to the spool with one fsync, then completes them.
    func spoolAndComplete(_ items: [(PendingMessage, String)]) {
        let now = Timestamp.now()
        let entries = items.compactMap { message, reason in
            message.event.map {
                SpoolEntry(event: $0, topic: message.topic, mode: message.mode, error: reason, attempts: message.attempts, time: now)
            }
        }
        var spoolError: KafkaError?
        if !entries.isEmpty {
            do {
                try spool.append(entries)
            } catch {
                spoolError = error
                logger.critical("kafka spool write failed; events are lost to both Kafka and the spool", metadata: [
                    "count": "\(entries.count)", "error": "\(error)",
                ])
            }
        }
        for (message, reason) in items {
            message.metrics.failed.increment()
            if message.event == nil {
                message.complete(.failure(KafkaError(.deliveryFailed, "delivery to \"\(message.topic)\" failed: \(reason)")))
            } else if let spoolError {
                message.complete(.failure(KafkaError(
                    .spoolFailed, "delivery to \"\(message.topic)\" failed (\(reason)) and the spool write failed: \(spoolError.message)"
                )))
            } else {
                message.metrics.spooled.increment()
                message.complete(.success(DeliveryReport(topic: message.topic, outcome: .spooled(reason: reason), attempts: message.attempts)))
            }
        }
        if !entries.isEmpty {
            logger.warning("kafka deliveries failed for good and were spooled", metadata: [
                "count": "\(entries.count)", "spool": "\(spool.path)", "reason": "\(items.first?.1 ?? "")",
            ])
        }
    }

    /// Replaces a producer that hit a fatal error (possible with idempotence in librdkafka
    /// 2.0.2): purge it, collect what it had not acknowledged, and start a fresh one.
    private func rebuild(resendInto resend: inout [PendingMessage]) {
        // Exclusive: once it returns, no producer is still inside a call on the old handle.
        guard let old = handleGate.withExclusive({
            state.withLock { state -> RdKafkaHandle? in
                defer { state.handle = nil }
                return state.handle
            }
        }) else { return }
        rd_kafka_purge(old.pointer, csb_kafka_purge_queue() | csb_kafka_purge_inflight())
        // Serve the purged messages' delivery reports; bounded, as a dead handle may not answer.
        let giveUp = ContinuousClock.now.advanced(by: .seconds(10))
        while rd_kafka_outq_len(old.pointer) > 0, ContinuousClock.now < giveUp {
            rd_kafka_poll(old.pointer, 50)
        }
        rd_kafka_flush(old.pointer, 100)
        rd_kafka_destroy(old.pointer)
        settleFailures(resendInto: &resend)
        fatalRaised.store(false, ordering: .sequentiallyConsistent)
        rebuilds.add(1, ordering: .relaxed)
        while !stopRequested.load(ordering: .sequentiallyConsistent) {
            do {
                let fresh = try makeHandle()
                state.withLock { $0.handle = fresh }
                logger.notice("kafka producer rebuilt", metadata: ["resending": "\(resend.count)"])
                return
            } catch {
                logger.error("kafka producer rebuild failed; retrying", metadata: ["error": "\(error)"])
                Thread.sleep(forTimeInterval: 1)
            }
        }
    }

    /// Re-sends messages collected after a rebuild, serving the new handle while its queue is full.
    private func resendAll(_ resend: inout [PendingMessage]) {
        var index = 0
        // A fresh handle that failed fatally again refuses everything: stop, so the poll loop
        // rebuilds it and re-sends the rest, instead of retrying here for ever.
        while index < resend.count, !stopRequested.load(ordering: .sequentiallyConsistent), !fatalRaised.load(ordering: .sequentiallyConsistent) {
            let message = resend[index]
            message.attempts += 1
            do {
                try enqueue(message, bypassIntake: true)
                index += 1
            } catch where error.code == .queueFull {
                message.attempts -= 1
                guard let handle = state.withLock({ $0.handle }) else { break }
                rd_kafka_poll(handle.pointer, 10)
            } catch {
                spoolAndComplete([(message, error.message)])
                index += 1
            }
        }
        resend.removeFirst(index)
    }
}
