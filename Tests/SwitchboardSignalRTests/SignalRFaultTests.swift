import SwitchboardEvents
import SwitchboardLiveTestSupport
import SwitchboardSignalR
import Testing

/// Exact framing and faults from the scripted raw hub (Tests/tools/signalr_raw_hub.py).
@Suite("SignalR client against a scripted raw hub", .serialized, .timeLimit(.minutes(2)))
struct SignalRFaultTests {
    let hub: PythonPeer

    init() async throws {
        hub = try await PythonPeer.start(script: "signalr_raw_hub.py")
    }

    func url(_ scenario: String) -> String { "http://127.0.0.1:\(hub.port)/\(scenario)" }

    func notes(_ client: SignalRClient) -> Recorder<Int64> {
        let notes = Recorder<Int64>()
        client.on("Note") { arguments in
            notes.append(arguments.first?.integerValue ?? -1)
            return nil
        }
        return notes
    }

    @Test("coalesced and split records arrive in order; bad records are counted and skipped")
    func framing() async throws {
        let client = SignalRClient(configuration: quickConfiguration(url("framing")))
        let notes = notes(client)
        try await client.start()
        #expect(try await eventually { notes.all.count == 8 })
        #expect(notes.all == [1, 2, 3, 4, 5, 6, 7, 8])
        // unknown type, not JSON, result+error, missing arguments, not an object, empty record
        #expect(client.statistics.protocolViolations == 6)
        #expect(client.state == .connected)
        await client.stop()
    }

    @Test("invalid UTF-8 in a record is a counted violation; the connection survives")
    func invalidUTF8() async throws {
        let client = SignalRClient(configuration: quickConfiguration(url("invalid")))
        let notes = notes(client)
        try await client.start()
        #expect(try await eventually { notes.all == [1] })
        #expect(client.statistics.protocolViolations == 1)
        await client.stop()
    }

    @Test("a 10 MB record closes the connection, is counted, and the client reconnects")
    func bigRecord() async throws {
        let client = SignalRClient(configuration: quickConfiguration(url("big")))
        let notes = notes(client)
        try await client.start()
        #expect(try await eventually(within: 30) { notes.all == [1] })
        #expect(client.statistics.protocolViolations >= 1)
        #expect(client.statistics.reconnects == 1)
        await client.stop()
    }

    @Test("Close with allowReconnect false stops the client with an error and no reconnect")
    func closeWithoutReconnect() async throws {
        let client = SignalRClient(configuration: quickConfiguration(url("close")))
        try await client.start()
        do {
            try await client.waitUntilStopped()
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .closedByServer)
            #expect(error.message == "go away")
        }
        #expect(client.state == .stopped)
        let stats = try await rawHubStats(port: hub.port)
        #expect(stats["negotiations"]?["close"] == 1)
    }

    @Test("Close with allowReconnect true reconnects")
    func closeWithReconnect() async throws {
        let client = SignalRClient(configuration: quickConfiguration(url("closere")))
        let notes = notes(client)
        try await client.start()
        #expect(try await eventually { notes.all == [1] })
        #expect(client.statistics.reconnects == 1)
        await client.stop()
    }

    @Test("a silent server is detected after the server timeout and the client reconnects")
    func silentServer() async throws {
        var configuration = quickConfiguration(url("silent"))
        configuration.keepAliveIntervalSeconds = 0.2
        configuration.serverTimeoutSeconds = 1
        let client = SignalRClient(configuration: configuration)
        try await client.start()
        #expect(try await eventually(within: 30) { client.statistics.reconnects >= 1 })
        #expect(client.statistics.serverTimeouts >= 1)
        await client.stop()
    }

    @Test("a client that only receives still pings within the keep-alive interval")
    func keepAlivePings() async throws {
        var configuration = quickConfiguration(url("listen"))
        configuration.keepAliveIntervalSeconds = 0.3
        let client = SignalRClient(configuration: configuration)
        try await client.start()
        #expect(try await eventually {
            let received = try await rawHubStats(port: hub.port)["received"]?.arrayValue ?? []
            return received.filter { $0 == #"{"type":6}"# }.count >= 2
        })
        #expect(client.statistics.pingsSent >= 2)
        await client.stop()
    }

    @Test("the hub drops the socket: reconnect on a new connection, onReconnected runs before connected")
    func drop() async throws {
        let client = SignalRClient(configuration: quickConfiguration(url("drop")))
        let notes = notes(client)
        let order = Recorder<String>()
        client.onReconnected {
            order.append("hook:\(client.state.rawValue)")
        }
        try await client.start()
        #expect(try await eventually(within: 30) { notes.all == [1, 2] && client.state == .connected })
        #expect(order.all == ["hook:reconnecting"])
        let stats = try await rawHubStats(port: hub.port)
        #expect(stats["connections"]?["drop"] == 2)
        #expect(stats["negotiations"]?["drop"] == 2)
        await client.stop()
    }

    @Test("server invocations with ids get Completions: a result, or an error without a handler")
    func serverInvocations() async throws {
        let client = SignalRClient(configuration: quickConfiguration(url("ask")))
        client.on("ask") { arguments in .integer((arguments.first?.integerValue ?? 0) + 40) }
        try await client.start()
        #expect(try await eventually {
            let received = try await rawHubStats(port: hub.port)["received"]?.arrayValue ?? []
            return received.count >= 2
        })
        let received = try await rawHubStats(port: hub.port)["received"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let completions = try received.map { try JSONValue.parse($0) }
        #expect(completions.contains(.object(["type": 3, "invocationId": "s1", "result": 42])))
        #expect(completions.contains(.object(["type": 3, "invocationId": "s2", "error": "Client didn't provide a result."])))
        await client.stop()
    }

    @Test("invoke: result, error Completion, and timeout")
    func invokeOutcomes() async throws {
        let client = SignalRClient(configuration: quickConfiguration(url("echo")))
        try await client.start()
        #expect(try await client.invoke("Add", arguments: [2, 3]) == 5)
        do {
            _ = try await client.invoke("Fail", arguments: [])
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .invocationFailed)
            #expect(error.message == "failed on purpose")
        }
        do {
            _ = try await client.invoke("NeverAnswered", arguments: [], timeoutSeconds: 0.3)
            Issue.record("expected a timeout")
        } catch {
            #expect(error.code == .invocationTimedOut)
        }
        await client.stop()
        #expect(throws: SignalRError.self) { try client.send("Add", arguments: []) }
    }

    @Test("negotiate faults are typed errors", arguments: [
        ("error", SignalRError.Code.negotiateRejected),
        ("loop", .tooManyRedirects),
        ("fail500", .negotiateFailed),
        ("nonjson", .negotiateFailed),
        ("nows", .negotiateFailed),
    ])
    func negotiateFaults(scenario: String, code: SignalRError.Code) async throws {
        var configuration = quickConfiguration(url(scenario))
        configuration.maximumRedirects = 5
        let client = SignalRClient(configuration: configuration)
        do {
            try await client.start()
            Issue.record("expected \(code)")
        } catch {
            #expect(error.code == code)
        }
    }

    @Test("negotiate faults during reconnect back off and keep trying")
    func reconnectBackoff() async throws {
        // "drop" accepts the first connection only once per hub; afterwards point at a refusing scenario
        // by stopping the hub: every attempt fails, is counted, and the client stays in .reconnecting.
        let local = try await PythonPeer.start(script: "signalr_raw_hub.py")
        let client = SignalRClient(configuration: quickConfiguration("http://127.0.0.1:\(local.port)/drop"))
        try await client.start()
        local.stop()
        #expect(try await eventually(within: 30) { client.statistics.failedAttempts >= 3 })
        #expect(client.state == .reconnecting)
        await client.stop()
        #expect(client.state == .stopped)
    }

    @Test("when reconnect attempts run out the client stops with a typed error")
    func reconnectExhausted() async throws {
        let local = try await PythonPeer.start(script: "signalr_raw_hub.py")
        var configuration = quickConfiguration("http://127.0.0.1:\(local.port)/listen")
        configuration.reconnect.maximumAttempts = 2
        let client = SignalRClient(configuration: configuration)
        try await client.start()
        local.stop()
        do {
            try await client.waitUntilStopped()
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .reconnectExhausted)
        }
        #expect(client.statistics.failedAttempts == 2)
        #expect(client.state == .stopped)
    }

    @Test("a negotiate redirect switches URL and bearer token")
    func redirect() async throws {
        var configuration = quickConfiguration(url("redirect"))
        configuration.accessToken = "first-token"
        let client = SignalRClient(configuration: configuration)
        try await client.start()
        let stats = try await rawHubStats(port: hub.port)
        let authorizations = stats["authorization"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(authorizations.suffix(3) == ["Bearer first-token", "Bearer redirected-token", "Bearer redirected-token"])
        #expect(stats["connections"]?["listen"] == 1)
        await client.stop()
    }

    @Test("skip negotiation connects the WebSocket directly")
    func skipNegotiation() async throws {
        var configuration = quickConfiguration("ws://127.0.0.1:\(hub.port)/direct")
        configuration.skipNegotiation = true
        let client = SignalRClient(configuration: configuration)
        try await client.start()
        #expect(try await client.invoke("Add", arguments: [1, 1]) == 2)
        let stats = try await rawHubStats(port: hub.port)
        #expect(stats["negotiations"]?["direct"] == nil)
        await client.stop()
    }
}
