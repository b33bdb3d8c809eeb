import SwitchboardConnectors

/// Live platform connections (`sources:` in the YAML file).
public struct SourcesConfiguration: Sendable, Decodable {
    /// One entry per Thello tenant hub (see docs/live-connections.md for the keys).
    public var thello: [ThelloConfiguration]
    /// The CAMARA Click-to-Dial API (actions `clicktodial.call` / `.release`, reconciliation,
    /// recordings); its status notifications arrive on a `clicktodial` webhook. See docs/connectors.md.
    public var clicktodial: ClickToDialConfiguration?
    /// One entry per Telnect account: event stream, history gap fill and `telnect.*` actions.
    /// See docs/connectors.md (Telnect) and docs/configuration.md.
    public var telnect: [TelnectConfiguration]

    public init(thello: [ThelloConfiguration] = [], clicktodial: ClickToDialConfiguration? = nil, telnect: [TelnectConfiguration] = []) {
        self.thello = thello
        self.clicktodial = clicktodial
        self.telnect = telnect
    }

    enum CodingKeys: String, CodingKey { case thello, clicktodial, telnect }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        thello = try container.decodeIfPresent([ThelloConfiguration].self, forKey: .thello) ?? []
        clicktodial = try container.decodeIfPresent(ClickToDialConfiguration.self, forKey: .clicktodial)
        telnect = try container.decodeIfPresent([TelnectConfiguration].self, forKey: .telnect) ?? []
        var names = Set<String>()
        for tenant in thello where !names.insert(tenant.name).inserted {
            throw DecodingError.dataCorruptedError(forKey: .thello, in: container, debugDescription: "two Thello tenants are named \(tenant.name)")
        }
        var accounts = Set<String>()
        for account in telnect where !accounts.insert(account.name).inserted {
            throw DecodingError.dataCorruptedError(forKey: .telnect, in: container, debugDescription: "two Telnect accounts are named \(account.name)")
        }
    }
}
