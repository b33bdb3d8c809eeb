import Foundation
import Logging
import ServiceLifecycle
import SwitchboardEvents
import SwitchboardKafka
import Testing

@Suite("Kafka spool replay", .timeLimit(.minutes(3)))
struct ReplayTests {
    static func spooled(_ events: [CallEvent], topic: String, mode: ContentMode = .binary) -> [SpoolEntry] {
        events.map { SpoolEntry(event: $0, topic: topic, mode: mode, error: "_MSG_TIMED_OUT: Local: Message timed out", attempts: 2, time: .now()) }
    }

    @Test("the service replays a pending spool at start, and stops the cluster it started at shutdown")
    func replayOnStart() async throws {
        let directory = try Fixtures.temporaryDirectory()
        var configuration = Fixtures.configuration(directory: directory)
        configuration.replayOnStart = true
        let events = (0..<50).map { Fixtures.event(call: $0 % 5, sequence: $0) }
        try KafkaSpool(path: configuration.spoolPath).append(Self.spooled(events, topic: "replayed"))

        let producer = try KafkaProducer(configuration: configuration, logger: Fixtures.quietLogger)
        let cluster = try #require(producer.embeddedCluster)
        #expect(try BootstrapFile.read(from: configuration.bootstrapFile) == cluster.bootstrapServers)
        let group = ServiceGroup(services: [producer], logger: Fixtures.quietLogger)
        let running = Task { try await group.run() }
        let records = try await Fixtures.consume(cluster, topic: "replayed", count: events.count)
        #expect(Set(try Fixtures.ids(records)) == Set(events.map(\.id)))
        while FileManager.default.fileExists(atPath: producer.spool.replayingPath) { try await Task.sleep(for: .milliseconds(20)) }
        #expect(try producer.spool.count() == 0)

        await group.triggerGracefulShutdown()
        try await running.value
        #expect(!FileManager.default.fileExists(atPath: configuration.bootstrapFile), "a stopped cluster's address is withdrawn")
    }

    @Test("events that fail again go back to the spool with their attempts raised")
    func failingReplayRespools() async throws {
        let directory = try Fixtures.temporaryDirectory()
        let cluster = try EmbeddedKafkaCluster()
        let configuration = Fixtures.configuration(directory: directory, properties: ["message.timeout.ms": "1000"])
        let producer = try KafkaProducer(configuration: configuration, cluster: cluster, logger: Fixtures.quietLogger)
        let events = (0..<20).map { Fixtures.event(call: $0, sequence: 0) }
        try producer.spool.append(Self.spooled(events, topic: "respooled", mode: .structured))
        try cluster.setAllBrokers(up: false)
        let summary = try await producer.replaySpool()
        await producer.shutdown()
        #expect(summary == ReplaySummary(total: 20, delivered: 0, spooledAgain: 20))
        let entries = try producer.spool.read()
        #expect(Set(entries.map(\.event.id)) == Set(events.map(\.id)))
        #expect(entries.allSatisfy { $0.attempts == 3 && $0.mode == .structured && $0.topic == "respooled" })
    }

    @Test("a damaged spool is refused with the line number and left where it is")
    func damagedSpoolUntouched() async throws {
        let directory = try Fixtures.temporaryDirectory()
        let cluster = try EmbeddedKafkaCluster()
        let producer = try KafkaProducer(configuration: Fixtures.configuration(directory: directory), cluster: cluster, logger: Fixtures.quietLogger)
        try producer.spool.append(Self.spooled([Fixtures.event(call: 1, sequence: 1)], topic: "t"))
        try Data("not json\n".utf8).append(toFile: producer.spool.path)
        await #expect(throws: KafkaError.self) { try await producer.replaySpool() }
        await producer.shutdown()
        #expect(FileManager.default.fileExists(atPath: producer.spool.path))
        #expect(!FileManager.default.fileExists(atPath: producer.spool.replayingPath))
    }
}

extension Data {
    func append(toFile path: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: self)
    }
}
