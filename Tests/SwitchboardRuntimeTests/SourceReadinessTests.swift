import Foundation
import SwitchboardConnectors
import SwitchboardEvents
import SwitchboardLiveTestSupport
import SwitchboardRuntime
import SwitchboardSignalR
import Testing

/// `/readyz` and the activity board follow a live source: a Thello tenant whose hub (the
/// aiosignalr peer) goes away is not ready until the hub is back and the blocs are subscribed again.
@Suite("readiness: a live source disconnects and reconnects", .serialized, .timeLimit(.minutes(4)))
struct SourceReadinessTests {
    @Test("hub down → thello not ready, /readyz 503, board disconnected; hub back → ready, one reconnect counted")
    func thelloFlips() async throws {
        let hub = try await PythonPeer.start(script: "signalr_hub.py", arguments: ["--api-key", "key-r"])
        defer { hub.stop() }
        let work = try ServeHarness.workDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let tenant = ThelloConfiguration(
            name: "ready", managementBaseURL: "http://127.0.0.1:1", hubURL: "http://127.0.0.1:\(hub.port)/hub", apiKey: "key-r",
            blocs: ["support-queue"], reconnect: ReconnectPolicy(initialDelaySeconds: 0.05, maximumDelaySeconds: 0.5)
        )
        try await ServeHarness.run(ServeHarness.configuration(work: work, thello: [tenant])) { serve in
            let readiness = serve.server.readiness
            func thelloReady() -> Bool? { readiness.components.first { $0.name == "thello:ready" }?.ready }
            func board() -> SourceActivityBoard.Entry? { serve.server.activity.snapshot.first { $0.name == "thello:ready" } }
            #expect(try await ServeHarness.eventually { readiness.isReady }, "never ready: \(readiness.components)")
            #expect(board()?.state == .connected(detail: "connected, blocs subscribed"))

            hub.stop()
            #expect(try await ServeHarness.eventually { thelloReady() == false })
            #expect(try await ServeHarness.request("GET", serve.baseURL + "/readyz").status == 503)
            #expect(try await ServeHarness.eventually { if case .disconnected = board()?.state { true } else { false } })

            let restarted = try await PythonPeer.start(script: "signalr_hub.py", arguments: ["--api-key", "key-r", "--port", "\(hub.port)"])
            defer { restarted.stop() }
            #expect(try await ServeHarness.eventually { thelloReady() == true }, "not ready again: \(readiness.components)")
            #expect(try await ServeHarness.request("GET", serve.baseURL + "/readyz").status == 200)
            #expect(try await ServeHarness.eventually { (board()?.reconnects ?? 0) >= 1 }, "reconnect not counted: \(String(describing: board()))")
        }
    }
}
