import Foundation
import Hummingbird
import SwitchboardEvents

/// The CloudEvents HTTP protocol binding (v1.0): structured, batch and binary content modes.
///
/// Every mode yields events in the structured JSON form (attributes at the top level, `data` or
/// `data_base64`), which is what the normalizers read. Validation follows the spec: required
/// `id`, `source`, `specversion` (= `1.0`), `type`; not both `data` and `data_base64`.
public enum CloudEventsHTTPBinding {
    public static let structuredMediaType = "application/cloudevents+json"
    public static let batchMediaType = "application/cloudevents-batch+json"
    static let requiredAttributes = ["id", "source", "specversion", "type"]

    /// Decodes the events of one request.
    public static func decode(headers: HTTPFields, body: [UInt8], limits: JSONLimits = .default) throws(WebhookProblem) -> [JSONValue] {
        let contentType = HeaderText.value(.contentType, in: headers).map(MediaType.init) ?? MediaType("")
        switch contentType.essence {
        case structuredMediaType:
            let event = try parse(body, limits: limits)
            return [try validated(event, index: nil)]
        case batchMediaType:
            guard case .array(let events) = try parse(body, limits: limits) else {
                throw WebhookProblem(.malformed, "a batch (\(batchMediaType)) must be a JSON array of events")
            }
            var validatedEvents: [JSONValue] = []
            validatedEvents.reserveCapacity(events.count)
            for (index, event) in events.enumerated() {
                validatedEvents.append(try validated(event, index: index))
            }
            return validatedEvents
        default:
            if headers.contains(where: { $0.name.canonicalName.hasPrefix("ce-") }) {
                return [try binaryEvent(headers: headers, contentType: contentType, body: body, limits: limits)]
            }
            if contentType.essence.isEmpty {
                throw WebhookProblem(.unsupportedMediaType, "no Content-Type and no ce- headers: send \(structuredMediaType), \(batchMediaType), or binary mode with ce- headers")
            }
            throw WebhookProblem(.unsupportedMediaType, "Content-Type \(contentType.essence) without ce- headers is not a CloudEvent; send \(structuredMediaType), \(batchMediaType), or binary mode with ce- headers")
        }
    }

    static func parse(_ body: [UInt8], limits: JSONLimits) throws(WebhookProblem) -> JSONValue {
        do {
            return try JSONValue.parse(body, limits: limits)
        } catch {
            throw WebhookProblem(.malformed, "the body is not valid JSON (\(error.detail))")
        }
    }

    static func validated(_ event: JSONValue, index: Int?) throws(WebhookProblem) -> JSONValue {
        let at = index.map { " in event \($0) of the batch" } ?? ""
        guard case .object(let attributes) = event else {
            throw WebhookProblem(.malformed, "a structured event must be a JSON object\(at)")
        }
        for name in attributes.keys where name != "data" && name != "data_base64" && !isValidAttributeName(name) {
            throw WebhookProblem(.malformed, "\"\(name.prefix(64))\" is not a valid attribute name: CloudEvents attribute names are lower-case ASCII letters and digits\(at)")
        }
        for name in requiredAttributes {
            guard let value = attributes[name] else { throw WebhookProblem(.missingAttribute, "the required attribute \"\(name)\" is missing\(at)") }
            guard case .string(let string) = value, !string.isEmpty else {
                throw WebhookProblem(.missingAttribute, "the attribute \"\(name)\" must be a non-empty string\(at)")
            }
        }
        guard attributes["specversion"] == "1.0" else {
            throw WebhookProblem(.unsupportedSpecVersion, "specversion \(attributes["specversion"]?.jsonString() ?? "") is not supported; only \"1.0\"\(at)")
        }
        if attributes["data"] != nil, attributes["data_base64"] != nil {
            throw WebhookProblem(.conflictingData, "an event carries either data or data_base64, not both\(at)")
        }
        return event
    }

    static func binaryEvent(headers: HTTPFields, contentType: MediaType, body: [UInt8], limits: JSONLimits) throws(WebhookProblem) -> JSONValue {
        var attributes = JSONObject()
        for field in headers where field.name.canonicalName.hasPrefix("ce-") {
            let name = String(field.name.canonicalName.dropFirst(3))
            guard isValidAttributeName(name) else {
                throw WebhookProblem(.malformed, "the header ce-\(name.prefix(64)) does not name a valid attribute: CloudEvents attribute names are lower-case ASCII letters and digits")
            }
            guard let value = percentDecoded(field.value) else {
                throw WebhookProblem(.malformed, "the header ce-\(name) is not valid percent-encoded UTF-8")
            }
            attributes[name] = .string(value)
        }
        if !contentType.essence.isEmpty {
            attributes["datacontenttype"] = .string(contentType.raw)
        }
        if !body.isEmpty {
            if contentType.isJSON {
                do {
                    attributes["data"] = try JSONValue.parse(body, limits: limits)
                } catch {
                    throw WebhookProblem(.malformed, "the body is declared \(contentType.essence) but is not valid JSON (\(error.detail))")
                }
            } else {
                attributes["data_base64"] = .string(Data(body).base64EncodedString())
            }
        }
        return try validated(.object(attributes), index: nil)
    }

    /// CloudEvents 1.0: attribute names consist of lower-case ASCII letters and digits only.
    static func isValidAttributeName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    /// Decodes `%XX` escapes (RFC 3986) and checks the result is UTF-8, as the binding requires.
    static func percentDecoded(_ value: String) -> String? {
        guard value.contains("%") else { return value }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(value.utf8.count)
        var iterator = value.utf8.makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else { return nil }
                bytes.append(high << 4 | low)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}

/// A parsed `Content-Type`: the lower-cased `type/subtype` essence without parameters.
struct MediaType: Sendable, Hashable {
    let raw: String
    let essence: String

    init(_ raw: String) {
        self.raw = String(ASCIIText.trimmed(raw[...]))
        let essence = ASCIIText.trimmed(ASCIIText.beforeParameters(raw[...]))
        // Content types are ASCII in practice; lower-casing is skipped when there is nothing to do.
        self.essence = essence.utf8.contains { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) } ? essence.lowercased() : String(essence)
    }

    /// `application/json`, `text/json` and any `+json` suffix.
    var isJSON: Bool {
        essence == "application/json" || essence == "text/json" || essence.hasSuffix("+json")
    }
}
