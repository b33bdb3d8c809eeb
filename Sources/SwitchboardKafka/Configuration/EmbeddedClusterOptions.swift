/// The shape of the in-process Kafka-protocol cluster (librdkafka's mock cluster).
public struct EmbeddedClusterOptions: Sendable, Hashable, Decodable {
    /// Number of brokers (ids 1...N).
    public var brokers: Int
    /// Partitions of every topic Switchboard creates on the embedded cluster. Topics that a
    /// foreign client auto-creates get librdkafka's mock default (4) instead.
    public var partitions: Int

    public init(brokers: Int = 1, partitions: Int = 6) {
        self.brokers = brokers
        self.partitions = partitions
    }

    enum CodingKeys: String, CodingKey { case brokers, partitions }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        brokers = try container.decodeIfPresent(Int.self, forKey: .brokers) ?? 1
        partitions = try container.decodeIfPresent(Int.self, forKey: .partitions) ?? 6
    }

    /// Checks the numbers are usable before anything is started.
    public func validate() throws(KafkaError) {
        guard (1...32).contains(brokers) else {
            throw KafkaError(.invalidConfiguration, "embedded.brokers must be between 1 and 32, got \(brokers)")
        }
        guard (1...1024).contains(partitions) else {
            throw KafkaError(.invalidConfiguration, "embedded.partitions must be between 1 and 1024, got \(partitions)")
        }
    }
}
