import CRdKafka
import CSwitchboardShim
import Foundation
import Logging
import Synchronization
import SwitchboardEvents

/// The librdkafka side of `KafkaProducer`: owns the `rd_kafka_t`, its one poll thread, the
/// delivery-report bookkeeping, rebuilds after fatal errors and spools final failures.
///
/// Threads: any task may enqueue (under `state`'s lock, so a rebuild never frees the handle under
/// a producer); librdkafka calls the delivery-report, error and log callbacks on the poll thread
/// only, because they are served by `rd_kafka_poll`, which only that thread calls.
final class ProducerEngine: Sendable {
    struct State: ~Copyable {
        var handle: RdKafkaHandle?
        var accepting = true
        var spaceWaiters: [CheckedContinuation<Void, Never>] = []
    }

    /// A delivery report that did not succeed, waiting for the poll loop to decide its fate.
    struct Failure: @unchecked Sendable {
        let message: PendingMessage
        let code: rd_kafka_resp_err_t
    }

    let properties: [String: String]
    let logger: Logger
    let spool: KafkaSpool
    let metrics = ProducerMetrics()
    let state: Mutex<State>
    private let failures = Mutex<[Failure]>([])
    /// Mirrors `failures.count` and `state.spaceWaiters.count` so the poll loop can skip the
    /// locks when there is nothing to do.
    private let failureCount = Atomic<Int>(0)
    private let spaceWaiterCount = Atomic<Int>(0)
    private let fatalRaised = Atomic<Bool>(false)
    private let stopRequested = Atomic<Bool>(false)
    /// Once set, purged messages are spooled instead of re-sent: the producer is going away.
    private let draining = Atomic<Bool>(false)
    let inFlight = Atomic<Int>(0)
    let rebuilds = Atomic<Int>(0)
    private let pollThreadDone = Mutex<(done: Bool, waiter: CheckedContinuation<Void, Never>?)>((false, nil))

    init(properties: [String: String], spool: KafkaSpool, logger: Logger) throws(KafkaError) {
        self.properties = properties
        self.spool = spool
        self.logger = logger
        state = Mutex(State())
        let handle = try makeHandle()
        state.withLock { $0.handle = handle }
        let thread = Thread { [self] in pollLoop() }
        thread.name = "switchboard-kafka-poll"
        thread.start()
    }

    // MARK: Handle

    private func makeHandle() throws(KafkaError) -> RdKafkaHandle {
        let conf = try RdKafkaConfiguration.make(properties)
        rd_kafka_conf_set_opaque(conf, Unmanaged.passUnretained(self).toOpaque())
        rd_kafka_conf_set_dr_msg_cb(conf) { _, message, opaque in
            guard let message, let opaque else { return }
            Unmanaged<ProducerEngine>.fromOpaque(opaque).takeUnretainedValue().deliveryReport(message.pointee)
        }
        rd_kafka_conf_set_error_cb(conf) { _, code, reason, opaque in
            guard let opaque else { return }
            let engine = Unmanaged<ProducerEngine>.fromOpaque(opaque).takeUnretainedValue()
            engine.clientError(rd_kafka_resp_err_t(code), reason.map { String(cString: $0) } ?? "")
        }
        rd_kafka_conf_set_log_cb(conf) { handle, level, facility, line in
            guard let handle, let opaque = rd_kafka_opaque(handle) else { return }
            let engine = Unmanaged<ProducerEngine>.fromOpaque(opaque).takeUnretainedValue()
            engine.clientLog(level: level, facility: facility.map { String(cString: $0) } ?? "", line: line.map { String(cString: $0) } ?? "")
        }
        return try RdKafkaHandle.make(type: RD_KAFKA_PRODUCER, conf: conf)
    }

    private func clientError(_ code: rd_kafka_resp_err_t, _ reason: String) {
        if code == RD_KAFKA_RESP_ERR__FATAL {
            logger.error("kafka producer fatal error; the producer will be rebuilt", metadata: ["reason": "\(reason)"])
            fatalRaised.store(true, ordering: .sequentiallyConsistent)
        } else {
            logger.warning("kafka client error", metadata: ["error": "\(RdKafkaErrorName.name(code))", "reason": "\(reason)"])
        }
    }

    private func clientLog(level: Int32, facility: String, line: String) {
        let metadata: Logger.Metadata = ["facility": "\(facility)"]
        switch level {
        case ...3: logger.error("librdkafka: \(line)", metadata: metadata)
        case 4: logger.warning("librdkafka: \(line)", metadata: metadata)
        case 5, 6: logger.info("librdkafka: \(line)", metadata: metadata)
        default: logger.debug("librdkafka: \(line)", metadata: metadata)
        }
    }

    // MARK: Enqueue

    /// Hands `message` to librdkafka now, or throws `queueFull` (also while a rebuild runs) so the
    /// caller can retry later.
    func enqueue(_ message: PendingMessage, bypassIntake: Bool = false) throws(KafkaError) {
        let error: KafkaError? = state.withLock { state -> KafkaError? in
            guard state.accepting || bypassIntake else { return Self.shuttingDownError }
            guard let handle = state.handle else {
                return KafkaError(.queueFull, "the Kafka producer is being rebuilt")
            }
            return handOver(message, to: handle)
        }
        if let error { throw error }
    }

    /// Enqueues `messages[start...]` in order, at most `chunk` under one lock acquisition so the
    /// poll thread is never held up for long. Returns the index of the first message not yet
    /// enqueued: the end, or where the queue was full or a rebuild runs (wait, then call again
    /// from there). A message librdkafka refuses outright is completed with that error and
    /// skipped; a shutdown is thrown.
    func enqueueAvailable(_ messages: [PendingMessage], from start: Int, chunk: Int = 256) throws(KafkaError) -> Int {
        var index = start
        while index < messages.count {
            let end = min(index + chunk, messages.count)
            let (next, stop) = state.withLock { state -> (Int, KafkaError?) in
                guard state.accepting else { return (index, Self.shuttingDownError) }
                guard let handle = state.handle else { return (index, nil) }
                var position = index
                while position < end {
                    let message = messages[position]
                    if let error = handOver(message, to: handle) {
                        if error.code == .queueFull { return (position, nil) }
                        message.metrics.failed.increment()
                        message.complete(.failure(error))
                    }
                    position += 1
                }
                return (position, nil)
            }
            if let stop { throw stop }
            if next < end { return next }
            index = next
        }
        return index
    }

    private static let shuttingDownError = KafkaError(.shuttingDown, "the Kafka producer is shutting down and takes no new messages")

    /// One `rd_kafka_produceva` call with `message` as the opaque; on success librdkafka holds a
    /// retained reference until the delivery report. Call with `state` locked.
    private func handOver(_ message: PendingMessage, to handle: RdKafkaHandle) -> KafkaError? {
        let opaque = Unmanaged.passRetained(message).toOpaque()
        message.metrics.inFlight.add(1, ordering: .relaxed)
        inFlight.add(1, ordering: .relaxed)
        guard let failure = MessageProduction.produce(handle, topic: message.topic, record: message.record, opaque: opaque) else {
            return nil
        }
        message.metrics.inFlight.subtract(1, ordering: .relaxed)
        inFlight.subtract(1, ordering: .relaxed)
        Unmanaged<PendingMessage>.fromOpaque(opaque).release()
        let (code, name, text) = RdKafkaErrorName.consume(failure)
        if code == RD_KAFKA_RESP_ERR__QUEUE_FULL {
            return KafkaError(.queueFull, "librdkafka's local queue is full", librdkafkaError: name)
        }
        return KafkaError(.produceFailed, "librdkafka refused the message for topic \"\(message.topic)\": \(text)", librdkafkaError: name)
    }

    /// Suspends until the poll loop has served delivery reports (so queue space may be free) or
    /// a rebuild finished. Returns at once when intake has stopped, so a waiter can never outlive the poll thread.
    func waitForSpace() async {
        await withCheckedContinuation { continuation in
            let stopped = state.withLock { state -> Bool in
                guard state.accepting else { return true }
                state.spaceWaiters.append(continuation)
                spaceWaiterCount.add(1, ordering: .releasing)
                return false
            }
            if stopped { continuation.resume() }
        }
    }

    // MARK: Delivery reports (poll thread)

    private func deliveryReport(_ message: rd_kafka_message_t) {
        guard let opaque = message._private else { return }
        let pending = Unmanaged<PendingMessage>.fromOpaque(opaque).takeRetainedValue()
        pending.metrics.inFlight.subtract(1, ordering: .relaxed)
        inFlight.subtract(1, ordering: .relaxed)
        if message.err == RD_KAFKA_RESP_ERR_NO_ERROR {
            pending.metrics.produced.increment()
            pending.complete(.success(DeliveryReport(
                topic: pending.topic,
                outcome: .delivered(partition: message.partition, offset: message.offset),
                attempts: pending.attempts
            )))
        } else {
            failures.withLock { failures in
                failures.append(Failure(message: pending, code: message.err))
                failureCount.add(1, ordering: .releasing)
            }
        }
    }

    private func isRetriableAfterRebuild(_ code: rd_kafka_resp_err_t) -> Bool {
        code == RD_KAFKA_RESP_ERR__FATAL || code == RD_KAFKA_RESP_ERR__PURGE_QUEUE || code == RD_KAFKA_RESP_ERR__PURGE_INFLIGHT
    }

    // MARK: Poll loop

    private func pollLoop() {
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
                metrics.publish()
                nextMetricsPublish = now.advanced(by: .milliseconds(100))
            }
        }
        // Anything still waiting for a re-send goes to the spool: the producer is gone.
        if !resend.isEmpty {
            spoolAndComplete(resend.map { ($0, "producer shut down before the message could be re-sent") })
        }
        settleFailures(resendInto: &resend)
        wakeSpaceWaiters()
        metrics.publish()
        let waiter = pollThreadDone.withLock { done -> CheckedContinuation<Void, Never>? in
            done.done = true
            return done.waiter
        }
        waiter?.resume()
    }

    private func wakeSpaceWaiters() {
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
        guard let old = state.withLock({ state -> RdKafkaHandle? in
            defer { state.handle = nil }
            return state.handle
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
        while index < resend.count, !stopRequested.load(ordering: .sequentiallyConsistent) {
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

    // MARK: Shutdown

    /// Stops intake, waits up to `deadline` for outstanding deliveries, spools the rest, stops
    /// the poll thread and destroys the handle (after `rd_kafka_flush`).
    func shutdown(deadline: Duration) async {
        let handle = state.withLock { state -> RdKafkaHandle? in
            state.accepting = false
            return state.handle
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
        let last = state.withLock { state -> RdKafkaHandle? in
            defer { state.handle = nil }
            return state.handle
        }
        if let last {
            rd_kafka_flush(last.pointer, 1000)
            rd_kafka_destroy(last.pointer)
        }
    }

    /// Test hook: makes librdkafka raise a fatal error as an idempotence failure would.
    func triggerFatalError() {
        guard let handle = state.withLock({ $0.handle }) else { return }
        rd_kafka_test_fatal_error(handle.pointer, RD_KAFKA_RESP_ERR_OUT_OF_ORDER_SEQUENCE_NUMBER, "test: simulated idempotence failure")
    }
}
