import ArgumentParser
import CKafkaBaseline
import Foundation
import Logging
import SwitchboardEvents
import SwitchboardKafka

/// `switchboard-bench kafka`: Switchboard's producer against a plain C librdkafka producer, same
/// records, same properties, same embedded cluster, in one run (DESIGN.md §9, Kafka leg).
struct KafkaBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kafka",
        abstract: "Producer throughput and send→delivery latency: Switchboard vs plain C librdkafka."
    )

    @Option(help: "Records for the throughput run, per producer.")
    var messages = 1_000_000

    @Option(help: "Fixed rate for the latency run, msgs/s.")
    var rate = 50_000.0

    @Option(help: "Duration of the latency run, seconds, per producer.")
    var latencySeconds = 3.0

    @Option(help: "Brokers of the embedded cluster.")
    var brokers = 1

    @Option(help: "Partitions of the benchmark topics.")
    var partitions = 6

    @Option(help: "Rounds; C and Switchboard alternate and the medians are reported.")
    var rounds = 3

    @Option(help: "Records sent per batch by Switchboard's batch API.")
    var batchSize = 10_000

    func run() async throws {
        let cluster = try EmbeddedKafkaCluster(options: EmbeddedClusterOptions(brokers: brokers, partitions: partitions))
        let records = Self.makeRecords(count: 1_000)
        let averageSize = records.map(\.value.count).reduce(0, +) / records.count
        let baseline = BaselineRecords(records)
        let settings = KafkaConfiguration(brokers: cluster.bootstrapServers)
        let properties = BaselineProperties(settings.effectiveProperties(bootstrapServers: cluster.bootstrapServers))
        for topic in ["bench-c", "bench-swift", "bench-c-latency", "bench-swift-latency"] { try cluster.createTopic(topic) }
        print("Kafka leg: \(messages) structured CloudEvents of ~\(averageSize) B, \(brokers) broker(s), \(partitions) partitions,")
        print("           acks=all, enable.idempotence=true, linger.ms=5, embedded cluster on loopback")

        // C and Switchboard alternate, round after round, so load from other processes on this
        // shared machine hits both alike; the medians are reported.
        var cRates: [Double] = [], swiftRates: [Double] = []
        var cCPU: [Double] = [], swiftCPU: [Double] = []
        for round in 1...rounds {
            var cpu = Self.processCPUSeconds()
            cRates.append(try cThroughput(properties, baseline, round: round))
            cCPU.append((Self.processCPUSeconds() - cpu) * 1e6 / Double(messages))
            cpu = Self.processCPUSeconds()
            swiftRates.append(try await swiftThroughput(cluster, records, round: round))
            swiftCPU.append((Self.processCPUSeconds() - cpu) * 1e6 / Double(messages))
        }
        var cLatency: [(p50: Double, p99: Double)] = [], swiftLatency: [(p50: Double, p99: Double)] = []
        var lost = 0
        for round in 1...rounds {
            let c = try cLatencies(properties, baseline)
            let swift = try await swiftLatencies(cluster, records)
            lost += c.microseconds.count { $0 < 0 } + swift.microseconds.count { $0 < 0 }
            cLatency.append((c.percentile(50), c.percentile(99)))
            swiftLatency.append((swift.percentile(50), swift.percentile(99)))
            print("latency round \(round): C p50 \(format(c.percentile(50))) p99 \(format(c.percentile(99))) µs, Switchboard p50 \(format(swift.percentile(50))) p99 \(format(swift.percentile(99))) µs")
        }
        cluster.shutdown()

        let cRate = median(cRates), swiftRate = median(swiftRates)
        let cP50 = median(cLatency.map(\.p50)), cP99 = median(cLatency.map(\.p99))
        let swiftP50 = median(swiftLatency.map(\.p50)), swiftP99 = median(swiftLatency.map(\.p99))
        let mb = Double(averageSize) / 1_000_000
        print("")
        print("median of \(rounds) round(s):")
        print("")
        print("| producer | msgs/s | MB/s | CPU µs/msg | p50 µs @\(Int(rate))/s | p99 µs @\(Int(rate))/s |")
        print("|---|---:|---:|---:|---:|---:|")
        print("| plain C librdkafka | \(Int(cRate)) | \(format(cRate * mb)) | \(format(median(cCPU))) | \(format(cP50)) | \(format(cP99)) |")
        print("| Switchboard KafkaProducer | \(Int(swiftRate)) | \(format(swiftRate * mb)) | \(format(median(swiftCPU))) | \(format(swiftP50)) | \(format(swiftP99)) |")
        print("")
        print("CPU µs/msg is user+system time of the whole process (both include the embedded cluster's threads),")
        print("a steadier comparison than msgs/s on a shared machine: C / Switchboard = \(format(median(cCPU) / median(swiftCPU) * 100)) %")
        let ratio = swiftRate / cRate
        let p99Delta = (swiftP99 - cP99) / 1000
        print("")
        print("throughput Switchboard / C: \(format(ratio * 100)) % (goal ≥ 70 %, stretch 85 %) \(ratio >= 0.7 ? "OK" : "MISSED")")
        print("p99 Switchboard − C: \(format(p99Delta)) ms (goal ≤ +1 ms) \(p99Delta <= 1 ? "OK" : "MISSED")")
        if lost > 0 { print("warning: \(lost) latency-run messages had no delivery report") }
    }

    /// User plus system CPU time of this process so far.
    static func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    private func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    // MARK: Records

    /// Small but realistic call events; the structured value is about 300 bytes.
    static func makeRecords(count: Int) -> [KafkaRecord] {
        (0..<count).map { index in
            let event = CallEvent(
                id: "bench-\(index)",
                source: "switchboard://thello/tenant-a",
                type: .ringing,
                time: Timestamp(millisecondsSince1970: 1_700_000_000_000 + Int64(index)),
                platform: .thello,
                partitionKey: "ctx-\(index % 200)",
                data: CallEventData(callId: "sip-\(index % 200)", state: .ringing, platformState: "RINGING", original: [:])
            )
            return CloudEventsKafkaBinding.encode(event, mode: .structured)
        }
    }

    // MARK: Throughput

    private func cThroughput(_ properties: BaselineProperties, _ records: BaselineRecords, round: Int) throws -> Double {
        var seconds = 0.0
        var delivered = 0
        var errstr = [CChar](repeating: 0, count: 512)
        let rc = properties.withC { props in
            csb_kafka_baseline_throughput(props, "bench-c", UnsafePointer(records.records.baseAddress), records.records.count, 1_000, messages,
                &seconds, &delivered, &errstr, errstr.count)
        }
        guard rc == 0 else { throw ValidationError("C baseline failed: \(Self.text(errstr))") }
        print("round \(round) plain C:     \(delivered) delivered in \(format(seconds)) s = \(Int(Double(delivered) / seconds)) msgs/s")
        return Double(delivered) / seconds
    }

    private func swiftThroughput(_ cluster: EmbeddedKafkaCluster, _ records: [KafkaRecord], round: Int) async throws -> Double {
        let producer = try makeProducer(cluster)
        // One warm-up batch: the producer id and topic metadata, as the C run gets on its first messages.
        _ = try await producer.sendRecords(Array(records.prefix(1_000)), topic: "bench-swift")
        let batches = stride(from: 0, to: messages, by: batchSize).map { start in
            (start..<min(start + batchSize, messages)).map { records[$0 % records.count] }
        }
        let clock = ContinuousClock()
        let started = clock.now
        // Two batches in flight, so the pipeline never drains between batches.
        let delivered = try await withThrowingTaskGroup(of: Int.self) { group in
            var next = 0
            var total = 0
            for _ in 0..<2 where next < batches.count {
                let batch = batches[next]
                group.addTask { try await producer.sendRecords(batch, topic: "bench-swift") }
                next += 1
            }
            while let done = try await group.next() {
                total += done
                if next < batches.count {
                    let batch = batches[next]
                    group.addTask { try await producer.sendRecords(batch, topic: "bench-swift") }
                    next += 1
                }
            }
            return total
        }
        let seconds = (clock.now - started) / .seconds(1)
        await producer.shutdown()
        print("round \(round) Switchboard: \(delivered) delivered in \(format(seconds)) s = \(Int(Double(delivered) / seconds)) msgs/s")
        return Double(delivered) / seconds
    }

    // MARK: Latency

    private var latencyCount: Int { Int(rate * latencySeconds) }

    private func cLatencies(_ properties: BaselineProperties, _ records: BaselineRecords) throws -> LatencySamples {
        var latencies = [Double](repeating: -1, count: latencyCount)
        var errstr = [CChar](repeating: 0, count: 512)
        let rc = properties.withC { props in
            csb_kafka_baseline_latency(props, "bench-c-latency", UnsafePointer(records.records.baseAddress), records.records.count,
                1_000, latencyCount, rate, &latencies, &errstr, errstr.count)
        }
        guard rc == 0 else { throw ValidationError("C baseline failed: \(Self.text(errstr))") }
        return LatencySamples(microseconds: latencies)
    }

    /// Paces `produce` from a dedicated thread exactly as the C loop does: every 100 µs, send
    /// what is due.
    private func swiftLatencies(_ cluster: EmbeddedKafkaCluster, _ records: [KafkaRecord]) async throws -> LatencySamples {
        let producer = try makeProducer(cluster)
        _ = try await producer.sendRecords(Array(records.prefix(1_000)), topic: "bench-swift-latency")
        let buffer = LatencyBuffer(count: latencyCount)
        let total = latencyCount
        let rate = rate
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let thread = Thread {
                let interval = 1e9 / rate
                let start = csb_kafka_baseline_now_ns()
                var next = 0
                while next < total {
                    let due = min(Int(Double(csb_kafka_baseline_now_ns() - start) / interval) + 1, total)
                    while next < due {
                        let index = next
                        let sentAt = csb_kafka_baseline_now_ns()
                        do {
                            try producer.produce(record: records[index % records.count], topic: "bench-swift-latency") { result in
                                if case .success = result {
                                    buffer.set(index, Double(csb_kafka_baseline_now_ns() - sentAt) / 1000)
                                }
                            }
                            next += 1
                        } catch {
                            csb_kafka_baseline_sleep_ns(100_000)
                        }
                    }
                    csb_kafka_baseline_sleep_ns(100_000)
                }
                continuation.resume()
            }
            thread.start()
        }
        while producer.inFlightCount > 0 { try await Task.sleep(for: .milliseconds(10)) }
        await producer.shutdown()
        return buffer.samples
    }

    private func makeProducer(_ cluster: EmbeddedKafkaCluster) throws -> KafkaProducer {
        var logger = Logger(label: "switchboard.bench.kafka")
        logger.logLevel = .error
        let spool = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-bench-spool-\(UUID().uuidString).jsonl").path
        let configuration = KafkaConfiguration(brokers: KafkaConfiguration.embeddedBrokers, spoolPath: spool, replayOnStart: false)
        return try KafkaProducer(configuration: configuration, cluster: cluster, logger: logger)
    }

    private static func text(_ errstr: [CChar]) -> String {
        String(decoding: errstr.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private func format(_ value: Double) -> String { String(format: "%.2f", value) }
}
