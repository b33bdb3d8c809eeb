import CRdKafka
import Foundation
import Logging
import Synchronization

/// librdkafka's in-process Kafka-protocol cluster (`rdkafka_mock.h`): real brokers speaking the
/// Kafka protocol over TCP on loopback, with data held in memory only.
///
/// Used as the zero-infrastructure default (`brokers: embedded`), by `switchboard kafka dev`,
/// and by tests, which also use its fault injection.
public final class EmbeddedKafkaCluster: Sendable {
    /// Kafka API key of Produce requests, for `pushRequestErrors`.
    public static let produceApiKey: Int16 = 0

    public let options: EmbeddedClusterOptions
    /// The `host:port,...` list any Kafka client can bootstrap from.
    public let bootstrapServers: String
    private let owner: RdKafkaHandle
    private let cluster: Mutex<MockCluster?>

    private struct MockCluster: @unchecked Sendable {
        let pointer: OpaquePointer
    }

    /// Starts the cluster. It runs on librdkafka's own threads until `shutdown()` or deinit.
    public init(options: EmbeddedClusterOptions = EmbeddedClusterOptions()) throws(KafkaError) {
        try options.validate()
        self.options = options
        // The mock cluster needs a client handle to live in; this one never talks to anything.
        let conf = try RdKafkaConfiguration.make(["log_level": "3"])
        owner = try RdKafkaHandle.make(type: RD_KAFKA_PRODUCER, conf: conf)
        guard let pointer = rd_kafka_mock_cluster_new(owner.pointer, Int32(options.brokers)) else {
            rd_kafka_destroy(owner.pointer)
            throw KafkaError(.embeddedClusterFailed, "rd_kafka_mock_cluster_new failed for \(options.brokers) broker(s)")
        }
        bootstrapServers = String(cString: rd_kafka_mock_cluster_bootstraps(pointer))
        cluster = Mutex(MockCluster(pointer: pointer))
    }

    deinit {
        shutdown()
    }

    /// Stops the brokers and frees the data. Idempotent.
    public func shutdown() {
        let pointer = cluster.withLock { cluster -> OpaquePointer? in
            defer { cluster = nil }
            return cluster?.pointer
        }
        guard let pointer else { return }
        rd_kafka_mock_cluster_destroy(pointer)
        rd_kafka_destroy(owner.pointer)
    }

    /// Creates `topic` with `partitions` (default: the options' count). An existing topic is left
    /// as it is.
    public func createTopic(_ topic: String, partitions: Int? = nil) throws(KafkaError) {
        let count = partitions ?? options.partitions
        let code = try withCluster { rd_kafka_mock_topic_create($0, topic, Int32(count), Int32(min(options.brokers, 3))) }
        guard code == RD_KAFKA_RESP_ERR_NO_ERROR || code == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS else {
            throw KafkaError(.embeddedClusterFailed, "could not create topic \"\(topic)\": \(RdKafkaErrorName.describe(code))",
                librdkafkaError: RdKafkaErrorName.name(code))
        }
    }

    /// Broker ids are 1...options.brokers.
    public var brokerIDs: ClosedRange<Int32> { 1...Int32(options.brokers) }

    /// Takes a broker down (connections refused) or brings it back.
    public func setBroker(_ id: Int32, up: Bool) throws(KafkaError) {
        let code = try withCluster { up ? rd_kafka_mock_broker_set_up($0, id) : rd_kafka_mock_broker_set_down($0, id) }
        guard code == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(.embeddedClusterFailed, "could not set broker \(id) \(up ? "up" : "down"): \(RdKafkaErrorName.describe(code))")
        }
    }

    /// Takes every broker down or brings every broker back.
    public func setAllBrokers(up: Bool) throws(KafkaError) {
        for id in brokerIDs { try setBroker(id, up: up) }
    }

    /// Makes the next `errors.count` requests of `apiKey` fail with these errors, in order.
    public func pushRequestErrors(apiKey: Int16 = EmbeddedKafkaCluster.produceApiKey, _ errors: [rd_kafka_resp_err_t]) throws(KafkaError) {
        try withCluster { pointer in
            errors.withUnsafeBufferPointer { rd_kafka_mock_push_request_errors_array(pointer, apiKey, errors.count, $0.baseAddress) }
        }
    }

    /// Adds `milliseconds` of round-trip time to a broker.
    public func setRoundTripTime(broker id: Int32, milliseconds: Int) throws(KafkaError) {
        _ = try withCluster { rd_kafka_mock_broker_set_rtt($0, id, Int32(milliseconds)) }
    }

    /// Writes the bootstrap address to `path` (creating directories) so other commands find it.
    public func writeBootstrapFile(_ path: String) throws(KafkaError) {
        try BootstrapFile.write(bootstrapServers, to: path)
    }

    private func withCluster<R>(_ body: (OpaquePointer) -> R) throws(KafkaError) -> R {
        try cluster.withLock { cluster throws(KafkaError) -> R in
            guard let cluster else { throw KafkaError(.embeddedClusterFailed, "the embedded cluster was shut down") }
            return body(cluster.pointer)
        }
    }
}
