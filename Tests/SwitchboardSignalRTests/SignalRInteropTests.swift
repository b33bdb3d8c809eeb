import SwitchboardEvents
import SwitchboardLiveTestSupport
import SwitchboardSignalR
import Testing

/// Interop with an independent SignalR server: the Thello-like hub on aiosignalr (Tests/tools/signalr_hub.py).
@Suite("SignalR client against an aiosignalr hub", .serialized, .timeLimit(.minutes(2)))
struct SignalRInteropTests {
    @Test("invoke with result, hub error, void methods and Thello variables")
    func invocations() async throws {
        let hub = try await PythonPeer.start(script: "signalr_hub.py")
        let client = SignalRClient(configuration: quickConfiguration("http://127.0.0.1:\(hub.port)/hub"))
        try await client.start()
        #expect(try await client.invoke("Echo", arguments: [.object(["a": .integer(1)])]) == .object(["a": .integer(1)]))
        await #expect(throws: SignalRError.self) { _ = try await client.invoke("Fail", arguments: []) }
        #expect(try await client.invoke("SetVariable", arguments: ["ctx-1", "PICKUP_OPERATOR", "op-7"]) == nil)
        #expect(try await client.invoke("GetVariable", arguments: ["ctx-1", "PICKUP_OPERATOR"]) == .string("op-7"))
        await client.stop()
        #expect(client.state == .stopped)
    }

    @Test("BlocEvent reaches the handler; fire-and-forget SetVariable is recorded with exactly those arguments")
    func blocEvents() async throws {
        let hub = try await PythonPeer.start(script: "signalr_hub.py")
        let client = SignalRClient(configuration: quickConfiguration("http://127.0.0.1:\(hub.port)/hub"))
        let events = Recorder<[JSONValue]>()
        client.on("BlocEvent") { arguments in
            events.append(arguments)
            // Queue steering: answer the event on the same connection.
            if arguments.count == 8, let context = arguments[7].stringValue {
                try client.send("SetVariable", arguments: [.string(context), "PICKUP_OPERATOR", "f17618f7-56b1-4a2f-8e7f-ea97f0a995e0"])
            }
            return nil
        }
        try await client.start()
        _ = try await client.invoke("SubscribeBlocNotifications", arguments: ["bloc-1"])
        let context = "4a1c1b0e-9a55-4d6f-9a0c-1f7a0c6b9e11"
        _ = try await client.invoke("BlocNotify", arguments: ["bloc-1", "QUEUE_ENTER", "sip-1", "VIP", "+3212345678", "100", "", .string(context)])
        #expect(try await eventually { events.all.count == 1 })
        #expect(events.all.first == ["bloc-1", "QUEUE_ENTER", "sip-1", "VIP", "+3212345678", "100", "", .string(context)])
        let expected: JSONValue = .array([.array([.string(context), "PICKUP_OPERATOR", "f17618f7-56b1-4a2f-8e7f-ea97f0a995e0"])])
        #expect(try await eventually { try await client.invoke("Recorded", arguments: []) == expected })
        await client.stop()
    }

    @Test("a server invocation expecting a result gets the handler's value, or an error without a handler")
    func clientResults() async throws {
        let hub = try await PythonPeer.start(script: "signalr_hub.py")
        let client = SignalRClient(configuration: quickConfiguration("http://127.0.0.1:\(hub.port)/hub"))
        client.on("Double") { arguments in .integer((arguments.first?.integerValue ?? 0) * 2) }
        try await client.start()
        #expect(try await client.invoke("AskClient", arguments: ["Double", 21]) == .integer(42))
        await #expect(throws: SignalRError.self) { _ = try await client.invoke("AskClient", arguments: ["NoSuchMethod", 1]) }
        #expect(client.statistics.unhandledInvocations == 1)
        await client.stop()
    }

    @Test("a handler may invoke the hub and await the Completion (no deadlock with the reading task)")
    func invokeFromHandler() async throws {
        let hub = try await PythonPeer.start(script: "signalr_hub.py")
        let client = SignalRClient(configuration: quickConfiguration("http://127.0.0.1:\(hub.port)/hub"))
        let seen = Recorder<JSONValue>()
        client.on("BlocEvent") { arguments in
            // Enrichment before routing: read a variable of the call, then act on it.
            let value = try await client.invoke("GetVariable", arguments: [arguments[7], "SEGMENT"], timeoutSeconds: 5)
            seen.append(value ?? .null)
            return nil
        }
        try await client.start()
        _ = try await client.invoke("SetVariable", arguments: ["ctx-9", "SEGMENT", "gold"])
        _ = try await client.invoke("SubscribeBlocNotifications", arguments: ["bloc-3"])
        for _ in 0..<3 {
            _ = try await client.invoke("BlocNotify", arguments: ["bloc-3", "QUEUE_ENTER", "s", "n", "1", "2", "", "ctx-9"])
        }
        #expect(try await eventually { seen.all.count == 3 })
        #expect(seen.all == ["gold", "gold", "gold"])
        await client.stop()
    }

    @Test("API-key auth: the X-API-KEY header is sent on negotiate and upgrade; a wrong key is refused")
    func apiKey() async throws {
        let hub = try await PythonPeer.start(script: "signalr_hub.py", arguments: ["--api-key", "key-123"])
        var configuration = quickConfiguration("http://127.0.0.1:\(hub.port)/hub")
        configuration.headers = ["X-API-KEY": "key-123"]
        let client = SignalRClient(configuration: configuration)
        try await client.start()
        #expect(try await client.invoke("Echo", arguments: ["ok"]) == "ok")
        await client.stop()

        configuration.headers = ["X-API-KEY": "wrong"]
        let refused = SignalRClient(configuration: configuration)
        do {
            try await refused.start()
            Issue.record("expected the start to fail")
        } catch {
            #expect(error.code == .unauthorized)
            #expect(error.message.contains("401"))
            #expect(!error.message.contains("wrong"))
        }
    }

    @Test("bearer (JWT) auth comes from the token provider on every attempt")
    func bearer() async throws {
        let hub = try await PythonPeer.start(script: "signalr_hub.py", arguments: ["--bearer", "jwt-abc"])
        let calls = Recorder<Int>()
        let client = SignalRClient(configuration: quickConfiguration("http://127.0.0.1:\(hub.port)/hub")) { _ in
            calls.append(1)
            return "jwt-abc"
        }
        try await client.start()
        #expect(try await client.invoke("Echo", arguments: [1]) == 1)
        #expect(calls.all.count == 1)
        await client.stop()
    }

    @Test("after the hub restarts the client reconnects and onReconnected re-subscribes")
    func reconnectAfterRestart() async throws {
        var hub = try await PythonPeer.start(script: "signalr_hub.py")
        let port = hub.port
        let client = SignalRClient(configuration: quickConfiguration("http://127.0.0.1:\(port)/hub"))
        let events = Recorder<String>()
        client.on("BlocEvent") { arguments in
            events.append(arguments[1].stringValue ?? "")
            return nil
        }
        let hooks = Recorder<Int>()
        client.onReconnected {
            _ = try await client.invoke("SubscribeBlocNotifications", arguments: ["bloc-9"])
            hooks.append(1)
        }
        try await client.start()
        _ = try await client.invoke("SubscribeBlocNotifications", arguments: ["bloc-9"])
        hub.stop()
        hub = try await PythonPeer.start(script: "signalr_hub.py", arguments: ["--port", "\(port)"])
        #expect(try await eventually(within: 30) { hooks.all.count == 1 && client.state == .connected })
        #expect(client.statistics.reconnects == 1)
        _ = try await client.invoke("BlocNotify", arguments: ["bloc-9", "QUEUE_HANGUP", "s", "n", "1", "2", "", "c"])
        #expect(try await eventually { events.all == ["QUEUE_HANGUP"] })
        await client.stop()
        hub.stop()
    }
}
