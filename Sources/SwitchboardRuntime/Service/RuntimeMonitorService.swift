import Foundation
import Logging
import Metrics
import ServiceLifecycle
import SwitchboardKafka

/// Samples what nothing else reports by itself: Kafka broker reachability into `/readyz` (so a
/// cluster outage makes the instance not ready, and recovery ready again) and buffer depths into
/// gauges (router action queue, source ingest queues, spool, heap; the producer publishes its
/// own queue length and in-flight counts).
public struct RuntimeMonitorService: Service {
    /// How often the monitor samples.
    public struct Configuration: Sendable, Hashable {
        /// Seconds between samples (default 0.5): readiness follows the broker state within
        /// about `statistics.interval.ms` plus this.
        public var intervalSeconds: Double
        /// Seconds between spool depth and heap statistics reads (default 5): counting the spool
        /// reads the file, refreshing the heap statistics walks the allocator's arenas.
        public var spoolIntervalSeconds: Double

        public init(intervalSeconds: Double = 0.5, spoolIntervalSeconds: Double = 5) {
            self.intervalSeconds = intervalSeconds
            self.spoolIntervalSeconds = spoolIntervalSeconds
        }
    }

    /// The readiness component the monitor drives.
    public static let kafkaComponent = "kafka"

    public let configuration: Configuration
    private let producer: KafkaProducer?
    private let readiness: ReadinessRegistry
    private let buffers: [BufferProbe]
    private let logger: Logger

    /// A monitor of `producer` (nil: no Kafka to watch) that publishes `buffers` with every sample.
    public init(configuration: Configuration = Configuration(), producer: KafkaProducer?, readiness: ReadinessRegistry, buffers: [BufferProbe], logger: Logger) {
        self.configuration = configuration
        self.producer = producer
        self.readiness = readiness
        self.buffers = buffers
        self.logger = logger
    }

    public func run() async throws {
        let brokersUp = BufferProbe(label: "switchboard_kafka_brokers_up") { [producer] in producer?.brokerConnectivity.connected ?? 0 }
        let spoolDepth = BufferProbe(label: "switchboard_kafka_spool_depth") { [producer] in
            (try? producer?.spool.count()) ?? 0
        }
        let allocated = Gauge(label: "switchboard_memory_allocated_bytes")
        let resident = Gauge(label: "switchboard_memory_resident_bytes")
        let interval = Duration.milliseconds(Int64(max(0.05, configuration.intervalSeconds) * 1000))
        await cancelWhenGracefulShutdown {
            var nextSlowSample = ContinuousClock.now
            while !Task.isCancelled {
                sampleKafka()
                for buffer in buffers { buffer.publish() }
                let slowSample = ContinuousClock.now >= nextSlowSample
                if slowSample {
                    nextSlowSample = ContinuousClock.now + .milliseconds(Int64(configuration.spoolIntervalSeconds * 1000))
                    // Refreshing jemalloc's statistics walks its arenas: not every sample.
                    if let memory = MemoryAllocator.statistics() {
                        allocated.record(memory.allocatedBytes)
                        resident.record(memory.residentBytes)
                    }
                }
                if producer != nil {
                    brokersUp.publish()
                    if slowSample { spoolDepth.publish() }
                }
                try? await Task.sleep(for: interval)
            }
        }
    }

    /// Mirrors the producer's broker reachability into readiness, logging each flip once.
    func sampleKafka() {
        guard let producer else { return }
        guard producer.monitorsBrokers else {
            // Without statistics there is nothing to follow; do not hold readiness back for good.
            readiness.set(Self.kafkaComponent, ready: true, detail: "broker state not monitored (statistics.interval.ms is 0)")
            return
        }
        let connectivity = producer.brokerConnectivity
        // Before the first statistics nothing is known: keep what the assembly registered.
        guard connectivity.updatedAt != nil else { return }
        let wasReady = readiness.components.first { $0.name == Self.kafkaComponent }?.ready
        let location = producer.embeddedCluster == nil ? producer.bootstrapServers : "embedded (in memory) at \(producer.bootstrapServers)"
        readiness.set(Self.kafkaComponent, ready: connectivity.isUp, detail: "\(connectivity.summary); \(location)")
        if wasReady != connectivity.isUp {
            if connectivity.isUp {
                logger.notice("kafka ready", metadata: ["brokers": .string(connectivity.summary)])
            } else {
                logger.warning("kafka not ready: no broker reachable", metadata: ["brokers": .string(connectivity.summary)])
            }
        }
    }
}
