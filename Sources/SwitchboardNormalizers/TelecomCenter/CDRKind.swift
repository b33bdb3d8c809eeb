/// The two CDR resource types of the telecom.center Operator API.
enum CDRKind: String {
    /// Calls from the PBX out to termination gateways (PSTN).
    case termination = "termination_cdrs"
    /// Calls received on the PBX through incoming trunks (DID providers).
    case incomingTrunk = "incoming_trunk_cdrs"

    /// The kind of a resource from its JSON:API `type`, or from its attributes when the type is
    /// one of the document's inconsistent spellings (`termination cdrs`, `Component cdrs`).
    static func classify(type: String, attributes: Set<String>) -> CDRKind? {
        let normalized = String(type.lowercased().map { $0 == " " || $0 == "-" ? "_" : $0 })
        switch normalized {
        case "termination_cdrs", "termination_cdr": return .termination
        case "incoming_trunk_cdrs", "incoming_trunk_cdr", "incoming_trunk_cdcs": return .incomingTrunk
        default:
            guard normalized.hasSuffix("cdrs") || normalized.hasSuffix("cdr") else { return nil }
            if attributes.contains("aleg_code") || attributes.contains("src_number_in") || attributes.contains("orig_call_id") { return .termination }
            if attributes.contains("lega_disconnect_code") || attributes.contains("did_number") || attributes.contains("lega_call_id") { return .incomingTrunk }
            return nil
        }
    }

    /// Attribute names of this kind, as the Operator API document lists them.
    var names: (source: String, sourceName: String, destination: String, code: String, reason: String, callId: String) {
        switch self {
        case .termination: return ("src_number_in", "src_name_in", "dst_number_in", "aleg_code", "aleg_reason", "orig_call_id")
        case .incomingTrunk: return ("src_number", "src_name", "dst_number", "lega_disconnect_code", "lega_disconnect_reason", "lega_call_id")
        }
    }
}
