import SwitchboardLiveTestSupport
import SwitchboardWebSocket
import Testing

@Suite("Plain HTTP over libwebsockets", .serialized, .timeLimit(.minutes(1)))
struct HTTPClientTests {
    @Test("POST and GET return status and body")
    func requests() async throws {
        let peer = try await PythonPeer.start(script: "signalr_raw_hub.py")
        let client = LWSHTTPClient(timeoutSeconds: 10)
        let negotiate = try await client.send(LWSHTTPRequest(method: "POST", url: "http://127.0.0.1:\(peer.port)/hub/negotiate?negotiateVersion=1"))
        #expect(negotiate.status == 200)
        #expect(String(decoding: negotiate.body, as: UTF8.self).contains("token-hub"))
        let missing = try await client.send(LWSHTTPRequest(method: "GET", url: "http://127.0.0.1:\(peer.port)/nothing/here"))
        #expect(missing.status == 404)
        let failing = try await client.send(LWSHTTPRequest(method: "POST", url: "http://127.0.0.1:\(peer.port)/fail500/negotiate", body: Array("{}".utf8)))
        #expect(failing.status == 500)
        #expect(failing.body == Array("boom".utf8))
    }

    @Test("a response larger than the limit is a typed error")
    func tooLarge() async throws {
        let peer = try await PythonPeer.start(script: "signalr_raw_hub.py")
        let client = LWSHTTPClient(timeoutSeconds: 10, maximumResponseBytes: 10)
        await #expect(throws: WebSocketError.self) {
            _ = try await client.send(LWSHTTPRequest(method: "POST", url: "http://127.0.0.1:\(peer.port)/hub/negotiate"))
        }
    }

    @Test("a refused connection is a typed error")
    func refused() async throws {
        let probe = try await PythonPeer.start(script: "signalr_raw_hub.py")
        let port = probe.port
        probe.stop()
        await #expect(throws: WebSocketError.self) {
            _ = try await LWSHTTPClient(timeoutSeconds: 5).send(LWSHTTPRequest(method: "GET", url: "http://127.0.0.1:\(port)/stats"))
        }
    }
}
