/// The two CloudEvents Kafka binding modes.
public enum ContentMode: String, Sendable, Hashable, Codable, CaseIterable {
    /// Context attributes as `ce_` headers, `content-type` header, value = the `data` JSON.
    case binary
    /// Value = the whole event as JSON, `content-type: application/cloudevents+json`.
    case structured
}
