import Foundation
import SwitchboardEvents
import SwitchboardKafka
import SwitchboardLiveTestSupport
import Testing

/// `switchboard backfill antbuddy` as an operator runs it: the built executable, a YAML config with
/// the secret in a file, the PBX peer, and an embedded Kafka cluster read back with a consumer.
@Suite("AntBuddy: switchboard backfill antbuddy", .timeLimit(.minutes(5)))
struct AntBuddyBackfillCommandTests {
    /// The `switchboard` executable beside the test bundle (same build directory).
    static func executable() throws -> URL {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        while directory.path.contains(".xctest") { directory = directory.deletingLastPathComponent() }
        let candidate = directory.appendingPathComponent("switchboard")
        guard FileManager.default.isExecutableFile(atPath: candidate.path) else {
            throw AntBuddyPBX.Timeout(description: "no switchboard executable at \(candidate.path): run `swift build --build-tests` first")
        }
        return candidate
    }

    @Test("70 days of history in 31-day windows land on the `calls` topic through the rules, with counts printed")
    func backfillToKafka() async throws {
        let cluster = try EmbeddedKafkaCluster()
        defer { cluster.shutdown() }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("sb-antbuddy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        try await AntBuddyPBX.with { pbx in
            let from = Timestamp(rfc3339: "2026-01-01T00:00:00Z")!.date
            // 14 calls, one every 5 days, over 70 days (2026-01-01 … 2026-03-11); 2 with recordings.
            let records = stride(from: 0, to: 70, by: 5).map {
                antbuddyRecord(callId: "bf-\($0)", at: Int64(from.timeIntervalSince1970) + Int64($0) * 86_400 + 3600, recording: $0 % 30 == 0 && $0 > 0 ? "rec-\($0).mp3" : "")
            }
            try await pbx.setHistory(records)
            let secretFile = work.appendingPathComponent("app-secret")
            try AntBuddyPBX.appSecret.write(to: secretFile, atomically: true, encoding: .utf8)
            let config = work.appendingPathComponent("switchboard.yaml")
            try """
                logging:
                  level: warning
                kafka:
                  brokers: embedded
                  spoolPath: \(work.path)/spool.jsonl
                  bootstrapFile: \(work.path)/bootstrap
                rules:
                  directory: \(PythonPeer.repositoryRoot.appendingPathComponent("rules").path)
                  reloadIntervalSeconds: 0
                sources:
                  antbuddy:
                    - name: main
                      apiRoot: \(pbx.apiRoot)
                      appId: \(AntBuddyPBX.appId)
                      appSecret_file: \(secretFile.path)
                      historyPageSize: 5
                """.write(to: config, atomically: true, encoding: .utf8)

            let run = try await ChildProcess.runDetached(try Self.executable(), [
                "backfill", "antbuddy", "--from", "2026-01-01", "--to", "2026-03-11", "--config", config.path, "--brokers", cluster.bootstrapServers,
            ])
            #expect(run.status == 0, "\(run.stderrText)")
            #expect(run.stdoutText.contains("3 windows"), "\(run.stdoutText)")
            #expect(run.stdoutText.contains("14 records, 14 events routed 14"), "\(run.stdoutText)")
            #expect(run.stdoutText.contains("recordings resolved 2"), "\(run.stdoutText)")
            #expect(!run.stdoutText.contains(AntBuddyPBX.appSecret) && !run.stderrText.contains(AntBuddyPBX.appSecret))

            let requests = try await pbx.requests(path: "/oapi/v1/call/histories")
            #expect(Set(requests.map { $0.query["created_from"] ?? "" }) == ["2026-01-01 00:00:00", "2026-02-01 00:00:00", "2026-03-04 00:00:00"])
            #expect(requests.allSatisfy { $0.query["limit"] == "5" })

            let consumer = try KafkaConsumer(bootstrapServers: cluster.bootstrapServers, topic: "calls", from: .beginning)
            defer { consumer.close() }
            let consumed = try await consumer.collect(count: 14, timeout: .seconds(60))
            let events = try consumed.map { try CloudEventsKafkaBinding.decode($0.record) }
            #expect(Set(events.map(\.data.callId)) == Set(records.compactMap { $0["call_id"]?.stringValue }))
            #expect(events.allSatisfy { $0.type == .completed && $0.platform == .antbuddy && $0.source == "switchboard://antbuddy/main" })
            #expect(events.filter { $0.data.recording?.url != nil }.count == 2)
        }
    }
}
