import Foundation
import Logging
import SwitchboardConnectors
import SwitchboardEvents
import SwitchboardKafka
import SwitchboardLiveTestSupport
import SwitchboardRuntime
import Testing

/// `serve` with a telecom.center account against the Python Operator API peer
/// (`Tests/tools/telecomcenter_api.py`), the embedded Kafka cluster and the sample rules: CDRs
/// reach the `calls` topic once, and a restart from the on-disk checkpoint produces only new ones.
@Suite("serve end to end: telecom.center CDRs → Kafka", .timeLimit(.minutes(5)))
struct TelecomCenterServeEndToEndTests {
    static let user = "e2e-operator"
    static let password = "e2e-pass:word"

    static func configuration(apiPort: Int, work: URL, run: Int) -> SwitchboardConfiguration {
        var configuration = ServeEndToEndTests.configuration(workDirectory: work.appendingPathComponent("run-\(run)"))
        configuration.webhooks = []
        configuration.sources.telecomcenter = [TelecomCenterConfiguration(
            name: "e2e", apiRoot: "http://127.0.0.1:\(apiPort)/api/rest/public/operator", username: user, password: password,
            pageSize: 7, pollIntervalSeconds: 0.2, errorBackoffSeconds: 0.2, maximumErrorBackoffSeconds: 2,
            checkpointDirectory: work.appendingPathComponent("checkpoints").path
        )]
        return configuration
    }

    /// Runs `serve` until `body` returns.
    static func withServe(_ configuration: SwitchboardConfiguration, _ body: @Sendable (SwitchboardServer) async throws -> Void) async throws {
        try FileManager.default.createDirectory(atPath: (configuration.kafka.spoolPath as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        var logger = Logger(label: "e2e")
        logger.logLevel = .warning
        let server = try ServeAssembly.make(configuration: configuration, logger: logger, metrics: nil)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run(signals: []) { _ in } }
            try await body(server)
            group.cancelAll()
        }
    }

    /// Waits until both checkpoints account for `count` CDRs each (written only after Kafka acknowledged them).
    static func waitForCheckpoints(_ work: URL, processed count: Int64) async throws {
        let stores = CDRCollection.allCases.map {
            CDRCheckpointStore(directory: work.appendingPathComponent("checkpoints").path, account: "e2e", collection: $0)
        }
        let deadline = ContinuousClock.now + .seconds(120)
        while ContinuousClock.now < deadline {
            let processed = try stores.map { try $0.load()?.processed ?? 0 }
            if processed.allSatisfy({ $0 >= count }) { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("checkpoints did not reach \(count) CDRs each")
    }

    static func eventIds(prefix: String, _ range: Range<Int>) -> Set<String> {
        let collection = prefix == "term" ? "termination_cdrs" : "incoming_trunk_cdrs"
        return Set(range.map { "telecomcenter-\(collection)-\(prefix)-\(String(format: "%05d", $0))" })
    }

    @Test("CDRs of both collections reach `calls` once; after a restart only the CDRs that arrived meanwhile are produced")
    func cdrsToKafkaAcrossRestart() async throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("sb-tc-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }

        let first = try await PythonPeer.start(script: "telecomcenter_api.py", arguments: ["--user", Self.user, "--password", Self.password, "--count", "20"])
        defer { first.stop() }
        try await Self.withServe(Self.configuration(apiPort: first.port, work: work, run: 1)) { server in
            try await Self.waitForCheckpoints(work, processed: 20)
            let records = try await ServeEndToEndTests.consume(server, topic: "calls", count: 41, timeout: .seconds(5))
            let events = try records.map { try CloudEventsKafkaBinding.decode($0.record) }
            #expect(events.count == 40)
            #expect(Set(events.map(\.id)) == Self.eventIds(prefix: "term", 0..<20).union(Self.eventIds(prefix: "inco", 0..<20)))
            #expect(events.allSatisfy { $0.type == .completed && $0.source == "switchboard://telecomcenter/e2e" })
            #expect(events.contains { $0.data.billing?.relationships["termination_gateway"] == "g-1" })
        }
        first.stop()

        // Switchboard was down while six more CDRs per collection arrived.
        let second = try await PythonPeer.start(script: "telecomcenter_api.py", arguments: ["--user", Self.user, "--password", Self.password, "--count", "26"])
        defer { second.stop() }
        try await Self.withServe(Self.configuration(apiPort: second.port, work: work, run: 2)) { server in
            try await Self.waitForCheckpoints(work, processed: 26)
            let records = try await ServeEndToEndTests.consume(server, topic: "calls", count: 13, timeout: .seconds(5))
            let events = try records.map { try CloudEventsKafkaBinding.decode($0.record) }
            #expect(Set(events.map(\.id)) == Self.eventIds(prefix: "term", 20..<26).union(Self.eventIds(prefix: "inco", 20..<26)))
            #expect(events.count == 12)
        }
    }
}
