import Foundation
import SwitchboardEvents
import Testing

/// HTTP/1.1 behaviour of the webhook routes, which are served in the channel pipeline rather
/// than by Hummingbird's router: pipelining order across both, methods, connection close,
/// chunked bodies, large batches. Driven by raw bytes on one TCP connection.
@Suite("Webhook channel handler over raw HTTP/1.1", .serialized)
struct WebhookChannelHandlerTests {
    static let token = WebhookIngressTests.token

    static func port(of baseURL: String) throws -> Int {
        try #require(URLComponents(string: baseURL)?.port)
    }

    static func post(_ path: String = "/webhooks/clicktodial", body: String, token: String? = Self.token, extraHeaders: String = "") -> String {
        let authorization = token.map { "Authorization: Bearer \($0)\r\n" } ?? ""
        return "POST \(path) HTTP/1.1\r\nHost: localhost\r\n\(authorization)Content-Type: application/cloudevents+json\r\n\(extraHeaders)Content-Length: \(body.utf8.count)\r\n\r\n\(body)"
    }

    /// A CAMARA status event in structured mode: the attributes with `data` beside them.
    static func structuredEvent(id: String, callId: String = "call-1") -> JSONValue {
        let sdkForm = WebhookIngressTests.camaraEvent(id: id, callId: callId)
        var members = sdkForm["attributes"]?.objectValue ?? [:]
        members["data"] = sdkForm["data"]
        return .object(members)
    }

    static func structured(id: String) -> String {
        String(decoding: structuredEvent(id: id).jsonData(), as: UTF8.self)
    }

    @Test("pipelined requests are answered in order, across webhook routes and the router")
    func pipeliningOrder() async throws {
        let sink = CollectingSink()
        // The first answer waits for the sink; without ordering the router's answer would overtake it.
        sink.setMode(.acceptAfter(.milliseconds(300)))
        try await WebhookIngressTests.withServer(sink: sink) { baseURL in
            let connection = try RawHTTPConnection(port: try Self.port(of: baseURL))
            try connection.send(
                Self.post(body: Self.structured(id: "pipelined-1"))
                    + "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n"
                    + Self.post(body: Self.structured(id: "pipelined-2"), token: nil)
                    + Self.post(body: Self.structured(id: "pipelined-3"))
            )
            let statuses = try (0..<4).map { _ in try connection.readAnswer().status }
            #expect(statuses == [204, 200, 401, 204])
            #expect(sink.events.map(\.id) == ["pipelined-1", "pipelined-3"])
        }
    }

    @Test("other methods on a webhook path get 405 with Allow; OPTIONS and POST are served")
    func methods() async throws {
        try await WebhookIngressTests.withServer { baseURL in
            let connection = try RawHTTPConnection(port: try Self.port(of: baseURL))
            for method in ["GET", "PUT", "DELETE"] {
                try connection.send("\(method) /webhooks/clicktodial HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n")
                let answer = try connection.readAnswer()
                #expect(answer.status == 405, "\(method)")
                #expect(answer.headers["allow"] == "POST, OPTIONS")
            }
            try connection.send("OPTIONS /webhooks/clicktodial HTTP/1.1\r\nHost: localhost\r\nWebHook-Request-Origin: https://api.example.com\r\n\r\n")
            let handshake = try connection.readAnswer()
            #expect(handshake.status == 200)
            #expect(handshake.headers["webhook-allowed-origin"] == "https://api.example.com")
            // A query string does not change the route; the token may travel there.
            try connection.send(Self.post("/webhooks/clicktodial?access_token=\(Self.token)", body: Self.structured(id: "query-token"), token: nil))
            let accepted = try connection.readAnswer()
            #expect(accepted.status == 204)
            #expect(accepted.headers["content-length"] == nil, "204 carries no Content-Length (RFC 9110 §8.6)")
            #expect(accepted.headers["server"] == "switchboard")
            #expect(accepted.headers["date"]?.hasSuffix(" GMT") == true)
        }
    }

    @Test("origin-form and absolute-form targets reach the same routes; HEAD after webhook answers has no body")
    func requestTargets() async throws {
        let sink = CollectingSink()
        try await WebhookIngressTests.withServer(sink: sink) { baseURL in
            let port = try Self.port(of: baseURL)
            let connection = try RawHTTPConnection(port: port)
            try connection.send(Self.post(body: Self.structured(id: "origin-form")))
            #expect(try connection.readAnswer().status == 204)
            // Absolute form (RFC 9112 §3.2.2) goes through the library's conversion to its path.
            try connection.send(Self.post("http://localhost:\(port)/webhooks/clicktodial?access_token=\(Self.token)", body: Self.structured(id: "absolute-form"), token: nil))
            #expect(try connection.readAnswer().status == 204)
            try connection.send("GET http://localhost:\(port)/healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
            #expect(try connection.readAnswer().status == 200)
            // The HTTP/1 encoder pairs each answer with its request's method: after webhook
            // answers, a HEAD must still be answered without a body, and the next request with one.
            try connection.send("HEAD /healthz HTTP/1.1\r\nHost: localhost\r\n\r\nGET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
            // The router serves /healthz for GET only: HEAD gets a 404 whose body must not be sent.
            let head = try connection.readAnswer(bodyless: true)
            #expect(head.status == 404)
            let get = try connection.readAnswer()
            #expect(get.status == 200)
            #expect(!get.body.isEmpty)
            #expect(sink.events.map(\.id) == ["origin-form", "absolute-form"])
        }
    }

    @Test("Connection: close is honoured after the answer")
    func connectionClose() async throws {
        try await WebhookIngressTests.withServer { baseURL in
            let connection = try RawHTTPConnection(port: try Self.port(of: baseURL))
            try connection.send(Self.post(body: Self.structured(id: "closing"), extraHeaders: "Connection: close\r\n"))
            let answer = try connection.readAnswer()
            #expect(answer.status == 204)
            #expect(answer.headers["connection"] == "close")
            #expect(connection.closesConnection())
        }
    }

    @Test("a chunked body over the limit is a 413 problem; the connection serves the next request")
    func chunkedBodyOverLimit() async throws {
        let sink = CollectingSink()
        try await WebhookIngressTests.withServer(sink: sink, maxBodyBytes: 4_096) { baseURL in
            let connection = try RawHTTPConnection(port: try Self.port(of: baseURL))
            let chunk = String(repeating: "x", count: 3_000)
            let size = String(chunk.utf8.count, radix: 16)
            try connection.send(
                "POST /webhooks/clicktodial HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer \(Self.token)\r\n"
                    + "Content-Type: application/cloudevents+json\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "\(size)\r\n\(chunk)\r\n\(size)\r\n\(chunk)\r\n0\r\n\r\n"
            )
            let refused = try connection.readAnswer()
            #expect(refused.status == 413)
            #expect(refused.headers["content-type"] == "application/problem+json")
            #expect(try JSONValue.parse(refused.body)["type"]?.stringValue == "urn:switchboard:problem:body-too-large")
            try connection.send(Self.post(body: Self.structured(id: "after-413")))
            #expect(try connection.readAnswer().status == 204)
            #expect(sink.events.map(\.id) == ["after-413"])
        }
    }

    @Test("a batch larger than the event loop's share is decoded off the loop and accepted whole")
    func largeBatch() async throws {
        let sink = CollectingSink()
        try await WebhookIngressTests.withServer(sink: sink, maxBodyBytes: 1 << 20) { baseURL in
            let events = (0..<250).map { Self.structuredEvent(id: "large-\($0)", callId: "call-\($0)") }
            let body = String(decoding: JSONValue.array(events).jsonData(), as: UTF8.self)
            try #require(body.utf8.count > 64 * 1024)
            let connection = try RawHTTPConnection(port: try Self.port(of: baseURL))
            try connection.send(
                "POST /webhooks/clicktodial HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer \(Self.token)\r\n"
                    + "Content-Type: application/cloudevents-batch+json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
            )
            #expect(try connection.readAnswer().status == 204)
            #expect(sink.events.count == 250)
        }
    }
}
