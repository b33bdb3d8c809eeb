import Foundation
import SwitchboardConnectors
import SwitchboardEvents
import Testing

/// The event stream against the Python peer: reconnect, gap fill, de-duplication, bad frames.
@Suite("Telnect event stream", .serialized, .timeLimit(.minutes(3)))
struct TelnectEventSourceTests {
    @Test("a stream dropped mid-call reconnects and fills the gap from /Calls/history: every event once, per-call order kept")
    func gapFill() async throws {
        let peer = try await TelnectPeer.start()
        defer { peer.stop() }
        let source = TelnectEventSource(client: try TelnectClient(configuration: peer.configuration()))
        let run = SourceRun(source)
        #expect(try await eventually { try await peer.streams().open == 1 }, "the provisioned line's stream never opened")

        for (call, status) in [("c-a", "created"), ("c-a", "ringing"), ("c-b", "created"), ("c-d", "created"), ("c-a", "answered"), ("c-d", "hangup")] {
            try await peer.call(call, status)
        }
        #expect(try await eventually { run.emitted.count == 6 })

        // The socket dies mid-call; the platform carries on, visible only in its history.
        try await peer.drop(refuse: true)
        try await peer.call("c-a", "hangup")
        try await peer.call("c-b", "ringing")
        try await peer.call("c-b", "answered")
        try await peer.call("c-c", "created")
        // The new stream starts by repeating the last frame sent before the drop (c-d hangup).
        try await peer.accept(replayLast: true)
        #expect(try await eventually { run.connections == 2 })
        #expect(try await eventually { run.emitted.count == 9 }, "got \(run.emitted.map { "\($0.data.callId):\($0.data.platformState)" })")

        try await peer.call("c-b", "hangup")
        try await peer.call("c-c", "ringing")
        #expect(try await eventually { run.emitted.count == 11 }, "got \(run.emitted.map { "\($0.data.callId):\($0.data.platformState)" })")
        try await run.stop()

        // History reports the call that ended in the gap as `completed`; the answered call in its
        // latest state. c-d was streamed complete before the drop, so history's record is a duplicate.
        #expect(run.states(of: "c-a") == ["created", "ringing", "answered", "completed"])
        #expect(run.states(of: "c-b") == ["created", "answered", "hangup"])
        #expect(run.states(of: "c-c") == ["created", "ringing"])
        #expect(run.states(of: "c-d") == ["created", "hangup"])
        #expect(Set(run.emitted.map(\.id)).count == run.emitted.count, "no event twice")
        #expect(run.emitted.allSatisfy { $0.source == "switchboard://telnect/main" && $0.partitionKey == $0.data.callId })
        #expect(run.emitted.first { $0.data.callId == "c-a" && $0.data.platformState == "completed" }?.type == .completed)

        let history = try await peer.requests("GET", "/Calls/history")
        #expect(history.count == 1, "one gap fill, after the one reconnect")
        let today = ISO8601DateFormatter.string(from: Date().addingTimeInterval(-30), timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withFullDate])
        #expect(history.first?.query.contains("start_date=\(today)") == true, "query: \(history.first?.query ?? "-")")
        #expect(history.first?.header("Authorization") == "Bearer \(TelnectPeer.token)")

        // The line was provisioned once, with websocket and the webhook as event_callback.
        let phones = try await peer.requests("POST", "/Phones")
        #expect(phones.count == 1)
        let body = try #require(phones.first?.json)
        #expect(body["type"] as? String == "dynamic")
        #expect(body["max_expire"] as? Int == 86_400)
        #expect((body["allow_features"] as? [String])?.contains("websocket") == true)
        #expect(body["event_callback"] as? String == "https://switchboard.example.net/webhooks/telnect")
        #expect(phones.first?.header("Authorization") == "Bearer \(TelnectPeer.token)")
        #expect(phones.first?.header("Content-Type") == "application/json")
    }

    @Test("malformed frames are skipped with a counted reason and the stream carries on")
    func malformedFrames() async throws {
        let peer = try await TelnectPeer.start()
        defer { peer.stop() }
        let source = TelnectEventSource(client: try TelnectClient(configuration: peer.configuration()))
        let run = SourceRun(source)
        #expect(try await eventually { try await peer.streams().open == 1 })

        let megabyte = #"{"id":"c-big","status":"ringing","pad":""# + String(repeating: "x", count: 1 << 20) + #""}"#
        let frames = [
            "garbage{",                                                        // not JSON
            #"{"event":"call.ringing","call":{"id":"c-x","status":17}}"#,      // status of the wrong type
            #"{"id":["c-x"],"status":"ringing"}"#,                             // id of the wrong type
            megabyte,                                                          // 1 MB
            #"{"event":"call.parked","call":{"id":"c-x"}}"#,                   // an event kind Telnect does not document
            #"{"event":"keepalive","seq":3}"#,                                 // an event without a call
            #"{"event":"call.ringing","id":"evt-ok","call":{"id":"c-ok","status":"ringing","extra":{"unknown":[1,2]}}}"#,
        ]
        for frame in frames { try await peer.frame(frame) }
        #expect(try await eventually { run.emitted.count == 1 })
        #expect(try await eventually { run.skipReasons.count == 6 })
        try await run.stop()

        #expect(run.skipReasons == ["invalid_json", "malformed", "malformed", "too_large", "unknown_event_kind", "unknown_event_kind"])
        #expect(run.emitted.map(\.data.callId) == ["c-ok"], "unknown members are ignored")
        #expect(run.connections == 1, "bad frames never cost the connection")
        #expect(run.skipDetails.allSatisfy { $0.utf8.count < 1024 }, "details stay short")
    }

    @Test("a configured websocketUrl is used with its credentials (HTTP Basic), without provisioning a line")
    func configuredStream() async throws {
        let peer = try await TelnectPeer.start(arguments: ["--ws-user", "line-user", "--ws-password", "line-secret-99"])
        defer { peer.stop() }
        let configuration = peer.configuration(websocketURL: "ws://127.0.0.1:\(peer.port)/ws", username: "line-user", password: "line-secret-99")
        let run = SourceRun(TelnectEventSource(client: try TelnectClient(configuration: configuration)))
        #expect(try await eventually { try await peer.streams().open == 1 })
        try await peer.call("c-1", "ringing", direction: "inbound")
        #expect(try await eventually { run.emitted.count == 1 })
        try await run.stop()
        #expect(run.emitted.first?.data.direction == .inbound)
        #expect(try await peer.requests("POST", "/Phones").isEmpty)
        #expect(!run.stateChanges.contains { "\($0)".contains("line-secret-99") })
    }

    @Test("a refused line password is reported without the password and retried")
    func refusedStream() async throws {
        let peer = try await TelnectPeer.start(arguments: ["--ws-user", "line-user", "--ws-password", "right"])
        defer { peer.stop() }
        let configuration = peer.configuration(websocketURL: "ws://127.0.0.1:\(peer.port)/ws", username: "line-user", password: "wrong-secret-42")
        let run = SourceRun(TelnectEventSource(client: try TelnectClient(configuration: configuration)))
        #expect(try await eventually { run.stateChanges.filter { if case .disconnected = $0 { return true } else { return false } }.count >= 2 })
        try await run.stop()
        #expect(run.connections == 0)
        #expect(!run.stateChanges.contains { "\($0)".contains("wrong-secret-42") })
    }
}
