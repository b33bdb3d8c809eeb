import Foundation
import SwitchboardSignalR

/// One Thello tenant: how to authenticate, where its hub is, and which blocs to follow.
///
/// Authenticate either with an API key (sent as `X-API-KEY` on negotiate and upgrade) or with
/// username/password (JWT from `POST /api/Authentication/Authenticate`, sent as a bearer token and
/// renewed on expiry or 401). The hub URL is per tenant: set `hubURL` explicitly, or leave it out to
/// read `SignalRUrl` from `GET /tenants/mine` (falling back to `/api/Tenant/mine`).
public struct ThelloConfiguration: Sendable, Decodable {
    /// A name for this tenant, carried by its events (`origin`).
    public var name: String
    /// The management API base URL.
    public var managementBaseURL: String
    /// The hub URL; when set, tenant discovery is skipped.
    public var hubURL: String?
    /// A user API key.
    public var apiKey: String?
    /// Login for JWT authentication.
    public var username: String?
    /// Password for JWT authentication.
    public var password: String?
    /// The bloc ids to subscribe after every (re)connect.
    public var blocs: [String]
    /// Hub connection tuning (keep-alive, timeouts, reconnect); its `hubUrl` is ignored.
    public var keepAliveIntervalSeconds: Double
    /// Server timeout of the hub connection.
    public var serverTimeoutSeconds: Double
    /// Backoff between reconnects.
    public var reconnect: ReconnectPolicy
    /// A PEM CA file instead of the system store.
    public var caFile: String?
    /// Call-flow variables read with `GetVariable` before each event is routed and attached as
    /// `data.variables` (e.g. a customer tier set earlier in the Thello flow). Each costs one
    /// round trip to the hub per event; a failed read leaves the variable out.
    public var enrichVariables: [String]

    /// Creates a configuration.
    public init(
        name: String = "thello",
        managementBaseURL: String = "https://api.v3.thello.cloud",
        hubURL: String? = nil,
        apiKey: String? = nil,
        username: String? = nil,
        password: String? = nil,
        blocs: [String],
        keepAliveIntervalSeconds: Double = 15,
        serverTimeoutSeconds: Double = 30,
        reconnect: ReconnectPolicy = ReconnectPolicy(),
        caFile: String? = nil,
        enrichVariables: [String] = []
    ) {
        self.name = name
        self.managementBaseURL = managementBaseURL
        self.hubURL = hubURL
        self.apiKey = apiKey
        self.username = username
        self.password = password
        self.blocs = blocs
        self.keepAliveIntervalSeconds = keepAliveIntervalSeconds
        self.serverTimeoutSeconds = serverTimeoutSeconds
        self.reconnect = reconnect
        self.caFile = caFile
        self.enrichVariables = enrichVariables
    }

    private enum CodingKeys: String, CodingKey {
        case name, managementBaseURL = "managementBaseUrl", hubURL = "hubUrl", apiKey, username, password, blocs
        case keepAliveIntervalSeconds, serverTimeoutSeconds, reconnect, caFile, enrichVariables
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = ThelloConfiguration(blocs: [])
        self.init(
            name: try container.decodeIfPresent(String.self, forKey: .name) ?? defaults.name,
            managementBaseURL: try container.decodeIfPresent(String.self, forKey: .managementBaseURL) ?? defaults.managementBaseURL,
            hubURL: try container.decodeIfPresent(String.self, forKey: .hubURL).flatMap { $0.isEmpty ? nil : $0 },
            apiKey: try container.decodeIfPresent(String.self, forKey: .apiKey).flatMap { $0.isEmpty ? nil : $0 },
            username: try container.decodeIfPresent(String.self, forKey: .username),
            password: try container.decodeIfPresent(String.self, forKey: .password),
            blocs: try Self.decodeBlocs(container),
            keepAliveIntervalSeconds: try container.decodeIfPresent(Double.self, forKey: .keepAliveIntervalSeconds) ?? defaults.keepAliveIntervalSeconds,
            serverTimeoutSeconds: try container.decodeIfPresent(Double.self, forKey: .serverTimeoutSeconds) ?? defaults.serverTimeoutSeconds,
            reconnect: try container.decodeIfPresent(ReconnectPolicy.self, forKey: .reconnect) ?? defaults.reconnect,
            caFile: try container.decodeIfPresent(String.self, forKey: .caFile),
            enrichVariables: try container.decodeIfPresent([String].self, forKey: .enrichVariables) ?? []
        )
    }

    /// Checks that one authentication method and at least one bloc are configured.
    /// `blocs` is a list, or one comma-separated string (so `${THELLO_BLOCS}` can carry several).
    private static func decodeBlocs(_ container: KeyedDecodingContainer<CodingKeys>) throws -> [String] {
        if let list = try? container.decode([String].self, forKey: .blocs) { return list }
        let text = try container.decode(String.self, forKey: .blocs)
        return text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    public func validate() throws(ThelloError) {
        let hasLogin = !(username ?? "").isEmpty && !(password ?? "").isEmpty
        guard apiKey != nil || hasLogin else {
            throw ThelloError(.invalidConfiguration, "tenant '\(name)': set apiKey, or username and password")
        }
        guard !blocs.isEmpty, blocs.allSatisfy({ !$0.isEmpty }) else {
            throw ThelloError(.invalidConfiguration, "tenant '\(name)': blocs must list at least one non-empty bloc id")
        }
    }
}
