import CRdKafka
import Foundation
import SwitchboardEvents
import SwitchboardKafka
import SwitchboardLiveTestSupport
import Testing

@Suite("Kafka producer delivery through the embedded cluster", .timeLimit(.minutes(3)))
struct DeliveryTests {
    @Test("binary and structured records arrive as the binding says and decode back")
    func bothModesRoundTrip() async throws {
        let directory = try Fixtures.temporaryDirectory()
        let cluster = try EmbeddedKafkaCluster()
        let producer = try KafkaProducer(configuration: Fixtures.configuration(directory: directory), cluster: cluster, logger: Fixtures.quietLogger)
        let binary = Fixtures.event(call: 1, sequence: 0)
        let structured = Fixtures.event(call: 1, sequence: 1)
        let first = try await producer.send(binary, topic: "calls", mode: .binary, extraHeaders: [("x-origin", "test")])
        let second = try await producer.send(structured, topic: "calls", mode: .structured)
        await producer.shutdown()
        #expect(first.isDelivered && second.isDelivered)
        #expect(first.outcome.partition == second.outcome.partition, "one call, one partition")

        let records = try await Fixtures.consume(cluster, topic: "calls", count: 2)
        try #require(records.count == 2)
        let sorted = records.sorted { $0.offset < $1.offset }
        var expectedBinary = CloudEventsKafkaBinding.encode(binary, mode: .binary)
        expectedBinary.headers.append(KafkaHeader("x-origin", "test"))
        #expect(sorted[0].record == expectedBinary)
        #expect(sorted[1].record == CloudEventsKafkaBinding.encode(structured, mode: .structured))
        #expect(try CloudEventsKafkaBinding.decode(sorted[0].record) == binary)
        #expect(try CloudEventsKafkaBinding.decode(sorted[1].record) == structured)
    }

    @Test("kcat, an independent client, sees the key, the ce_ headers and the values")
    func kcatSeesTheRecords() async throws {
        let kcat = "/usr/bin/kcat"
        try #require(FileManager.default.isExecutableFile(atPath: kcat), "kcat is not installed at \(kcat): apt-get install kcat")
        let directory = try Fixtures.temporaryDirectory()
        let cluster = try EmbeddedKafkaCluster()
        let producer = try KafkaProducer(configuration: Fixtures.configuration(directory: directory), cluster: cluster, logger: Fixtures.quietLogger)
        let binary = Fixtures.event(call: 2, sequence: 0)
        let structured = Fixtures.event(call: 2, sequence: 1)
        _ = try await producer.send(binary, topic: "kcat", mode: .binary)
        _ = try await producer.send(structured, topic: "kcat", mode: .structured)
        await producer.shutdown()

        let output = try await Self.run(kcat, [
            "-C", "-b", cluster.bootstrapServers, "-t", "kcat", "-o", "beginning", "-c", "2", "-e", "-q",
            "-f", "KEY=%k\nHEADERS=%h\nVALUE=%s\n--\n",
        ])
        let blocks = output.components(separatedBy: "--\n").filter { !$0.isEmpty }
        try #require(blocks.count == 2, "kcat printed: \(output)")
        let binaryBlock = try #require(blocks.first { $0.contains("ce_id=call-2-0") })
        #expect(binaryBlock.contains("KEY=ctx-2\n"))
        for header in ["ce_specversion=1.0", "ce_source=switchboard://thello/tenant-a", "ce_type=switchboard.call.ringing",
                       "ce_subject=sip-2", "ce_time=2023-11-14T22:13:20Z", "ce_partitionkey=ctx-2", "content-type=application/json"] {
            #expect(binaryBlock.contains(header), "missing \(header) in \(binaryBlock)")
        }
        #expect(binaryBlock.contains("VALUE=\(String(decoding: binary.data.jsonValue().jsonData(), as: UTF8.self))\n"))
        let structuredBlock = try #require(blocks.first { $0.contains("content-type=application/cloudevents+json") })
        #expect(structuredBlock.contains("KEY=ctx-2\n"))
        #expect(structuredBlock.contains("VALUE=\(String(decoding: structured.encoded(), as: UTF8.self))\n"))
    }

    @Test("10,000 events of 200 calls on 6 partitions: per call in order, none missing, no duplicates")
    func orderingAcrossPartitions() async throws {
        let directory = try Fixtures.temporaryDirectory()
        let cluster = try EmbeddedKafkaCluster(options: EmbeddedClusterOptions(brokers: 3, partitions: 6))
        let producer = try KafkaProducer(configuration: Fixtures.configuration(directory: directory), cluster: cluster, logger: Fixtures.quietLogger)
        let events = Fixtures.traffic(calls: 200, perCall: 50)
        let report = try await producer.sendBatch(events, topic: "ordered")
        await producer.shutdown()
        #expect(report.deliveredCount == 10_000)

        let records = try await Fixtures.consumeAll(cluster, topic: "ordered", atLeast: 10_000)
        #expect(records.count == 10_000)
        #expect(Set(records.map(\.partition)).count == 6, "keys spread over all partitions")
        try Self.expectPerCallOrder(records, calls: 200, perCall: 50)
    }

    /// Within each partition records are in offset order; every call must appear on one
    /// partition only, with sequences 0..<perCall exactly once and in order.
    static func expectPerCallOrder(_ records: [ConsumedRecord], calls: Int, perCall: Int) throws {
        var sequences: [String: [Int]] = [:]
        var partitions: [String: Set<Int32>] = [:]
        for record in records.sorted(by: { ($0.partition, $0.offset) < ($1.partition, $1.offset) }) {
            let event = try CloudEventsKafkaBinding.decode(record.record)
            let sequence = Int(event.id.split(separator: "-").last!)!
            sequences[event.partitionKey, default: []].append(sequence)
            partitions[event.partitionKey, default: []].insert(record.partition)
        }
        #expect(sequences.count == calls)
        for (key, seen) in sequences {
            #expect(seen == Array(0..<perCall), "call \(key) arrived as \(seen.prefix(20))...")
            #expect(partitions[key]?.count == 1, "call \(key) is spread over \(partitions[key] ?? [])")
        }
    }

    @Test("the poll thread carries its name, so top -H and profiles can tell it apart")
    func pollThreadIsNamed() async throws {
        let directory = try Fixtures.temporaryDirectory()
        let cluster = try EmbeddedKafkaCluster()
        let producer = try KafkaProducer(configuration: Fixtures.configuration(directory: directory), cluster: cluster, logger: Fixtures.quietLogger)
        _ = try await producer.send(Fixtures.event(call: 3, sequence: 0), topic: "calls", mode: .binary)
        let names = try FileManager.default.contentsOfDirectory(atPath: "/proc/self/task").compactMap { task in
            try? String(contentsOfFile: "/proc/self/task/\(task)/comm", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        await producer.shutdown()
        #expect(names.contains("sb-kafka-poll"), "threads: \(names.sorted())")
    }

    static func run(_ executable: String, _ arguments: [String]) async throws -> String {
        try await ChildProcess.runDetached(URL(fileURLWithPath: executable), arguments).stdoutText
    }
}

extension DeliveryReport.Outcome {
    var partition: Int32? {
        if case .delivered(let partition, _) = self { return partition }
        return nil
    }
}
