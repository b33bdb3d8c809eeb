import HTTPTypes
import SwitchboardEvents
import SwitchboardNormalizers
import SwitchboardRuntime

/// Drives `CloudEventsHTTPBinding.decode(headers:body:)` the way `WebhookRoute` does, then
/// normalizes what it accepted with the Click-to-Dial normalizer, as the default webhook does.
///
/// The two low bits of the mode byte pick the `Content-Type`: structured, batch, a JSON media
/// type (binary mode) or a non-JSON one (binary mode, `data_base64`); bit 2 drops the
/// `Content-Type` altogether. Header lines the fuzzer writes that a real HTTP parser would
/// refuse (invalid names or values) are skipped, because the route never sees them.
public enum CloudEventsBindingFuzzing {
    static let contentTypes = [
        "application/cloudevents+json; charset=utf-8",
        "application/cloudevents-batch+json",
        "application/json",
        "application/octet-stream",
    ]

    public static func run(_ bytes: UnsafeRawBufferPointer) {
        let input = FuzzInput(bytes)
        var headers = HTTPFields()
        if input.mode & 0b100 == 0 {
            headers[.contentType] = contentTypes[Int(input.mode & 0b11)]
        }
        for line in input.headerLines {
            guard let name = HTTPField.Name(line.name), HTTPField.isValidValue(line.value) else { continue }
            headers.append(HTTPField(name: name, value: line.value))
        }
        let context = NormalizationContext(receivedAt: Timestamp(millisecondsSince1970: 1_700_000_000_000))
        let payloads: [JSONValue]
        do {
            payloads = try CloudEventsHTTPBinding.decode(headers: headers, body: input.body, limits: context.limits)
        } catch {
            // A rejection must explain itself: an empty reason would reach the sender as-is.
            precondition(!error.detail.isEmpty, "a WebhookProblem without a detail")
            return
        }
        for payload in payloads {
            checkAccepted(payload)
            guard let events = try? ClickToDialNormalizer().normalize(json: payload, context: context) else { continue }
            for event in events { _ = event.encoded() }
        }
    }

    /// What the binding promises about every event it accepts (CloudEvents 1.0 §3.1).
    static func checkAccepted(_ payload: JSONValue) {
        guard case .object(let attributes) = payload else { preconditionFailure("an accepted event that is not an object") }
        for name in ["id", "source", "specversion", "type"] {
            guard case .string(let value)? = attributes[name], !value.isEmpty else {
                preconditionFailure("an accepted event without the attribute \(name)")
            }
        }
        precondition(attributes["specversion"] == "1.0", "an accepted event with specversion other than 1.0")
        precondition(attributes["data"] == nil || attributes["data_base64"] == nil, "an accepted event with data and data_base64")
    }
}
