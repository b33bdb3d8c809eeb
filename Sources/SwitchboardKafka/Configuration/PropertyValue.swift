/// A librdkafka property value as written in YAML or JSON: people write `linger.ms: 5` or
/// `enable.idempotence: true` unquoted, and librdkafka wants text either way.
struct PropertyValue: Decodable, Sendable {
    let text: String

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(String.self) {
            text = value
        } else if let value = try? container.decode(Bool.self) {
            text = value ? "true" : "false"
        } else if let value = try? container.decode(Int64.self) {
            text = String(value)
        } else if let value = try? container.decode(Double.self) {
            text = String(value)
        } else {
            throw DecodingError.typeMismatch(
                String.self,
                DecodingError.Context(
                    codingPath: decoder.codingPath,
                    debugDescription: "a librdkafka property value must be a string, number or boolean"
                )
            )
        }
    }
}
