import SwitchboardEvents

/// Normalizes one AntBuddy call-history record (`GET /oapi/v1/call/histories`) into a
/// `switchboard.call.completed` event.
enum AntBuddyHistoryRecord {
    static func normalize(_ record: FieldReader, original: JSONValue, context: NormalizationContext) throws(NormalizationError) -> CallEvent {
        let statusDetail = try record.nonEmptyString("status_detail")
        guard let from = try AntBuddyFields.party(record, keys: ["caller"], context: context) else {
            throw .missingField(path: record.memberPath("caller"))
        }
        guard let to = try AntBuddyFields.party(record, keys: ["callee"], context: context) else {
            throw .missingField(path: record.memberPath("callee"))
        }
        let row = StateMapping.state(.antbuddy, statusDetail)
        let startedAt = try record.optionalTimestamp("unix_timestamp", allowUnix: true)
        let total = try record.optionalSeconds("duration_seconds")
        let talk = try record.optionalSeconds("billing_seconds")
        let endedAt = startedAt.flatMap { start in total.map { Timestamp(millisecondsSince1970: start.millisecondsSince1970 + $0 * 1000) } }
        let direction = try AntBuddyFields.direction(record)

        // The documented record carries no id: derive one from what identifies the call.
        let recordingFile = try record.optionalString("recording", limit: 2048)
        let callId = try record.firstIdentifier(AntBuddyFields.callIdKeys)
            ?? StableID.make("antbuddy-call", [from.number, to.number, startedAt?.rfc3339, direction.rawValue, recordingFile])
        var relatedIds: [String: String] = [:]
        if let did = try record.optionalIdentifier("did_number") { relatedIds["didNumber"] = did }

        let data = CallEventData(
            callId: callId,
            relatedIds: relatedIds,
            state: row?.state ?? .unknown,
            platformState: statusDetail,
            leg: row?.leg,
            reason: row?.reason.map { CallReason(code: $0, leg: row?.leg, platformReason: statusDetail) },
            direction: direction,
            from: from,
            to: to,
            durations: total == nil && talk == nil ? nil : CallDurations(totalSeconds: total, talkSeconds: talk, billedSeconds: talk),
            recording: try AntBuddyFields.recording(record),
            startedAt: startedAt,
            endedAt: endedAt,
            original: original
        )
        return CallEvent(
            id: StableID.make("antbuddy", ["history", callId, statusDetail, startedAt?.rfc3339]),
            source: context.source(for: .antbuddy),
            type: row?.type ?? .completed,
            subject: callId,
            time: endedAt ?? startedAt ?? context.receivedAt,
            platform: .antbuddy,
            partitionKey: callId,
            data: data
        )
    }
}
