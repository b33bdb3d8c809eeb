/// How one WebSocket client connection is made and kept alive.
///
/// Every field has a default, so a YAML config only names what it changes. Header values are
/// secrets as far as logging is concerned: they are sent, never logged.
public struct WebSocketConfiguration: Sendable, Decodable {
    /// `ws://` or `wss://` URL (`http(s)://` is accepted and means the same).
    public var url: String
    /// Extra handshake headers such as `Authorization` or `X-API-KEY`.
    public var headers: [String: String]
    /// Extra query parameters appended to the URL.
    public var queryParameters: [String: String]
    /// A PEM file of CA certificates to trust instead of the system store (for `wss://`).
    public var caFile: String?
    /// Largest reassembled message accepted; a bigger one closes the connection with 1009.
    public var maximumMessageBytes: Int
    /// Messages buffered for the consumer before reading from the socket pauses.
    public var receiveBufferMessages: Int
    /// Bytes allowed in the outgoing queue before `send` fails with `.sendQueueFull`.
    public var maximumQueuedSendBytes: Int
    /// Seconds to establish TCP, TLS and the upgrade.
    public var connectTimeoutSeconds: Double
    /// Seconds of receive silence after which a ping is sent; 0 disables pings.
    public var pingIntervalSeconds: Double
    /// Seconds to wait for any data (a pong or otherwise) after a ping before the connection is declared dead.
    public var pongTimeoutSeconds: Double
    /// The service thread's name, as debuggers and `top -H` show it (Linux keeps 15 characters).
    public var threadName: String

    private enum CodingKeys: String, CodingKey {
        case url, headers, queryParameters, caFile, maximumMessageBytes, receiveBufferMessages
        case maximumQueuedSendBytes, connectTimeoutSeconds, pingIntervalSeconds, pongTimeoutSeconds, threadName
    }

    /// Creates a configuration; only `url` is required.
    public init(
        url: String,
        headers: [String: String] = [:],
        queryParameters: [String: String] = [:],
        caFile: String? = nil,
        maximumMessageBytes: Int = 4 * 1024 * 1024,
        receiveBufferMessages: Int = 1024,
        maximumQueuedSendBytes: Int = 16 * 1024 * 1024,
        connectTimeoutSeconds: Double = 10,
        pingIntervalSeconds: Double = 20,
        pongTimeoutSeconds: Double = 10,
        threadName: String = "switchboard-ws"
    ) {
        self.url = url
        self.headers = headers
        self.queryParameters = queryParameters
        self.caFile = caFile
        self.maximumMessageBytes = maximumMessageBytes
        self.receiveBufferMessages = receiveBufferMessages
        self.maximumQueuedSendBytes = maximumQueuedSendBytes
        self.connectTimeoutSeconds = connectTimeoutSeconds
        self.pingIntervalSeconds = pingIntervalSeconds
        self.pongTimeoutSeconds = pongTimeoutSeconds
        self.threadName = threadName
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = WebSocketConfiguration(url: "")
        self.init(
            url: try container.decode(String.self, forKey: .url),
            headers: try container.decodeIfPresent([String: String].self, forKey: .headers) ?? defaults.headers,
            queryParameters: try container.decodeIfPresent([String: String].self, forKey: .queryParameters) ?? defaults.queryParameters,
            caFile: try container.decodeIfPresent(String.self, forKey: .caFile),
            maximumMessageBytes: try container.decodeIfPresent(Int.self, forKey: .maximumMessageBytes) ?? defaults.maximumMessageBytes,
            receiveBufferMessages: try container.decodeIfPresent(Int.self, forKey: .receiveBufferMessages) ?? defaults.receiveBufferMessages,
            maximumQueuedSendBytes: try container.decodeIfPresent(Int.self, forKey: .maximumQueuedSendBytes) ?? defaults.maximumQueuedSendBytes,
            connectTimeoutSeconds: try container.decodeIfPresent(Double.self, forKey: .connectTimeoutSeconds) ?? defaults.connectTimeoutSeconds,
            pingIntervalSeconds: try container.decodeIfPresent(Double.self, forKey: .pingIntervalSeconds) ?? defaults.pingIntervalSeconds,
            pongTimeoutSeconds: try container.decodeIfPresent(Double.self, forKey: .pongTimeoutSeconds) ?? defaults.pongTimeoutSeconds,
            threadName: try container.decodeIfPresent(String.self, forKey: .threadName) ?? defaults.threadName
        )
    }

    /// Checks ranges and header safety; `connect` calls this, so a bad config fails before any I/O.
    public func validate() throws(WebSocketError) {
        _ = try WebSocketURL(url)
        guard maximumMessageBytes >= 16 else {
            throw WebSocketError(.invalidConfiguration, "maximumMessageBytes must be at least 16")
        }
        guard receiveBufferMessages >= 1 else {
            throw WebSocketError(.invalidConfiguration, "receiveBufferMessages must be at least 1")
        }
        guard maximumQueuedSendBytes >= 1 else {
            throw WebSocketError(.invalidConfiguration, "maximumQueuedSendBytes must be at least 1")
        }
        guard connectTimeoutSeconds > 0, connectTimeoutSeconds <= 3600 else {
            throw WebSocketError(.invalidConfiguration, "connectTimeoutSeconds must be in (0, 3600]")
        }
        guard pingIntervalSeconds >= 0, pongTimeoutSeconds > 0 else {
            throw WebSocketError(.invalidConfiguration, "pingIntervalSeconds must be >= 0 and pongTimeoutSeconds > 0")
        }
        try Self.validateHeaders(headers)
    }

    /// Rejects header names that are not tokens and values with control characters (header injection).
    static func validateHeaders(_ headers: [String: String]) throws(WebSocketError) {
        for (name, value) in headers {
            let nameOK = !name.isEmpty && name.utf8.allSatisfy { byte in
                byte > 0x20 && byte < 0x7F && byte != UInt8(ascii: ":")
            }
            guard nameOK else {
                throw WebSocketError(.invalidConfiguration, "header name '\(name.prefix(40))' is not a valid token")
            }
            guard value.utf8.allSatisfy({ $0 >= 0x20 && $0 != 0x7F }) else {
                // The value is not repeated: it may be a secret.
                throw WebSocketError(.invalidConfiguration, "the value of header '\(name)' contains control characters")
            }
        }
    }

    /// The URL with the configured query parameters applied (sorted, so the result is stable).
    func resolvedURL() throws(WebSocketError) -> WebSocketURL {
        try WebSocketURL(url).appendingQuery(queryParameters.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }
}
