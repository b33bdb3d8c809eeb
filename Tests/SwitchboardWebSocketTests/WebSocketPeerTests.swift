import Foundation
import SwitchboardLiveTestSupport
import SwitchboardWebSocket
import Testing

/// Runs the client against the Python `websockets` server in Tests/tools/ws_server.py.
@Suite("WebSocket client against a websockets server", .serialized, .timeLimit(.minutes(2)))
struct WebSocketPeerTests {
    let peer: PythonPeer

    init() async throws {
        peer = try await PythonPeer.start(script: "ws_server.py")
    }

    func configuration(_ path: String, _ change: (inout WebSocketConfiguration) -> Void = { _ in }) -> WebSocketConfiguration {
        var configuration = WebSocketConfiguration(url: "ws://127.0.0.1:\(peer.port)\(path)")
        change(&configuration)
        return configuration
    }

    @Test("text and binary messages round-trip")
    func echo() async throws {
        let connection = try await WebSocketConnection.connect(configuration("/echo"))
        var iterator = connection.messages.makeAsyncIterator()
        try connection.send(text: "héllo")
        try connection.send(binary: [0, 1, 2, 255])
        #expect(await iterator.next() == .text("héllo"))
        #expect(await iterator.next() == .binary([0, 1, 2, 255]))
        await connection.close()
        #expect(connection.closeInfo == WebSocketCloseInfo(code: 1000, reason: "", initiator: .local))
    }

    @Test("a long close reason is cut to fit the close frame, at a character boundary")
    func longCloseReason() async throws {
        let connection = try await WebSocketConnection.connect(configuration("/echo"))
        await connection.close(code: 4000, reason: String(repeating: "é", count: 100))
        let info = try #require(connection.closeInfo)
        #expect(info.code == 4000)
        #expect(info.reason == String(repeating: "é", count: 61))
    }

    @Test("handshake headers and query parameters reach the server")
    func headers() async throws {
        let connection = try await WebSocketConnection.connect(configuration("/headers?fixed=1") {
            $0.headers = ["Authorization": "Bearer secret-token", "X-API-KEY": "key-123"]
            $0.queryParameters = ["id": "a b&c"]
        })
        var iterator = connection.messages.makeAsyncIterator()
        let first = try #require(await iterator.next())
        guard case .text(let text) = first else {
            Issue.record("expected text, got \(first)")
            return
        }
        let report = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        let headers = report?["headers"] as? [String: String]
        #expect(headers?["authorization"] == "Bearer secret-token")
        #expect(headers?["x-api-key"] == "key-123")
        #expect(report?["path"] as? String == "/headers?fixed=1&id=a%20b%26c")
        await connection.close()
    }

    @Test("fragmented messages are reassembled")
    func fragments() async throws {
        let connection = try await WebSocketConnection.connect(configuration("/fragmented"))
        var iterator = connection.messages.makeAsyncIterator()
        #expect(await iterator.next() == .text("fragmented text"))
        #expect(await iterator.next() == .binary([0, 1, 2, 3]))
        await connection.close()
    }

    @Test("a message over the limit closes with 1009")
    func oversize() async throws {
        let connection = try await WebSocketConnection.connect(configuration("/oversize?bytes=200000") {
            $0.maximumMessageBytes = 100_000
        })
        var iterator = connection.messages.makeAsyncIterator()
        #expect(await iterator.next() == nil)
        let info = await connection.closed()
        #expect(info.code == 1009)
        #expect(info.initiator == .local)
    }

    @Test("a message just under the limit is delivered whole")
    func largeButAllowed() async throws {
        let connection = try await WebSocketConnection.connect(configuration("/oversize?bytes=99000") {
            $0.maximumMessageBytes = 100_000
        })
        var iterator = connection.messages.makeAsyncIterator()
        let message = try #require(await iterator.next())
        #expect(message.bytes.count == 99000)
        await connection.close()
    }

    @Test("the server's close code and reason are surfaced")
    func peerClose() async throws {
        let connection = try await WebSocketConnection.connect(configuration("/close?code=4001&reason=bye"))
        var iterator = connection.messages.makeAsyncIterator()
        #expect(await iterator.next() == nil)
        let info = await connection.closed()
        #expect(info == WebSocketCloseInfo(code: 4001, reason: "bye", initiator: .peer))
    }

    @Test("a dropped TCP connection ends the stream with 1006")
    func drop() async throws {
        let connection = try await WebSocketConnection.connect(configuration("/drop"))
        var iterator = connection.messages.makeAsyncIterator()
        #expect(await iterator.next() == nil)
        let info = await connection.closed()
        #expect(info.code == 1006)
        #expect(info.initiator == .transport)
        #expect(throws: WebSocketError.self) { try connection.send(text: "late") }
    }

    @Test("a peer that stops answering pings is detected")
    func pingTimeout() async throws {
        let connection = try await WebSocketConnection.connect(configuration("/mute") {
            $0.pingIntervalSeconds = 0.3
            $0.pongTimeoutSeconds = 0.6
        })
        let info = await connection.closed()
        #expect(info.code == 1011)
        #expect(info.reason == "ping timeout")
    }

    @Test("pings keep a quiet but healthy connection open")
    func pingsAnswered() async throws {
        let connection = try await WebSocketConnection.connect(configuration("/echo") {
            $0.pingIntervalSeconds = 0.2
            $0.pongTimeoutSeconds = 1
        })
        try await Task.sleep(for: .seconds(1.5))
        #expect(connection.isOpen)
        try connection.send(text: "still here")
        var iterator = connection.messages.makeAsyncIterator()
        #expect(await iterator.next() == .text("still here"))
        await connection.close()
    }

    @Test("invalid UTF-8 in a text message closes with 1007")
    func invalidUTF8() async throws {
        let connection = try await WebSocketConnection.connect(configuration("/invalid-utf8"))
        let info = await connection.closed()
        #expect(info.code == 1007)
    }

    @Test("a slow consumer gets every message in order (backpressure, no loss)")
    func backpressure() async throws {
        let count = 5000
        let connection = try await WebSocketConnection.connect(configuration("/flood?count=\(count)") {
            $0.receiveBufferMessages = 16
        })
        // Let the server run far ahead of the consumer so reading has to pause.
        try await Task.sleep(for: .milliseconds(300))
        var expected = 0
        for await message in connection.messages {
            #expect(message == .text(String(expected)))
            expected += 1
            if expected == count { break }
        }
        #expect(expected == count)
        await connection.close()
    }

    @Test("many sends from several tasks all arrive")
    func concurrentSends() async throws {
        let connection = try await WebSocketConnection.connect(configuration("/echo"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for task in 0..<4 {
                group.addTask {
                    for index in 0..<250 { try connection.send(text: "\(task)-\(index)") }
                }
            }
            try await group.waitForAll()
        }
        var received = Set<String>()
        for await message in connection.messages {
            if case .text(let text) = message { received.insert(text) }
            if received.count == 1000 { break }
        }
        #expect(received.count == 1000)
        await connection.close()
    }

    @Test("connecting to a closed port fails with a typed error")
    func refused() async throws {
        let probe = try await PythonPeer.start(script: "ws_server.py")
        let port = probe.port
        probe.stop()
        await #expect(throws: WebSocketError.self) {
            _ = try await WebSocketConnection.connect(WebSocketConfiguration(url: "ws://127.0.0.1:\(port)/echo", connectTimeoutSeconds: 5))
        }
    }

    @Test("an upgrade refused by the server fails with a typed error")
    func notAWebSocketEndpoint() async throws {
        // An HTTP request to an https-expecting peer: the upgrade never completes.
        await #expect(throws: WebSocketError.self) {
            _ = try await WebSocketConnection.connect(WebSocketConfiguration(url: "wss://127.0.0.1:\(peer.port)/echo", connectTimeoutSeconds: 5))
        }
    }
}
