import SwitchboardConnectors
import SwitchboardKafka
import SwitchboardRules

/// The whole `switchboard serve` configuration: one YAML file, documented key by key in
/// `docs/configuration.md`. Every section has defaults, so an empty file is a valid config.
public struct SwitchboardConfiguration: Sendable, Decodable {
    public var http: HTTPConfiguration
    public var logging: LoggingConfiguration
    public var rules: RulesConfiguration
    /// Webhook routes (CloudEvents or platform JSON bodies).
    public var webhooks: [WebhookConfiguration]
    /// The Kafka sink (documented in docs/kafka.md); the default runs the embedded cluster.
    public var kafka: KafkaConfiguration
    /// Live platform connections.
    public var sources: SourcesConfiguration

    public init(
        http: HTTPConfiguration = .init(),
        logging: LoggingConfiguration = .init(),
        rules: RulesConfiguration = .init(),
        webhooks: [WebhookConfiguration] = [],
        kafka: KafkaConfiguration = .init(),
        sources: SourcesConfiguration = .init()
    ) {
        self.http = http
        self.logging = logging
        self.rules = rules
        self.webhooks = webhooks
        self.kafka = kafka
        self.sources = sources
    }

    /// The top-level keys this version understands; anything else is reported by `config check`.
    static let knownKeys: Set<String> = ["http", "logging", "rules", "kafka", "sources", "webhooks"]

    enum CodingKeys: String, CodingKey {
        case http, logging, rules, webhooks, kafka, sources
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        http = try container.decodeIfPresent(HTTPConfiguration.self, forKey: .http) ?? .init()
        logging = try container.decodeIfPresent(LoggingConfiguration.self, forKey: .logging) ?? .init()
        rules = try container.decodeIfPresent(RulesConfiguration.self, forKey: .rules) ?? .init()
        webhooks = try container.decodeIfPresent([WebhookConfiguration].self, forKey: .webhooks) ?? []
        kafka = try container.decodeIfPresent(KafkaConfiguration.self, forKey: .kafka) ?? .init()
        sources = try container.decodeIfPresent(SourcesConfiguration.self, forKey: .sources) ?? .init()
        var paths = Set<String>()
        for webhook in webhooks where !paths.insert(webhook.path).inserted {
            throw DecodingError.dataCorruptedError(forKey: .webhooks, in: container, debugDescription: "two webhooks use the path \(webhook.path)")
        }
    }
}

/// Where the HTTP server (webhooks, health, metrics, status page) listens, and its limits.
public struct HTTPConfiguration: Sendable, Hashable, Decodable {
    /// The address to bind (`0.0.0.0` for every interface).
    public var host: String
    /// The TCP port; `0` picks a free one (useful in tests).
    public var port: Int
    /// The largest request body accepted, in bytes; larger bodies get 413.
    public var maxBodyBytes: Int
    /// Whether `switchboard serve` runs Swift concurrency's tasks on the HTTP server's event-loop
    /// threads instead of the cooperative pool (`EventLoopConcurrency`). Off by default: on the
    /// 2-core benchmark machine it cost throughput (docs/performance.md, "Webhook ingest").
    /// Read once at process start.
    public var tasksOnEventLoops: Bool

    public init(host: String = "127.0.0.1", port: Int = 8080, maxBodyBytes: Int = 1_048_576, tasksOnEventLoops: Bool = false) {
        self.host = host
        self.port = port
        self.maxBodyBytes = maxBodyBytes
        self.tasksOnEventLoops = tasksOnEventLoops
    }

    enum CodingKeys: String, CodingKey {
        case host, port
        case maxBodyBytes, tasksOnEventLoops
    }

    public init(from decoder: any Decoder) throws {
        let defaults = HTTPConfiguration()
        let container = try decoder.container(keyedBy: CodingKeys.self)
        host = try container.decodeIfPresent(String.self, forKey: .host) ?? defaults.host
        port = try container.decodeIfPresent(Int.self, forKey: .port) ?? defaults.port
        maxBodyBytes = try container.decodeIfPresent(Int.self, forKey: .maxBodyBytes) ?? defaults.maxBodyBytes
        tasksOnEventLoops = try container.decodeIfPresent(Bool.self, forKey: .tasksOnEventLoops) ?? defaults.tasksOnEventLoops
        guard (0...65535).contains(port) else {
            throw DecodingError.dataCorruptedError(forKey: .port, in: container, debugDescription: "port must be between 0 and 65535, found \(port)")
        }
        guard maxBodyBytes > 0 else {
            throw DecodingError.dataCorruptedError(forKey: .maxBodyBytes, in: container, debugDescription: "must be a positive number of bytes")
        }
    }
}

/// How Switchboard logs.
public struct LoggingConfiguration: Sendable, Hashable, Decodable {
    public enum Format: String, Sendable, Hashable, Decodable {
        case text
        case json
    }

    public enum Level: String, Sendable, Hashable, Decodable, CaseIterable {
        case trace, debug, info, notice, warning, error, critical
    }

    public var level: Level
    public var format: Format

    public init(level: Level = .info, format: Format = .text) {
        self.level = level
        self.format = format
    }

    enum CodingKeys: String, CodingKey { case level, format }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        level = try container.decodeIfPresent(Level.self, forKey: .level) ?? .info
        format = try container.decodeIfPresent(Format.self, forKey: .format) ?? .text
    }
}

/// Where the routing rules live and how often they are checked for changes.
public struct RulesConfiguration: Sendable, Hashable, Decodable {
    /// The rules directory (YAML rule files, lookup tables, `tests/`), relative to the working directory.
    public var directory: String
    /// How often the directory is checked for changes, in seconds; `0` disables hot reload.
    public var reloadIntervalSeconds: Double
    /// Operator-choice state (round-robin counters, sticky routing TTL and bound).
    public var choice: OperatorChoiceState.Configuration
    /// The Kafka topic that receives failed actions and unresolvable plans.
    public var deadLetterTopic: String
    /// The most platform actions queued or running at once; beyond it webhooks get 429.
    public var maxPendingActions: Int

    public init(
        directory: String = "rules", reloadIntervalSeconds: Double = 2, choice: OperatorChoiceState.Configuration = .init(),
        deadLetterTopic: String = "switchboard.deadletter", maxPendingActions: Int = 10_000
    ) {
        self.directory = directory
        self.reloadIntervalSeconds = reloadIntervalSeconds
        self.choice = choice
        self.deadLetterTopic = deadLetterTopic
        self.maxPendingActions = maxPendingActions
    }

    enum CodingKeys: String, CodingKey {
        case directory, reloadIntervalSeconds, choice, deadLetterTopic, maxPendingActions
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = RulesConfiguration()
        directory = try container.decodeIfPresent(String.self, forKey: .directory) ?? defaults.directory
        reloadIntervalSeconds = try container.decodeIfPresent(Double.self, forKey: .reloadIntervalSeconds) ?? defaults.reloadIntervalSeconds
        choice = try container.decodeIfPresent(OperatorChoiceState.Configuration.self, forKey: .choice) ?? defaults.choice
        deadLetterTopic = try container.decodeIfPresent(String.self, forKey: .deadLetterTopic) ?? defaults.deadLetterTopic
        maxPendingActions = try container.decodeIfPresent(Int.self, forKey: .maxPendingActions) ?? defaults.maxPendingActions
        guard maxPendingActions > 0 else {
            throw DecodingError.dataCorruptedError(forKey: .maxPendingActions, in: container, debugDescription: "must be positive")
        }
        guard reloadIntervalSeconds >= 0 else {
            throw DecodingError.dataCorruptedError(forKey: .reloadIntervalSeconds, in: container, debugDescription: "must be 0 (off) or a positive number of seconds")
        }
    }
}
