/// A failure of the Click-to-Dial connector, with a stable code.
///
/// Messages never contain the client secret, access tokens or sink tokens.
public struct ClickToDialError: PlatformRequestError, Sendable, Hashable {
    /// The stable category of a `ClickToDialError`.
    public enum Code: String, Sendable, Hashable, Codable {
        /// The connector configuration is unusable.
        case invalidConfiguration = "CTD_INVALID_CONFIGURATION"
        /// An argument was refused before anything was sent (malformed call id or number).
        case invalidArgument = "CTD_INVALID_ARGUMENT"
        /// The token endpoint refused the client credentials or answered unusably.
        case authenticationFailed = "CTD_AUTHENTICATION_FAILED"
        /// The API answered with a 4xx (other than a 401 that a new token fixed); `apiCode` has its code.
        case rejected = "CTD_REJECTED"
        /// The API kept answering 5xx or 429 until the retries ran out.
        case unavailable = "CTD_UNAVAILABLE"
        /// The request could not be sent or its answer not read (connection, timeout).
        case transportFailed = "CTD_TRANSPORT_FAILED"
        /// The API answered 2xx with a body that is not what the specification describes.
        case invalidResponse = "CTD_INVALID_RESPONSE"
        /// No sink token could be issued for a new call.
        case sinkCredentialFailed = "CTD_SINK_CREDENTIAL_FAILED"
        /// A recording could not be written to `recordingDirectory`.
        case recordingStorageFailed = "CTD_RECORDING_STORAGE_FAILED"
        /// The executor was given an action it does not run.
        case unsupportedAction = "CTD_UNSUPPORTED_ACTION"
        /// The task was cancelled while the request was under way or waiting to be retried.
        case cancelled = "CTD_CANCELLED"
    }

    public let code: Code
    public let message: String
    /// The request, as `METHOD /path-template` (`DELETE /calls/{callId}`), when one was involved.
    public let operation: String?
    /// The HTTP status of the last answer, when there was one.
    public let httpStatus: Int?
    /// The CAMARA error `code` (`INVALID_ARGUMENT`, `NOT_FOUND`…) or OAuth `error`, when the body had one.
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
