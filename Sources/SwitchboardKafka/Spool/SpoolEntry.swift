import SwitchboardEvents

/// One line of the spool: an event Kafka did not take for good, with why and how often.
public struct SpoolEntry: Sendable, Hashable, Codable {
    public var event: CallEvent
    public var topic: String
    public var mode: ContentMode
    /// The librdkafka error name and description of the last failure.
    public var error: String
    /// How many times the event was handed to librdkafka, across replays.
    public var attempts: Int
    /// When it was spooled.
    public var time: String

    public init(event: CallEvent, topic: String, mode: ContentMode, error: String, attempts: Int, time: Timestamp) {
        self.event = event
        self.topic = topic
        self.mode = mode
        self.error = error
        self.attempts = attempts
        self.time = time.rfc3339
    }
}
