import SwitchboardWebSocket

/// How a hub connection is made, kept alive and re-made.
///
/// Every field but `hubURL` has a default, so YAML only names what it changes. Header values and
/// `accessToken` are secrets: they are sent, never logged.
public struct SignalRConfiguration: Sendable, Decodable {
    /// The hub URL, `https://host/hub` (or `wss://` with `skipNegotiation`).
    public var hubURL: String
    /// A bearer token for `Authorization` on negotiate and upgrade (an access-token provider given to the client wins).
    public var accessToken: String?
    /// Extra headers on negotiate and upgrade, e.g. `X-API-KEY`.
    public var headers: [String: String]
    /// Connect the WebSocket directly, without `POST /negotiate` (the server must allow it).
    public var skipNegotiation: Bool
    /// Negotiate redirects followed before giving up.
    public var maximumRedirects: Int
    /// Send a Ping when nothing was sent for this long.
    public var keepAliveIntervalSeconds: Double
    /// Treat this long without any message from the server as a dead connection.
    public var serverTimeoutSeconds: Double
    /// Time allowed for the handshake reply.
    public var handshakeTimeoutSeconds: Double
    /// Default time an `invoke` waits for its Completion.
    public var invocationTimeoutSeconds: Double
    /// Largest single record (and WebSocket message) accepted; bigger closes the connection.
    public var maximumRecordBytes: Int
    /// Backoff between reconnect attempts.
    public var reconnect: ReconnectPolicy
    /// A PEM CA file for `https`/`wss` instead of the system store.
    public var caFile: String?
    /// Seconds allowed for negotiate and for the WebSocket connect.
    public var connectTimeoutSeconds: Double

    /// Creates a configuration.
    public init(
        hubURL: String,
        accessToken: String? = nil,
        headers: [String: String] = [:],
        skipNegotiation: Bool = false,
        maximumRedirects: Int = 100,
        keepAliveIntervalSeconds: Double = 15,
        serverTimeoutSeconds: Double = 30,
        handshakeTimeoutSeconds: Double = 15,
        invocationTimeoutSeconds: Double = 30,
        maximumRecordBytes: Int = 1024 * 1024,
        reconnect: ReconnectPolicy = ReconnectPolicy(),
        caFile: String? = nil,
        connectTimeoutSeconds: Double = 15
    ) {
        self.hubURL = hubURL
        self.accessToken = accessToken
        self.headers = headers
        self.skipNegotiation = skipNegotiation
        self.maximumRedirects = maximumRedirects
        self.keepAliveIntervalSeconds = keepAliveIntervalSeconds
        self.serverTimeoutSeconds = serverTimeoutSeconds
        self.handshakeTimeoutSeconds = handshakeTimeoutSeconds
        self.invocationTimeoutSeconds = invocationTimeoutSeconds
        self.maximumRecordBytes = maximumRecordBytes
        self.reconnect = reconnect
        self.caFile = caFile
        self.connectTimeoutSeconds = connectTimeoutSeconds
    }

    private enum CodingKeys: String, CodingKey {
        case hubURL = "hubUrl", accessToken, headers, skipNegotiation, maximumRedirects, keepAliveIntervalSeconds
        case serverTimeoutSeconds, handshakeTimeoutSeconds, invocationTimeoutSeconds, maximumRecordBytes
        case reconnect, caFile, connectTimeoutSeconds
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = SignalRConfiguration(hubURL: "")
        self.init(
            hubURL: try container.decode(String.self, forKey: .hubURL),
            accessToken: try container.decodeIfPresent(String.self, forKey: .accessToken),
            headers: try container.decodeIfPresent([String: String].self, forKey: .headers) ?? [:],
            skipNegotiation: try container.decodeIfPresent(Bool.self, forKey: .skipNegotiation) ?? false,
            maximumRedirects: try container.decodeIfPresent(Int.self, forKey: .maximumRedirects) ?? defaults.maximumRedirects,
            keepAliveIntervalSeconds: try container.decodeIfPresent(Double.self, forKey: .keepAliveIntervalSeconds) ?? defaults.keepAliveIntervalSeconds,
            serverTimeoutSeconds: try container.decodeIfPresent(Double.self, forKey: .serverTimeoutSeconds) ?? defaults.serverTimeoutSeconds,
            handshakeTimeoutSeconds: try container.decodeIfPresent(Double.self, forKey: .handshakeTimeoutSeconds) ?? defaults.handshakeTimeoutSeconds,
            invocationTimeoutSeconds: try container.decodeIfPresent(Double.self, forKey: .invocationTimeoutSeconds) ?? defaults.invocationTimeoutSeconds,
            maximumRecordBytes: try container.decodeIfPresent(Int.self, forKey: .maximumRecordBytes) ?? defaults.maximumRecordBytes,
            reconnect: try container.decodeIfPresent(ReconnectPolicy.self, forKey: .reconnect) ?? defaults.reconnect,
            caFile: try container.decodeIfPresent(String.self, forKey: .caFile),
            connectTimeoutSeconds: try container.decodeIfPresent(Double.self, forKey: .connectTimeoutSeconds) ?? defaults.connectTimeoutSeconds
        )
    }

    /// Checks the URL, headers and ranges before any I/O.
    public func validate() throws(SignalRError) {
        do {
            _ = try WebSocketURL(hubURL)
            try WebSocketConfiguration(url: hubURL, headers: headers).validate()
        } catch {
            throw SignalRError(.invalidConfiguration, error.message)
        }
        guard keepAliveIntervalSeconds > 0, serverTimeoutSeconds > keepAliveIntervalSeconds / 2 else {
            throw SignalRError(.invalidConfiguration, "keepAliveIntervalSeconds must be > 0 and serverTimeoutSeconds larger than half of it")
        }
        guard handshakeTimeoutSeconds > 0, invocationTimeoutSeconds > 0, connectTimeoutSeconds > 0 else {
            throw SignalRError(.invalidConfiguration, "timeouts must be positive")
        }
        guard maximumRecordBytes >= 1024, maximumRedirects >= 0 else {
            throw SignalRError(.invalidConfiguration, "maximumRecordBytes must be at least 1024 and maximumRedirects >= 0")
        }
    }
}
