import Logging
import SwitchboardEvents
import SwitchboardWebSocket

/// Runs `POST {hub}/negotiate?negotiateVersion=1`, following `{url, accessToken}` redirects up to a cap.
public struct Negotiator: Sendable {
    let configuration: SignalRConfiguration
    let http: LWSHTTPClient
    let logger: Logger

    /// Creates a negotiator for `configuration`.
    public init(configuration: SignalRConfiguration, logger: Logger) {
        self.configuration = configuration
        self.http = LWSHTTPClient(caFile: configuration.caFile, timeoutSeconds: configuration.connectTimeoutSeconds, maximumResponseBytes: 256 * 1024)
        self.logger = logger
    }

    /// Negotiates starting at the configured hub URL with `accessToken`.
    ///
    /// - Throws: `.unauthorized` (401/403), `.negotiateFailed` (other HTTP status, non-JSON, missing token, no WebSockets),
    ///   `.negotiateRejected` (`{"error": ...}`), `.tooManyRedirects`, `.invalidConfiguration`.
    public func negotiate(accessToken: String?) async throws(SignalRError) -> NegotiatedEndpoint {
        var hubURL = configuration.hubURL
        var token = accessToken
        var redirects = 0
        while true {
            let negotiateURL: String
            do {
                let url = try WebSocketURL(hubURL).appendingPath("/negotiate").appendingQuery([("negotiateVersion", "1")])
                negotiateURL = "\(url.usesTLS ? "https" : "http")://\(url.hostHeader)\(url.pathAndQuery)"
            } catch {
                throw SignalRError(.invalidConfiguration, "hub URL: \(error.message)")
            }
            var headers = configuration.headers
            if let token { headers["Authorization"] = "Bearer \(token)" }
            let response: LWSHTTPResponse
            do {
                response = try await http.send(LWSHTTPRequest(method: "POST", url: negotiateURL, headers: headers))
            } catch {
                throw SignalRError(.negotiateFailed, "negotiate request failed: \(error.message)")
            }
            if response.status == 401 || response.status == 403 {
                throw SignalRError(.unauthorized, "negotiate answered HTTP \(response.status)")
            }
            guard response.status == 200 else {
                throw SignalRError(.negotiateFailed, "negotiate answered HTTP \(response.status)")
            }
            let parsed: JSONValue
            do {
                parsed = try JSONValue.parse(response.body, limits: JSONLimits(maximumBytes: 256 * 1024, maximumDepth: 16))
            } catch {
                throw SignalRError(.negotiateFailed, "the negotiate response is not JSON (\(error.code.rawValue))")
            }
            guard let body = parsed.objectValue else {
                throw SignalRError(.negotiateFailed, "the negotiate response is not a JSON object")
            }
            if let error = body["error"]?.stringValue {
                throw SignalRError(.negotiateRejected, "the server refused the connection: \(error.prefix(200))")
            }
            if let redirect = body["url"]?.stringValue {
                redirects += 1
                guard redirects <= configuration.maximumRedirects else {
                    throw SignalRError(.tooManyRedirects, "negotiate redirected more than \(configuration.maximumRedirects) times")
                }
                hubURL = redirect
                if let newToken = body["accessToken"]?.stringValue { token = newToken }
                logger.debug("negotiate redirected", metadata: ["redirects": "\(redirects)"])
                continue
            }
            if let transports = body["availableTransports"]?.arrayValue,
               !transports.contains(where: { $0["transport"]?.stringValue == "WebSockets" }) {
                throw SignalRError(.negotiateFailed, "the server does not offer the WebSockets transport")
            }
            let version = body["negotiateVersion"]?.integerValue ?? 0
            let connectionToken = version >= 1 ? body["connectionToken"]?.stringValue : body["connectionId"]?.stringValue
            guard let connectionToken, !connectionToken.isEmpty else {
                throw SignalRError(.negotiateFailed, "the negotiate response has no connection token")
            }
            return NegotiatedEndpoint(hubURL: hubURL, connectionToken: connectionToken, accessToken: token)
        }
    }
}
