import Foundation
@testable import SwitchboardKafka
import Testing

/// Broker reachability as the producer derives it from librdkafka's statistics, against the
/// embedded (mock) cluster whose brokers the test takes down and brings back.
@Suite("Kafka broker connectivity", .serialized, .timeLimit(.minutes(3)))
struct ConnectivityTests {
    static func eventually(within seconds: Double = 60, _ condition: () -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return condition()
    }

    @Test("up with the cluster, down (all brokers) while it is down, up again after — with no traffic")
    func followsTheCluster() async throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let cluster = try EmbeddedKafkaCluster(options: EmbeddedClusterOptions(brokers: 3))
        defer { cluster.shutdown() }
        let producer = try KafkaProducer(
            configuration: Fixtures.configuration(directory: directory),
            cluster: cluster, logger: Fixtures.quietLogger
        )
        #expect(producer.monitorsBrokers)
        #expect(try await Self.eventually { producer.brokerConnectivity.isUp }, "\(producer.brokerConnectivity)")
        try cluster.setAllBrokers(up: false)
        #expect(try await Self.eventually { !producer.brokerConnectivity.isUp && producer.brokerConnectivity.updatedAt != nil })
        #expect(producer.brokerConnectivity.summary.hasPrefix("all brokers down"))
        try cluster.setAllBrokers(up: true)
        #expect(try await Self.eventually { producer.brokerConnectivity.isUp }, "\(producer.brokerConnectivity)")
        await producer.shutdown()
    }

    @Test("statistics.interval.ms 0 turns broker monitoring off (connectivity stays unknown)")
    func monitoringOff() async throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let cluster = try EmbeddedKafkaCluster()
        defer { cluster.shutdown() }
        let producer = try KafkaProducer(configuration: Fixtures.configuration(directory: directory, properties: ["statistics.interval.ms": "0"]), cluster: cluster, logger: Fixtures.quietLogger)
        #expect(!producer.monitorsBrokers)
        #expect(producer.brokerConnectivity == .unknown)
        await producer.shutdown()
    }

    @Test("the statistics reader counts connected brokers and ignores librdkafka's internal one")
    func parse() throws {
        let statistics = #"""
        {"name":"rdkafka#producer-1","brokers":{
          ":0/internal":{"name":":0/internal","nodeid":-1,"source":"internal","state":"UP"},
          "127.0.0.1:9092/bootstrap":{"name":"127.0.0.1:9092/bootstrap","nodeid":-1,"source":"configured","state":"INIT"},
          "127.0.0.1:9092/1":{"name":"127.0.0.1:9092/1","nodeid":1,"source":"learned","state":"UP"},
          "127.0.0.1:9093/2":{"name":"127.0.0.1:9093/2","nodeid":2,"source":"learned","state":"CONNECT"}}}
        """#
        let parsed = try #require(BrokerConnectivity.parse(statistics: Data(statistics.utf8), at: Date()))
        #expect(parsed.connected == 1 && parsed.known == 3)
        #expect(parsed.summary == "1 of 3 brokers up")
        #expect(BrokerConnectivity.parse(statistics: Data("not json".utf8), at: Date()) == nil)
    }
}
