import SwitchboardEvents

/// Normalizes one AntBuddy websocket call signal. The document names the websocket but not its
/// frames, so the accepted shape is tolerant and documented in docs/normalizers.md: the call id
/// under one of `AntBuddyFields.callIdKeys`, the state under `state`, `status` or `call_state`
/// (or the suffix of `event`, as in `call.ringing`), and the history record's names for parties,
/// direction, class and recording; the body may sit in an envelope's `data`.
enum AntBuddySignal {
    static let stateKeys = ["state", "status", "call_state"]

    static func normalize(_ root: FieldReader, original: JSONValue, context: NormalizationContext) throws(NormalizationError) -> CallEvent {
        var body = root
        if !stateKeys.contains(where: root.has), let nested = try root.optionalObject("data") { body = nested }
        let event = try root.optionalNonEmptyString("event")

        guard let callId = try body.firstIdentifier(AntBuddyFields.callIdKeys) else {
            throw .missingField(path: body.memberPath("call_id"))
        }
        guard let state = try body.firstString(stateKeys) ?? event.flatMap(Self.stateFromEvent) else {
            throw .missingField(path: body.memberPath("state"))
        }
        let row = StateMapping.state(.antbuddy, state)
        let bodyTime = try body.optionalTimestamp("timestamp", allowUnix: true)
        let unixTime = try body.optionalTimestamp("unix_timestamp", allowUnix: true)
        let envelopeTime = try root.optionalTimestamp("timestamp", allowUnix: true)
        let time = bodyTime ?? unixTime ?? envelopeTime
        let platformReason = try body.firstString(["hangup_cause", "reason", "cause"], limit: 1024)
        var reason = row?.reason.map { CallReason(code: $0, leg: row?.leg, platformReason: platformReason) }
        if reason == nil, let platformReason { reason = CallReason(code: .other, platformReason: platformReason) }
        var relatedIds: [String: String] = [:]
        if let did = try body.optionalIdentifier("did_number") { relatedIds["didNumber"] = did }
        let duration = try body.optionalSeconds("duration_seconds")
        let talk = try body.optionalSeconds("billing_seconds")

        let data = CallEventData(
            callId: callId,
            relatedIds: relatedIds,
            state: row?.state ?? .unknown,
            platformState: state,
            leg: row?.leg,
            reason: reason,
            direction: try AntBuddyFields.direction(body),
            from: try AntBuddyFields.party(body, keys: ["caller", "from"], context: context),
            to: try AntBuddyFields.party(body, keys: ["callee", "to"], context: context),
            durations: duration == nil && talk == nil ? nil : CallDurations(totalSeconds: duration, talkSeconds: talk),
            recording: try AntBuddyFields.recording(body),
            startedAt: row?.state == .initiated ? time : nil,
            answeredAt: row?.state == .answered ? time : nil,
            endedAt: row?.state == .ended ? time : nil,
            original: original
        )
        return CallEvent(
            id: StableID.make("antbuddy", ["signal", callId, state, time?.rfc3339]),
            source: context.source(for: .antbuddy),
            type: row?.type ?? .updated,
            subject: callId,
            time: time ?? context.receivedAt,
            platform: .antbuddy,
            partitionKey: callId,
            data: data
        )
    }

    /// `call.ringing`, `call_ringing` → `ringing`; a bare event name is taken as the state.
    private static func stateFromEvent(_ event: String) -> String? {
        let lowered = event.lowercased()
        for prefix in ["call.", "call_"] where lowered.hasPrefix(prefix) {
            return String(event.dropFirst(prefix.count))
        }
        return event
    }
}
