import SwitchboardConnectors

/// Live platform connections (`sources:` in the YAML file).
public struct SourcesConfiguration: Sendable, Decodable {
    /// One entry per Thello tenant hub (see docs/live-connections.md for the keys).
    public var thello: [ThelloConfiguration]
    /// The CAMARA Click-to-Dial API (actions `clicktodial.call` / `.release`, reconciliation,
    /// recordings); its status notifications arrive on a `clicktodial` webhook. See docs/connectors.md.
    public var clicktodial: ClickToDialConfiguration?
    /// telecom.center Operator API accounts whose termination and incoming-trunk CDRs are polled
    /// (see docs/connectors.md).
    public var telecomcenter: [TelecomCenterConfiguration]

    public init(thello: [ThelloConfiguration] = [], clicktodial: ClickToDialConfiguration? = nil,
                telecomcenter: [TelecomCenterConfiguration] = []) {
        self.thello = thello
        self.clicktodial = clicktodial
        self.telecomcenter = telecomcenter
    }

    enum CodingKeys: String, CodingKey { case thello, clicktodial, telecomcenter }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        thello = try container.decodeIfPresent([ThelloConfiguration].self, forKey: .thello) ?? []
        clicktodial = try container.decodeIfPresent(ClickToDialConfiguration.self, forKey: .clicktodial)
        telecomcenter = try container.decodeIfPresent([TelecomCenterConfiguration].self, forKey: .telecomcenter) ?? []
        var accounts = Set<String>()
        for account in telecomcenter where !accounts.insert(account.name).inserted {
            throw DecodingError.dataCorruptedError(forKey: .telecomcenter, in: container, debugDescription: "two telecom.center accounts are named \(account.name)")
        }
        var names = Set<String>()
        for tenant in thello where !names.insert(tenant.name).inserted {
            throw DecodingError.dataCorruptedError(forKey: .thello, in: container, debugDescription: "two Thello tenants are named \(tenant.name)")
        }
    }
}
