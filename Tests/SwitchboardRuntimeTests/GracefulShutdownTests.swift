import Foundation
import ServiceLifecycleTestKit
import Synchronization
import SwitchboardKafka
import SwitchboardLiveTestSupport
import SwitchboardRuntime
import SwitchboardWebSocket
import Testing

/// Graceful shutdown of the whole `serve` with webhook requests in flight: everything answered
/// 2xx is on Kafka or in the spool, and requests that arrive after intake stopped are refused
/// (connection refused or 503), never left hanging.
@Suite("graceful shutdown through serve", .serialized, .timeLimit(.minutes(5)))
struct GracefulShutdownTests {
    /// What became of every request the load sent.
    final class Ledger: Sendable {
        enum Outcome: Sendable, Equatable {
            case status(Int)
            case refused(String)
            case hung
        }

        struct Entry: Sendable {
            let id: String
            let outcome: Outcome
            /// Sent after `serve.run` had returned.
            let afterStop: Bool
        }

        private let entries = Mutex<[Entry]>([])
        /// Set once `serve.run` returned.
        let stopped = Atomic<Bool>(false)
        let sequence = Atomic<Int>(0)

        func add(_ entry: Entry) { entries.withLock { $0.append(entry) } }
        var all: [Entry] { entries.withLock { $0 } }
        var acceptedCount: Int { all.filter { if case .status(let code) = $0.outcome { (200..<300).contains(code) } else { false } }.count }
    }

    @Test("webhooks keep coming during SIGTERM-like shutdown: no accepted event is lost, later requests are refused fast")
    func noAcceptedEventLost() async throws {
        let work = try ServeHarness.workDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        // The cluster belongs to the test, so it outlives serve and can be read afterwards.
        let cluster = try EmbeddedKafkaCluster()
        defer { cluster.shutdown() }
        let configuration = ServeHarness.configuration(work: work, brokers: cluster.bootstrapServers)
        let server = try ServeHarness.assemble(configuration)
        let ledger = Ledger()

        try await testGracefulShutdown { trigger in
            let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    try await server.run(signals: []) { portContinuation.yield($0) }
                    ledger.stopped.store(true, ordering: .sequentiallyConsistent)
                }
                var iterator = ports.makeAsyncIterator()
                let port = try #require(await iterator.next())
                let url = "http://127.0.0.1:\(port)/webhooks/clicktodial"
                // Four senders, each one request at a time, until 10 requests each after serve stopped.
                for _ in 0..<4 {
                    group.addTask {
                        var afterStop = 0
                        while afterStop < 10 {
                            let wasStopped = ledger.stopped.load(ordering: .sequentiallyConsistent)
                            let number = ledger.sequence.add(1, ordering: .relaxed).newValue
                            let id = "shutdown-\(number)"
                            let outcome: Ledger.Outcome
                            do {
                                let response = try await ServeHarness.request(
                                    "POST", url, body: ServeHarness.camaraEvent(id: id, callId: "call-\(number % 7)"),
                                    contentType: "application/cloudevents+json", timeoutSeconds: 30
                                )
                                outcome = .status(response.status)
                            } catch let error as WebSocketError where error.code == .timedOut {
                                outcome = .hung
                            } catch {
                                outcome = .refused("\(error)")
                            }
                            ledger.add(.init(id: id, outcome: outcome, afterStop: wasStopped))
                            if wasStopped { afterStop += 1 }
                        }
                    }
                }
                #expect(try await ServeHarness.eventually { ledger.acceptedCount >= 40 }, "serve accepted too little before shutdown: \(ledger.all.prefix(5))")
                trigger.triggerGracefulShutdown()
                try await group.waitForAll()
            }
        }

        let entries = ledger.all
        let accepted = Set(entries.filter { if case .status(let code) = $0.outcome { (200..<300).contains(code) } else { false } }.map(\.id))
        #expect(entries.allSatisfy { $0.outcome != .hung }, "requests hung: \(entries.filter { $0.outcome == .hung }.map(\.id))")
        let late = entries.filter(\.afterStop)
        #expect(late.count == 40)
        #expect(late.allSatisfy { if case .status(let code) = $0.outcome { !(200..<300).contains(code) } else { true } }, "a request after shutdown was accepted")

        let records = try await ServeHarness.consume(bootstrap: cluster.bootstrapServers, topic: "calls", count: accepted.count, timeout: .seconds(60))
        let onKafka = Set(records.compactMap { record in
            record.record.headers.first { $0.name == "ce_id" }.map { String(decoding: $0.value, as: UTF8.self) }
        })
        let spooled = Set(try KafkaSpool(path: configuration.kafka.spoolPath).read().map(\.event.id))
        let lost = accepted.subtracting(onKafka).subtracting(spooled)
        #expect(lost.isEmpty, "accepted but neither on Kafka nor spooled: \(lost.sorted().prefix(10))")
        #expect(accepted.count >= 40)
    }
}
