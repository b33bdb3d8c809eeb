import Foundation
import SwitchboardEvents
import SwitchboardKafka
import SwitchboardRuntime
import Testing

/// `/readyz` follows the Kafka cluster: 503 while every broker is down, 200 once one is back —
/// driven by librdkafka's broker states through `RuntimeMonitorService`.
@Suite("readiness: Kafka cluster down and up", .serialized, .timeLimit(.minutes(4)))
struct KafkaReadinessTests {
    @Test("all brokers down → /readyz 503 naming kafka; brokers up → 200 again")
    func flipsWithBrokers() async throws {
        let work = try ServeHarness.workDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let fastReconnect = ["reconnect.backoff.ms": "50", "reconnect.backoff.max.ms": "500"]
        try await ServeHarness.run(ServeHarness.configuration(work: work, kafkaProperties: fastReconnect)) { serve in
            let cluster = try #require(serve.producer?.embeddedCluster)
            func kafkaReady() -> Bool? { serve.server.readiness.components.first { $0.name == "kafka" }?.ready }
            #expect(try await ServeHarness.eventually { kafkaReady() == true }, "kafka never became ready: \(serve.server.readiness.components)")
            #expect(try await ServeHarness.request("GET", serve.baseURL + "/readyz").status == 200)

            try cluster.setAllBrokers(up: false)
            #expect(try await ServeHarness.eventually { kafkaReady() == false }, "kafka still ready with every broker down")
            let down = try await ServeHarness.request("GET", serve.baseURL + "/readyz")
            #expect(down.status == 503)
            let body = try JSONValue.parse(down.body)
            #expect(body.value(atPath: "components.kafka.ready") == false)
            #expect(body.value(atPath: "components.kafka.detail")?.stringValue?.contains("down") == true, "\(body)")

            try cluster.setAllBrokers(up: true)
            #expect(try await ServeHarness.eventually { kafkaReady() == true }, "kafka not ready again after the brokers came back")
            #expect(try await ServeHarness.request("GET", serve.baseURL + "/readyz").status == 200)
        }
    }
}
