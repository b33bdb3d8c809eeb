/// What happened to one event handed to the producer. Either outcome means the event is
/// durably accepted (DESIGN.md §6): acknowledged by Kafka, or written (fsync'd) to the spool.
public struct DeliveryReport: Sendable, Hashable {
    /// Where the event ended up.
    public enum Outcome: Sendable, Hashable {
        /// Acknowledged by the brokers (`acks=all` by default) at this position.
        case delivered(partition: Int32, offset: Int64)
        /// Kafka did not take it for good; it is in the spool with this reason.
        case spooled(reason: String)
    }

    public var topic: String
    public var outcome: Outcome
    /// How many times it was handed to librdkafka (1 unless a producer rebuild re-sent it).
    public var attempts: Int

    public init(topic: String, outcome: Outcome, attempts: Int) {
        self.topic = topic
        self.outcome = outcome
        self.attempts = attempts
    }

    /// Whether Kafka acknowledged the event.
    public var isDelivered: Bool {
        if case .delivered = outcome { return true }
        return false
    }
}

/// The result of a batch send: one report per event, in the order given.
public struct BatchDeliveryReport: Sendable, Hashable {
    public var reports: [DeliveryReport]

    public init(reports: [DeliveryReport]) {
        self.reports = reports
    }

    public var deliveredCount: Int { reports.count { $0.isDelivered } }
    public var spooledCount: Int { reports.count - deliveredCount }
}
