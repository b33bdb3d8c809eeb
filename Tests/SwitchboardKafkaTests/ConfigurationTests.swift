import Foundation
import SwitchboardKafka
import Testing

@Suite("Kafka configuration")
struct ConfigurationTests {
    func start(_ properties: [String: String]) throws -> KafkaError? {
        let directory = try Fixtures.temporaryDirectory()
        let configuration = KafkaConfiguration(
            brokers: "127.0.0.1:1", properties: properties,
            spoolPath: directory.appendingPathComponent("spool.jsonl").path
        )
        do {
            let producer = try KafkaProducer(configuration: configuration, cluster: nil, logger: Fixtures.quietLogger)
            Task { await producer.shutdown() }
            return nil
        } catch {
            return error
        }
    }

    @Test("an unknown librdkafka property is refused at start, naming it")
    func unknownProperty() throws {
        let error = try #require(try start(["linger.mss": "5"]))
        #expect(error.code == .invalidProperty)
        #expect(error.property == "linger.mss")
        #expect(error.message.contains("\"linger.mss\""))
    }

    @Test("a bad value is refused at start, naming the property", arguments: [
        ("acks", "most"), ("linger.ms", "soon"), ("enable.idempotence", "perhaps"), ("compression.type", "zip"),
    ])
    func badValue(name: String, value: String) throws {
        let error = try #require(try start([name: value]))
        #expect(error.code == .invalidProperty)
        #expect(error.property == name)
        #expect(error.message.contains("\"\(name)\""))
    }

    @Test("a secret in a refused value never appears in the error")
    func secretsRedacted() throws {
        let error = try #require(try start(["sasl.passwrd": "hunter2"]))
        #expect(error.property == "sasl.passwrd")
        #expect(!error.description.contains("hunter2"))
    }

    @Test("defaults: idempotent, acks=all, linger 5 ms, embedded brokers")
    func defaults() {
        let configuration = KafkaConfiguration()
        #expect(configuration.usesEmbeddedCluster)
        let properties = configuration.effectiveProperties(bootstrapServers: "b:9092")
        #expect(properties["enable.idempotence"] == "true")
        #expect(properties["acks"] == "all")
        #expect(properties["linger.ms"] == "5")
        #expect(properties["bootstrap.servers"] == "b:9092")
        #expect(configuration.bootstrapFile == ".switchboard/kafka-bootstrap")
    }

    @Test("decodes from a config document; unquoted numbers and booleans become property text")
    func decoding() throws {
        let json = """
            {"brokers": "k1:9092,k2:9092", "properties": {"linger.ms": 20, "enable.idempotence": true, "acks": "all"},
             "embedded": {"partitions": 12}, "replayOnStart": false, "flushTimeoutMilliseconds": 2500}
            """
        let configuration = try JSONDecoder().decode(KafkaConfiguration.self, from: Data(json.utf8))
        #expect(!configuration.usesEmbeddedCluster)
        #expect(configuration.properties == ["linger.ms": "20", "enable.idempotence": "true", "acks": "all"])
        #expect(configuration.embedded == EmbeddedClusterOptions(brokers: 1, partitions: 12))
        #expect(configuration.replayOnStart == false)
        #expect(configuration.flushTimeoutMilliseconds == 2500)
        #expect(configuration.spoolPath == KafkaConfiguration().spoolPath)
        let empty = try JSONDecoder().decode(KafkaConfiguration.self, from: Data("{}".utf8))
        #expect(empty == KafkaConfiguration())
    }

    @Test("embedded cluster options out of range are refused", arguments: [EmbeddedClusterOptions(brokers: 0), EmbeddedClusterOptions(partitions: 0)])
    func badEmbeddedOptions(options: EmbeddedClusterOptions) {
        #expect(throws: KafkaError.self) { try EmbeddedKafkaCluster(options: options) }
    }
}
