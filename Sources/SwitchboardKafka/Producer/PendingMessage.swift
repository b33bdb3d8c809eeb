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
    let completion: Completion

    /// Who learns the outcome. A batch slot avoids one closure allocation per message.
    enum Completion: Sendable {
        case handler(@Sendable (Result<DeliveryReport, KafkaError>) -> Void)
        case single(DeliveryWaiter)
        case batch(BatchCollector, index: Int)
        case count(BatchCounter)
    }

    init(
        topic: String,
        record: KafkaRecord,
        event: CallEvent?,
        mode: ContentMode,
        attempts: Int,
        metrics: TopicMetrics,
        completion: Completion
    ) {
        self.topic = topic
        self.record = record
        self.event = event
        self.mode = mode
        self.attempts = attempts
        self.metrics = metrics
        self.completion = completion
    }

    /// Reports the final outcome; called exactly once.
    func complete(_ result: Result<DeliveryReport, KafkaError>) {
        switch completion {
        case .handler(let handler): handler(result)
        case .single(let waiter): waiter.set(result)
        case .batch(let collector, let index): collector.set(index, result)
        case .count(let counter): counter.record(delivered: (try? result.get())?.isDelivered == true)
        }
    }
}
