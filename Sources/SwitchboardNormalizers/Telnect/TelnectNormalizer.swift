import SwitchboardEvents

/// Normalizes Telnect call events as pushed on the phone line's WebSocket or posted to its
/// `event_callback`, and call-history records.
///
/// Accepted shapes (docs/normalizers.md has them field by field):
/// - a call object as returned by `GET /Calls/{id}`, with `status`;
/// - an envelope `{"event": …, "call": {…}}` (also `"data"` instead of `"call"`), whose
///   `event`, `id`, `timestamp`, `direction`, `reason` and `error` members complete the call's;
/// - a flat history record `{"id", "source": "+46…", "destination": "+46…", "status", "duration", "start_time", "end_time"}`,
///   and the history page `{"calls": […]}` (one event per record).
public struct TelnectNormalizer: Normalizer {
    public init() {}

    public var platform: Platform { .telnect }

    public func normalize(json: JSONValue, context: NormalizationContext) throws(NormalizationError) -> [CallEvent] {
        let root = try FieldReader(json, path: "")
        if let calls = root.value("calls") {
            guard case .array(let records) = calls else { throw .wrongType(path: "calls", expected: "array", found: calls.kindName) }
            var events: [CallEvent] = []
            events.reserveCapacity(records.count)
            for (index, record) in records.enumerated() {
                let call = try FieldReader(record, path: "calls[\(index)]")
                events.append(try normalizeCall(call, envelope: nil, original: record, context: context))
            }
            return events
        }
        for key in ["call", "data"] {
            // `data` wraps a call only in an event envelope or a response without an id of its own.
            guard let body = root.value(key), key == "call" || root.has("event") || !root.has("id") else { continue }
            return [try normalizeCall(FieldReader(body, path: key), envelope: root, original: json, context: context)]
        }
        return [try normalizeCall(root, envelope: nil, original: json, context: context)]
    }

    private func normalizeCall(
        _ call: FieldReader, envelope: FieldReader?, original: JSONValue, context: NormalizationContext
    ) throws(NormalizationError) -> CallEvent {
        guard let callId = try call.firstIdentifier(["id", "call_id", "callId"]) else { throw .missingField(path: call.memberPath("id")) }
        let event = try envelope?.optionalNonEmptyString("event").map(Self.eventName)

        let callStatus = try call.optionalNonEmptyString("status")
        let envelopeStatus = try envelope?.optionalNonEmptyString("status")
        let platformState: String
        if event?.lowercased() == "error" {
            platformState = "error"
        } else if let status = callStatus ?? envelopeStatus ?? event {
            platformState = status
        } else {
            throw .missingField(path: call.memberPath("status"))
        }
        let row = StateMapping.state(.telnect, platformState)

        let envelopeTimestamp = try envelope?.optionalTimestamp("timestamp", allowUnix: true)
        let envelopeTime = try envelope?.optionalTimestamp("time", allowUnix: true)
        let callTime = try call.optionalTimestamp("timestamp", allowUnix: true)
        let eventTime = envelopeTimestamp ?? envelopeTime ?? callTime
        let startedAt = try call.optionalTimestamp("start_time", allowUnix: true)
        let answeredAt = try call.optionalTimestamp("answer_time", allowUnix: true)
        let endedAt = try call.optionalTimestamp("end_time", allowUnix: true)
        let duration = try call.optionalSeconds("duration")

        let data = CallEventData(
            callId: callId,
            state: row?.state ?? .unknown,
            platformState: platformState,
            leg: row?.leg,
            reason: try Self.reason(row: row, call: call, envelope: envelope),
            direction: try Self.direction(call: call, envelope: envelope, event: event),
            from: try TelnectParties.party(call: call, sideKey: "source", numberKey: "caller", uriKeys: ["caller", "asserted"], context: context),
            to: try TelnectParties.party(call: call, sideKey: "destination", numberKey: "called", uriKeys: ["to", "req"], context: context),
            diverter: try TelnectParties.diverter(call: call, context: context),
            durations: duration.map { CallDurations(totalSeconds: $0) },
            startedAt: startedAt,
            answeredAt: answeredAt,
            endedAt: endedAt,
            original: original
        )
        let upstreamId = try envelope.flatMap { envelope throws(NormalizationError) in try envelope.firstIdentifier(["event_id", "id"]) }
        return CallEvent(
            id: upstreamId ?? StableID.make("telnect", [callId, platformState, event, eventTime?.rfc3339]),
            source: context.source(for: .telnect),
            type: row?.type ?? .updated,
            subject: callId,
            time: eventTime ?? endedAt ?? answeredAt ?? startedAt ?? context.receivedAt,
            platform: .telnect,
            partitionKey: callId,
            data: data
        )
    }

    /// `call.ringing`, `call_ringing` and `ringing` name the same event.
    private static func eventName(_ raw: String) -> String {
        for prefix in ["call.", "call_"] where raw.lowercased().hasPrefix(prefix) {
            return String(raw.dropFirst(prefix.count))
        }
        return raw
    }

    private static func reason(row: StateMappingRow?, call: FieldReader, envelope: FieldReader?) throws(NormalizationError) -> CallReason? {
        let keys = ["reason", "hangup_cause", "cause"]
        let callReason = try call.firstString(keys, limit: 1024)
        let envelopeReason = try envelope?.firstString(keys, limit: 1024)
        var platformReason = callReason ?? envelopeReason
        if platformReason == nil, let error = envelope?.value("error") ?? call.value("error") {
            let path = envelope?.has("error") == true ? "error" : call.memberPath("error")
            switch error {
            case .string:
                let text = try FieldReader.string(error, path: path, limit: 1024)
                platformReason = text.isEmpty ? nil : text
            case .object:
                let fields = try FieldReader(error, path: path)
                platformReason = try fields.firstString(["code", "message"], limit: 1024)
            default: throw .wrongType(path: path, expected: "object or string", found: error.kindName)
            }
        }
        guard let code = row?.reason ?? (platformReason != nil && row?.state == .failed ? .failure : nil) else {
            return platformReason.map { CallReason(code: .other, platformReason: $0) }
        }
        return CallReason(code: code, leg: row?.leg, platformReason: platformReason)
    }

    private static func direction(call: FieldReader, envelope: FieldReader?, event: String?) throws(NormalizationError) -> CallDirection {
        let callDirection = try call.optionalNonEmptyString("direction")
        let envelopeDirection = try envelope?.optionalNonEmptyString("direction")
        let raw = callDirection ?? envelopeDirection
        switch raw?.lowercased() {
        case "inbound", "in", "incoming": return .inbound
        case "outbound", "out", "outgoing": return .outbound
        case "internal": return .internal
        default: break
        }
        switch event?.lowercased() {
        case "incoming", "incoming_call", "inbound": return .inbound
        default: return .unknown
        }
    }
}
