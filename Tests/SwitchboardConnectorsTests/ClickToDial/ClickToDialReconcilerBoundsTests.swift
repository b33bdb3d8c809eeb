import Foundation
import SwitchboardConnectors
import SwitchboardEvents
import Testing

@Suite("Click-to-Dial reconciliation bounds", .timeLimit(.minutes(2)))
struct ClickToDialReconcilerBoundsTests {
    static func resource(_ callId: String, _ status: String = "initiating") throws -> ClickToDialCallResource {
        try ClickToDialCallResource(json: .object(["callId": .string(callId), "status": .string(status)]))
    }

    @Test("beyond maximumTrackedCalls the oldest call is forgotten; final calls are never tracked")
    func capacity() async throws {
        try await CamaraTestServer.with { server in
            var configuration = ClickToDialFixture.configuration(server)
            configuration.maximumTrackedCalls = 2
            let client = try ClickToDialClient(configuration: configuration, sinkCredentials: ClickToDialFixture.SinkIssuer().issue)
            let reconciler = ClickToDialReconciler(client: client, clock: TestClock(), emit: { _ in })
            for callId in ["c1", "c2", "c3"] { await reconciler.track(try Self.resource(callId)) }
            await reconciler.track(try Self.resource("c4", "disconnected"))
            #expect(await reconciler.trackedCallIds == ["c2", "c3"])
        }
    }

    @Test("a final notification that overtook the POST /calls answer prevents tracking")
    func notificationBeforeTracking() async throws {
        try await CamaraTestServer.with { server in
            let reconciler = ClickToDialReconciler(client: try ClickToDialFixture.client(server), clock: TestClock(), emit: { _ in })
            await reconciler.observe(try ClickToDialFixture.notification(callId: "c1", state: "failed", reason: "callerBusy"))
            await reconciler.track(try Self.resource("c1"))
            await reconciler.track(try Self.resource("c2"))
            #expect(await reconciler.trackedCallIds == ["c2"])
        }
    }

    @Test("a call that never ends is given up after reconcileGiveUpSeconds")
    func giveUp() async throws {
        try await CamaraTestServer.with { server in
            var configuration = ClickToDialFixture.configuration(server)
            configuration.reconcileGiveUpSeconds = 100
            let client = try ClickToDialClient(configuration: configuration, sinkCredentials: ClickToDialFixture.SinkIssuer().issue)
            let clock = TestClock()
            let reconciler = ClickToDialReconciler(client: client, clock: clock, emit: { _ in })
            server.addCall("c1", status: "connected")
            await reconciler.track(try Self.resource("c1", "connected"))
            clock.advance(by: .seconds(61))
            await reconciler.reconcileNow()
            #expect(await reconciler.trackedCallIds == ["c1"])
            clock.advance(by: .seconds(61))
            await reconciler.reconcileNow()
            #expect(await reconciler.trackedCallIds.isEmpty)
            #expect(server.count("GET", "/click-to-dial/vwip/calls/c1") == 1)
        }
    }
}
