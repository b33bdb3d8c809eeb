import SwitchboardEvents
import SwitchboardNormalizers

/// Reads one frame of the Telnect event stream, tolerantly: what the normalizer accepts
/// (docs/normalizers.md, Telnect) becomes events, unknown members are ignored, and everything
/// else is skipped with a reason that the runtime counts — a bad frame never ends the stream.
///
/// Skip reasons: `too_large` (over `maximumFrameBytes`), `invalid_json` (not JSON, not UTF-8,
/// too deep), `malformed` (JSON the normalizer refuses: wrong types, no call id),
/// `unknown_event_kind` (a well-formed record whose status or event is not in the Telnect
/// vocabulary, or an event without a call: a keep-alive, a future event kind).
struct TelnectFrameDecoder: Sendable {
    enum Outcome: Sendable {
        case events([CallEvent])
        case skipped(reason: String, detail: String)
    }

    let source: String
    let maximumFrameBytes: Int
    private let normalizer = TelnectNormalizer()

    init(source: String, maximumFrameBytes: Int) {
        self.source = source
        self.maximumFrameBytes = maximumFrameBytes
    }

    func decode(_ bytes: [UInt8], receivedAt: Timestamp) -> Outcome {
        guard bytes.count <= maximumFrameBytes else {
            return .skipped(reason: "too_large", detail: "\(bytes.count) bytes, limit \(maximumFrameBytes)")
        }
        let context = NormalizationContext(source: source, receivedAt: receivedAt,
                                           limits: JSONLimits(maximumBytes: maximumFrameBytes, maximumDepth: 32))
        let json: JSONValue
        do {
            json = try JSONValue.parse(bytes, limits: context.limits)
        } catch {
            return .skipped(reason: "invalid_json", detail: "\(error)")
        }
        return decode(json: json, context: context)
    }

    /// Normalizes an already parsed record (a stream frame or a history record).
    func decode(json: JSONValue, context: NormalizationContext) -> Outcome {
        let events: [CallEvent]
        do {
            events = try normalizer.normalize(json: json, context: context)
        } catch {
            // A frame that names an event but carries no call (`{"event": "keepalive"}`) is a
            // kind Switchboard does not know, not a broken call event.
            if case .missingField = error, json["call"] == nil, json["data"] == nil,
               let kind = json["event"]?.stringValue ?? json["type"]?.stringValue {
                return .skipped(reason: "unknown_event_kind", detail: "event '\(kind.prefix(64))' without a call")
            }
            // The error names paths and kinds, never the payload's values beyond a short quote.
            return .skipped(reason: "malformed", detail: "\(error)")
        }
        let known = events.filter { $0.data.state != .unknown }
        if known.isEmpty, let first = events.first {
            return .skipped(reason: "unknown_event_kind", detail: "status or event '\(first.data.platformState.prefix(64))'")
        }
        return .events(known)
    }
}
