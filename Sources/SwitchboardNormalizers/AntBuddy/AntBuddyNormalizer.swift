import SwitchboardEvents

/// Normalizes AntBuddy-style PBX payloads: call-history records (one, an array, or a page
/// `{"data": […]}`) and websocket call signals.
///
/// A record with `status_detail` is a history record; anything else is read as a signal.
public struct AntBuddyNormalizer: Normalizer {
    public init() {}

    public var platform: Platform { .antbuddy }

    public func normalize(json: JSONValue, context: NormalizationContext) throws(NormalizationError) -> [CallEvent] {
        if case .array(let records) = json { return try normalizeAll(records, path: "", context: context) }
        let root = try FieldReader(json, path: "")
        if case .array(let records)? = root.value("data") { return try normalizeAll(records, path: "data", context: context) }
        return [try normalizeOne(root, original: json, context: context)]
    }

    private func normalizeAll(_ records: [JSONValue], path: String, context: NormalizationContext) throws(NormalizationError) -> [CallEvent] {
        var events: [CallEvent] = []
        events.reserveCapacity(records.count)
        for (index, record) in records.enumerated() {
            events.append(try normalizeOne(FieldReader(record, path: "\(path)[\(index)]"), original: record, context: context))
        }
        return events
    }

    private func normalizeOne(_ fields: FieldReader, original: JSONValue, context: NormalizationContext) throws(NormalizationError) -> CallEvent {
        if fields.has("status_detail") {
            return try AntBuddyHistoryRecord.normalize(fields, original: original, context: context)
        }
        return try AntBuddySignal.normalize(fields, original: original, context: context)
    }
}
