import Foundation
import Logging
import SwitchboardConnectors
import SwitchboardEvents
import SwitchboardKafka
import SwitchboardLiveTestSupport
import SwitchboardRuntime
import SwitchboardSignalR
import SwitchboardWebSocket
import Testing

/// The flagship flow through `serve`: a caller enters the Thello support queue, the sample rule
/// picks the caller's VIP operator, and Switchboard calls SetVariable on the same hub — with the
/// Thello-like aiosignalr hub as the peer.
@Suite("serve end to end: Thello queue steering", .serialized, .timeLimit(.minutes(2)))
struct QueueSteeringEndToEndTests {
    static func recorded(_ port: Int) async throws -> [[String]] {
        let response = try await LWSHTTPClient().send(LWSHTTPRequest(method: "GET", url: "http://127.0.0.1:\(port)/test/stats"))
        let stats = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
        return stats?["recorded"] as? [[String]] ?? []
    }

    @Test("QUEUE_ENTER from a VIP caller → SetVariable(callContextId, PICKUP_OPERATOR, their operator); QUEUE_ENTER and QUEUE_HANGUP on Kafka")
    func steering() async throws {
        let hub = try await PythonPeer.start(script: "signalr_hub.py", arguments: ["--api-key", "key-1"])
        defer { hub.stop() }
        let workDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("sb-steer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: workDirectory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: workDirectory) }
        // The shipped example config, as a user runs it: everything comes from the environment.
        var configuration = try ConfigurationLoader(environment: [
            "THELLO_HUB_URL": "http://127.0.0.1:\(hub.port)/hub",
            "THELLO_API_KEY": "key-1",
            "THELLO_BLOCS": "support-queue, other-queue",
            "THELLO_TENANT": "tenant-a",
            "SWITCHBOARD_HTTP_PORT": "0",
            "SWITCHBOARD_STATE_DIR": workDirectory.path,
            "SWITCHBOARD_RULES_DIR": PythonPeer.repositoryRoot.appendingPathComponent("rules").path,
        ]).load(file: PythonPeer.repositoryRoot.appendingPathComponent("config/examples/thello.yaml").path)
        #expect(configuration.sources.thello.first?.blocs == ["support-queue", "other-queue"])
        let fastReconnect = ReconnectPolicy(initialDelaySeconds: 0.05, maximumDelaySeconds: 0.5)
        configuration.sources.thello[0].reconnect = fastReconnect
        configuration.sources.thello[0].enrichVariables = ["CUSTOMER_TIER"]
        configuration.rules.reloadIntervalSeconds = 0
        var logger = Logger(label: "steering")
        logger.logLevel = .warning
        let server = try ServeAssembly.make(configuration: configuration, logger: logger, metrics: nil)

        // A second hub client plays the platform: it triggers the bloc notification.
        let platform = ThelloConnector(configuration: ThelloConfiguration(
            name: "driver", managementBaseURL: "http://127.0.0.1:1", hubURL: "http://127.0.0.1:\(hub.port)/hub", apiKey: "key-1", blocs: ["unused"], reconnect: fastReconnect
        ))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run(signals: []) }
            #expect(try await ServeHarness.eventually { server.readiness.isReady }, "serve never became ready: \(server.readiness.components)")
            try await platform.start()

            let context = "7d0c5a4e-1111-4222-8333-944455556666"
            // Earlier in the call flow, the platform set a variable that routing can read.
            try await platform.setVariable(callContextId: context, name: "CUSTOMER_TIER", value: "gold", confirm: true)
            // +46701234567 is in rules/tables/vip-callers.csv with operator f17618f7-….
            try await platform.blocNotify(blocId: "support-queue", eventName: "QUEUE_ENTER", sipCallId: "sip-steer-1", fromName: "Alice", fromNumber: "+46701234567", to: "3900", data: "", contextId: context)
            #expect(try await ServeHarness.eventually { try await Self.recorded(hub.port).count == 2 })
            #expect(try await Self.recorded(hub.port).last == [context, "PICKUP_OPERATOR", "f17618f7-56b1-4a2f-8e7f-ea97f0a995e0"])

            try await platform.blocNotify(blocId: "support-queue", eventName: "QUEUE_HANGUP", sipCallId: "sip-steer-1", fromName: "Alice", fromNumber: "+46701234567", to: "3900", data: "", contextId: context)

            let router = try #require(server.sink as? EventRouter)
            let producer = try #require(router.producer)
            let consumer = try KafkaConsumer(bootstrapServers: producer.bootstrapServers, topic: "calls", from: .beginning)
            defer { consumer.close() }
            let records = try await consumer.collect(count: 2, timeout: .seconds(20))
            let events = try records.map { try CloudEventsKafkaBinding.decode($0.record) }
            #expect(events.map(\.type) == [.queueEntered, .queueHangup], "one call, one partition, in order")
            #expect(events.allSatisfy { $0.partitionKey == context && $0.source == "switchboard://thello/tenant-a" })
            #expect(try await Self.recorded(hub.port).count == 2, "QUEUE_HANGUP steers nothing")
            #expect(events.allSatisfy { $0.data.variables["CUSTOMER_TIER"] == "gold" }, "enriched with GetVariable before routing")

            await platform.stop()
            group.cancelAll()
        }
    }
}
