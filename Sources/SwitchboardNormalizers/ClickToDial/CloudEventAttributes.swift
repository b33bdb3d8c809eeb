import SwitchboardEvents

/// The required context attributes of a structured-mode CloudEvent (JSON event format),
/// validated as CloudEvents 1.0 requires.
struct CloudEventAttributes {
    var id: String
    var source: String
    var type: String
    var time: Timestamp?
    var subject: String?
    /// Distributed-tracing extension attributes, carried over unchanged.
    var tracing: [String: String]

    init(_ event: FieldReader) throws(NormalizationError) {
        let specVersion = try event.nonEmptyString("specversion")
        guard specVersion == "1.0" else {
            throw .invalidValue(path: event.memberPath("specversion"), reason: "unsupported CloudEvents version \(NormalizationError.quoted(specVersion)), expected \"1.0\"")
        }
        id = try event.nonEmptyString("id")
        source = try event.nonEmptyString("source", limit: 2048)
        type = try event.nonEmptyString("type")
        time = try event.optionalTimestamp("time")
        subject = try event.optionalNonEmptyString("subject", limit: 2048)
        if let contentType = try event.optionalNonEmptyString("datacontenttype") {
            guard Self.isJSONMediaType(contentType) else {
                throw .invalidValue(path: event.memberPath("datacontenttype"), reason: "expected application/json, found \(NormalizationError.quoted(contentType))")
            }
        }
        // Most events carry no trace context: then no dictionary storage is allocated.
        var tracing: [String: String] = [:]
        if let traceparent = try event.optionalNonEmptyString("traceparent", limit: 512) { tracing["traceparent"] = traceparent }
        if let tracestate = try event.optionalNonEmptyString("tracestate", limit: 512) { tracing["tracestate"] = tracestate }
        self.tracing = tracing
    }

    /// Whether the media type's essence (before any `;` parameters, without surrounding spaces
    /// and tabs, any ASCII case) is `application/json` or ends in `+json`.
    static func isJSONMediaType(_ text: String) -> Bool {
        let essence = ASCIIText.trimmed(ASCIIText.beforeParameters(text[...]))
        return ASCIIText.equalsIgnoringCase(essence, "application/json")
            || (essence.utf8.count > 5 && ASCIIText.hasSuffixIgnoringCase(essence, "+json"))
    }
}
