/// A failure of the telecom.center connector, with a stable code.
///
/// Messages never contain the Basic-auth password or the `Authorization` header. JSON:API
/// refusals keep the server's `errors` array in `apiErrors`, and the three content-negotiation
/// and query refusals the Operator API document names (400, 406, 415) get their own codes and a
/// message saying what the client sent wrong.
public struct TelecomCenterError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The stable category of a `TelecomCenterError`.
    public enum Code: String, Sendable, Hashable, Codable {
        /// The connector configuration is unusable.
        case invalidConfiguration = "TC_INVALID_CONFIGURATION"
        /// 401 or 403: the Basic-auth credentials were refused.
        case authenticationFailed = "TC_AUTHENTICATION_FAILED"
        /// 400: the server refused the query (an unsupported `sort`, `filter` or `include`).
        case badRequest = "TC_BAD_REQUEST"
        /// 406: every JSON:API media type in `Accept` carried media-type parameters.
        case notAcceptable = "TC_NOT_ACCEPTABLE"
        /// 415: `Content-Type: application/vnd.api+json` carried media-type parameters.
        case unsupportedMediaType = "TC_UNSUPPORTED_MEDIA_TYPE"
        /// Another 4xx (404 for a wrong resource path…); not retried.
        case rejected = "TC_REJECTED"
        /// 429 (rate limited) until the retries ran out; `retryAfter` says how long the server asked to wait.
        case rateLimited = "TC_RATE_LIMITED"
        /// 5xx until the retries ran out.
        case unavailable = "TC_UNAVAILABLE"
        /// No answer (connection refused, timeout) after the retries.
        case transportFailed = "TC_TRANSPORT_FAILED"
        /// A 2xx whose body is not a JSON:API document with `data`.
        case invalidResponse = "TC_INVALID_RESPONSE"
        /// The checkpoint file could not be read or written.
        case checkpointFailed = "TC_CHECKPOINT_FAILED"
        /// The router took neither delivery nor spool of the events, so the checkpoint stays put.
        case deliveryFailed = "TC_DELIVERY_FAILED"
        /// The task was cancelled during a request or a retry wait.
        case cancelled = "TC_CANCELLED"
    }

    public let code: Code
    public let message: String
    /// The request, as `GET /termination_cdrs`, when one was involved.
    public let operation: String?
    /// The HTTP status of the last answer, when there was one.
    public let httpStatus: Int?
    /// The JSON:API `errors` array of the answer (empty when the body had none).
    public let apiErrors: [JSONAPIErrorObject]
    /// The wait the server asked for on a 429/503 (`Retry-After`, `RateLimit-Reset`).
    public let retryAfter: Duration?
    /// How many attempts were made.
    public let attempts: Int

    public init(_ code: Code, _ message: String, operation: String? = nil, httpStatus: Int? = nil,
                apiErrors: [JSONAPIErrorObject] = [], retryAfter: Duration? = nil, attempts: Int = 0) {
        self.code = code
        self.message = message
        self.operation = operation
        self.httpStatus = httpStatus
        self.apiErrors = apiErrors
        self.retryAfter = retryAfter
        self.attempts = attempts
    }

    /// Whether repeating the same request later may succeed (rate limits, outages, lost
    /// connections, a delivery the router could not take). A 4xx will fail the same way again
    /// until the configuration or the account changes.
    public var isTransient: Bool {
        switch code {
        case .rateLimited, .unavailable, .transportFailed, .deliveryFailed, .checkpointFailed, .invalidResponse: return true
        default: return false
        }
    }

    public var description: String {
        var text = code.rawValue
        if let operation { text += " \(operation)" }
        if let httpStatus { text += " HTTP \(httpStatus)" }
        text += ": \(message)"
        if !apiErrors.isEmpty { text += " — server: " + apiErrors.map(\.description).joined(separator: "; ") }
        if attempts > 1 { text += " (after \(attempts) attempts)" }
        return text
    }
}
