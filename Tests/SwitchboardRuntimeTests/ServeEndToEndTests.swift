import Foundation
import Logging
import SwitchboardEvents
import SwitchboardKafka
import SwitchboardNormalizers
import SwitchboardLiveTestSupport
import SwitchboardRuntime
import Testing

/// `serve` as assembled for production — embedded Kafka cluster, the sample rules in `rules/`,
/// webhook routes — driven by the cloudevents SDK and read back with a Kafka consumer.
@Suite("serve end to end: webhook → normalize → rules → Kafka")
struct ServeEndToEndTests {
    static let token = ServeHarness.token
    static let fixtures = PythonPeer.repositoryRoot.appendingPathComponent("Tests/SwitchboardNormalizersTests/Fixtures")

    static func withServe(kafkaProperties: [String: String] = [:], _ body: @Sendable (_ baseURL: String, _ server: SwitchboardServer) async throws -> Void) async throws {
        let workDirectory = try ServeHarness.workDirectory()
        defer { try? FileManager.default.removeItem(at: workDirectory) }
        try await ServeHarness.run(ServeHarness.configuration(work: workDirectory, kafkaProperties: kafkaProperties)) { serve in
            try await body(serve.baseURL, serve.server)
        }
    }

    static func consume(_ server: SwitchboardServer, topic: String, count: Int, timeout: Duration = .seconds(20)) async throws -> [ConsumedRecord] {
        let router = try #require(server.sink as? EventRouter)
        let producer = try #require(router.producer)
        let consumer = try KafkaConsumer(bootstrapServers: producer.bootstrapServers, topic: topic, from: .beginning)
        defer { consumer.close() }
        return try await consumer.collect(count: count, timeout: timeout)
    }

    @Test("a CAMARA failure and a Telnect callback land on `calls` keyed by call; the failure also on `alerts`")
    func webhooksToKafka() async throws {
        let failed = try String(contentsOf: Self.fixtures.appendingPathComponent("clicktodial/failed-callee-busy.json"), encoding: .utf8)
        let ringing = try String(contentsOf: Self.fixtures.appendingPathComponent("telnect/callback-early.json"), encoding: .utf8)
        try await Self.withServe { base, server in
            let results = try await WebhookIngressTests.send(base + "/webhooks/clicktodial", [
                ["mode": "raw", "body": .string(failed), "headers": ["content-type": "application/cloudevents+json"], "token": .string(Self.token)],
            ])
            #expect(results.map(\.status) == [204])
            let telnect = try await WebhookIngressTests.send(base + "/webhooks/telnect", [
                ["mode": "raw", "body": .string(ringing), "headers": ["content-type": "application/json"], "token": .string(Self.token)],
            ])
            #expect(telnect.map(\.status) == [200])

            // 2xx means durably accepted: the records are already in Kafka.
            let calls = try await Self.consume(server, topic: "calls", count: 2)
            #expect(calls.count == 2)
            let events = try calls.map { try CloudEventsKafkaBinding.decode($0.record) }
            #expect(Set(events.map(\.platform)) == [.clicktodial, .telnect])
            for (record, event) in zip(calls, events) {
                #expect(record.record.key == Array(event.partitionKey.utf8))
            }

            let alerts = try await Self.consume(server, topic: "alerts", count: 1)
            #expect(alerts.count == 1)
            let alert = try #require(alerts.first)
            #expect(CloudEventsKafkaBinding.mode(of: alert.record) == .structured)
            #expect(alert.record.headers.contains(KafkaHeader("x-alert-reason", "busy")))
        }
    }

    @Test("a Thello queue event without a Thello connector reports its setVariable on the dead-letter topic")
    func deadLetterWithoutConnector() async throws {
        // A caller entering the `support-queue` bloc, which the sample steering rule watches.
        let record = #"{"type":1,"target":"BlocEvent","arguments":["support-queue","QUEUE_ENTER","sip-e2e-1","Alice","+33612345678","3900","","7d0c5a4e-1111-4222-8333-944455556666"]}"#
        let events = try ThelloNormalizer().normalize(Array(record.utf8), context: NormalizationContext(source: "switchboard://thello/test"))
        try await Self.withServe { _, server in
            let router = try #require(server.sink as? EventRouter)
            try await router.accept(events)
            await router.drain()
            let deadLetters = try await Self.consume(server, topic: "switchboard.deadletter", count: 1)
            let report = try JSONValue.parse(try #require(deadLetters.first).record.value)
            #expect(report["type"] == "switchboard.action.failed")
            #expect(report.value(atPath: "data.failure.action") == "thello.setVariable")
            #expect(report.value(atPath: "data.failure.code") == "SB_NO_EXECUTOR")
            #expect(report.value(atPath: "data.failure.message")?.stringValue?.contains("no connector") == true)
            #expect(report.value(atPath: "data.failure.arguments.name") == "PICKUP_OPERATOR")
            #expect(report.value(atPath: "data.failure.cause") == .string(events[0].id))
            #expect(report["partitionkey"] == .string(events[0].partitionKey))
            // The event itself still reached the calls topic.
            #expect(try await Self.consume(server, topic: "calls", count: 1).count == 1)
        }
    }

    @Test("Kafka down: no 2xx until the event is spooled; re-delivery is not produced twice; replay delivers it")
    func kafkaDown() async throws {
        let event = try String(contentsOf: Self.fixtures.appendingPathComponent("clicktodial/openapi-call-status-changed.json"), encoding: .utf8)
        // A short message timeout turns "brokers down" into a spool write within the test's patience.
        try await Self.withServe(kafkaProperties: ["message.timeout.ms": "3000", "reconnect.backoff.ms": "50", "reconnect.backoff.max.ms": "500"]) { base, server in
            let router = try #require(server.sink as? EventRouter)
            let producer = try #require(router.producer)
            let cluster = try #require(producer.embeddedCluster)
            try cluster.setAllBrokers(up: false)

            let start = ContinuousClock.now
            let results = try await WebhookIngressTests.send(base + "/webhooks/clicktodial", [
                ["mode": "raw", "body": .string(event), "headers": ["content-type": "application/cloudevents+json"], "token": .string(Self.token)],
            ])
            let waited = ContinuousClock.now - start
            #expect(results.map(\.status) == [204])
            #expect(waited >= .seconds(2), "the 204 must wait for the delivery report or the spool write")
            #expect(try producer.spool.count() >= 1, "the undeliverable event is in the spool")

            try cluster.setAllBrokers(up: true)
            let again = try await WebhookIngressTests.send(base + "/webhooks/clicktodial", [
                ["mode": "raw", "body": .string(event), "headers": ["content-type": "application/cloudevents+json"], "token": .string(Self.token)],
            ])
            #expect(again.map(\.status) == [204], "a re-delivery of an accepted (spooled) event is answered 2xx and not produced again")

            // Replay once the producer is connected again: its 3 s message timeout is short.
            let deadline = ContinuousClock.now + .seconds(60)
            while ContinuousClock.now < deadline {
                if let report = try? await producer.send(record: KafkaRecord(key: nil, value: Array("probe".utf8)), topic: "probe"), report.isDelivered { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            let summary = try await producer.replaySpool()
            #expect(summary.delivered >= 1)
            #expect(try producer.spool.count() == 0)
            // Ask for two and wait a while: a second record would be a duplicate.
            let calls = try await Self.consume(server, topic: "calls", count: 2, timeout: .seconds(5))
            #expect(calls.count == 1, "exactly one record: the replayed one")
        }
    }
}
