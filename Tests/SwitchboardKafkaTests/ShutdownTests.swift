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
        let configuration = Fixtures.configuration(directory: directory, flushMilliseconds: 500)
        let producer = try KafkaProducer(configuration: configuration, cluster: cluster, logger: Fixtures.quietLogger)
        let delivered = Fixtures.event(call: 0, sequence: 0)
        _ = try await producer.send(delivered, topic: "drain")
        let group = ServiceGroup(services: [producer], gracefulShutdownSignals: [.sigterm], logger: Fixtures.quietLogger)
        let running = Task { try await group.run() }

        // With the brokers down nothing can be acknowledged, so all 10,000 stay in flight until
        // the SIGTERM, whatever the speed of this machine, and the flush deadline must spool them.
        try cluster.setAllBrokers(up: false)
        let events = (1...10_000).map { Fixtures.event(call: $0 % 200, sequence: $0) }
        let sending = Task { try await producer.sendBatch(events, topic: "drain") }
        let giveUp = ContinuousClock.now.advanced(by: .seconds(90))
        while producer.inFlightCount < events.count {
            guard ContinuousClock.now < giveUp else {
                Issue.record("only \(producer.inFlightCount) of \(events.count) events were handed to librdkafka")
                break
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        kill(getpid(), SIGTERM)
        try await running.value
        let report = try await sending.value
        try cluster.setAllBrokers(up: true)

        let spooled = try producer.spool.read().map(\.event.id)
        #expect(report.spooledCount == events.count)
        #expect(spooled.count == events.count)
        let inKafka = Set(try Fixtures.ids(try await Fixtures.consumeAll(cluster, topic: "drain", atLeast: 1)))
        #expect(inKafka == [delivered.id])
        let missing = Set(events.map(\.id)).subtracting(inKafka).subtracting(spooled)
        #expect(missing.isEmpty, "\(missing.count) events are in neither Kafka nor the spool")
        await #expect(throws: KafkaError.self) { try await producer.send(Fixtures.event(call: 1, sequence: 1), topic: "drain") }
    }
}
