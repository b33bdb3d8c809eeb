import CRdKafka
import CSwitchboardShim
import Foundation
import Logging
import Synchronization
import SwitchboardEvents

/// The librdkafka side of `KafkaProducer`: owns the `rd_kafka_t`, its one poll thread, the
/// delivery-report bookkeeping, rebuilds after fatal errors and spools final failures.
///
/// Threads: any task may enqueue, concurrently, inside `handleGate`'s shared section, so a
/// rebuild or shutdown (exclusive) never frees the handle under a producer; librdkafka calls the
/// delivery-report, error and log callbacks on the poll thread only, because they are served by
/// `rd_kafka_poll`, which only that thread calls.
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
    /// Shared while producing through `state.handle`; exclusive to stop intake or take the handle
    /// away. Lock order: the gate, then `state`.
    let handleGate = HandleGate()
    let failures = Mutex<[Failure]>([])
    /// Mirrors `failures.count` and `state.spaceWaiters.count` so the poll loop can skip the
    /// locks when there is nothing to do.
    let failureCount = Atomic<Int>(0)
    let spaceWaiterCount = Atomic<Int>(0)
    let fatalRaised = Atomic<Bool>(false)
    let stopRequested = Atomic<Bool>(false)
    /// Once set, purged messages are spooled instead of re-sent: the producer is going away.
    let draining = Atomic<Bool>(false)
    let inFlight = Atomic<Int>(0)
    let rebuilds = Atomic<Int>(0)
    /// librdkafka's local queue (messages and requests not yet sent or acknowledged), sampled by
    /// the poll loop with the metrics.
    let queueLength = Atomic<Int>(0)
    /// Broker reachability, from the statistics callback and `_ALL_BROKERS_DOWN` (poll thread).
    let connectivity = Mutex<BrokerConnectivity>(.unknown)
    /// False when the configuration turned statistics off: broker state is then unknown for good.
    let monitorsBrokers: Bool
    let pollThreadDone = Mutex<(done: Bool, waiter: CheckedContinuation<Void, Never>?)>((false, nil))

    /// How often librdkafka reports broker states when the configuration does not say.
    static let defaultStatisticsIntervalMilliseconds = "1000"

    init(properties: [String: String], spool: KafkaSpool, logger: Logger) throws(KafkaError) {
        var properties = properties
        // Broker states drive readiness; a configured interval (even 0, which disables them) wins.
        if properties["statistics.interval.ms"] == nil {
            properties["statistics.interval.ms"] = Self.defaultStatisticsIntervalMilliseconds
        }
        self.properties = properties
        monitorsBrokers = (Int(properties["statistics.interval.ms"] ?? "") ?? 0) > 0
        self.spool = spool
        self.logger = logger
        state = Mutex(State())
        let handle = try makeHandle()
        state.withLock { $0.handle = handle }
        // The loop itself is in ProducerEngine+PollLoop.swift.
        let thread = Thread { [self] in
            // Set from inside: on Linux, a name given before `start()` is never applied, and
            // one longer than 15 bytes is refused.
            Thread.current.name = "sb-kafka-poll"
            pollLoop()
        }
        thread.start()
    }

    // MARK: Handle

    func makeHandle() throws(KafkaError) -> RdKafkaHandle {
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
        rd_kafka_conf_set_stats_cb(conf) { _, json, length, opaque in
            guard let json, let opaque else { return 0 }
            let engine = Unmanaged<ProducerEngine>.fromOpaque(opaque).takeUnretainedValue()
            engine.statistics(Data(bytes: json, count: length))
            // 0: librdkafka frees the JSON buffer.
            return 0
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
        } else if code == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN, monitorsBrokers {
            // Reported at once, ahead of the next statistics, so readiness flips promptly.
            connectivity.withLock { $0 = BrokerConnectivity(connected: 0, known: $0.known, updatedAt: Date()) }
            logger.warning("kafka: all brokers are down", metadata: ["reason": "\(reason)"])
        } else {
            logger.warning("kafka client error", metadata: ["error": "\(RdKafkaErrorName.name(code))", "reason": "\(reason)"])
        }
    }

    private func statistics(_ json: Data) {
        guard let parsed = BrokerConnectivity.parse(statistics: json, at: Date()) else { return }
        let previous = connectivity.withLock { current -> BrokerConnectivity in
            defer { current = parsed }
            return current
        }
        if previous.isUp != parsed.isUp, previous.updatedAt != nil {
            if parsed.isUp {
                logger.notice("kafka brokers reachable again", metadata: ["brokers": "\(parsed.summary)"])
            } else {
                logger.warning("kafka brokers unreachable", metadata: ["brokers": "\(parsed.summary)"])
            }
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
        let error: KafkaError? = handleGate.withShared {
            let handle = state.withLock { state -> Result<RdKafkaHandle, KafkaError> in
                guard state.accepting || bypassIntake else { return .failure(Self.shuttingDownError) }
                guard let handle = state.handle else {
                    return .failure(KafkaError(.queueFull, "the Kafka producer is being rebuilt"))
                }
                return .success(handle)
            }
            switch handle {
            case .success(let handle): return handOver(message, to: handle)
            case .failure(let error): return error
            }
        }
        if let error { throw error }
    }

    /// Enqueues `messages[start...]` in order, at most `chunk` in one shared section so a rebuild
    /// or shutdown is never held up for long. Returns the index of the first message not yet
    /// enqueued: the end, or where the queue was full or a rebuild runs (wait, then call again
    /// from there). A message librdkafka refuses outright is completed with that error and
    /// skipped; a shutdown is thrown.
    func enqueueAvailable(_ messages: [PendingMessage], from start: Int, chunk: Int = 256) throws(KafkaError) -> Int {
        var index = start
        while index < messages.count {
            let end = min(index + chunk, messages.count)
            let (next, stop) = handleGate.withShared { () -> (Int, KafkaError?) in
                let (accepting, current) = state.withLock { ($0.accepting, $0.handle) }
                guard accepting else { return (index, Self.shuttingDownError) }
                guard let handle = current else { return (index, nil) }
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
    /// retained reference until the delivery report. Call inside `handleGate`'s shared section.
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
        if code == RD_KAFKA_RESP_ERR__FATAL {
            // The handle is about to be rebuilt (the poll loop saw or will see the fatal error):
            // the caller waits and retries on the new handle, as while a rebuild runs, instead
            // of failing a message that a moment later would be accepted.
            return KafkaError(.queueFull, "the Kafka producer hit a fatal error and is being rebuilt", librdkafkaError: name)
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

    func isRetriableAfterRebuild(_ code: rd_kafka_resp_err_t) -> Bool {
        code == RD_KAFKA_RESP_ERR__FATAL || code == RD_KAFKA_RESP_ERR__PURGE_QUEUE || code == RD_KAFKA_RESP_ERR__PURGE_INFLIGHT
    }
}
