import SwitchboardEvents

/// `JSONValue.parse` on raw bytes; whatever it accepts must survive a write and a re-read
/// unchanged, since events are re-encoded on their way to Kafka.
public enum JSONValueFuzzing {
    public static func run(_ bytes: UnsafeRawBufferPointer) {
        guard let value = try? JSONValue.parse(bytes) else { return }
        let written = value.jsonBytes()
        guard let reread = try? JSONValue.parse(written) else {
            preconditionFailure("JSONValue wrote JSON it cannot read: \(String(decoding: written, as: UTF8.self))")
        }
        precondition(reread == value, "JSONValue changed in a write/read round trip: \(String(decoding: written, as: UTF8.self))")
    }
}
