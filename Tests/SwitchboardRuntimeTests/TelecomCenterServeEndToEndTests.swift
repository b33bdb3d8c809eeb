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
        var configuration = ServeHarness.configuration(work: work.appendingPathComponent("run-\(run)"))
        configuration.webhooks = []
        configuration.sources.telecomcenter = [TelecomCenterConfiguration(
            name: "e2e", apiRoot: "http://127.0.0.1:\(apiPort)/api/rest/public/operator", username: user, password: password,
            pageSize: 7, pollIntervalSeconds: 0.2, errorBackoffSeconds: 0.2, maximumErrorBackoffSeconds: 2,
            checkpointDirectory: work.appendingPathComponent("checkpoints").path
        )]
        return configuration
    }

    /// Starts the Operator API peer with `count` CDRs per collection and `serve` against it,
    /// waits until both checkpoints account for `count` CDRs (they move only after Kafka
    /// acknowledged), and returns what this `serve`'s Kafka cluster holds on `calls`.
    static func produced(count: Int, work: URL, run: Int) async throws -> [CallEvent] {
        let peer = try await PythonPeer.start(script: "telecomcenter_api.py", arguments: ["--user", user, "--password", password, "--count", "\(count)"])
        defer { peer.stop() }
        let configuration = configuration(apiPort: peer.port, work: work, run: run)
        try FileManager.default.createDirectory(atPath: (configuration.kafka.spoolPath as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        var logger = Logger(label: "e2e")
        logger.logLevel = .warning
        let server = try ServeAssembly.make(configuration: configuration, logger: logger, metrics: nil)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run(signals: []) { _ in } }
            try await waitForCheckpoints(work, processed: Int64(count))
            // One more than expected: a duplicate would show up here.
            let records = try await ServeEndToEndTests.consume(server, topic: "calls", count: 2 * count + 1, timeout: .seconds(5))
            group.cancelAll()
            return try records.map { try CloudEventsKafkaBinding.decode($0.record) }
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

        let events = try await Self.produced(count: 20, work: work, run: 1)
        #expect(events.count == 40)
        #expect(Set(events.map(\.id)) == Self.eventIds(prefix: "term", 0..<20).union(Self.eventIds(prefix: "inco", 0..<20)))
        #expect(events.allSatisfy { $0.type == .completed && $0.source == "switchboard://telecomcenter/e2e" })
        #expect(events.contains { $0.data.billing?.relationships["termination_gateway"] == "g-1" })

        // Switchboard was down while six more CDRs per collection arrived; the restarted serve
        // (with a fresh Kafka cluster) produces exactly those.
        let later = try await Self.produced(count: 26, work: work, run: 2)
        #expect(later.count == 12)
        #expect(Set(later.map(\.id)) == Self.eventIds(prefix: "term", 20..<26).union(Self.eventIds(prefix: "inco", 20..<26)))
    }
}
