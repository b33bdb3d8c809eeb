import SwitchboardConnectors

/// Live platform connections (`sources:` in the YAML file).
public struct SourcesConfiguration: Sendable, Decodable {
    /// One entry per Thello tenant hub (see docs/live-connections.md for the keys).
    public var thello: [ThelloConfiguration]
    /// The CAMARA Click-to-Dial API (actions `clicktodial.call` / `.release`, reconciliation,
    /// recordings); its status notifications arrive on a `clicktodial` webhook. See docs/connectors.md.
    public var clicktodial: ClickToDialConfiguration?
    /// AntBuddy-style PBX accounts: websocket signals with history gap filling, `antbuddy.clickToCall`,
    /// `switchboard backfill antbuddy`. See docs/connectors.md.
    public var antbuddy: [AntBuddyConfiguration]
    /// telecom.center Operator API accounts whose termination and incoming-trunk CDRs are polled
    /// (see docs/connectors.md).
    public var telecomcenter: [TelecomCenterConfiguration]
    /// One entry per Telnect account: event stream, history gap fill and `telnect.*` actions.
    /// See docs/connectors.md (Telnect) and docs/configuration.md.
    public var telnect: [TelnectConfiguration]

    public init(thello: [ThelloConfiguration] = [], clicktodial: ClickToDialConfiguration? = nil,
                antbuddy: [AntBuddyConfiguration] = [], telecomcenter: [TelecomCenterConfiguration] = [], telnect: [TelnectConfiguration] = []) {
        self.thello = thello
        self.clicktodial = clicktodial
        self.antbuddy = antbuddy
        self.telecomcenter = telecomcenter
        self.telnect = telnect
    }

    enum CodingKeys: String, CodingKey { case thello, clicktodial, antbuddy, telecomcenter, telnect }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        thello = try container.decodeIfPresent([ThelloConfiguration].self, forKey: .thello) ?? []
        clicktodial = try container.decodeIfPresent(ClickToDialConfiguration.self, forKey: .clicktodial)
        antbuddy = try container.decodeIfPresent([AntBuddyConfiguration].self, forKey: .antbuddy) ?? []
        telecomcenter = try container.decodeIfPresent([TelecomCenterConfiguration].self, forKey: .telecomcenter) ?? []
        telnect = try container.decodeIfPresent([TelnectConfiguration].self, forKey: .telnect) ?? []
        try Self.requireUniqueNames(thello.map(\.name), key: .thello, in: container, kind: "Thello tenants")
        try Self.requireUniqueNames(antbuddy.map(\.name), key: .antbuddy, in: container, kind: "AntBuddy accounts")
        try Self.requireUniqueNames(telnect.map(\.name), key: .telnect, in: container, kind: "Telnect accounts")
        try Self.requireUniqueNames(telecomcenter.map(\.name), key: .telecomcenter, in: container, kind: "telecom.center accounts")
        for account in antbuddy {
            // Checked here, not only at start, so `switchboard config check` reports it.
            do {
                try account.validate()
            } catch {
                throw DecodingError.dataCorruptedError(forKey: .antbuddy, in: container, debugDescription: error.message)
            }
        }
    }

    /// Names pick the account of an action and label metrics, so two entries of a list may not share one.
    private static func requireUniqueNames(_ names: [String], key: CodingKeys, in container: KeyedDecodingContainer<CodingKeys>, kind: String) throws {
        var seen = Set<String>()
        for name in names where !seen.insert(name).inserted {
            throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "two \(kind) are named \(name)")
        }
    }
}
