import SwitchboardEvents

/// Normalizes telecom.center Operator API CDRs (JSON:API) into `switchboard.call.completed`
/// events with billing facts.
///
/// Accepts a JSON:API document whose `data` is one resource object or an array of them (a
/// polled page; an empty page gives no events), or a bare resource object. Resources must be
/// termination CDRs or incoming-trunk CDRs.
public struct TelecomCenterNormalizer: Normalizer {
    public init() {}

    public var platform: Platform { .telecomcenter }

    public func normalize(json: JSONValue, context: NormalizationContext) throws(NormalizationError) -> [CallEvent] {
        let root = try FieldReader(json, path: "")
        if root.has("type") && root.has("attributes") { return [try normalizeResource(json, path: "", context: context)] }
        guard let data = root.value("data") else {
            if root.has("errors") { throw .invalidValue(path: "errors", reason: "the document is a JSON:API error document") }
            throw .missingField(path: "data")
        }
        switch data {
        case .object: return [try normalizeResource(data, path: "data", context: context)]
        case .array(let resources):
            var events: [CallEvent] = []
            events.reserveCapacity(resources.count)
            for (index, resource) in resources.enumerated() {
                events.append(try normalizeResource(resource, path: "data[\(index)]", context: context))
            }
            return events
        default:
            throw .wrongType(path: "data", expected: "object or array", found: data.kindName)
        }
    }

    /// Normalizes one JSON:API resource object.
    public func normalizeResource(_ resource: JSONValue, context: NormalizationContext) throws(NormalizationError) -> CallEvent {
        try normalizeResource(resource, path: "", context: context)
    }

    private func normalizeResource(_ json: JSONValue, path: String, context: NormalizationContext) throws(NormalizationError) -> CallEvent {
        let resource = try FieldReader(json, path: path)
        guard let cdrId = try resource.optionalIdentifier("id") else { throw .missingField(path: resource.memberPath("id")) }
        let type = try resource.nonEmptyString("type")
        guard let attributesValue = resource.value("attributes") else { throw .missingField(path: resource.memberPath("attributes")) }
        let attributes = try FieldReader(attributesValue, path: resource.memberPath("attributes"))
        guard let kind = CDRKind.classify(type: type, attributes: Set(attributes.members.keys)) else {
            throw .unsupportedType(path: resource.memberPath("type"), value: type)
        }
        let names = kind.names

        // The document types several numeric attributes as strings and shows the placeholder
        // "string": such values are kept in `original` but give no typed fact.
        let duration = try attributes.optionalSeconds("duration", lenient: true)
        let code = try attributes.optionalNumber(names.code, lenient: true).flatMap { $0.isFinite && abs($0) < 1e9 ? Int64($0) : nil }
        let disconnectReason = try attributes.optionalNonEmptyString(names.reason, limit: 1024)
        let success = try attributes.optionalFlag("success", lenient: true) ?? ((duration ?? 0) > 0)
        let row = StateMapping.state(.telecomcenter, success ? "cdrs (success)" : "cdrs (not success)")

        var reason: CallReason?
        if let implied = row?.reason {
            reason = CallReason(code: implied, platformReason: disconnectReason)
        } else if let code, let reasonRow = StateMapping.reason(.telecomcenter, String(code)) {
            reason = CallReason(code: reasonRow.reason, leg: reasonRow.leg, platformReason: disconnectReason ?? String(code))
        } else if code != nil || disconnectReason != nil {
            reason = CallReason(code: .failure, platformReason: disconnectReason ?? code.map { String($0) })
        }

        let startedAt = try attributes.optionalTimestamp("time_start")
        let answeredAt = try attributes.optionalTimestamp("time_connect")
        let endedAt = try attributes.optionalTimestamp("time_end")
        let sipCallId = try attributes.optionalNonEmptyString(names.callId)
        let callId = sipCallId ?? "\(kind.rawValue)/\(cdrId)"
        var relatedIds = ["cdrId": cdrId]
        if let localTag = try attributes.optionalNonEmptyString("local_tag") { relatedIds["localTag"] = localTag }
        if let globalTag = try attributes.optionalNonEmptyString("global_tag") { relatedIds["globalTag"] = globalTag }
        if let did = try attributes.optionalNonEmptyString("did_number") { relatedIds["didNumber"] = did }

        let data = CallEventData(
            callId: callId,
            relatedIds: relatedIds,
            state: row?.state ?? .unknown,
            platformState: row?.platformValue ?? (success ? "cdrs (success)" : "cdrs (not success)"),
            reason: reason,
            direction: kind == .termination ? .outbound : .inbound,
            from: try Self.party(attributes, number: names.source, name: names.sourceName, context: context),
            to: try Self.party(attributes, number: names.destination, name: nil, context: context),
            durations: duration.map { CallDurations(talkSeconds: $0) },
            billing: try Self.billing(attributes, resource: resource, code: code, disconnectReason: disconnectReason),
            startedAt: startedAt,
            answeredAt: success ? answeredAt : nil,
            endedAt: endedAt,
            original: json
        )
        return CallEvent(
            id: "telecomcenter-\(kind.rawValue)-\(cdrId)",
            source: context.source(for: .telecomcenter),
            type: row?.type ?? .completed,
            subject: callId,
            time: endedAt ?? startedAt ?? context.receivedAt,
            platform: .telecomcenter,
            partitionKey: callId,
            data: data
        )
    }

    private static func party(_ attributes: FieldReader, number numberKey: String, name nameKey: String?, context: NormalizationContext) throws(NormalizationError) -> Party? {
        let number = try attributes.optionalNonEmptyString(numberKey)
        let name = try nameKey.flatMap { key throws(NormalizationError) in try attributes.optionalNonEmptyString(key) }
        guard number != nil || name != nil else { return nil }
        return Party(number: number, e164: context.e164(number), name: name)
    }

    /// Disconnect code and reason, prices where present (not in the document, accepted when a
    /// deployment adds them), and the to-one relationships by name.
    private static func billing(_ attributes: FieldReader, resource: FieldReader, code: Int64?, disconnectReason: String?) throws(NormalizationError) -> BillingFacts {
        var billing = BillingFacts(disconnectCode: code, disconnectReason: disconnectReason)
        for key in ["price", "customer_price", "amount", "cost"] {
            if let amount = try attributes.optionalNumber(key, lenient: true) {
                billing.amount = amount
                break
            }
        }
        billing.currency = try attributes.optionalNonEmptyString("currency", limit: 16)
        for key in ["rate", "customer_rate"] {
            if let rate = try attributes.optionalNumber(key, lenient: true) {
                billing.rate = rate
                break
            }
        }
        if let relationships = try resource.optionalObject("relationships") {
            for (name, value) in relationships.members.sorted(by: { $0.key < $1.key }) {
                guard value != .null else { continue }
                let relationship = try FieldReader(value, path: relationships.memberPath(name))
                // To-many and empty relationships have no single id to record.
                guard case .object? = relationship.value("data") else { continue }
                let linkage = try FieldReader(relationship.value("data") ?? .null, path: relationship.memberPath("data"))
                if let id = try linkage.optionalIdentifier("id") { billing.relationships[name] = id }
            }
        }
        return billing
    }
}
