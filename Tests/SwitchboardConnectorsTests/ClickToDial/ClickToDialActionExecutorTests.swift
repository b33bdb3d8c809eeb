import Foundation
import SwitchboardConnectors
import SwitchboardEvents
import SwitchboardRules
import Synchronization
import Testing

@Suite("Click-to-Dial actions", .timeLimit(.minutes(2)))
struct ClickToDialActionExecutorTests {
    final class Tracker: ClickToDialCallTracker {
        let calls = Mutex<[ClickToDialCallResource]>([])
        func track(_ call: ClickToDialCallResource) async { calls.withLock { $0.append(call) } }
    }

    static func plan(_ action: Action) -> ActionPlan { ActionPlan(rule: "test-rule", action: action, arguments: [:]) }

    @Test("clicktodial.release sends DELETE /calls/{callId}")
    func release() async throws {
        try await CamaraTestServer.with { server in
            server.addCall("call-a", status: "connected")
            let executor = ClickToDialActionExecutor(client: try ClickToDialFixture.client(server))
            let event = try ClickToDialFixture.notification(callId: "call-a", state: "connected")
            try await executor.execute(Self.plan(.clickToDialRelease(callId: "call-a")), for: event)
            #expect(server.requests.filter { $0.method == "DELETE" } == [.init(method: "DELETE", path: "/click-to-dial/vwip/calls/call-a")])
            #expect(server.rejected.isEmpty)
        }
    }

    @Test("releasing a call that is already gone is done, not a failure")
    func releaseUnknownCall() async throws {
        try await CamaraTestServer.with { server in
            let executor = ClickToDialActionExecutor(client: try ClickToDialFixture.client(server))
            let event = try ClickToDialFixture.notification(callId: "call-gone", state: "connected")
            try await executor.execute(Self.plan(.clickToDialRelease(callId: "call-gone")), for: event)
            #expect(server.count("DELETE", "/click-to-dial/vwip/calls/call-gone") == 1)
        }
    }

    @Test("clicktodial.call creates the call and hands it to the tracker")
    func call() async throws {
        try await CamaraTestServer.with { server in
            let tracker = Tracker()
            let executor = ClickToDialActionExecutor(client: try ClickToDialFixture.client(server), tracker: tracker)
            #expect(executor.actionNames == ["clicktodial.call", "clicktodial.release"])
            let event = try ClickToDialFixture.notification(callId: "call-0", state: "disconnected")
            let request = ClickToDialCall(caller: "+447700900000", callee: "+447700900123", recordingEnabled: false)
            try await executor.execute(Self.plan(.clickToDialCall(request)), for: event)
            #expect(tracker.calls.withLock { $0.map(\.callId) } == ["call-1"])
            #expect(server.rejected.isEmpty)
        }
    }

    @Test("a failed action throws, so the router dead-letters it")
    func failureThrows() async throws {
        try await CamaraTestServer.with { server in
            server.addCall("call-a", status: "connected")
            server.fail("DELETE", "/click-to-dial/vwip/calls/call-a", times: 1, status: .forbidden, code: "PERMISSION_DENIED")
            let executor = ClickToDialActionExecutor(client: try ClickToDialFixture.client(server))
            let event = try ClickToDialFixture.notification(callId: "call-a", state: "connected")
            let error = try await #require(throws: ClickToDialError.self) {
                try await executor.execute(Self.plan(.clickToDialRelease(callId: "call-a")), for: event)
            }
            #expect(error.apiCode == "PERMISSION_DENIED")
        }
    }

    @Test("other actions are refused with a typed error")
    func otherActions() async throws {
        try await CamaraTestServer.with { server in
            let executor = ClickToDialActionExecutor(client: try ClickToDialFixture.client(server))
            let event = try ClickToDialFixture.notification(callId: "call-a", state: "connected")
            let error = try await #require(throws: ClickToDialError.self) {
                try await executor.execute(Self.plan(.telnectHangup(callId: "x")), for: event)
            }
            #expect(error.code == .unsupportedAction)
            #expect(server.requests.isEmpty)
        }
    }
}
