import Foundation

/// How Switchboard talks to Kafka: which brokers, which librdkafka properties, and where the
/// local spool lives. Every member has a default, so an empty YAML mapping is a valid config that
/// runs against the embedded cluster.
public struct KafkaConfiguration: Sendable, Hashable, Decodable {
    /// The value of `brokers` that starts the in-process cluster.
    public static let embeddedBrokers = "embedded"

    /// The librdkafka properties Switchboard sets unless the config overrides them: the delivery
    /// contract (DESIGN.md §6) needs an idempotent producer that waits for all replicas.
    public static let defaultProperties: [String: String] = [
        "enable.idempotence": "true",
        "acks": "all",
        "linger.ms": "5",
    ]

    /// `"embedded"` (the default) or a comma-separated `host:port` list.
    public var brokers: String
    /// librdkafka properties, passed through as they are and validated when the producer starts.
    /// They override `defaultProperties`; `bootstrap.servers` here overrides `brokers`.
    public var properties: [String: String]
    /// How the embedded cluster is shaped when `brokers` is `"embedded"`.
    public var embedded: EmbeddedClusterOptions
    /// Where the embedded cluster's bootstrap address is written so other commands find it.
    public var bootstrapFile: String
    /// The JSON-lines file that takes deliveries which failed for good.
    public var spoolPath: String
    /// Whether the service re-sends a pending spool when it starts.
    public var replayOnStart: Bool
    /// How long a graceful shutdown waits for outstanding deliveries before spooling them.
    public var flushTimeoutMilliseconds: Int

    public init(
        brokers: String = KafkaConfiguration.embeddedBrokers,
        properties: [String: String] = [:],
        embedded: EmbeddedClusterOptions = EmbeddedClusterOptions(),
        bootstrapFile: String = ".switchboard/kafka-bootstrap",
        spoolPath: String = ".switchboard/kafka-spool.jsonl",
        replayOnStart: Bool = true,
        flushTimeoutMilliseconds: Int = 10_000
    ) {
        self.brokers = brokers
        self.properties = properties
        self.embedded = embedded
        self.bootstrapFile = bootstrapFile
        self.spoolPath = spoolPath
        self.replayOnStart = replayOnStart
        self.flushTimeoutMilliseconds = flushTimeoutMilliseconds
    }

    /// Whether this configuration asks for the in-process cluster.
    public var usesEmbeddedCluster: Bool {
        brokers.trimmingCharacters(in: .whitespaces).lowercased() == Self.embeddedBrokers
    }

    /// The properties handed to librdkafka: defaults, then the config's own, with
    /// `bootstrap.servers` filled from `bootstrapServers` unless the config sets it.
    public func effectiveProperties(bootstrapServers: String) -> [String: String] {
        var result = Self.defaultProperties
        result["bootstrap.servers"] = bootstrapServers
        for (name, value) in properties { result[name] = value }
        return result
    }

    enum CodingKeys: String, CodingKey {
        case brokers, properties, embedded, bootstrapFile, spoolPath, replayOnStart, flushTimeoutMilliseconds
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = KafkaConfiguration()
        brokers = try container.decodeIfPresent(String.self, forKey: .brokers) ?? defaults.brokers
        let scalars = try container.decodeIfPresent([String: PropertyValue].self, forKey: .properties) ?? [:]
        properties = scalars.mapValues(\.text)
        embedded = try container.decodeIfPresent(EmbeddedClusterOptions.self, forKey: .embedded) ?? defaults.embedded
        bootstrapFile = try container.decodeIfPresent(String.self, forKey: .bootstrapFile) ?? defaults.bootstrapFile
        spoolPath = try container.decodeIfPresent(String.self, forKey: .spoolPath) ?? defaults.spoolPath
        replayOnStart = try container.decodeIfPresent(Bool.self, forKey: .replayOnStart) ?? defaults.replayOnStart
        flushTimeoutMilliseconds =
            try container.decodeIfPresent(Int.self, forKey: .flushTimeoutMilliseconds) ?? defaults.flushTimeoutMilliseconds
    }
}
