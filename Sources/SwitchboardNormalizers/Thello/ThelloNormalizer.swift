import SwitchboardEvents

/// Normalizes Thello SignalR `BlocEvent` invocations.
///
/// Accepts one JSON hub-protocol record, with or without the trailing 0x1E record separator,
/// or several records as they share one WebSocket frame. Queue events map through
/// `StateMapping`; any other event name becomes `switchboard.bloc.event` with the name kept in
/// `data.platformState` and `data.queue.eventName`.
public struct ThelloNormalizer: Normalizer {
    /// The SignalR record separator.
    public static let recordSeparator: UInt8 = 0x1E

    public init() {}

    public var platform: Platform { .thello }

    public func normalize(_ bytes: some Collection<UInt8>, context: NormalizationContext) throws(NormalizationError) -> [CallEvent] {
        guard bytes.contains(Self.recordSeparator) else {
            return try normalize(json: parseJSON(bytes, limits: context.limits), context: context)
        }
        guard bytes.count <= context.limits.maximumBytes else {
            throw .invalidJSON(JSONParseError(.tooLarge, "the frame has \(bytes.count) bytes, more than the limit of \(context.limits.maximumBytes)"))
        }
        let records = Array(bytes).split(separator: Self.recordSeparator).filter { record in
            !record.allSatisfy { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        }
        guard !records.isEmpty else { throw .invalidJSON(JSONParseError(.empty, "the frame holds no record")) }
        var events: [CallEvent] = []
        events.reserveCapacity(records.count)
        for record in records {
            events.append(contentsOf: try normalize(json: parseJSON(record, limits: context.limits), context: context))
        }
        return events
    }

    public func normalize(json: JSONValue, context: NormalizationContext) throws(NormalizationError) -> [CallEvent] {
        [try normalizeRecord(json, context: context)]
    }

    /// Normalizes one parsed SignalR invocation record.
    public func normalizeRecord(_ record: JSONValue, context: NormalizationContext) throws(NormalizationError) -> CallEvent {
        let invocation = try BlocEventInvocation(record: record)
        let row = StateMapping.state(.thello, invocation.eventName) ?? StateMapping.state(.thello, "(any other event name)")
        let type = row?.type ?? .blocEvent
        let isQueueEvent = invocation.eventName.uppercased().hasPrefix("QUEUE_")
        let data = CallEventData(
            callId: invocation.callId,
            relatedIds: ["sipCallId": invocation.callId],
            state: row?.state ?? .unknown,
            platformState: invocation.eventName,
            leg: row?.leg,
            reason: row?.reason.map { CallReason(code: $0, platformReason: invocation.eventName) },
            // Queue blocs hold callers that called in; other blocs do not say.
            direction: isQueueEvent ? .inbound : .unknown,
            from: Self.party(number: invocation.fromNumber, name: invocation.fromName, context: context),
            to: Self.party(number: invocation.to, name: nil, context: context),
            queue: QueueFacts(blocId: invocation.blocId, eventName: invocation.eventName, blocData: invocation.data),
            callContextId: invocation.callContextId,
            original: record
        )
        return CallEvent(
            id: StableID.make("thello", [invocation.blocId, invocation.eventName, invocation.callId, invocation.callContextId, invocation.data]),
            source: context.source(for: .thello),
            type: type,
            subject: invocation.callId,
            time: context.receivedAt,
            platform: .thello,
            partitionKey: invocation.callContextId ?? invocation.callId,
            data: data
        )
    }

    private static func party(number: String?, name: String?, context: NormalizationContext) -> Party? {
        guard number != nil || name != nil else { return nil }
        return Party(number: number, e164: context.e164(number), name: name)
    }
}
