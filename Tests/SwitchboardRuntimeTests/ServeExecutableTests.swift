import Foundation
import SwitchboardEvents
import SwitchboardKafka
import SwitchboardLiveTestSupport
import Testing

/// The built `switchboard serve` executable, as the webhook benchmark and production run it:
/// with Swift tasks on the SwiftNIO event loops (`http.tasksOnEventLoops: true`) and
/// without, every accepted webhook must be in Kafka when its 2xx arrives, and SIGTERM must drain
/// and exit cleanly.
@Suite("serve executable: webhooks to Kafka with tasks on the event loops or the default pool")
struct ServeExecutableTests {
    static let token = "serve-executable-token-0123456789"

    static func configuration(directory: URL, tasksOnEventLoops: Bool) -> String {
        """
        http:
          host: 127.0.0.1
          port: 0
          tasksOnEventLoops: \(tasksOnEventLoops)
        logging:
          level: info
          format: json
        kafka:
          brokers: embedded
          bootstrapFile: \(directory.appendingPathComponent("kafka-bootstrap").path)
          spoolPath: \(directory.appendingPathComponent("spool.jsonl").path)
          replayOnStart: false
        rules:
          directory: \(PythonPeer.repositoryRoot.appendingPathComponent("rules").path)
          reloadIntervalSeconds: 0
        webhooks:
          - name: clicktodial
            path: /webhooks/clicktodial
            platform: clicktodial
            binding: cloudevents
            tokens: ["\(token)"]
            successStatus: 204
        """
    }

    /// The metadata value `key` of a JSON log line, as text.
    static func logValue(_ line: Substring, _ key: String) -> String? {
        guard let object = try? JSONValue.parse(Array(line.utf8)), let value = object[key] else { return nil }
        return value.stringValue ?? value.jsonString()
    }

    @Test("every 204 is already in Kafka; SIGTERM exits 0", arguments: [true, false])
    func webhooksToKafka(tasksOnEventLoops: Bool) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sb-serve-exe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("switchboard.yaml")
        try Self.configuration(directory: directory, tasksOnEventLoops: tasksOnEventLoops).write(to: config, atomically: true, encoding: .utf8)

        let serve = try BackgroundProcess(try BuiltExecutable.url("switchboard"), ["serve", "--config", config.path])
        var stopped = false
        defer { if !stopped { Task { [serve] in _ = await serve.stop() } } }
        let starting = try await serve.waitForLine { $0.contains("\"starting\"") }
        #expect(Self.logValue(starting, "tasksOnEventLoops") == String(tasksOnEventLoops))
        #expect(Self.logValue(starting, "allocator")?.hasPrefix("jemalloc 5.") == true, "serve runs on jemalloc: \(starting)")
        let listening = try await serve.waitForLine { $0.contains("HTTP server listening") }
        let port = try #require(Self.logValue(listening, "port"))

        let count = 40
        let requests: [JSONValue] = (0..<count).map { index in
            let event = WebhookIngressTests.camaraEvent(id: "exe-\(tasksOnEventLoops)-\(index)", callId: "exe-call-\(index % 7)")
            return ["mode": "structured", "events": [event], "token": .string(Self.token)]
        }
        // Four senders at once, so requests overlap on the server's threads.
        let url = "http://127.0.0.1:\(port)/webhooks/clicktodial"
        let statuses = try await withThrowingTaskGroup(of: [Int].self) { group in
            for sender in 0..<4 {
                let share = Array(requests[(sender * count / 4)..<((sender + 1) * count / 4)])
                group.addTask { try await WebhookIngressTests.send(url, share).map(\.status) }
            }
            return try await group.reduce(into: [Int]()) { $0 += $1 }
        }
        #expect(statuses == Array(repeating: 204, count: count))

        // 2xx means durably accepted: every record is in Kafka before the server is stopped.
        let consumer = try KafkaConsumer(
            bootstrapServers: try BootstrapFile.read(from: directory.appendingPathComponent("kafka-bootstrap").path),
            topic: "calls", from: .beginning
        )
        let records = try await consumer.collect(count: count, timeout: .seconds(60))
        consumer.close()
        let events = try records.map { try CloudEventsKafkaBinding.decode($0.record) }
        #expect(Set(events.map(\.id)) == Set((0..<count).map { "exe-\(tasksOnEventLoops)-\($0)" }))
        for (record, event) in zip(records, events) {
            #expect(record.record.key == Array(event.partitionKey.utf8))
        }

        stopped = true
        let status = await serve.stop()
        #expect(status == 0, "serve did not exit cleanly; stderr:\n\(serve.stderrText.suffix(2_000))")
    }
}
