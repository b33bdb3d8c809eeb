/// Why `CallEventSourceOutput.deliver` could not get events durably accepted: neither Kafka nor
/// the spool took them, or the source was stopped while waiting. The source must not record
/// them as delivered (a poller keeps its checkpoint) and offer them again later.
public struct CallEventDeliveryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What the router said, without credentials.
    public let reason: String

    public init(reason: String) {
        self.reason = reason
    }

    public var description: String { "not delivered: \(reason)" }
}
