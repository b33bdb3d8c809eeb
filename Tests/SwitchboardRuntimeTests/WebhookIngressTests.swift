import Foundation
import Logging
import SwitchboardEvents
import SwitchboardLiveTestSupport
import SwitchboardRuntime
import Testing

/// The webhook ingress driven over real HTTP by the official CloudEvents Python SDK.
@Suite("Webhook ingress with the cloudevents SDK as sender", .serialized)
struct WebhookIngressTests {
    static let token = "test-webhook-token-0123456789"

    static func camaraEvent(id: String, state: String = "connected", callId: String = "call-1") -> JSONValue {
        [
            "attributes": [
                "id": .string(id),
                "source": "https://api.example.com/click-to-dial",
                "type": "org.camaraproject.click-to-dial.v0.status-changed",
                "specversion": "1.0",
                "time": "2025-12-11T12:00:00Z",
                "datacontenttype": "application/json",
            ],
            "data": [
                "callId": .string(callId),
                "caller": "+447700900000",
                "callee": "+447700900123",
                "status": ["state": .string(state)],
                "timestamp": "2025-12-11T12:00:00Z",
            ],
        ]
    }

    /// Starts `serve` with two webhook routes on a free port, runs `body`, stops the server.
    static func withServer(
        sink: CollectingSink = CollectingSink(),
        credentials: SinkCredentialStore = SinkCredentialStore(),
        maxBodyBytes: Int = 65_536,
        _ body: @Sendable (_ baseURL: String) async throws -> Void
    ) async throws {
        let configuration = SwitchboardConfiguration(
            http: .init(host: "127.0.0.1", port: 0, maxBodyBytes: maxBodyBytes),
            webhooks: [
                .init(name: "clicktodial", path: "/webhooks/clicktodial", platform: .clicktodial, binding: .cloudevents, tokens: [token], allowedOrigins: ["https://api.example.com"], allowedRate: 120),
                .init(name: "telnect", path: "/webhooks/telnect", platform: .telnect, binding: .json, tokens: [token], successStatus: 200),
            ]
        )
        let server = SwitchboardServer(configuration: configuration, logger: Logger(label: "test"), sink: sink, credentials: credentials)
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run(signals: []) { portContinuation.yield($0) } }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            try await body("http://127.0.0.1:\(port)")
            group.cancelAll()
        }
    }

    struct Result: Decodable {
        let status: Int
        let body: String
        let headers: [String: String]

        var problem: JSONValue? { try? JSONValue.parse(body) }
    }

    static func send(_ url: String, _ requests: [JSONValue]) async throws -> [Result] {
        let plan: JSONValue = ["url": .string(url), "requests": .array(requests)]
        let output = try await ChildProcess.runPythonTool("send_cloudevents.py", stdin: plan.jsonData())
        return try JSONDecoder().decode([Result].self, from: output)
    }

    @Test("structured, binary and batch modes are accepted with 204 after the sink accepted them")
    func contentModes() async throws {
        let sink = CollectingSink()
        try await Self.withServer(sink: sink) { base in
            let url = base + "/webhooks/clicktodial"
            let results = try await Self.send(url, [
                ["mode": "structured", "events": [Self.camaraEvent(id: "e-1")], "token": .string(Self.token)],
                ["mode": "binary", "events": [Self.camaraEvent(id: "e-2", state: "callingCallee")], "token": .string(Self.token)],
                ["mode": "batch", "events": [Self.camaraEvent(id: "e-3", state: "initiating", callId: "call-2"), Self.camaraEvent(id: "e-4", state: "disconnected", callId: "call-2")], "token": .string(Self.token), "token_in": "query"],
            ])
            #expect(results.map(\.status) == [204, 204, 204])
        }
        let events = sink.events
        #expect(events.map(\.id) == ["e-1", "e-2", "e-3", "e-4"])
        #expect(events.map(\.type) == [.answered, .ringing, .initiated, .ended])
        #expect(events[1].data.leg == .callee)
        #expect(events.allSatisfy { $0.platform == .clicktodial && $0.source == "https://api.example.com/click-to-dial" })
    }

    @Test("W3C trace context travels as the CloudEvents distributed-tracing extension")
    func traceContext() async throws {
        let sink = CollectingSink()
        let traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
        var traced = Self.camaraEvent(id: "trace-1").objectValue!
        var attributes = traced["attributes"]!.objectValue!
        attributes["traceparent"] = .string(traceparent)
        traced["attributes"] = .object(attributes)
        let structured = JSONValue.object(traced)
        try await Self.withServer(sink: sink) { base in
            let results = try await Self.send(base + "/webhooks/clicktodial", [
                ["mode": "structured", "events": [structured], "token": .string(Self.token)],
                ["mode": "structured", "events": [Self.camaraEvent(id: "trace-2")], "token": .string(Self.token), "headers": ["traceparent": .string(traceparent), "tracestate": "vendor=1"]],
                ["mode": "structured", "events": [Self.camaraEvent(id: "trace-3")], "token": .string(Self.token), "headers": ["traceparent": "not-a-trace"]],
            ])
            #expect(results.map(\.status) == [204, 204, 204])
        }
        let events = sink.events
        #expect(events.map { $0.extensions["traceparent"] } == [traceparent, traceparent, nil])
        #expect(events[1].extensions["tracestate"] == "vendor=1")
    }

    @Test("a re-delivered event is answered 204 and produced once")
    func duplicates() async throws {
        let sink = CollectingSink()
        try await Self.withServer(sink: sink) { base in
            let request: JSONValue = ["mode": "structured", "events": [Self.camaraEvent(id: "dup-1")], "token": .string(Self.token)]
            let results = try await Self.send(base + "/webhooks/clicktodial", [request, request, request])
            #expect(results.map(\.status) == [204, 204, 204])
        }
        #expect(sink.events.map(\.id) == ["dup-1"])
    }

    @Test("missing, wrong and expired tokens get 401/403 problem+json and produce nothing")
    func authentication() async throws {
        let sink = CollectingSink()
        let clock = MutableClock()
        let credentials = SinkCredentialStore(now: { clock.now })
        let perCall = credentials.issue(lifetime: 60)
        try await Self.withServer(sink: sink, credentials: credentials) { base in
            let url = base + "/webhooks/clicktodial"
            let event = Self.camaraEvent(id: "auth-1")
            var results = try await Self.send(url, [
                ["mode": "structured", "events": [event], "token_in": "none"],
                ["mode": "structured", "events": [event], "token": "wrong-token"],
            ])
            #expect(results.map(\.status) == [401, 403])
            #expect(results[0].headers["content-type"] == "application/problem+json")
            #expect(results[0].headers["www-authenticate"] == "Bearer")
            #expect(results[0].problem?["type"] == "urn:switchboard:problem:unauthenticated")
            #expect(results[1].problem?["status"] == 403)
            #expect(!results[1].body.contains("wrong-token"), "a presented token must never be echoed")

            results = try await Self.send(url, [["mode": "structured", "events": [event], "token": .string(perCall.token)]])
            #expect(results.map(\.status) == [204])

            clock.advance(by: 61)
            results = try await Self.send(url, [["mode": "structured", "events": [Self.camaraEvent(id: "auth-2")], "token": .string(perCall.token)]])
            #expect(results.map(\.status) == [401])
            #expect(results[0].problem?["type"] == "urn:switchboard:problem:token-expired")
        }
        #expect(sink.events.map(\.id) == ["auth-1"])
    }

    @Test("the bearer scheme and the media type are case-insensitive and may carry optional whitespace")
    func headerSpelling() async throws {
        let sink = CollectingSink()
        try await Self.withServer(sink: sink) { base in
            let url = base + "/webhooks/clicktodial"
            let results = try await Self.send(url, [
                ["mode": "structured", "events": [Self.camaraEvent(id: "hs-1")], "token_in": "none",
                 "headers": ["Authorization": .string("BEARER \t\(Self.token) "), "Content-Type": "Application/CloudEvents+JSON ; charset=UTF-8"]],
                ["mode": "structured", "events": [Self.camaraEvent(id: "hs-2")], "token_in": "none",
                 "headers": ["Authorization": .string("bearer \(Self.token)"), "Content-Type": "application/cloudevents+json;charset=utf-8"]],
                ["mode": "structured", "events": [Self.camaraEvent(id: "hs-3")], "token_in": "none",
                 "headers": ["Authorization": .string("Basic \(Self.token)")]],
                ["mode": "structured", "events": [Self.camaraEvent(id: "hs-4")], "token_in": "none",
                 "headers": ["Authorization": "Bearer  "]],
            ])
            #expect(results.map(\.status) == [204, 204, 401, 401])
        }
        #expect(sink.events.map(\.id) == ["hs-1", "hs-2"])
    }

    @Test("malformed requests get a 4xx problem+json naming the cause, and produce nothing")
    func malformed() async throws {
        let sink = CollectingSink()
        try await Self.withServer(sink: sink, maxBodyBytes: 4_096) { base in
            let url = base + "/webhooks/clicktodial"
            let auth: JSONValue = .string(Self.token)
            let structured: JSONValue = ["content-type": "application/cloudevents+json"]
            let results = try await Self.send(url, [
                // 0: not JSON
                ["mode": "raw", "body": "{not json", "headers": structured, "token": auth],
                // 1: missing id
                ["mode": "raw", "body": #"{"specversion":"1.0","source":"s","type":"t"}"#, "headers": structured, "token": auth],
                // 2: bad specversion
                ["mode": "raw", "body": #"{"specversion":"0.3","id":"x","source":"s","type":"t"}"#, "headers": structured, "token": auth],
                // 3: data and data_base64
                ["mode": "raw", "body": #"{"specversion":"1.0","id":"x","source":"s","type":"t","data":{},"data_base64":"AA=="}"#, "headers": structured, "token": auth],
                // 4: a valid CloudEvent the CAMARA normalizer cannot read (wrong type)
                ["mode": "raw", "body": #"{"specversion":"1.0","id":"x","source":"s","type":"com.example.other","data":{}}"#, "headers": structured, "token": auth],
                // 5: too large
                ["mode": "raw", "body": .string("{\"pad\":\"" + String(repeating: "x", count: 5_000) + "\"}"), "headers": structured, "token": auth],
                // 6: not a CloudEvent content type
                ["mode": "raw", "body": "hello", "headers": ["content-type": "text/plain"], "token": auth],
                // 7: binary mode with a header that is not percent-encoded UTF-8
                ["mode": "raw", "body": "{}", "headers": ["content-type": "application/json", "ce-id": "%C3%28", "ce-source": "s", "ce-type": "t", "ce-specversion": "1.0"], "token": auth],
                // 8: binary mode missing ce-type
                ["mode": "raw", "body": "{}", "headers": ["content-type": "application/json", "ce-id": "x", "ce-source": "s", "ce-specversion": "1.0"], "token": auth],
                // 9: a batch with one bad event rejects the whole batch
                ["mode": "raw", "body": #"[{"specversion":"1.0","id":"x","source":"s","type":"t"},{"specversion":"1.0"}]"#, "headers": ["content-type": "application/cloudevents-batch+json"], "token": auth],
            ])
            let codes = results.map { $0.problem?["type"]?.stringValue?.replacingOccurrences(of: "urn:switchboard:problem:", with: "") ?? "?" }
            #expect(results.map(\.status) == [400, 400, 400, 400, 400, 413, 415, 400, 400, 400])
            #expect(codes == ["malformed", "missing-attribute", "unsupported-specversion", "conflicting-data", "invalid-event", "body-too-large", "unsupported-media-type", "malformed", "missing-attribute", "missing-attribute"])
            #expect(results.allSatisfy { $0.headers["content-type"] == "application/problem+json" })
            #expect(results[1].problem?["detail"]?.stringValue?.contains("\"id\"") == true)
        }
        #expect(sink.events.isEmpty)
    }

    @Test("each missing required attribute is a 400 naming it", arguments: ["id", "source", "specversion", "type"])
    func missingAttribute(attribute: String) async throws {
        let sink = CollectingSink()
        var event: [String: JSONValue] = ["specversion": "1.0", "id": "m-1", "source": "s", "type": "org.camaraproject.click-to-dial.v0.status-changed", "data": [:]]
        event.removeValue(forKey: attribute)
        let body = JSONValue.object(JSONObject(event)).jsonString()
        try await Self.withServer(sink: sink) { base in
            let results = try await Self.send(base + "/webhooks/clicktodial", [
                ["mode": "raw", "body": .string(body), "headers": ["content-type": "application/cloudevents+json"], "token": .string(Self.token)],
            ])
            #expect(results.map(\.status) == [400])
            #expect(results[0].problem?["detail"]?.stringValue?.contains("\"\(attribute)\"") == true)
        }
        #expect(sink.events.isEmpty)
    }

    @Test("more malformed requests: spec versions, attribute names, encodings, bodies")
    func moreMalformed() async throws {
        let sink = CollectingSink()
        let oneMegabyte = "{\"pad\":\"" + String(repeating: "x", count: 1_048_576) + "\"}"
        let valid = Self.camaraEvent(id: "ok")
        try await Self.withServer(sink: sink, maxBodyBytes: 65_536) { base in
            let url = base + "/webhooks/clicktodial"
            let auth: JSONValue = .string(Self.token)
            let structured: JSONValue = ["content-type": "application/cloudevents+json"]
            func binaryHeaders(_ extra: [String: JSONValue]) -> JSONValue {
                var headers: [String: JSONValue] = ["content-type": "application/json", "ce-id": "b-1", "ce-source": "s", "ce-type": "t", "ce-specversion": "1.0"]
                for (name, value) in extra { headers[name] = value }
                return .object(JSONObject(headers))
            }
            let results = try await Self.send(url, [
                ["mode": "raw", "body": #"{"specversion":"0.3","id":"x","source":"s","type":"t"}"#, "headers": structured, "token": auth],
                ["mode": "raw", "body": #"{"specversion":"19.0","id":"x","source":"s","type":"t"}"#, "headers": structured, "token": auth],
                ["mode": "raw", "body": #"{"specversion":"1.0","id":"x","source":"s","type":"t","Bad-Name":"v"}"#, "headers": structured, "token": auth],
                ["mode": "raw", "body": "{}", "headers": binaryHeaders(["ce-id": "%C0%A0"]), "token": auth],
                ["mode": "raw", "body": "{}", "headers": binaryHeaders(["ce-bad_name": "v"]), "token": auth],
                ["mode": "raw", "body": "", "headers": structured, "token": auth],
                ["mode": "raw", "body": .string(oneMegabyte), "headers": structured, "token": auth],
                ["mode": "raw", "body": .string(String(valid.jsonString().dropLast(7))), "headers": structured, "token": auth],
                ["mode": "raw", "body": "{}", "headers": ["content-type": "application/x-unknown"], "token": auth],
            ])
            #expect(results.map(\.status) == [400, 400, 400, 400, 400, 400, 413, 400, 415])
            #expect(results.allSatisfy { $0.headers["content-type"] == "application/problem+json" })
            #expect(results[0].problem?["type"] == "urn:switchboard:problem:unsupported-specversion")
            #expect(results[1].problem?["type"] == "urn:switchboard:problem:unsupported-specversion")
        }
        #expect(sink.events.isEmpty)
    }

    @Test("a saturated pipeline answers 429 with Retry-After; an unavailable one 503")
    func saturation() async throws {
        let sink = CollectingSink()
        try await Self.withServer(sink: sink) { base in
            let url = base + "/webhooks/clicktodial"
            sink.setMode(.saturated(retryAfterSeconds: 7))
            var results = try await Self.send(url, [["mode": "structured", "events": [Self.camaraEvent(id: "sat-1")], "token": .string(Self.token)]])
            #expect(results[0].status == 429)
            #expect(results[0].headers["retry-after"] == "7")
            sink.setMode(.unavailable)
            results = try await Self.send(url, [["mode": "structured", "events": [Self.camaraEvent(id: "sat-1")], "token": .string(Self.token)]])
            #expect(results[0].status == 503)
            // Not recorded as seen: the sender's retry is produced once the sink recovers.
            sink.setMode(.accept)
            results = try await Self.send(url, [["mode": "structured", "events": [Self.camaraEvent(id: "sat-1")], "token": .string(Self.token)]])
            #expect(results[0].status == 204)
        }
        #expect(sink.events.map(\.id) == ["sat-1"])
    }

    @Test("the OPTIONS abuse-protection handshake allows listed origins only")
    func handshake() async throws {
        try await Self.withServer { base in
            let url = base + "/webhooks/clicktodial"
            let results = try await Self.send(url, [
                ["mode": "raw", "method": "OPTIONS", "headers": ["WebHook-Request-Origin": "https://api.example.com", "WebHook-Request-Rate": "120"]],
                ["mode": "raw", "method": "OPTIONS", "headers": ["WebHook-Request-Origin": "https://evil.example.net"]],
            ])
            #expect(results[0].status == 200)
            #expect(results[0].headers["webhook-allowed-origin"] == "https://api.example.com")
            #expect(results[0].headers["webhook-allowed-rate"] == "120")
            #expect(results[0].headers["allow"]?.contains("POST") == true)
            #expect(results[1].status == 403)
        }
    }

    @Test("a Telnect event_callback body is normalized and answered with the route's status")
    func telnectCallback() async throws {
        let sink = CollectingSink()
        try await Self.withServer(sink: sink) { base in
            let body: JSONValue = [
                "id": "c000daeuyzzoq-za3wqdi-ycuaugy-jmqq",
                "status": "ringing",
                "number": ["caller": "+4610100555", "called": "+46890510"],
            ]
            let results = try await Self.send(base + "/webhooks/telnect", [
                ["mode": "raw", "body": .string(body.jsonString()), "headers": ["content-type": "application/json"], "token": .string(Self.token)],
                ["mode": "raw", "body": "", "headers": ["content-type": "application/json"], "token": .string(Self.token)],
            ])
            #expect(results.map(\.status) == [200, 400])
        }
        #expect(sink.events.map(\.type) == [.ringing])
        #expect(sink.events.first?.data.callId == "c000daeuyzzoq-za3wqdi-ycuaugy-jmqq")
    }
}

/// A clock tests move by hand.
final class MutableClock: Sendable {
    private let current = Mutex(Date(timeIntervalSince1970: 1_750_000_000))
    var now: Date { current.withLock { $0 } }
    func advance(by seconds: TimeInterval) { current.withLock { $0 += seconds } }
}

import Synchronization
