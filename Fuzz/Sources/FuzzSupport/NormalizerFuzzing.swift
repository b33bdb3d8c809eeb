import SwitchboardEvents
import SwitchboardNormalizers

/// Feeds raw bytes to one platform's normalizer exactly as a webhook or socket delivers them
/// (`JSONValue.parse` with the default limits, then the normalizer), and encodes every event it
/// returns, as the Kafka producer would.
public enum NormalizerFuzzing {
    public static func run(_ platform: Platform, _ bytes: UnsafeRawBufferPointer) {
        let normalizer = Normalizers.normalizer(for: platform)
        let context = NormalizationContext(receivedAt: Timestamp(millisecondsSince1970: 1_700_000_000_000))
        let events: [CallEvent]
        do {
            events = try normalizer.normalize(bytes, context: context)
        } catch {
            precondition(!error.code.isEmpty, "a NormalizationError without a code")
            return
        }
        for event in events {
            precondition(!event.id.isEmpty, "a normalized event without an id")
            _ = event.encoded()
        }
    }
}
