import SwitchboardEvents
import SwitchboardNormalizers

/// What one page of CDRs yields: the events to deliver, the records the checkpoint accounts
/// for, and the records skipped with a reason. Pure, so the poller's bookkeeping is testable
/// without a server.
struct CDRBatch: Sendable {
    /// A record the checkpoint accounts for: delivered, or malformed but placed in time.
    typealias Record = (id: String, time: Timestamp, text: String)

    /// A record that produced no event.
    struct Skip: Sendable {
        /// Metric label: `missing-id`, `missing-time-start`, `invalid-time-start`, or a `NormalizationError` code.
        var reason: String
        var id: String?
        var detail: String
    }

    var events: [CallEvent] = []
    var records: [Record] = []
    var skips: [Skip] = []
    /// Ids of every record with an id on the page that was not delivered before.
    var ids: [String] = []

    /// Reads `resources` (one page's `data`, ascending `time_start`).
    ///
    /// - Parameters:
    ///   - alreadyDelivered: ids delivered before (the checkpoint's window and this poll's
    ///     earlier pages); such records are passed over silently — a record in the window
    ///     returned again, or one shifted onto the next page by a late insert.
    ///   - floor: mark − window at the start of the poll; a record before it was covered by
    ///     earlier polls and is forgotten by the checkpoint, so it is passed over (the filter,
    ///     rounded down to the server's precision, may still return it).
    init(resources: [JSONValue], alreadyDelivered: Set<String>, floor: Int64?, normalizer: TelecomCenterNormalizer,
         context: NormalizationContext) {
        for (index, resource) in resources.enumerated() {
            guard let id = Self.identifier(resource["id"]) else {
                skips.append(Skip(reason: "missing-id", id: nil, detail: "data[\(index)] has no usable id"))
                continue
            }
            if alreadyDelivered.contains(id) { continue }
            guard case .string(let text)? = resource["attributes"]?["time_start"], !text.isEmpty else {
                skips.append(Skip(reason: "missing-time-start", id: id, detail: "CDR \(id) has no time_start string"))
                ids.append(id)
                continue
            }
            guard text.utf8.count <= 64, let time = Timestamp(rfc3339: text) else {
                skips.append(Skip(reason: "invalid-time-start", id: id, detail: "CDR \(id) has time_start \(String(text.prefix(64)).debugDescription)"))
                ids.append(id)
                continue
            }
            if let floor, time.millisecondsSince1970 < floor { continue }
            ids.append(id)
            records.append((id: id, time: time, text: text))
            do {
                events.append(try normalizer.normalizeResource(resource, context: context))
            } catch {
                skips.append(Skip(reason: error.code, id: id, detail: "CDR \(id): \(error)"))
            }
        }
    }

    /// A JSON:API id is a string; the Operator API's examples are numeric strings, and an
    /// integer is accepted as its decimal text.
    static func identifier(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let text)?: return text.isEmpty || text.utf8.count > 256 ? nil : text
        case .integer(let number)?: return String(number)
        default: return nil
        }
    }
}
