import Foundation
import Logging
import ServiceLifecycle
import SwitchboardEvents
import SwitchboardKafka
import Testing

@Suite("Kafka producer shutdown", .timeLimit(.minutes(3)))
struct ShutdownTests {
    @Test("SIGTERM with 10,000 in flight: every event is in Kafka or in the spool")
    func sigtermDrainsToKafkaOrSpool() async throws {
        let directory = try Fixtures.temporaryDirectory()
        let cluster = try EmbeddedKafkaCluster()
        // Acknowledgements are slow and the brokers go down with the SIGTERM, so the flush
        // deadline passes with messages outstanding: they must be spooled, not lost.
        let configuration = Fixtures.configuration(directory: directory, flushMilliseconds: 500)
        let producer = try KafkaProducer(configuration: configuration, cluster: cluster, logger: Fixtures.quietLogger)
        _ = try await producer.send(Fixtures.event(call: 0, sequence: 0), topic: "drain")
        try cluster.setRoundTripTime(broker: 1, milliseconds: 1_000)
        let group = ServiceGroup(services: [producer], gracefulShutdownSignals: [.sigterm], logger: Fixtures.quietLogger)
        let running = Task { try await group.run() }

        let events = (1...10_000).map { Fixtures.event(call: $0 % 200, sequence: $0) }
        let sending = Task { try await producer.sendBatch(events, topic: "drain") }
        while producer.inFlightCount < events.count { try await Task.sleep(for: .milliseconds(10)) }
        try cluster.setAllBrokers(up: false)
        kill(getpid(), SIGTERM)
        try await running.value
        let report = try await sending.value

        try cluster.setAllBrokers(up: true)
        try cluster.setRoundTripTime(broker: 1, milliseconds: 0)
        let spooled = Set(try producer.spool.read().map(\.event.id))
        #expect(report.spooledCount == spooled.count)
        #expect(report.spooledCount > 0, "the brokers were down when the deadline passed")
        let records = try await Fixtures.consumeAll(cluster, topic: "drain", atLeast: report.deliveredCount + 1)
        let inKafka = Set(try Fixtures.ids(records))
        let missing = Set(events.map(\.id)).subtracting(inKafka).subtracting(spooled)
        #expect(missing.isEmpty, "\(missing.count) events are in neither Kafka nor the spool")
        await #expect(throws: KafkaError.self) { try await producer.send(Fixtures.event(call: 1, sequence: 1), topic: "drain") }
    }
}
