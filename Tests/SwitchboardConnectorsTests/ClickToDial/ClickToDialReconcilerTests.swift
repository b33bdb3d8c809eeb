import Foundation
import SwitchboardConnectors
import SwitchboardEvents
import Testing

@Suite("Click-to-Dial reconciliation", .timeLimit(.minutes(2)))
struct ClickToDialReconcilerTests {
    @Test("the missed final state is polled and emitted after reconcileAfterSeconds; a call that ended is left alone")
    func missedFinalState() async throws {
        try await CamaraTestServer.with { server in
            let client = try ClickToDialFixture.client(server)
            let clock = TestClock()
            let emitted = EmittedEvents()
            let reconciler = ClickToDialReconciler(client: client, clock: clock, emit: emitted.emit)
            let notified = try await client.createCall(caller: "+447700900000", callee: "+447700900123")
            let missed = try await client.createCall(caller: "+447700900001", callee: "+447700900124")
            await reconciler.track(notified)
            await reconciler.track(missed)
            await reconciler.observe(try ClickToDialFixture.notification(callId: notified.callId, state: "disconnected", reason: "hangUp"))
            // The provider ended the second call too, but its notification never arrived.
            server.setStatus(missed.callId, "disconnected")

            let running = Task { await reconciler.run() }
            defer { running.cancel() }
            clock.advance(by: .seconds(61))
            let batch = try #require(await emitted.next())
            #expect(batch.map(\.data.callId) == [missed.callId])
            #expect(batch.first?.type == .ended)
            #expect(batch.first?.data.state == .ended)
            #expect(batch.first?.source == "switchboard://clicktodial/test")
            #expect(server.count("GET", "/click-to-dial/vwip/calls/\(missed.callId)") == 1)
            #expect(server.count("GET", "/click-to-dial/vwip/calls/\(notified.callId)") == 0)
            #expect(await reconciler.trackedCallIds.isEmpty)
            running.cancel()
            await running.value
        }
    }

    @Test("nothing is polled or emitted when the final status arrived")
    func finalStatusArrived() async throws {
        try await CamaraTestServer.with { server in
            let client = try ClickToDialFixture.client(server)
            let clock = TestClock()
            let emitted = EmittedEvents()
            let reconciler = ClickToDialReconciler(client: client, clock: clock, emit: emitted.emit)
            let call = try await client.createCall(caller: "+447700900000", callee: "+447700900123")
            await reconciler.track(call)
            await reconciler.observe(try ClickToDialFixture.notification(callId: call.callId, state: "failed", reason: "calleeBusy"))
            clock.advance(by: .seconds(3600))
            await reconciler.reconcileNow()
            #expect(emitted.batches.isEmpty)
            #expect(server.requests.filter { $0.method == "GET" }.isEmpty)
            #expect(await reconciler.trackedCallIds.isEmpty)
        }
    }

    @Test("nothing happens before reconcileAfterSeconds, and notifications push the poll later")
    func notDueYet() async throws {
        try await CamaraTestServer.with { server in
            let client = try ClickToDialFixture.client(server)
            let clock = TestClock()
            let emitted = EmittedEvents()
            let reconciler = ClickToDialReconciler(client: client, clock: clock, emit: emitted.emit)
            let call = try await client.createCall(caller: "+447700900000", callee: "+447700900123")
            await reconciler.track(call)
            clock.advance(by: .seconds(59))
            await reconciler.reconcileNow()
            await reconciler.observe(try ClickToDialFixture.notification(callId: call.callId, state: "callingCaller"))
            clock.advance(by: .seconds(59))
            await reconciler.reconcileNow()
            #expect(emitted.batches.isEmpty)
            #expect(server.requests.filter { $0.method == "GET" }.isEmpty)
            #expect(await reconciler.trackedCallIds == [call.callId])
        }
    }

    @Test("a state already known is not emitted again; a new one is, and polling goes on until the end")
    func intermediateStates() async throws {
        try await CamaraTestServer.with { server in
            let client = try ClickToDialFixture.client(server)
            let clock = TestClock()
            let emitted = EmittedEvents()
            let reconciler = ClickToDialReconciler(client: client, clock: clock, emit: emitted.emit)
            let call = try await client.createCall(caller: "+447700900000", callee: "+447700900123")
            await reconciler.track(call)
            let path = "/click-to-dial/vwip/calls/\(call.callId)"

            clock.advance(by: .seconds(61))
            await reconciler.reconcileNow()
            #expect(server.count("GET", path) == 1)
            #expect(emitted.batches.isEmpty, "still initiating, as created")

            server.setStatus(call.callId, "connected")
            clock.advance(by: .seconds(61))
            await reconciler.reconcileNow()
            #expect(emitted.batches.flatMap { $0 }.map(\.type) == [.answered])

            server.setStatus(call.callId, "failed")
            clock.advance(by: .seconds(61))
            await reconciler.reconcileNow()
            #expect(emitted.batches.flatMap { $0 }.map(\.type) == [.answered, .failed])
            #expect(server.count("GET", path) == 3)
            #expect(await reconciler.trackedCallIds.isEmpty)
        }
    }

    @Test("a call the provider does not know is dropped; a failing poll is retried later")
    func pollFailures() async throws {
        try await CamaraTestServer.with { server in
            let client = try ClickToDialFixture.client(server, maximumAttempts: 1)
            let clock = TestClock()
            let emitted = EmittedEvents()
            let reconciler = ClickToDialReconciler(client: client, clock: clock, emit: emitted.emit)
            let call = try await client.createCall(caller: "+447700900000", callee: "+447700900123")
            await reconciler.track(call)
            server.fail("GET", "/click-to-dial/vwip/calls/\(call.callId)", times: 1, status: .serviceUnavailable)
            clock.advance(by: .seconds(61))
            await reconciler.reconcileNow()
            #expect(await reconciler.trackedCallIds == [call.callId])

            server.fail("GET", "/click-to-dial/vwip/calls/\(call.callId)", times: 1, status: .notFound, code: "NOT_FOUND")
            clock.advance(by: .seconds(61))
            await reconciler.reconcileNow()
            #expect(await reconciler.trackedCallIds.isEmpty)
            #expect(emitted.batches.isEmpty)
        }
    }

    @Test("a final notification with a successful recording downloads and announces it")
    func recordingAfterFinalNotification() async throws {
        try await ClickToDialFixture.withTemporaryDirectory { directory in
            try await CamaraTestServer.with { server in
                let client = try ClickToDialFixture.client(server, recordingDirectory: directory)
                let clock = TestClock()
                let emitted = EmittedEvents()
                let reconciler = ClickToDialReconciler(client: client, clock: clock, emit: emitted.emit)
                server.addRecording("call-r", audio: ClickToDialRecordingTests.audio, contentType: "audio/mpeg")
                let final = try ClickToDialFixture.notification(callId: "call-r", state: "disconnected", reason: "hangUp", recordingResult: "success")
                await reconciler.observe(final)
                await reconciler.observe(final)
                let running = Task { await reconciler.run() }
                defer { running.cancel() }
                let batch = try #require(await emitted.next())
                #expect(batch.map(\.type) == [.recordingAvailable])
                #expect(batch.first?.data.recording?.file == directory + "/call-r.mp3")
                #expect(FileManager.default.fileExists(atPath: directory + "/call-r.mp3"))
                #expect(server.count("GET", "/click-to-dial/vwip/calls/call-r/recording") == 1, "a repeated notification downloads once")
            }
        }
    }

    @Test("run() ends when its task is cancelled")
    func cancellation() async throws {
        try await CamaraTestServer.with { server in
            let reconciler = ClickToDialReconciler(client: try ClickToDialFixture.client(server), clock: TestClock(), emit: { _ in })
            let running = Task { await reconciler.run() }
            running.cancel()
            await running.value
        }
    }
}
