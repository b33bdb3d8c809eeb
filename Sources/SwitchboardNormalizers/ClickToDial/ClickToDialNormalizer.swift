import SwitchboardEvents

/// Normalizes CAMARA Click-to-Dial status notifications: structured-mode CloudEvents of type
/// `org.camaraproject.click-to-dial.v0.status-changed` (or a JSON batch of them).
///
/// Both `data.status` shapes are accepted: the current object `{"state", "reason"}` and the
/// older flat string (`"status": "connected"`, with an optional `data.reason`). The event keeps
/// the sender's CloudEvents `id` and `source`, so (`source`, `id`) deduplicates re-deliveries
/// exactly as the sender intends.
public struct ClickToDialNormalizer: Normalizer {
    /// The CloudEvents `type` of a status notification.
    public static let statusChangedType = "org.camaraproject.click-to-dial.v0.status-changed"

    public init() {}

    public var platform: Platform { .clicktodial }

    public func normalize(json: JSONValue, context: NormalizationContext) throws(NormalizationError) -> [CallEvent] {
        guard case .array(let batch) = json else { return [try normalizeEvent(json, path: "", context: context)] }
        var events: [CallEvent] = []
        events.reserveCapacity(batch.count)
        for (index, element) in batch.enumerated() {
            events.append(try normalizeEvent(element, path: "[\(index)]", context: context))
        }
        return events
    }

    /// Normalizes one structured-mode CloudEvent.
    public func normalizeEvent(_ json: JSONValue, context: NormalizationContext) throws(NormalizationError) -> CallEvent {
        try normalizeEvent(json, path: "", context: context)
    }

    private func normalizeEvent(_ json: JSONValue, path: String, context: NormalizationContext) throws(NormalizationError) -> CallEvent {
        let event = try FieldReader(json, path: path)
        if Self.isCallResource(event) { return try normalizeCallResource(event, original: json, context: context) }
        let attributes = try CloudEventAttributes(event)
        guard Self.isStatusChanged(attributes.type) else { throw .unsupportedType(path: event.memberPath("type"), value: attributes.type) }
        guard let dataValue = event.value("data") else { throw .missingField(path: event.memberPath("data")) }
        let data = try FieldReader(dataValue, path: event.memberPath("data"))

        let callId = try data.nonEmptyString("callId")
        let (state, platformReason) = try Self.status(data)
        let row = StateMapping.state(.clicktodial, state)
        let stateTime = try data.optionalTimestamp("timestamp")

        var reason: CallReason?
        if let platformReason {
            let reasonRow = StateMapping.reason(.clicktodial, platformReason)
            reason = CallReason(code: reasonRow?.reason ?? .other, leg: reasonRow?.leg, platformReason: platformReason)
        } else if let implied = row?.reason {
            reason = CallReason(code: implied, leg: row?.leg)
        }
        let recording = try data.optionalNonEmptyString("recordingResult").map { RecordingFacts(status: $0) }
        let duration = try data.optionalSeconds("callDuration")
        let callState = row?.state ?? .unknown

        let callData = CallEventData(
            callId: callId,
            state: callState,
            platformState: state,
            leg: row?.leg,
            reason: reason,
            // The provider places both legs on the customer's behalf.
            direction: .outbound,
            from: try Self.party(data, "caller", context: context),
            to: try Self.party(data, "callee", context: context),
            durations: duration.map { CallDurations(totalSeconds: $0) },
            recording: recording,
            startedAt: callState == .initiated ? stateTime : nil,
            answeredAt: callState == .answered ? stateTime : nil,
            endedAt: callState == .ended || callState == .failed ? stateTime : nil,
            original: json
        )
        return CallEvent(
            id: attributes.id,
            source: attributes.source,
            type: row?.type ?? .updated,
            subject: callId,
            time: attributes.time ?? stateTime ?? context.receivedAt,
            platform: .clicktodial,
            partitionKey: callId,
            extensions: attributes.tracing,
            data: callData
        )
    }

    /// A `Call` resource as `POST /calls` and `GET /calls/{callId}` return it: no CloudEvents
    /// attributes, a `callId` and a `status` at the top level.
    private static func isCallResource(_ object: FieldReader) -> Bool {
        object.has("callId") && !object.has("specversion") && !object.has("type") && !object.has("data")
    }

    /// Normalizes a polled `Call` resource (reconciliation after missed notifications). It has no
    /// event id, so the id is derived from call id, state and `createdAt`.
    private func normalizeCallResource(_ call: FieldReader, original: JSONValue, context: NormalizationContext) throws(NormalizationError) -> CallEvent {
        let callId = try call.nonEmptyString("callId")
        let (state, platformReason) = try Self.status(call)
        let row = StateMapping.state(.clicktodial, state)
        let createdAt = try call.optionalTimestamp("createdAt")
        let reasonRow = platformReason.flatMap { StateMapping.reason(.clicktodial, $0) }
        let data = CallEventData(
            callId: callId,
            state: row?.state ?? .unknown,
            platformState: state,
            leg: row?.leg,
            reason: platformReason.map { CallReason(code: reasonRow?.reason ?? .other, leg: reasonRow?.leg, platformReason: $0) },
            direction: .outbound,
            from: try Self.party(call, "caller", context: context),
            to: try Self.party(call, "callee", context: context),
            startedAt: createdAt,
            original: original
        )
        return CallEvent(
            id: StableID.make("clicktodial", [callId, state, platformReason, createdAt?.rfc3339]),
            source: context.source(for: .clicktodial),
            type: row?.type ?? .updated,
            subject: callId,
            time: context.receivedAt,
            platform: .clicktodial,
            partitionKey: callId,
            data: data
        )
    }

    /// `org.camaraproject.click-to-dial.<version>.status-changed`: later API versions keep the
    /// payload, so the version segment is not pinned.
    static func isStatusChanged(_ type: String) -> Bool {
        type == statusChangedType || (type.hasPrefix("org.camaraproject.click-to-dial.") && type.hasSuffix(".status-changed"))
    }

    /// The state and the disconnection reason, from either status shape.
    private static func status(_ data: FieldReader) throws(NormalizationError) -> (String, String?) {
        guard let status = data.value("status") else { throw .missingField(path: data.memberPath("status")) }
        switch status {
        case .string:
            let state = try data.nonEmptyString("status")
            return (state, try data.optionalNonEmptyString("reason"))
        case .object:
            let object = try FieldReader(status, path: data.memberPath("status"))
            let nestedReason = try object.optionalNonEmptyString("reason")
            let flatReason = try data.optionalNonEmptyString("reason")
            return (try object.nonEmptyString("state"), nestedReason ?? flatReason)
        default:
            throw .wrongType(path: data.memberPath("status"), expected: "object or string", found: status.kindName)
        }
    }

    /// `caller` / `callee`: an E.164 string in events, `{"number": …}` in the call resource.
    private static func party(_ data: FieldReader, _ key: String, context: NormalizationContext) throws(NormalizationError) -> Party? {
        let number: String?
        switch data.value(key) {
        case nil: number = nil
        case .string?: number = try data.optionalNonEmptyString(key)
        case .object?: number = try data.optionalObject(key)?.optionalNonEmptyString("number")
        case let other?: throw .wrongType(path: data.memberPath(key), expected: "string", found: other.kindName)
        }
        guard let number else { return nil }
        return Party(number: number, e164: context.e164(number))
    }
}
