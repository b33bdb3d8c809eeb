import SwitchboardConnectors

/// Live platform connections (`sources:` in the YAML file).
public struct SourcesConfiguration: Sendable, Decodable {
    /// One entry per Thello tenant hub (see docs/live-connections.md for the keys).
    public var thello: [ThelloConfiguration]

    public init(thello: [ThelloConfiguration] = []) {
        self.thello = thello
    }

    enum CodingKeys: String, CodingKey { case thello }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        thello = try container.decodeIfPresent([ThelloConfiguration].self, forKey: .thello) ?? []
        var names = Set<String>()
        for tenant in thello where !names.insert(tenant.name).inserted {
            throw DecodingError.dataCorruptedError(forKey: .thello, in: container, debugDescription: "two Thello tenants are named \(tenant.name)")
        }
    }
}
