import Foundation
import Synchronization
import SwitchboardConnectors
import SwitchboardEvents
import Testing

/// The live signal stream as a `CallEventSource`: connect with a token, normalize, reconnect after
/// a drop, fill the gap from history without duplicates.
@Suite("AntBuddy: signal source with reconnect and gap filling", .timeLimit(.minutes(5)))
struct AntBuddySignalSourceTests {
    /// What the source handed to its output.
    final class Output: Sendable {
        let events = Mutex<[CallEvent]>([])
        let skipped = Mutex<[String]>([])
        let states = Mutex<[SourceConnectionState]>([])

        var output: CallEventSourceOutput {
            CallEventSourceOutput(
                emit: { batch in self.events.withLock { $0 += batch } },
                state: { state in self.states.withLock { $0.append(state) } },
                skipped: { reason, _ in self.skipped.withLock { $0.append(reason) } }
            )
        }

        func has(_ callId: String, _ type: CallEventType) -> Bool {
            events.withLock { $0.contains { $0.data.callId == callId && $0.type == type } }
        }
    }

    static func signal(_ callId: String, _ state: String, at unix: Int64) -> JSONValue {
        ["event": "call", "call_id": .string(callId), "state": .string(state), "direction": "to_ab",
         "caller": ["number": "01693608879", "type": "realnumber"], "callee": ["number": "thutranhtkbee", "type": "user"],
         "timestamp": .integer(unix)]
    }

    @Test("dropped mid-call: reconnects with a token, fills the gap from history, emits nothing twice; malformed frames are skipped with a reason")
    func dropAndGapFill() async throws {
        try await AntBuddyPBX.with { pbx in
            let now = Int64(Date().timeIntervalSince1970)
            // C ends on the live stream before the drop; A is ringing when the stream drops and
            // ends during the gap; B starts and ends during the gap. History knows all three.
            try await pbx.setHistory([
                antbuddyRecord(callId: "call-C", at: now - 40),
                antbuddyRecord(callId: "call-A", at: now - 30, recording: "rec-A.mp3"),
                antbuddyRecord(callId: "call-B", at: now - 20, status: "BUSY"),
            ])
            let source = AntBuddySignalSource(client: try AntBuddyClient(configuration: pbx.configuration(signals: true)))
            #expect(source.componentName == "antbuddy:main")
            let sink = Output()
            let task = Task { try await source.run(output: sink.output) }
            defer { task.cancel() }

            try await pbx.eventually("the source connected") { try await pbx.connections == 1 }
            _ = try await pbx.signal(Self.signal("call-C", "ringing", at: now - 40))
            _ = try await pbx.signal(Self.signal("call-C", "hangup", at: now - 35))
            _ = try await pbx.signal(Self.signal("call-A", "ringing", at: now - 30))
            try await pbx.signal(raw: "this is not JSON")
            _ = try await pbx.signal(["event": "call", "state": "ringing"])
            try await pbx.eventually("the live events arrived") {
                sink.has("call-A", .ringing) && sink.skipped.withLock { $0.count } == 2
            }
            #expect(sink.skipped.withLock { $0 }.first?.hasPrefix("signal-invalid-json") == true)
            #expect(sink.skipped.withLock { $0 }.last == "signal-missing-field")

            try await pbx.drop()
            try await pbx.eventually("the gap was filled after the reconnect") {
                sink.has("call-A", .completed) && sink.has("call-B", .completed)
            }
            // Live signals after the reconnect flow again.
            try await pbx.eventually("the source reconnected") { try await pbx.connections == 1 }
            _ = try await pbx.signal(Self.signal("call-D", "ringing", at: now))
            try await pbx.eventually("a live event after the reconnect") { sink.has("call-D", .ringing) }

            let events = sink.events.withLock { $0 }
            #expect(Set(events.map(\.id)).count == events.count, "no event emitted twice")
            #expect(events.map { "\($0.data.callId) \($0.type.rawValue)" } == [
                "call-C switchboard.call.ringing", "call-C switchboard.call.ended", "call-A switchboard.call.ringing",
                "call-A switchboard.call.completed", "call-B switchboard.call.completed", "call-D switchboard.call.ringing",
            ])
            #expect(events.first { $0.data.callId == "call-A" && $0.type == .completed }?.data.recording?.url == "https://recordings.example/rec-A.mp3?Signature=sig")
            #expect(events.allSatisfy { $0.source == "switchboard://antbuddy/main" })
            let states = sink.states.withLock { $0 }
            #expect(states.filter { if case .connected = $0 { return true } else { return false } }.count == 2)
            #expect(states.contains { if case .disconnected = $0 { return true } else { return false } })
            // Each connection presented a valid token; the peer refuses any other.
            #expect(try await pbx.requests(path: "/oapi/v1/voice/auth_token").count >= 1)
            #expect(try await pbx.requests(path: "/oapi/v1/call/histories").count == 1)
        }
    }

    @Test("a short-lived token is renewed before a reconnect uses it")
    func tokenRenewedOnReconnect() async throws {
        try await AntBuddyPBX.with { pbx in
            // Tokens live 6 s; with the 60 s margin capped at half the lifetime, a token is reused for 3 s at most.
            try await pbx.configure(["token_lifetime": 6])
            let source = AntBuddySignalSource(client: try AntBuddyClient(configuration: pbx.configuration(signals: true)))
            let sink = Output()
            let task = Task { try await source.run(output: sink.output) }
            defer { task.cancel() }
            try await pbx.eventually("the source connected") { try await pbx.connections == 1 }
            try await Task.sleep(for: .seconds(4))
            try await pbx.drop()
            // At least two: on a loaded machine a slow connect may outlive a token, which the peer
            // then refuses and the source replaces.
            try await pbx.eventually("the source reconnected with a new token") {
                let tokens = try await pbx.requests(path: "/oapi/v1/voice/auth_token").count
                return try await pbx.connections == 1 && tokens >= 2
            }
            #expect(await source.tokens.issued >= 2)
        }
    }
}
