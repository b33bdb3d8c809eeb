import Foundation
import SwitchboardEvents

/// The CloudEvents Kafka protocol binding for `CallEvent`s.
///
/// Binary mode puts every context attribute and extension into a `ce_<name>` header, the data
/// content type into `content-type`, and the `data` JSON into the value. Structured mode puts the
/// whole event JSON into the value with `content-type: application/cloudevents+json`. In both
/// modes the key is the `partitionkey` extension (the call's correlation key), which the binding
/// calls "key mapping", so every event of a call lands on one partition in order.
public enum CloudEventsKafkaBinding {
    public static let headerPrefix = "ce_"
    public static let contentTypeHeader = "content-type"
    public static let structuredContentType = "application/cloudevents+json"

    /// The Kafka record for `event` in `mode`.
    public static func encode(_ event: CallEvent, mode: ContentMode = .binary) -> KafkaRecord {
        encode(event, json: event.jsonValue(), mode: mode)
    }

    /// The Kafka record for `event` in `mode`, from its JSON form `json` (`event.jsonValue()`),
    /// which the router has already built to match the rules: building it again for every
    /// record was a fifth of the encoding cost in the webhook ingest profile.
    public static func encode(_ event: CallEvent, json: JSONValue, mode: ContentMode = .binary) -> KafkaRecord {
        let key = Array(event.partitionKey.utf8)
        switch mode {
        case .structured:
            return KafkaRecord(
                key: key,
                value: json.jsonBytes(),
                headers: [KafkaHeader(contentTypeHeader, structuredContentType)]
            )
        case .binary:
            guard case .object(let members) = json else {
                preconditionFailure("CallEvent.jsonValue() is always an object")
            }
            let contentType = members["datacontenttype"]?.stringValue ?? event.dataContentType
            var headers: [KafkaHeader] = []
            headers.reserveCapacity(members.count)
            // In name order (how `JSONObject` keeps them), so the header order is stable, which
            // makes records comparable byte for byte.
            for member in members.members where member.key != "data" && member.key != "datacontenttype" {
                guard case .string(let text) = member.value else { continue }
                headers.append(KafkaHeader(headerPrefix + member.key, text))
            }
            headers.append(KafkaHeader(contentTypeHeader, contentType))
            return KafkaRecord(key: key, value: (members["data"] ?? .object([:])).jsonBytes(), headers: headers)
        }
    }

    /// The mode a record was written in: structured when its content type says so.
    public static func mode(of record: KafkaRecord) -> ContentMode {
        guard let contentType = record.header(contentTypeHeader)?.text.lowercased() else {
            return record.header(headerPrefix + "specversion") == nil ? .structured : .binary
        }
        return contentType.hasPrefix(structuredContentType) ? .structured : .binary
    }

    /// Reads a `CallEvent` back from a record in either mode.
    public static func decode(_ record: KafkaRecord) throws(KafkaError) -> CallEvent {
        do {
            switch mode(of: record) {
            case .structured:
                return try CallEvent.decode(record.value)
            case .binary:
                var members = JSONObject()
                for header in record.headers where header.name.hasPrefix(headerPrefix) {
                    members[String(header.name.dropFirst(headerPrefix.count))] = .string(header.text)
                }
                if let contentType = record.header(contentTypeHeader) {
                    members["datacontenttype"] = .string(contentType.text)
                }
                members["data"] = try JSONValue.parse(record.value)
                return try CallEvent(json: .object(members))
            }
        } catch let error as EventDecodingError {
            throw KafkaError(.decodingFailed, "record is not a Switchboard CloudEvent: \(error)")
        } catch {
            throw KafkaError(.decodingFailed, "record is not a Switchboard CloudEvent: \(error)")
        }
    }
}
