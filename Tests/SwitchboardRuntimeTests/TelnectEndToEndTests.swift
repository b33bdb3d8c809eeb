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

/// `serve` with a Telnect account (config/examples/telnect.yaml): stream events from the Python
/// Telnect peer reach Kafka in order, and a rule's `telnect.callAction` reaches the peer.
@Suite("serve end to end: Telnect stream → Kafka, rule → call action", .serialized, .timeLimit(.minutes(3)))
struct TelnectEndToEndTests {
    static let token = "e2e-telnect-token-5b9c"

    static let rules = """
    rules:
      - name: all-to-calls
        match: {type: [{prefix: "switchboard."}]}
        actions:
          - kafka: {topic: calls}
      - name: transfer-answered-inbound
        match: {platform: [telnect], type: [switchboard.call.answered], data: {direction: [inbound]}}
        actions:
          - telnect.callAction: {action: transfer, destination: "+46890510"}
    """

    static func control(_ port: Int, _ method: String, _ path: String, _ body: [String: Any]? = nil) async throws -> Any {
        let bytes = try body.map { Array(try JSONSerialization.data(withJSONObject: $0)) } ?? []
        let response = try await LWSHTTPClient(maximumResponseBytes: 8 << 20).send(LWSHTTPRequest(
            method: method, url: "http://127.0.0.1:\(port)/_test/\(path)", headers: ["Content-Type": "application/json"], body: bytes))
        return try JSONSerialization.jsonObject(with: Data(response.body))
    }

    @Test("stream events reach Kafka keyed by call and in order; the transfer rule hits POST /Calls/{id}/actions")
    func streamToKafkaAndAction() async throws {
        let peer = try await PythonPeer.start(script: "telnect_peer.py", arguments: ["--token", Self.token])
        defer { peer.stop() }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("sb-telnect-\(UUID().uuidString)")
        let rulesDirectory = work.appendingPathComponent("rules")
        try FileManager.default.createDirectory(at: rulesDirectory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        try Self.rules.write(to: rulesDirectory.appendingPathComponent("telnect-e2e.yaml"), atomically: true, encoding: .utf8)
        let tokenFile = work.appendingPathComponent("telnect-token")
        try "\(Self.token)\n".write(to: tokenFile, atomically: true, encoding: .utf8)

        // The shipped example, as a user runs it: the token from a file, the rest from the environment.
        var configuration = try ConfigurationLoader(environment: [
            "TELNECT_BASE_URL": "http://127.0.0.1:\(peer.port)",
            "TELNECT_TOKEN_FILE": tokenFile.path,
            "SWITCHBOARD_HTTP_PORT": "0",
            "SWITCHBOARD_STATE_DIR": work.path,
            "SWITCHBOARD_RULES_DIR": rulesDirectory.path,
            "TELNECT_EVENT_CALLBACK_URL": "https://switchboard.example.net/webhooks/telnect?access_token=hook-token-1",
        ]).load(file: PythonPeer.repositoryRoot.appendingPathComponent("config/examples/telnect.yaml").path)
        let account = try #require(configuration.sources.telnect.first)
        #expect(account.token == Self.token && account.websocketURL == nil)
        configuration.sources.telnect[0].reconnect = ReconnectPolicy(initialDelaySeconds: 0.05, maximumDelaySeconds: 0.5)
        configuration.rules.reloadIntervalSeconds = 0
        var logger = Logger(label: "telnect-e2e")
        logger.logLevel = .warning
        let server = try ServeAssembly.make(configuration: configuration, logger: logger, metrics: nil)

        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run(signals: []) }
            #expect(try await ServeHarness.eventually { server.readiness.isReady }, "serve never became ready: \(server.readiness.components)")
            #expect(server.readiness.components.contains { $0.name == "telnect:main" && $0.ready })
            #expect(try await ServeHarness.eventually {
                (try await Self.control(peer.port, "GET", "state") as? [String: Any])?["clients"] as? Int == 1
            }, "the provisioned line's stream is not open on the peer")

            for status in ["created", "ringing", "answered", "hangup"] {
                _ = try await Self.control(peer.port, "POST", "call", ["id": "tn-e2e-1", "status": status, "direction": "inbound"])
            }
            let records = try await ServeEndToEndTests.consume(server, topic: "calls", count: 4, timeout: .seconds(30))
            let events = try records.map { try CloudEventsKafkaBinding.decode($0.record) }
            #expect(events.map(\.data.platformState) == ["created", "ringing", "answered", "hangup"], "one call, one partition, in order")
            #expect(events.allSatisfy { $0.source == "switchboard://telnect/main" && $0.partitionKey == "tn-e2e-1" })
            #expect(records.allSatisfy { $0.record.key == Array("tn-e2e-1".utf8) })

            func actions() async throws -> [[String: Any]] {
                let all = try await Self.control(peer.port, "GET", "requests") as? [[String: Any]] ?? []
                return all.filter { $0["method"] as? String == "POST" && $0["path"] as? String == "/Calls/tn-e2e-1/actions" }
            }
            #expect(try await ServeHarness.eventually { try await actions().count == 1 })
            let action = try #require(try await actions().first)
            let body = try JSONSerialization.jsonObject(with: Data((action["body"] as? String ?? "").utf8)) as? NSDictionary
            #expect(body == ["action": "transfer", "destination": "+46890510"] as NSDictionary)
            #expect((action["headers"] as? [String: String])?["Authorization"] == "Bearer \(Self.token)")

            // The line was provisioned with the webhook (and its token) as event_callback.
            let all = try await Self.control(peer.port, "GET", "requests") as? [[String: Any]] ?? []
            let phones = all.filter { $0["method"] as? String == "POST" && $0["path"] as? String == "/Phones" }
            #expect(phones.count == 1)
            let phone = try JSONSerialization.jsonObject(with: Data((phones.first?["body"] as? String ?? "").utf8)) as? NSDictionary
            #expect(phone?["event_callback"] as? String == "https://switchboard.example.net/webhooks/telnect?access_token=hook-token-1")
            #expect(!account.description.contains("hook-token-1"))
            group.cancelAll()
        }
    }
}
