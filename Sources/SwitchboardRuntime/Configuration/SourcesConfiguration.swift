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

    public init(thello: [ThelloConfiguration] = [], clicktodial: ClickToDialConfiguration? = nil, antbuddy: [AntBuddyConfiguration] = []) {
        self.thello = thello
        self.clicktodial = clicktodial
        self.antbuddy = antbuddy
    }

    enum CodingKeys: String, CodingKey { case thello, clicktodial, antbuddy }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        thello = try container.decodeIfPresent([ThelloConfiguration].self, forKey: .thello) ?? []
        clicktodial = try container.decodeIfPresent(ClickToDialConfiguration.self, forKey: .clicktodial)
        antbuddy = try container.decodeIfPresent([AntBuddyConfiguration].self, forKey: .antbuddy) ?? []
        var names = Set<String>()
        for tenant in thello where !names.insert(tenant.name).inserted {
            throw DecodingError.dataCorruptedError(forKey: .thello, in: container, debugDescription: "two Thello tenants are named \(tenant.name)")
        }
        var accounts = Set<String>()
        for account in antbuddy {
            guard accounts.insert(account.name).inserted else {
                throw DecodingError.dataCorruptedError(forKey: .antbuddy, in: container, debugDescription: "two AntBuddy accounts are named \(account.name)")
            }
            // Checked here, not only at start, so `switchboard config check` reports it.
            do {
                try account.validate()
            } catch {
                throw DecodingError.dataCorruptedError(forKey: .antbuddy, in: container, debugDescription: error.message)
            }
        }
    }
}
