import CRdKafka
import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import SwitchboardEvents

/// Switchboard's Kafka sink: an idempotent librdkafka producer as a `Service`.
///
/// `send` completes when the event is durably accepted — acknowledged by Kafka or written to the
/// spool — so callers can answer their own clients (DESIGN.md §6). A full librdkafka queue makes
/// callers wait; nothing is dropped. `run()` replays a pending spool (when configured) and then
/// waits for graceful shutdown, which stops intake, flushes with the configured deadline and
/// spools what is left. A producer that is not run as a service must be stopped with
/// `shutdown()`: its poll thread keeps it alive until then.
public final class KafkaProducer: Service, Sendable {
    public let configuration: KafkaConfiguration
    /// The bootstrap list in use (the embedded cluster's address in embedded mode).
    public let bootstrapServers: String
    /// The in-process cluster, when this producer started or was given one.
    public let embeddedCluster: EmbeddedKafkaCluster?
    public let spool: KafkaSpool
    let engine: ProducerEngine
    /// Whether this producer started the embedded cluster and so stops it at shutdown.
    private let ownsCluster: Bool
    private let logger: Logger
    private let knownTopics = Mutex<Set<String>>([])
    private let stopped = Mutex<Bool>(false)

    /// Validates the configuration and starts the producer. In embedded mode this starts the
    /// in-process cluster, writes its bootstrap file and warns that data lives in memory.
    public convenience init(configuration: KafkaConfiguration = KafkaConfiguration(), logger: Logger = Logger(label: "switchboard.kafka")) throws(KafkaError) {
        var cluster: EmbeddedKafkaCluster?
        if configuration.usesEmbeddedCluster {
            // Refuse bad properties before a cluster is started and announced in the bootstrap file.
            rd_kafka_conf_destroy(try RdKafkaConfiguration.make(configuration.effectiveProperties(bootstrapServers: "127.0.0.1:9092")))
            let started = try EmbeddedKafkaCluster(options: configuration.embedded)
            try started.writeBootstrapFile(configuration.bootstrapFile)
            logger.warning(
                "EMBEDDED KAFKA CLUSTER: events are kept IN MEMORY ONLY and are lost when Switchboard stops; configure kafka.brokers for production",
                metadata: ["bootstrap": "\(started.bootstrapServers)", "bootstrapFile": "\(configuration.bootstrapFile)"]
            )
            cluster = started
        }
        try self.init(configuration: configuration, cluster: cluster, ownsCluster: true, logger: logger)
    }

    /// Starts a producer against `cluster` (tests and `kafka dev` share one cluster this way);
    /// with a nil cluster, `configuration.brokers` is used as the bootstrap list.
    public convenience init(
        configuration: KafkaConfiguration,
        cluster: EmbeddedKafkaCluster?,
        logger: Logger = Logger(label: "switchboard.kafka")
    ) throws(KafkaError) {
        try self.init(configuration: configuration, cluster: cluster, ownsCluster: false, logger: logger)
    }

    private init(configuration: KafkaConfiguration, cluster: EmbeddedKafkaCluster?, ownsCluster: Bool, logger: Logger) throws(KafkaError) {
        if configuration.usesEmbeddedCluster, cluster == nil {
            throw KafkaError(.invalidConfiguration, "brokers is \"embedded\" but no embedded cluster was given")
        }
        guard configuration.flushTimeoutMilliseconds >= 0 else {
            throw KafkaError(.invalidConfiguration, "flushTimeoutMilliseconds must not be negative")
        }
        let servers = cluster?.bootstrapServers ?? configuration.brokers
        self.configuration = configuration
        self.bootstrapServers = servers
        self.embeddedCluster = cluster
        self.ownsCluster = ownsCluster
        self.logger = logger
        self.spool = KafkaSpool(path: configuration.spoolPath)
        self.engine = try ProducerEngine(properties: configuration.effectiveProperties(bootstrapServers: servers), spool: spool, logger: logger)
        logger.info("kafka producer started", metadata: ["bootstrap": "\(servers)"])
    }

    // MARK: Service

    public func run() async throws {
        if configuration.replayOnStart {
            do {
                let summary = try await replaySpool()
                if summary.total > 0 {
                    logger.notice("kafka spool replayed at start", metadata: [
                        "delivered": "\(summary.delivered)", "spooledAgain": "\(summary.spooledAgain)",
                    ])
                }
            } catch {
                logger.error("kafka spool replay at start failed; the spool is kept", metadata: ["error": "\(error)"])
            }
        }
        try? await gracefulShutdown()
        await shutdown()
    }

    /// Stops intake, flushes with the configured deadline, spools what did not make it and
    /// releases librdkafka. Idempotent.
    public func shutdown() async {
        let first = stopped.withLock { stopped -> Bool in
            defer { stopped = true }
            return !stopped
        }
        guard first else { return }
        let outstanding = engine.inFlight.load(ordering: .relaxed)
        logger.info("kafka producer shutting down", metadata: ["outstanding": "\(outstanding)"])
        await engine.shutdown(deadline: .milliseconds(configuration.flushTimeoutMilliseconds))
        if ownsCluster, let embeddedCluster {
            // The file must not point other commands at a cluster that no longer exists.
            if (try? BootstrapFile.read(from: configuration.bootstrapFile)) == embeddedCluster.bootstrapServers {
                try? FileManager.default.removeItem(atPath: configuration.bootstrapFile)
            }
            embeddedCluster.shutdown()
        }
        logger.info("kafka producer stopped")
    }

    // MARK: Sending events

    /// Sends one event and returns when Kafka acknowledged it or it was spooled.
    ///
    /// Once handed to librdkafka the event is not withdrawn if the calling task is cancelled:
    /// the call still returns its outcome.
    ///
    /// Throws only when neither happened: the producer is shutting down (`shuttingDown`), the
    /// message was refused outright (`produceFailed`), or the spool write failed (`spoolFailed`).
    ///
    /// `json`, when given, must be `event.jsonValue()`: a caller that already built it (the
    /// router, to match rules) saves building it again for the record.
    public func send(
        _ event: CallEvent,
        json: JSONValue? = nil,
        topic: String,
        mode: ContentMode = .binary,
        extraHeaders: [(String, String)] = []
    ) async throws(KafkaError) -> DeliveryReport {
        var record = CloudEventsKafkaBinding.encode(event, json: json ?? event.jsonValue(), mode: mode)
        for (name, value) in extraHeaders { record.headers.append(KafkaHeader(name, value)) }
        return try await send(record: record, event: event, topic: topic, mode: mode, attempts: 1)
    }

    /// Hands `event` to librdkafka without waiting: `completion` is called on the poll thread
    /// once it is acknowledged or spooled (the same outcomes as `send`), or with the error that
    /// failed it. Throws `queueFull` when librdkafka's queue is full, so a caller that must not
    /// block (an event loop) can fall back to `send`, which waits for space.
    public func enqueue(
        _ event: CallEvent,
        json: JSONValue? = nil,
        topic: String,
        mode: ContentMode = .binary,
        extraHeaders: [(String, String)] = [],
        completion: @escaping @Sendable (Result<DeliveryReport, KafkaError>) -> Void
    ) throws(KafkaError) {
        try ensureTopic(topic)
        var record = CloudEventsKafkaBinding.encode(event, json: json ?? event.jsonValue(), mode: mode)
        for (name, value) in extraHeaders { record.headers.append(KafkaHeader(name, value)) }
        let message = PendingMessage(
            topic: topic, record: record, event: event, mode: mode, attempts: 1,
            metrics: engine.metrics.forTopic(topic), completion: .handler(completion)
        )
        do {
            try engine.enqueue(message)
        } catch where error.code == .queueFull || error.code == .shuttingDown {
            throw error
        } catch {
            message.metrics.failed.increment()
            throw error
        }
    }

    /// Sends many events of one topic, keeping their order per key, and returns when each is
    /// acknowledged or spooled. Faster than many `send` calls: one suspension for the batch.
    public func sendBatch(_ events: [CallEvent], topic: String, mode: ContentMode = .binary) async throws(KafkaError) -> BatchDeliveryReport {
        let items = events.map { OutgoingItem(record: CloudEventsKafkaBinding.encode($0, mode: mode), event: $0, topic: topic, mode: mode, attempts: 1) }
        let results = try await sendMany(items)
        var reports: [DeliveryReport] = []
        reports.reserveCapacity(results.count)
        for result in results {
            switch result {
            case .success(let report): reports.append(report)
            case .failure(let error): throw error
            }
        }
        return BatchDeliveryReport(reports: reports)
    }

    // MARK: Sending raw records

    /// Sends an already encoded record. Raw records are not spooled: a final failure throws
    /// `deliveryFailed`.
    public func send(record: KafkaRecord, topic: String) async throws(KafkaError) -> DeliveryReport {
        try await send(record: record, event: nil, topic: topic, mode: .binary, attempts: 1)
    }

    /// Sends already encoded records and returns how many Kafka acknowledged. Used by the
    /// benchmark to measure the producer without the JSON encoding.
    public func sendRecords(_ records: [KafkaRecord], topic: String) async throws(KafkaError) -> Int {
        guard !records.isEmpty else { return 0 }
        try ensureTopic(topic)
        let counter = BatchCounter(count: records.count)
        let metrics = engine.metrics.forTopic(topic)
        let messages = records.map {
            PendingMessage(topic: topic, record: $0, event: nil, mode: .binary, attempts: 1, metrics: metrics, completion: .count(counter))
        }
        await enqueueAll(messages)
        return await counter.deliveredCount()
    }

    /// Enqueues without waiting: throws `queueFull` when librdkafka's queue is full, otherwise
    /// calls `completion` on the poll thread when the delivery report arrives. For callers with
    /// their own pacing (the latency benchmark); keep `completion` short.
    public func produce(
        record: KafkaRecord,
        topic: String,
        completion: @escaping @Sendable (Result<DeliveryReport, KafkaError>) -> Void
    ) throws(KafkaError) {
        try ensureTopic(topic)
        let message = PendingMessage(
            topic: topic, record: record, event: nil, mode: .binary, attempts: 1,
            metrics: engine.metrics.forTopic(topic), completion: .handler(completion)
        )
        try engine.enqueue(message)
    }

    /// Messages handed to librdkafka and not yet reported.
    public var inFlightCount: Int { engine.inFlight.load(ordering: .relaxed) }

    /// librdkafka's local queue length (messages and protocol requests not yet done), sampled
    /// every 100 ms by the poll thread.
    public var queueLength: Int { engine.queueLength.load(ordering: .relaxed) }

    /// Whether any broker is reachable, from librdkafka's statistics (every second unless
    /// `statistics.interval.ms` says otherwise) and its all-brokers-down error.
    public var brokerConnectivity: BrokerConnectivity { engine.connectivity.withLock { $0 } }

    /// False when `statistics.interval.ms` is 0: `brokerConnectivity` then stays unknown.
    public var monitorsBrokers: Bool { engine.monitorsBrokers }

    /// How many times the producer was rebuilt after a fatal error.
    public var rebuildCount: Int { engine.rebuilds.load(ordering: .relaxed) }

    /// Test hook: raises a librdkafka fatal error, as an idempotence failure would.
    public func _simulateFatalError() { engine.triggerFatalError() }

    // MARK: Internals

    func send(record: KafkaRecord, event: CallEvent?, topic: String, mode: ContentMode, attempts: Int) async throws(KafkaError) -> DeliveryReport {
        try ensureTopic(topic)
        let waiter = DeliveryWaiter()
        let message = PendingMessage(
            topic: topic, record: record, event: event, mode: mode, attempts: attempts,
            metrics: engine.metrics.forTopic(topic), completion: .single(waiter)
        )
        while true {
            do {
                try engine.enqueue(message)
                break
            } catch where error.code == .queueFull {
                await engine.waitForSpace()
            } catch where error.code == .shuttingDown {
                throw error
            } catch {
                message.metrics.failed.increment()
                throw error
            }
        }
        return try await waiter.result().get()
    }

    /// Enqueues every item in order (waiting while the queue is full) and returns when all
    /// are reported. A refusal at enqueue time is that item's result; a shutdown stops the rest.
    func sendMany(_ items: [OutgoingItem]) async throws(KafkaError) -> [Result<DeliveryReport, KafkaError>] {
        guard !items.isEmpty else { return [] }
        for topic in Set(items.map(\.topic)) { try ensureTopic(topic) }
        let collector = BatchCollector(count: items.count)
        // Batches are nearly always one topic: remember the last lookup instead of hashing per message.
        var lastMetrics = engine.metrics.forTopic(items[0].topic)
        var messages: [PendingMessage] = []
        messages.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            if lastMetrics.topic != item.topic { lastMetrics = engine.metrics.forTopic(item.topic) }
            let metrics = lastMetrics
            messages.append(PendingMessage(
                topic: item.topic, record: item.record, event: item.event, mode: item.mode, attempts: item.attempts,
                metrics: metrics, completion: .batch(collector, index: index)
            ))
        }
        await enqueueAll(messages)
        return await collector.results()
    }

    /// Hands `messages` to librdkafka in order, waiting while the queue is full. If intake stops
    /// on the way, the messages not handed over are completed with `shuttingDown`.
    private func enqueueAll(_ messages: [PendingMessage]) async {
        var next = 0
        while next < messages.count {
            do {
                next = try engine.enqueueAvailable(messages, from: next)
            } catch {
                for message in messages[next...] { message.complete(.failure(error)) }
                return
            }
            if next < messages.count { await engine.waitForSpace() }
        }
    }

    /// On the embedded cluster, creates topics with the configured partition count before the
    /// first message (the mock cluster would otherwise auto-create them with its own default).
    private func ensureTopic(_ topic: String) throws(KafkaError) {
        guard let embeddedCluster else { return }
        guard knownTopics.withLock({ $0.insert(topic).inserted }) else { return }
        try embeddedCluster.createTopic(topic)
    }
}
