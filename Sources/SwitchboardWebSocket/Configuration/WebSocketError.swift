/// Why a WebSocket (or plain HTTP) operation failed.
///
/// Messages never contain header values, tokens or query strings.
public struct WebSocketError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable, machine-readable reason.
    public enum Code: String, Sendable, Hashable {
        /// The URL could not be parsed.
        case invalidURL = "websocket.invalid_url"
        /// A configuration value is out of range or unsafe (e.g. a header with CR/LF).
        case invalidConfiguration = "websocket.invalid_configuration"
        /// libwebsockets could not create its context (TLS setup, CA file).
        case contextCreationFailed = "websocket.context_creation_failed"
        /// The TCP/TLS connection or the upgrade handshake failed.
        case connectFailed = "websocket.connect_failed"
        /// The connection is closed (or closing); nothing more can be sent.
        case notConnected = "websocket.not_connected"
        /// The outgoing queue holds more than its byte limit.
        case sendQueueFull = "websocket.send_queue_full"
        /// A plain HTTP request failed or its response was too large.
        case httpFailed = "websocket.http_failed"
        /// The operation did not finish in time.
        case timedOut = "websocket.timed_out"
    }

    /// The reason.
    public let code: Code
    /// A human-readable explanation.
    public let message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
