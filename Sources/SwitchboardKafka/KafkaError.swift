/// Why a Kafka operation failed. Every error carries a stable `code` for logs and metrics and a
/// message meant for people; secrets (property values of sensitive keys) never appear in it.
public struct KafkaError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The stable category of a `KafkaError`.
    public enum Code: String, Sendable, Hashable, Codable {
        /// A librdkafka property is unknown or has a bad value; `property` names it.
        case invalidProperty = "KAFKA_INVALID_PROPERTY"
        /// The Switchboard-level configuration is inconsistent (e.g. zero partitions).
        case invalidConfiguration = "KAFKA_INVALID_CONFIGURATION"
        /// librdkafka refused to create a client handle.
        case clientCreationFailed = "KAFKA_CLIENT_CREATION_FAILED"
        /// The embedded cluster could not be started or changed.
        case embeddedClusterFailed = "KAFKA_EMBEDDED_CLUSTER_FAILED"
        /// `--brokers embedded` was asked for but no bootstrap file exists.
        case bootstrapFileMissing = "KAFKA_BOOTSTRAP_FILE_MISSING"
        /// librdkafka's local queue is full; the async APIs wait instead of surfacing this.
        case queueFull = "KAFKA_QUEUE_FULL"
        /// librdkafka rejected the message at enqueue time (too large, unknown partition...).
        case produceFailed = "KAFKA_PRODUCE_FAILED"
        /// The broker did not acknowledge the message for good (timeout, fatal error...).
        case deliveryFailed = "KAFKA_DELIVERY_FAILED"
        /// The producer no longer takes messages because it is shutting down.
        case shuttingDown = "KAFKA_SHUTTING_DOWN"
        /// The spool could not be read or written.
        case spoolFailed = "KAFKA_SPOOL_FAILED"
        /// A record could not be decoded into a `CallEvent`.
        case decodingFailed = "KAFKA_DECODING_FAILED"
        /// The consumer failed (metadata, assignment, fetch).
        case consumerFailed = "KAFKA_CONSUMER_FAILED"
    }

    public let code: Code
    public let message: String
    /// The librdkafka property at fault, for `invalidProperty`.
    public let property: String?
    /// librdkafka's error name (`_MSG_TIMED_OUT`, `NOT_ENOUGH_REPLICAS`...) when one is known.
    public let librdkafkaError: String?

    public init(_ code: Code, _ message: String, property: String? = nil, librdkafkaError: String? = nil) {
        self.code = code
        self.message = message
        self.property = property
        self.librdkafkaError = librdkafkaError
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
