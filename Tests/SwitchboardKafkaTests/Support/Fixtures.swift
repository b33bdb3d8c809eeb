import Foundation
import Logging
import SwitchboardEvents
import SwitchboardKafka

/// Events, clusters, producers and temporary directories for the Kafka tests.
enum Fixtures {
    /// A call event of call `call`, the `sequence`-th of that call; the id encodes both so
    /// consumed records can be checked for order, gaps and duplicates.
    static func event(call: Int, sequence: Int, extensions: [String: String] = [:]) -> CallEvent {
        CallEvent(
            id: "call-\(call)-\(sequence)",
            source: "switchboard://thello/tenant-a",
            type: .ringing,
            subject: "sip-\(call)",
            time: Timestamp(millisecondsSince1970: 1_700_000_000_000 + Int64(sequence)),
            platform: .thello,
            partitionKey: "ctx-\(call)",
            extensions: extensions,
            data: CallEventData(
                callId: "sip-\(call)",
                state: .ringing,
                platformState: "RINGING",
                direction: .inbound,
                from: Party(number: "+33612345678", e164: "+33612345678", name: "Alice"),
                to: Party(number: "100"),
                callContextId: "ctx-\(call)",
                original: ["seq": .integer(Int64(sequence))]
            )
        )
    }

    /// `calls` calls with `perCall` events each, interleaved call by call as live traffic is.
    static func traffic(calls: Int, perCall: Int) -> [CallEvent] {
        var events: [CallEvent] = []
        events.reserveCapacity(calls * perCall)
        for sequence in 0..<perCall {
            for call in 0..<calls { events.append(event(call: call, sequence: sequence)) }
        }
        return events
    }

    static var quietLogger: Logger {
        var logger = Logger(label: "switchboard.kafka.tests")
        logger.logLevel = .critical
        return logger
    }

    /// A fresh directory under the system temporary directory.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-kafka-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A configuration for a test producer against an embedded cluster, spooling into `directory`.
    static func configuration(directory: URL, properties: [String: String] = [:], flushMilliseconds: Int = 10_000) -> KafkaConfiguration {
        // Fast reconnects: after brokers come back, tests with short message timeouts must not
        // wait out librdkafka's default backoff (up to 10 s) on a loaded machine.
        var all = ["reconnect.backoff.ms": "50", "reconnect.backoff.max.ms": "500"]
        for (name, value) in properties { all[name] = value }
        return KafkaConfiguration(
            brokers: KafkaConfiguration.embeddedBrokers,
            properties: all,
            bootstrapFile: directory.appendingPathComponent("kafka-bootstrap").path,
            spoolPath: directory.appendingPathComponent("spool.jsonl").path,
            replayOnStart: false,
            flushTimeoutMilliseconds: flushMilliseconds
        )
    }

    /// Waits until the producer delivers again (after brokers came back up), probing with raw
    /// records on their own topic, so what follows runs against a connected producer.
    static func waitUntilDeliverable(_ producer: KafkaProducer, timeout: Duration = .seconds(60)) async {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while ContinuousClock.now < deadline {
            if let report = try? await producer.send(record: KafkaRecord(key: nil, value: Array("probe".utf8)), topic: "probe"), report.isDelivered { return }
            try? await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Reads `count` records of `topic` from the beginning (generous timeout: the machine is shared).
    static func consume(_ cluster: EmbeddedKafkaCluster, topic: String, count: Int, timeout: Duration = .seconds(60)) async throws -> [ConsumedRecord] {
        let consumer = try KafkaConsumer(bootstrapServers: cluster.bootstrapServers, topic: topic)
        defer { consumer.close() }
        return try await consumer.collect(count: count, timeout: timeout)
    }

    /// Reads what is on `topic` after the producer is done: waits `quiet` for stragglers once
    /// `atLeast` records are in.
    static func consumeAll(_ cluster: EmbeddedKafkaCluster, topic: String, atLeast: Int) async throws -> [ConsumedRecord] {
        let consumer = try KafkaConsumer(bootstrapServers: cluster.bootstrapServers, topic: topic)
        defer { consumer.close() }
        var records = try await consumer.collect(count: atLeast, timeout: .seconds(60))
        // Anything beyond the expected count would be a duplicate; give it a moment to show up.
        records += try await consumer.collect(count: Int.max, timeout: .seconds(2))
        return records
    }

    /// The event ids of `records`, decoded through the CloudEvents binding.
    static func ids(_ records: [ConsumedRecord]) throws -> [String] {
        try records.map { try CloudEventsKafkaBinding.decode($0.record).id }
    }
}
