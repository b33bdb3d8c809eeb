import SwitchboardEvents

/// One message between enqueue and its final outcome. librdkafka holds it as the per-message
/// opaque (one retained reference) so the delivery report finds its completion, and so a
/// producer rebuild can re-send it and a failure can spool the original event.
final class PendingMessage: @unchecked Sendable {
    // @unchecked: `attempts` is mutated only by the thread that hands the message to
    // librdkafka, and librdkafka's queue hand-over orders those writes with the delivery report.
    let topic: String
    let record: KafkaRecord
    /// The event, when the message is one; raw records are not spooled.
    let event: CallEvent?
    let mode: ContentMode
    var attempts: Int
    let metrics: TopicMetrics
    let completion: @Sendable (Result<DeliveryReport, KafkaError>) -> Void

    init(
        topic: String,
        record: KafkaRecord,
        event: CallEvent?,
        mode: ContentMode,
        attempts: Int,
        metrics: TopicMetrics,
        completion: @escaping @Sendable (Result<DeliveryReport, KafkaError>) -> Void
    ) {
        self.topic = topic
        self.record = record
        self.event = event
        self.mode = mode
        self.attempts = attempts
        self.metrics = metrics
        self.completion = completion
    }
}
