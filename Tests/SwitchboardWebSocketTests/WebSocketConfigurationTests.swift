import Foundation
import SwitchboardWebSocket
import Testing

@Suite("WebSocket URL and configuration")
struct WebSocketConfigurationTests {
    @Test("URLs are split into host, port and path", arguments: [
        ("ws://example.net/events", "example.net", 80, "/events", false),
        ("wss://example.net", "example.net", 443, "/", true),
        ("https://hub.example.net:8443/hub?x=1", "hub.example.net", 8443, "/hub?x=1", true),
        ("ws://[::1]:9000?id=2", "::1", 9000, "/?id=2", false),
    ])
    func parse(text: String, host: String, port: Int, path: String, tls: Bool) throws {
        let url = try WebSocketURL(text)
        #expect(url.host == host)
        #expect(url.port == port)
        #expect(url.pathAndQuery == path)
        #expect(url.usesTLS == tls)
    }

    @Test("bad URLs give typed errors", arguments: ["", "example.net", "ftp://x/", "ws://", "ws://host:99999/", "ws://user:pw@host/", "ws://host/a b"])
    func badURL(text: String) {
        #expect(throws: WebSocketError.self) { try WebSocketURL(text) }
    }

    @Test("the printed URL never shows the query")
    func redactedDescription() throws {
        let url = try WebSocketURL("wss://hub.example.net/hub?access_token=secret")
        #expect(!url.description.contains("secret"))
    }

    @Test("header values with CR/LF are rejected without echoing the value")
    func headerInjection() {
        let configuration = WebSocketConfiguration(url: "ws://h/", headers: ["Authorization": "Bearer abc\r\nX-Evil: 1"])
        do {
            try configuration.validate()
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .invalidConfiguration)
            #expect(!error.message.contains("abc"))
        }
    }

    @Test("a YAML/JSON config fills only what it names")
    func decoding() throws {
        let json = #"{"url":"wss://h/x","headers":{"X-API-KEY":"k"},"pingIntervalSeconds":5}"#
        let configuration = try JSONDecoder().decode(WebSocketConfiguration.self, from: Data(json.utf8))
        #expect(configuration.url == "wss://h/x")
        #expect(configuration.headers == ["X-API-KEY": "k"])
        #expect(configuration.pingIntervalSeconds == 5)
        #expect(configuration.maximumMessageBytes == WebSocketConfiguration(url: "").maximumMessageBytes)
    }

    @Test("query parameters are appended percent-encoded")
    func query() throws {
        let url = try WebSocketURL("ws://h/hub?a=1").appendingQuery([("id", "x/y z")])
        #expect(url.pathAndQuery == "/hub?a=1&id=x%2Fy%20z")
        #expect(try WebSocketURL("ws://h/hub?a=1").appendingPath("/negotiate").pathAndQuery == "/hub/negotiate?a=1")
    }
}
