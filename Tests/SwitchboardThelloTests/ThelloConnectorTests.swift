import Foundation
import SwitchboardConnectors
import SwitchboardEvents
import SwitchboardLiveTestSupport
import SwitchboardSignalR
import SwitchboardWebSocket
import Synchronization
import Testing

/// The Thello connector against the Thello-like aiosignalr hub (Tests/tools/signalr_hub.py) with its management API.
@Suite("Thello connector against an aiosignalr hub", .serialized, .timeLimit(.minutes(2)))
struct ThelloConnectorTests {
    final class Events: Sendable {
        let values = Mutex<[ThelloBlocEvent]>([])
        var all: [ThelloBlocEvent] { values.withLock { $0 } }
    }

    static let fastReconnect = ReconnectPolicy(initialDelaySeconds: 0.05, maximumDelaySeconds: 0.5)

    func eventually(within seconds: Double = 20, _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return try await condition()
    }

    func hubStats(_ port: Int) async throws -> [String: Any] {
        let response = try await LWSHTTPClient().send(LWSHTTPRequest(method: "GET", url: "http://127.0.0.1:\(port)/test/stats"))
        return try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] ?? [:]
    }

    @Test("API key + explicit hub URL: QUEUE_ENTER for a VIP caller → SetVariable(callContextId, PICKUP_OPERATOR, uid) with exactly those arguments")
    func steering() async throws {
        let hub = try await PythonPeer.start(script: "signalr_hub.py", arguments: ["--api-key", "key-1"])
        let connector = ThelloConnector(configuration: ThelloConfiguration(
            name: "tenant-a", managementBaseURL: "http://127.0.0.1:1", hubURL: "http://127.0.0.1:\(hub.port)/hub",
            apiKey: "key-1", blocs: ["queue-1", "queue-2"], reconnect: Self.fastReconnect
        ))
        let events = Events()
        let operatorId = "f17618f7-56b1-4a2f-8e7f-ea97f0a995e0"
        connector.onBlocEvent { event in
            events.values.withLock { $0.append(event) }
            if event.eventName == "QUEUE_ENTER" && event.fromName == "VIP" {
                try? await connector.setVariable(callContextId: event.callContextId, name: "PICKUP_OPERATOR", value: .string(operatorId))
            }
        }
        try await connector.start()
        #expect(connector.isConnected)
        let context = "0b8f4e52-3f7a-4c1e-9d7b-2a4c6e8f0a1b"
        try await connector.blocNotify(blocId: "queue-1", eventName: "QUEUE_ENTER", sipCallId: "sip-1", fromName: "VIP", fromNumber: "+3212345678", to: "200", data: "", contextId: context)
        #expect(try await eventually { (try await hubStats(hub.port)["recorded"] as? [[String]])?.count == 1 })
        #expect(try await hubStats(hub.port)["recorded"] as? [[String]] == [[context, "PICKUP_OPERATOR", operatorId]])
        let event = try #require(events.all.first)
        #expect(event.tenant == "tenant-a")
        #expect(event.blocId == "queue-1" && event.callId == "sip-1" && event.fromNumber == "+3212345678" && event.to == "200")
        #expect(try await connector.getVariable(callContextId: context, name: "PICKUP_OPERATOR") == .string(operatorId))
        await connector.stop()
    }

    @Test("JWT login + tenant discovery; after a hub restart it logs in again and re-subscribes before connected")
    func jwtAndReconnect() async throws {
        var hub = try await PythonPeer.start(script: "signalr_hub.py", arguments: ["--login", "john:secret"])
        let port = hub.port
        let connector = ThelloConnector(configuration: ThelloConfiguration(
            name: "tenant-b", managementBaseURL: "http://127.0.0.1:\(port)", username: "john", password: "secret",
            blocs: ["queue-9"], reconnect: Self.fastReconnect
        ))
        let events = Events()
        connector.onBlocEvent { event in events.values.withLock { $0.append(event) } }
        try await connector.start()
        #expect(try await hubStats(port)["logins"] as? Int == 1)
        #expect((try await hubStats(port)["subscribers"] as? [String: Int])?["queue-9"] == 1)

        hub.stop()
        hub = try await PythonPeer.start(script: "signalr_hub.py", arguments: ["--login", "john:secret", "--port", "\(port)"])
        #expect(try await eventually(within: 30) { connector.isConnected })
        // The restarted hub forgot the old token: the connector had to log in again.
        #expect(try await hubStats(port)["logins"] as? Int == 1)
        #expect((try await hubStats(port)["subscribers"] as? [String: Int])?["queue-9"] == 1)
        try await connector.blocNotify(blocId: "queue-9", eventName: "QUEUE_HANGUP", sipCallId: "s", fromName: "n", fromNumber: "1", to: "2", data: "", contextId: "c")
        #expect(try await eventually { events.all.map(\.eventName) == ["QUEUE_HANGUP"] })
        await connector.stop()
        hub.stop()
    }

    @Test("wrong credentials and missing configuration give typed errors")
    func failures() async throws {
        let hub = try await PythonPeer.start(script: "signalr_hub.py", arguments: ["--login", "john:secret"])
        let wrong = ThelloConnector(configuration: ThelloConfiguration(
            managementBaseURL: "http://127.0.0.1:\(hub.port)", username: "john", password: "nope", blocs: ["b"]
        ))
        do {
            try await wrong.start()
            Issue.record("expected a failure")
        } catch {
            #expect(error.code == .authenticationFailed)
            #expect(!error.message.contains("nope"))
        }
        do {
            try await ThelloConnector(configuration: ThelloConfiguration(blocs: ["b"])).start()
            Issue.record("expected a failure")
        } catch {
            #expect(error.code == .invalidConfiguration)
        }
    }

    @Test("BlocEvent arguments are read strictly", arguments: [
        ([JSONValue.string("b")], false),
        (Array(repeating: JSONValue.string("x"), count: 8), true),
        (Array(repeating: JSONValue.null, count: 8), true),
        (Array(repeating: JSONValue.array([]), count: 8), false),
    ])
    func blocEventArguments(arguments: [JSONValue], valid: Bool) {
        let parsed = try? ThelloBlocEvent(tenant: "t", arguments: arguments)
        #expect((parsed != nil) == valid)
    }
}
