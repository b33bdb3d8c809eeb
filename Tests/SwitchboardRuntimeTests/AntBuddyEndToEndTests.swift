import Foundation
import Logging
import SwitchboardConnectors
import SwitchboardEvents
import SwitchboardKafka
import SwitchboardLiveTestSupport
import SwitchboardRuntime
import SwitchboardWebSocket
import Testing

/// `serve` with an AntBuddy account against the PBX peer (`Tests/tools/antbuddy_pbx.py`): a live
/// signal reaches Kafka through the rules, and the click-to-call the rule plans fails with the
/// device offline — one request, one failure report on the dead-letter topic.
@Suite("serve end to end: AntBuddy signals and click-to-call", .timeLimit(.minutes(3)))
struct AntBuddyEndToEndTests {
    static let rules = """
        rules:
          - name: all-events-to-calls
            match:
              type: [{prefix: "switchboard."}]
            actions:
              - kafka: {topic: calls}
          - name: ring-desk-on-inbound
            match:
              platform: [antbuddy]
              type: [switchboard.call.ringing]
            actions:
              - antbuddy.clickToCall: {number: "0987654321", sipUser: desk-42}
        """

    static func control(_ port: Int, _ method: String, _ path: String, _ body: String = "") async throws -> JSONValue {
        let response = try await LWSHTTPClient().send(LWSHTTPRequest(
            method: method, url: "http://127.0.0.1:\(port)/_test/\(path)", headers: ["Content-Type": "application/json"], body: Array(body.utf8)
        ))
        return try JSONValue.parse(response.body)
    }

    static func clickToCallRequests(_ port: Int) async throws -> Int {
        let requests = try await control(port, "GET", "requests").arrayValue ?? []
        return requests.filter { $0["path"]?.stringValue?.hasPrefix("/oapi/v1/call/click-to-call/") == true }.count
    }

    /// Polls `condition` with the generous limit a loaded machine needs.
    static func eventually(_ condition: () async throws -> Bool) async throws -> Bool {
        try await ServeHarness.eventually(within: 60, condition)
    }

    @Test("a ringing signal lands on `calls`; device offline → exactly one click-to-call request and one dead-letter report")
    func deviceOfflineDeadLetter() async throws {
        let pbx = try await PythonPeer.start(script: "antbuddy_pbx.py", timeoutSeconds: 90)
        defer { pbx.stop() }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("sb-antbuddy-e2e-\(UUID().uuidString)")
        let rulesDirectory = work.appendingPathComponent("rules")
        try FileManager.default.createDirectory(at: rulesDirectory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        try Self.rules.write(to: rulesDirectory.appendingPathComponent("antbuddy.yaml"), atomically: true, encoding: .utf8)
        _ = try await Self.control(pbx.port, "POST", "config", #"{"offline": true}"#)

        let configuration = SwitchboardConfiguration(
            http: .init(host: "127.0.0.1", port: 0),
            rules: .init(directory: rulesDirectory.path, reloadIntervalSeconds: 0),
            kafka: KafkaConfiguration(bootstrapFile: work.appendingPathComponent("bootstrap").path, spoolPath: work.appendingPathComponent("spool.jsonl").path,
                                      replayOnStart: false, flushTimeoutMilliseconds: 2_000),
            sources: SourcesConfiguration(antbuddy: [AntBuddyConfiguration(
                name: "main", apiRoot: "http://127.0.0.1:\(pbx.port)", appId: "app-1", appSecret: "s3cr3t",
                signalsURL: "ws://127.0.0.1:\(pbx.port)/signals", sipPasswords: ["desk-42": "sip-pass-42"], requestTimeoutSeconds: 20
            )])
        )
        var logger = Logger(label: "antbuddy-e2e")
        logger.logLevel = .warning
        let server = try ServeAssembly.make(configuration: configuration, logger: logger, metrics: nil)
        let router = try #require(server.sink as? EventRouter)
        let producer = try #require(router.producer)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run(signals: []) { _ in } }
            #expect(try await Self.eventually { try await Self.control(pbx.port, "GET", "state")["connections"]?.integerValue == 1 })
            let signal = #"{"json": {"call_id": "call-e2e", "state": "ringing", "direction": "to_ab", "caller": {"number": "01693608879"}, "callee": "desk-42"}}"#
            _ = try await Self.control(pbx.port, "POST", "signal", signal)
            #expect(try await Self.eventually { try await Self.clickToCallRequests(pbx.port) >= 1 })

            let calls = try KafkaConsumer(bootstrapServers: producer.bootstrapServers, topic: "calls", from: .beginning)
            defer { calls.close() }
            let event = try CloudEventsKafkaBinding.decode(try #require(try await calls.collect(count: 1, timeout: .seconds(60)).first).record)
            #expect(event.data.callId == "call-e2e")
            #expect(event.source == "switchboard://antbuddy/main")

            let deadLetters = try KafkaConsumer(bootstrapServers: producer.bootstrapServers, topic: "switchboard.deadletter", from: .beginning)
            defer { deadLetters.close() }
            let report = try JSONValue.parse(try #require(try await deadLetters.collect(count: 1, timeout: .seconds(60)).first).record.value)
            // A `switchboard.action.failed` CloudEvent (structured), valid against the schema.
            let failed = try CallEvent(json: report)
            #expect(failed.type == .actionFailed)
            #expect(failed.data.callId == "call-e2e")
            let failure = try #require(failed.data.failure)
            #expect(failure.action == "antbuddy.clickToCall")
            #expect(failure.rule == "ring-desk-on-inbound")
            #expect(failure.code == "AB_DEVICE_OFFLINE")
            #expect(failure.message.hasPrefix("AB_DEVICE_OFFLINE"))
            #expect(!String(decoding: report.jsonBytes(), as: UTF8.self).contains("sip-pass-42"))

            #expect(try await Self.clickToCallRequests(pbx.port) == 1)
            #expect(try await deadLetters.collect(count: 1, timeout: .seconds(2)).isEmpty, "one report, not a retry storm")
            group.cancelAll()
        }
    }
}
