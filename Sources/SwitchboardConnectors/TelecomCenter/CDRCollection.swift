/// The two CDR collections of the telecom.center Operator API that the connector polls.
public enum CDRCollection: String, Sendable, Hashable, CaseIterable, Codable {
    /// `GET /termination_cdrs`: calls from the PBX out to termination gateways (PSTN).
    case termination
    /// `GET /incoming_trunk_cdrs`: calls received through incoming trunks (DID providers).
    case incomingTrunk

    /// The resource path below `apiRoot` by default. The document spells the incoming-trunk path
    /// three ways (`incoming_trunk_cdcs`, `incoming_trunk cdrs`, `incoming_trunk cdrs/{id}`); the
    /// JSON:API convention of its other collections (`termination_cdrs`, `incoming_trunks`) gives
    /// `incoming_trunk_cdrs`, and `TelecomCenterConfiguration.paths` overrides it if a deployment differs.
    public var defaultPath: String {
        switch self {
        case .termination: return "termination_cdrs"
        case .incomingTrunk: return "incoming_trunk_cdrs"
        }
    }
}
