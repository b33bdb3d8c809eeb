import SwitchboardEvents

/// Turns what one platform puts on the wire into normalized call events.
///
/// Normalizers are pure: no I/O, no clock (the receive time comes in the context), no state, so
/// one instance can serve every connection concurrently. A payload may hold several events
/// (a JSON:API page of CDRs, a CloudEvents batch, several SignalR records in one frame), hence
/// the array; a payload that is valid but holds none (an empty CDR page) gives `[]`.
public protocol Normalizer: Sendable {
    /// The platform whose payloads this normalizer reads.
    var platform: Platform { get }

    /// Normalizes the raw bytes as received (limits and UTF-8 are checked first).
    func normalize(_ bytes: some Collection<UInt8>, context: NormalizationContext) throws(NormalizationError) -> [CallEvent]

    /// Normalizes a payload that was already parsed (by a transport that needed to look inside).
    func normalize(json: JSONValue, context: NormalizationContext) throws(NormalizationError) -> [CallEvent]
}

extension Normalizer {
    public func normalize(_ bytes: some Collection<UInt8>, context: NormalizationContext) throws(NormalizationError) -> [CallEvent] {
        try normalize(json: parseJSON(bytes, limits: context.limits), context: context)
    }
}

/// Parses untrusted bytes with the strict, bounded `JSONValue.parse`, wrapping the parse error.
func parseJSON(_ bytes: some Collection<UInt8>, limits: JSONLimits) throws(NormalizationError) -> JSONValue {
    do {
        return try JSONValue.parse(bytes, limits: limits)
    } catch {
        throw .invalidJSON(error)
    }
}

/// The normalizer of each platform.
public enum Normalizers {
    /// The normalizer for `platform`.
    public static func normalizer(for platform: Platform) -> any Normalizer {
        switch platform {
        case .thello: return ThelloNormalizer()
        case .telnect: return TelnectNormalizer()
        case .clicktodial: return ClickToDialNormalizer()
        case .antbuddy: return AntBuddyNormalizer()
        case .telecomcenter: return TelecomCenterNormalizer()
        }
    }
}
