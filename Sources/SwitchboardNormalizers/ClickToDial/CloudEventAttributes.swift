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
            let mediaType = contentType.split(separator: ";").first.map { String($0).trimmingSpaces.lowercased() } ?? ""
            guard mediaType == "application/json" || mediaType.hasSuffix("+json") else {
                throw .invalidValue(path: event.memberPath("datacontenttype"), reason: "expected application/json, found \(NormalizationError.quoted(contentType))")
            }
        }
        var tracing: [String: String] = [:]
        for key in ["traceparent", "tracestate"] {
            if let value = try event.optionalNonEmptyString(key, limit: 512) { tracing[key] = value }
        }
        self.tracing = tracing
    }
}
