/// A failure of the Telnect connector, with a stable code.
///
/// Messages never contain the API token, line passwords or other credentials.
public struct TelnectError: PlatformRequestError, Sendable, Hashable {
    /// The stable category of a `TelnectError`.
    public enum Code: String, Sendable, Hashable, Codable {
        /// The connector configuration is unusable.
        case invalidConfiguration = "TELNECT_INVALID_CONFIGURATION"
        /// An argument was refused before anything was sent (malformed call id, empty number).
        case invalidArgument = "TELNECT_INVALID_ARGUMENT"
        /// The API refused the token (401/403).
        case unauthorized = "TELNECT_UNAUTHORIZED"
        /// The API answered with another 4xx; `apiCode` has the documented `error.code`.
        case rejected = "TELNECT_REJECTED"
        /// The API kept answering 5xx or 429 until the retries ran out.
        case unavailable = "TELNECT_UNAVAILABLE"
        /// The request could not be sent or its answer not read (connection, timeout).
        case transportFailed = "TELNECT_TRANSPORT_FAILED"
        /// The API answered 2xx with a body that is not what the document describes.
        case invalidResponse = "TELNECT_INVALID_RESPONSE"
        /// The rate-limit window is closed for longer than `maximumRateLimitWaitSeconds`.
        case rateLimited = "TELNECT_RATE_LIMITED"
        /// The event WebSocket could not be opened.
        case streamFailed = "TELNECT_STREAM_FAILED"
        /// The executor was given an action it does not run, or no account matches the event.
        case unsupportedAction = "TELNECT_UNSUPPORTED_ACTION"
        /// The task was cancelled while the request was under way or waiting.
        case cancelled = "TELNECT_CANCELLED"
    }

    public let code: Code
    public let message: String
    /// The request, as `METHOD /path-template` (`DELETE /Calls/{callId}`), when one was involved.
    public let operation: String?
    /// The HTTP status of the last answer, when there was one.
    public let httpStatus: Int?
    /// The documented error body's `error.code`, when the answer had one.
    public let apiCode: String?
    /// How many attempts were made.
    public let attempts: Int

    public init(_ code: Code, _ message: String, operation: String? = nil, httpStatus: Int? = nil, apiCode: String? = nil, attempts: Int = 0) {
        self.code = code
        self.message = message
        self.operation = operation
        self.httpStatus = httpStatus
        self.apiCode = apiCode
        self.attempts = attempts
    }
}
