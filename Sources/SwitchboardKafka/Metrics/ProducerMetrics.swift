import Metrics
import Synchronization

/// The producer's metrics for one topic. Created once per topic and shared by its messages, so
/// the per-message cost is an atomic add and a counter increment.
final class TopicMetrics: Sendable {
    let topic: String
    let produced: Counter
    let failed: Counter
    let spooled: Counter
    let retried: Counter
    let inFlightGauge: Gauge
    let inFlight = Atomic<Int>(0)

    init(topic: String) {
        self.topic = topic
        let dimensions = [("topic", topic)]
        produced = Counter(label: "switchboard_kafka_produced_total", dimensions: dimensions)
        failed = Counter(label: "switchboard_kafka_failed_total", dimensions: dimensions)
        spooled = Counter(label: "switchboard_kafka_spooled_total", dimensions: dimensions)
        retried = Counter(label: "switchboard_kafka_retried_total", dimensions: dimensions)
        inFlightGauge = Gauge(label: "switchboard_kafka_in_flight", dimensions: dimensions)
    }

    /// Publishes the in-flight count; called by the poll loop, not per message.
    func publishInFlight() {
        inFlightGauge.record(inFlight.load(ordering: .relaxed))
    }
}

/// All topics' metrics, created on first use.
final class ProducerMetrics: Sendable {
    private let topics = Mutex<[String: TopicMetrics]>([:])
    /// librdkafka's whole local queue (all topics): messages waiting to be sent or acknowledged.
    private let queueLengthGauge = Gauge(label: "switchboard_kafka_queue_length")

    func forTopic(_ topic: String) -> TopicMetrics {
        topics.withLock { topics in
            if let existing = topics[topic] { return existing }
            let created = TopicMetrics(topic: topic)
            topics[topic] = created
            return created
        }
    }

    func publish(queueLength: Int) {
        queueLengthGauge.record(queueLength)
        for metrics in topics.withLock({ Array($0.values) }) { metrics.publishInFlight() }
    }
}
