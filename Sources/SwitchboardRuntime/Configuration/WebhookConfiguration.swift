import SwitchboardEvents

/// One webhook route: where platforms POST events, how the body is read and who may send.
public struct WebhookConfiguration: Sendable, Hashable, Decodable {
    /// How a request body carries events.
    public enum Binding: String, Sendable, Hashable, Decodable {
        /// CloudEvents HTTP binding: structured, batch or binary mode (CAMARA Click-to-Dial).
        case cloudevents
        /// The platform's own JSON body (Telnect `event_callback`).
        case json
    }

    /// A short name, used in logs and metric labels.
    public var name: String
    /// The route path, e.g. `/webhooks/clicktodial`.
    public var path: String
    public var platform: Platform
    public var binding: Binding
    /// Static bearer tokens accepted on this route (besides per-call sink credentials). Empty
    /// strings are ignored, so `${SWITCHBOARD_WEBHOOK_TOKEN:-}` disables the static token when unset.
    public var tokens: [String]
    /// Origins allowed by the abuse-protection handshake (`OPTIONS` + `WebHook-Request-Origin`); `*` allows any.
    public var allowedOrigins: [String]
    /// Requests per minute announced in `WebHook-Allowed-Rate`.
    public var allowedRate: Int
    /// The status of a successful delivery (CAMARA expects 204).
    public var successStatus: Int
    /// The CloudEvents `source` of events whose payload has none (the `json` binding).
    public var source: String

    public init(
        name: String, path: String, platform: Platform, binding: Binding, tokens: [String] = [],
        allowedOrigins: [String] = ["*"], allowedRate: Int = 600, successStatus: Int = 204, source: String? = nil
    ) {
        self.name = name
        self.path = path
        self.platform = platform
        self.binding = binding
        self.tokens = tokens
        self.allowedOrigins = allowedOrigins
        self.allowedRate = allowedRate
        self.successStatus = successStatus
        self.source = source ?? "\(platform.defaultSource)/\(name)"
    }

    enum CodingKeys: String, CodingKey {
        case name, path, platform, binding, tokens, source
        case allowedOrigins, allowedRate, successStatus
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let name = try container.decode(String.self, forKey: .name)
        let platform = try container.decode(Platform.self, forKey: .platform)
        self.init(
            name: name,
            path: try container.decodeIfPresent(String.self, forKey: .path) ?? "/webhooks/\(name)",
            platform: platform,
            binding: try container.decodeIfPresent(Binding.self, forKey: .binding) ?? (platform == .clicktodial ? .cloudevents : .json),
            tokens: try container.decodeIfPresent([String].self, forKey: .tokens) ?? [],
            allowedOrigins: try container.decodeIfPresent([String].self, forKey: .allowedOrigins) ?? ["*"],
            allowedRate: try container.decodeIfPresent(Int.self, forKey: .allowedRate) ?? 600,
            successStatus: try container.decodeIfPresent(Int.self, forKey: .successStatus) ?? 204,
            source: try container.decodeIfPresent(String.self, forKey: .source)
        )
        guard path.hasPrefix("/") else {
            throw DecodingError.dataCorruptedError(forKey: .path, in: container, debugDescription: "must start with /")
        }
        guard (200...299).contains(successStatus) else {
            throw DecodingError.dataCorruptedError(forKey: .successStatus, in: container, debugDescription: "must be a 2xx status")
        }
    }
}
