import SwitchboardWebSocket

/// Where and how to open the WebSocket after negotiate (or without it).
public struct NegotiatedEndpoint: Sendable, Hashable {
    /// The hub URL after redirects (`http(s)`), without the connection token.
    public var hubURL: String
    /// The token for `id=`; `nil` when negotiation was skipped.
    public var connectionToken: String?
    /// The bearer token to use from now on (a redirect may replace it).
    public var accessToken: String?

    /// The WebSocket URL: the hub URL with `id=<connectionToken>` appended.
    public func webSocketURL() throws(SignalRError) -> String {
        do {
            var url = try WebSocketURL(hubURL)
            if let connectionToken { url = url.appendingQuery([("id", connectionToken)]) }
            return "\(url.usesTLS ? "wss" : "ws")://\(url.hostHeader)\(url.pathAndQuery)"
        } catch {
            throw SignalRError(.invalidConfiguration, error.message)
        }
    }
}
