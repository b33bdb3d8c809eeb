import SwitchboardEvents

/// The per-source normalizer settings of a YAML config (`sources[].normalizer`).
///
/// ```yaml
/// normalizer:
///   source: switchboard://telnect/stockholm   # CloudEvents source of the events
///   countryCode: "46"                           # derive E.164 from national numbers
///   localPrefix: "0"
///   globalPrefix: "00"
///   maximumBytes: 1048576
///   maximumDepth: 32
/// ```
public struct NormalizerSettings: Sendable, Hashable, Decodable {
    /// The CloudEvents `source`; `nil` uses `switchboard://<platform>`.
    public var source: String?
    /// Country calling code without `+` for national numbers; `nil` derives E.164 only from
    /// international numbers and from dialplans carried in the payload.
    public var countryCode: String?
    /// National trunk prefix, default `0`.
    public var localPrefix: String
    /// International call prefix, default `00`.
    public var globalPrefix: String
    /// Largest payload accepted, default 1 MiB.
    public var maximumBytes: Int
    /// Deepest JSON nesting accepted, default 32.
    public var maximumDepth: Int

    public init(
        source: String? = nil, countryCode: String? = nil, localPrefix: String = "0", globalPrefix: String = "00",
        maximumBytes: Int = NormalizationContext.defaultLimits.maximumBytes,
        maximumDepth: Int = NormalizationContext.defaultLimits.maximumDepth
    ) {
        self.source = source
        self.countryCode = countryCode
        self.localPrefix = localPrefix
        self.globalPrefix = globalPrefix
        self.maximumBytes = maximumBytes
        self.maximumDepth = maximumDepth
    }

    private enum CodingKeys: String, CodingKey {
        case source, countryCode, localPrefix, globalPrefix, maximumBytes, maximumDepth
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = NormalizerSettings()
        source = try container.decodeIfPresent(String.self, forKey: .source)
        countryCode = try container.decodeIfPresent(String.self, forKey: .countryCode)
        localPrefix = try container.decodeIfPresent(String.self, forKey: .localPrefix) ?? defaults.localPrefix
        globalPrefix = try container.decodeIfPresent(String.self, forKey: .globalPrefix) ?? defaults.globalPrefix
        maximumBytes = try container.decodeIfPresent(Int.self, forKey: .maximumBytes) ?? defaults.maximumBytes
        maximumDepth = try container.decodeIfPresent(Int.self, forKey: .maximumDepth) ?? defaults.maximumDepth
    }

    /// The context for one payload received at `receivedAt`.
    public func context(receivedAt: Timestamp = .now()) -> NormalizationContext {
        NormalizationContext(
            source: source,
            receivedAt: receivedAt,
            defaultDialplan: countryCode.map { Dialplan(countryCode: $0, localPrefix: localPrefix, globalPrefix: globalPrefix) },
            limits: JSONLimits(maximumBytes: maximumBytes, maximumDepth: maximumDepth)
        )
    }
}
