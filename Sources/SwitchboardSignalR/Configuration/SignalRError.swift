/// Why a SignalR operation failed. Messages never contain tokens or header values.
public struct SignalRError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable, machine-readable reason.
    public enum Code: String, Sendable, Hashable {
        /// The configuration is invalid (URL, header, ranges).
        case invalidConfiguration = "signalr.invalid_configuration"
        /// Negotiate failed: HTTP error status, non-JSON body, missing fields, or no WebSockets transport.
        case negotiateFailed = "signalr.negotiate_failed"
        /// Negotiate answered 401 or 403: the token or key is wrong or expired.
        case unauthorized = "signalr.unauthorized"
        /// Negotiate answered `{"error": ...}`.
        case negotiateRejected = "signalr.negotiate_rejected"
        /// Negotiate redirected more often than `maximumRedirects`.
        case tooManyRedirects = "signalr.too_many_redirects"
        /// The WebSocket could not be opened.
        case transportFailed = "signalr.transport_failed"
        /// The handshake was refused, malformed or timed out.
        case handshakeFailed = "signalr.handshake_failed"
        /// There is no open hub connection (not started, reconnecting, or stopped).
        case notConnected = "signalr.not_connected"
        /// An invocation got no Completion in time.
        case invocationTimedOut = "signalr.invocation_timed_out"
        /// The hub answered an invocation with an error Completion.
        case invocationFailed = "signalr.invocation_failed"
        /// The connection was lost while an invocation waited for its Completion.
        case connectionLost = "signalr.connection_lost"
        /// The server sent Close without allowing a reconnect.
        case closedByServer = "signalr.closed_by_server"
        /// Reconnect attempts ran out.
        case reconnectExhausted = "signalr.reconnect_exhausted"
        /// The client was stopped.
        case stopped = "signalr.stopped"
        /// The outgoing queue is full.
        case sendFailed = "signalr.send_failed"
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
