import Foundation
import SwitchboardLiveTestSupport
import SwitchboardWebSocket
import Testing

/// `wss://` against the websockets server with a certificate from a CA made for the test.
@Suite(
    "WebSocket client over TLS", .serialized, .timeLimit(.minutes(1)),
    .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl"), "the openssl CLI makes the test CA")
)
struct WebSocketTLSTests {
    let peer: PythonPeer
    let caFile: String

    init() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        peer = try await PythonPeer.start(script: "ws_server.py", arguments: ["--tls-dir", directory.path])
        caFile = directory.appendingPathComponent("ca.pem").path
    }

    @Test("wss with a custom CA file verifies the server by name (SNI) and exchanges messages")
    func customCA() async throws {
        let connection = try await WebSocketConnection.connect(WebSocketConfiguration(url: "wss://localhost:\(peer.port)/echo", caFile: caFile))
        try connection.send(text: "over tls")
        var iterator = connection.messages.makeAsyncIterator()
        #expect(await iterator.next() == .text("over tls"))
        await connection.close()
    }

    @Test("wss to a server the trust store does not know fails with a typed error")
    func untrusted() async throws {
        await #expect(throws: WebSocketError.self) {
            _ = try await WebSocketConnection.connect(WebSocketConfiguration(url: "wss://localhost:\(peer.port)/echo", connectTimeoutSeconds: 5))
        }
    }
}
