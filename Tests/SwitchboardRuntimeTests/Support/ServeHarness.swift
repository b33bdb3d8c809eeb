import Foundation
import Logging
import SwitchboardConnectors
import SwitchboardEvents
import SwitchboardKafka
import SwitchboardLiveTestSupport
import SwitchboardRuntime
import SwitchboardWebSocket
import Testing

/// A `serve` as production assembles it (rules from `rules/`, webhook routes, Kafka), run by the
/// operations tests with `signals: []` and their own helpers: polling for conditions, plain HTTP.
struct RunningServe: Sendable {
    let server: SwitchboardServer
    let baseURL: String

    var router: EventRouter? { server.sink as? EventRouter }
    var producer: KafkaProducer? { router?.producer }
}

enum ServeHarness {
    static let token = "ops-token-0123456789abcdef"

    /// A fresh directory for spool and bootstrap files; the caller removes it.
    static func workDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sb-ops-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// Webhook routes for CAMARA (CloudEvents), Telnect and Thello (platform JSON), the sample
    /// rules, and Kafka: the embedded cluster, or `brokers` when given (a cluster that outlives serve).
    static func configuration(work: URL, brokers: String? = nil, kafkaProperties: [String: String] = [:], thello: [ThelloConfiguration] = []) -> SwitchboardConfiguration {
        SwitchboardConfiguration(
            http: .init(host: "127.0.0.1", port: 0),
            rules: .init(directory: PythonPeer.repositoryRoot.appendingPathComponent("rules").path, reloadIntervalSeconds: 0),
            webhooks: [
                .init(name: "clicktodial", path: "/webhooks/clicktodial", platform: .clicktodial, binding: .cloudevents, tokens: [token]),
                .init(name: "telnect", path: "/webhooks/telnect", platform: .telnect, binding: .json, tokens: [token], successStatus: 200),
                .init(name: "thello", path: "/webhooks/thello", platform: .thello, binding: .json, tokens: [token], successStatus: 200),
            ],
            kafka: KafkaConfiguration(
                brokers: brokers ?? KafkaConfiguration.embeddedBrokers,
                properties: kafkaProperties,
                bootstrapFile: work.appendingPathComponent("kafka-bootstrap").path,
                spoolPath: work.appendingPathComponent("spool.jsonl").path,
                replayOnStart: false,
                flushTimeoutMilliseconds: 5_000
            ),
            sources: SourcesConfiguration(thello: thello)
        )
    }

    /// Assembles and runs serve, calls `body` once it listens, then stops it (cancellation).
    static func run(_ configuration: SwitchboardConfiguration, _ body: @Sendable (RunningServe) async throws -> Void) async throws {
        let server = try assemble(configuration)
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run(signals: []) { portContinuation.yield($0) } }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            try await body(RunningServe(server: server, baseURL: "http://127.0.0.1:\(port)"))
            group.cancelAll()
        }
    }

    static func assemble(_ configuration: SwitchboardConfiguration) throws -> SwitchboardServer {
        var logger = Logger(label: "ops-test")
        logger.logLevel = .warning
        return try ServeAssembly.make(configuration: configuration, logger: logger, metrics: nil)
    }

    /// Polls `condition` every 50 ms until it holds or `seconds` pass (generous: the machine is shared).
    static func eventually(within seconds: Double = 60, _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try await condition()
    }

    /// One HTTP request over libwebsockets' client (threads of its own, not the cooperative pool).
    static func request(_ method: String, _ url: String, body: String = "", contentType: String = "application/json", timeoutSeconds: Double = 30) async throws(WebSocketError) -> LWSHTTPResponse {
        var headers = ["Authorization": "Bearer \(token)"]
        if !body.isEmpty { headers["Content-Type"] = contentType }
        return try await LWSHTTPClient(timeoutSeconds: timeoutSeconds).send(LWSHTTPRequest(method: method, url: url, headers: headers, body: Array(body.utf8)))
    }

    /// A CAMARA status notification in structured CloudEvents mode (values JSON-escaped, so
    /// hostile ids stay one string).
    static func camaraEvent(id: String, callId: String, state: String = "connected") -> String {
        let event: JSONValue = [
            "specversion": "1.0", "id": .string(id), "source": "https://api.example.com/click-to-dial",
            "type": "org.camaraproject.click-to-dial.v0.status-changed", "time": "2025-12-11T12:00:00Z",
            "datacontenttype": "application/json",
            "data": [
                "callId": .string(callId), "caller": "+447700900000", "callee": "+447700900123",
                "status": ["state": .string(state)], "timestamp": "2025-12-11T12:00:00Z",
            ],
        ]
        return String(decoding: event.jsonBytes(), as: UTF8.self)
    }

    /// Every record on `topic` (reads until `count` arrived or `timeout` passed).
    static func consume(bootstrap: String, topic: String, count: Int, timeout: Duration = .seconds(30)) async throws -> [ConsumedRecord] {
        let consumer = try KafkaConsumer(bootstrapServers: bootstrap, topic: topic, from: .beginning)
        defer { consumer.close() }
        return try await consumer.collect(count: count, timeout: timeout)
    }
}
