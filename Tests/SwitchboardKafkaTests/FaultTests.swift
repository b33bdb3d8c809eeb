import CRdKafka
import Foundation
import SwitchboardEvents
import SwitchboardKafka
import Testing

@Suite("Kafka producer under broker faults", .timeLimit(.minutes(3)))
struct FaultTests {
    @Test("transient produce errors and dropped connections: every event delivered exactly once")
    func transientErrors() async throws {
        let directory = try Fixtures.temporaryDirectory()
        let cluster = try EmbeddedKafkaCluster(options: EmbeddedClusterOptions(brokers: 3, partitions: 6))
        let producer = try KafkaProducer(configuration: Fixtures.configuration(directory: directory), cluster: cluster, logger: Fixtures.quietLogger)
        // Warm up so the idempotent producer id exists before the faults start.
        _ = try await producer.send(Fixtures.event(call: 999, sequence: 0), topic: "faults")
        try cluster.pushRequestErrors([
            RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS, RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT, RD_KAFKA_RESP_ERR__TRANSPORT,
            RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS_AFTER_APPEND, RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE, RD_KAFKA_RESP_ERR__TRANSPORT,
            RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT, RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS,
        ])
        let events = Fixtures.traffic(calls: 50, perCall: 40)
        let report = try await producer.sendBatch(events, topic: "faults")
        await producer.shutdown()
        #expect(report.deliveredCount == events.count)
        #expect(try producer.spool.count() == 0)

        let records = try await Fixtures.consumeAll(cluster, topic: "faults", atLeast: events.count + 1)
        let ids = try Fixtures.ids(records)
        let missing = Set(events.map(\.id) + ["call-999-0"]).subtracting(ids)
        #expect(missing.isEmpty, "lost: \(Self.diagnose(missing: missing, events: events, report: report, consumed: records))")
        if producer.rebuildCount == 0 {
            // One idempotent producer id throughout: librdkafka's retries are de-duplicated.
            #expect(ids.count == events.count + 1, "exactly once: \(ids.count - events.count - 1) duplicates")
        } else {
            // Seen about once in 20 loaded runs: the injected errors drove the idempotent producer
            // into a fatal state; the rebuilt producer (new id) re-sends what was unacknowledged,
            // which docs/kafka.md documents as at-least-once. Bounded by what was in flight.
            #expect(ids.count <= 2 * (events.count + 1), "re-sent more than was in flight: \(ids.count)")
        }
    }

    /// Where librdkafka said each missing event went, and what the consumer read per partition:
    /// tells a broker-side loss (reported offset never read) from a client-side one. Seen once,
    /// in a loaded ASan run: five events reported delivered and not read back.
    static func diagnose(missing: Set<String>, events: [CallEvent], report: BatchDeliveryReport, consumed: [ConsumedRecord]) -> String {
        var reported: [String: DeliveryReport.Outcome] = [:]
        for (event, delivery) in zip(events, report.reports) { reported[event.id] = delivery.outcome }
        var lines = missing.sorted().map { id in "\(id) reported \(reported[id].map { "\($0)" } ?? "(warm-up)")" }
        let byPartition = Dictionary(grouping: consumed, by: \.partition)
        for (partition, records) in byPartition.sorted(by: { $0.key < $1.key }) {
            let offsets = records.map(\.offset).sorted()
            lines.append("partition \(partition): \(records.count) read, offsets \(offsets.first ?? -1)...\(offsets.last ?? -1)")
        }
        return lines.joined(separator: "; ")
    }

    @Test("all brokers down for less than the message timeout: zero loss")
    func shortOutage() async throws {
        let directory = try Fixtures.temporaryDirectory()
        let cluster = try EmbeddedKafkaCluster()
        let configuration = Fixtures.configuration(directory: directory, properties: ["message.timeout.ms": "60000"])
        let producer = try KafkaProducer(configuration: configuration, cluster: cluster, logger: Fixtures.quietLogger)
        _ = try await producer.send(Fixtures.event(call: 0, sequence: 0), topic: "outage")
        try cluster.setAllBrokers(up: false)
        let events = (1...500).map { Fixtures.event(call: $0 % 20, sequence: $0) }
        let sending = Task { try await producer.sendBatch(events, topic: "outage") }
        try await Task.sleep(for: .seconds(2))
        try cluster.setAllBrokers(up: true)
        let report = try await sending.value
        await producer.shutdown()
        #expect(report.deliveredCount == events.count)
        #expect(try producer.spool.count() == 0)
        let ids = try Fixtures.ids(try await Fixtures.consumeAll(cluster, topic: "outage", atLeast: events.count + 1))
        #expect(Set(ids).count == events.count + 1)
    }

    @Test("brokers down past the message timeout: events spooled; brokers back and replay: all delivered, spool empty")
    func longOutageThenReplay() async throws {
        let directory = try Fixtures.temporaryDirectory()
        let cluster = try EmbeddedKafkaCluster()
        let configuration = Fixtures.configuration(directory: directory, properties: ["message.timeout.ms": "1500"])
        let producer = try KafkaProducer(configuration: configuration, cluster: cluster, logger: Fixtures.quietLogger)
        _ = try await producer.send(Fixtures.event(call: 0, sequence: 0), topic: "longoutage")
        try cluster.setAllBrokers(up: false)
        let events = (1...300).map { Fixtures.event(call: $0 % 10, sequence: $0) }
        let report = try await producer.sendBatch(events, topic: "longoutage", mode: .structured)
        #expect(report.spooledCount == events.count)
        let spooled = try producer.spool.read()
        #expect(Set(spooled.map(\.event.id)) == Set(events.map(\.id)))
        #expect(spooled.allSatisfy { $0.topic == "longoutage" && $0.mode == .structured && $0.attempts == 1 && $0.error.contains("MSG_TIMED_OUT") })

        try cluster.setAllBrokers(up: true)
        await Fixtures.waitUntilDeliverable(producer)
        let summary = try await producer.replaySpool()
        await producer.shutdown()
        #expect(summary == ReplaySummary(total: events.count, delivered: events.count, spooledAgain: 0))
        #expect(try producer.spool.count() == 0)
        #expect(!FileManager.default.fileExists(atPath: producer.spool.replayingPath))
        let records = try await Fixtures.consumeAll(cluster, topic: "longoutage", atLeast: events.count + 1)
        let ids = try Fixtures.ids(records)
        #expect(Set(ids) == Set(events.map(\.id) + ["call-0-0"]))
        let replayed = try records.filter { try CloudEventsKafkaBinding.decode($0.record).id != "call-0-0" }
        #expect(replayed.allSatisfy { CloudEventsKafkaBinding.mode(of: $0.record) == .structured }, "replay keeps the mode")
    }

    @Test("a fatal producer error rebuilds the producer and re-sends what was not acknowledged")
    func fatalErrorRebuild() async throws {
        let directory = try Fixtures.temporaryDirectory()
        let cluster = try EmbeddedKafkaCluster()
        let producer = try KafkaProducer(configuration: Fixtures.configuration(directory: directory), cluster: cluster, logger: Fixtures.quietLogger)
        _ = try await producer.send(Fixtures.event(call: 0, sequence: 0), topic: "fatal")
        // Slow acknowledgements so messages are outstanding when the fatal error hits.
        try cluster.setRoundTripTime(broker: 1, milliseconds: 300)
        let events = (1...2_000).map { Fixtures.event(call: $0 % 40, sequence: $0) }
        let sending = Task { try await producer.sendBatch(events, topic: "fatal") }
        try await Task.sleep(for: .milliseconds(200))
        producer._simulateFatalError()
        let report = try await sending.value
        try cluster.setRoundTripTime(broker: 1, milliseconds: 0)
        let after = try await producer.send(Fixtures.event(call: 1, sequence: 9_999), topic: "fatal")
        await producer.shutdown()
        #expect(producer.rebuildCount == 1)
        #expect(report.deliveredCount == events.count)
        #expect(after.isDelivered)
        let ids = try Fixtures.ids(try await Fixtures.consumeAll(cluster, topic: "fatal", atLeast: events.count + 2))
        // Re-sending after a rebuild is at least once: a message acknowledged by the broker but
        // purged locally may appear twice; none may be missing.
        #expect(Set(ids) == Set(events.map(\.id) + ["call-0-0", "call-1-9999"]))
    }
}
