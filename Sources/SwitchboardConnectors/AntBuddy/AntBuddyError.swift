/// A failure of the AntBuddy-style PBX connector, with a stable code.
///
/// Messages never contain the app secret, its hashes, auth tokens or SIP passwords.
public struct AntBuddyError: PlatformRequestError, Sendable, Hashable {
    /// The stable category of an `AntBuddyError`.
    public enum Code: String, Sendable, Hashable, Codable {
        /// The connector configuration is unusable.
        case invalidConfiguration = "AB_INVALID_CONFIGURATION"
        /// An argument was refused before anything was sent (empty number, unknown SIP user).
        case invalidArgument = "AB_INVALID_ARGUMENT"
        /// The PBX refused the app id / hash (401 or 403).
        case authenticationFailed = "AB_AUTHENTICATION_FAILED"
        /// Click-to-call answered 400: the SIP device is not registered. Never retried.
        case deviceOffline = "AB_DEVICE_OFFLINE"
        /// Any other 4xx; not retried.
        case rejected = "AB_REJECTED"
        /// The PBX kept answering 5xx or 429 until the retries ran out.
        case unavailable = "AB_UNAVAILABLE"
        /// The request could not be sent or its answer not read (connection, timeout).
        case transportFailed = "AB_TRANSPORT_FAILED"
        /// A 2xx answer that is not what the document describes (no token, no media URL, not JSON).
        case invalidResponse = "AB_INVALID_RESPONSE"
        /// The websocket signal stream could not be opened.
        case signalsFailed = "AB_SIGNALS_FAILED"
        /// The executor was given an action it does not run.
        case unsupportedAction = "AB_UNSUPPORTED_ACTION"
        /// The task was cancelled while a request was under way or waiting to be retried.
        case cancelled = "AB_CANCELLED"
    }

    public let code: Code
    public let message: String
    /// The request, as `METHOD /path-template` (`POST /oapi/v1/call/click-to-call/:number`).
    public let operation: String?
    /// The HTTP status of the last answer, when there was one.
    public let httpStatus: Int?
    /// How many attempts were made.
    public let attempts: Int

    public init(_ code: Code, _ message: String, operation: String? = nil, httpStatus: Int? = nil, attempts: Int = 0) {
        self.code = code
        self.message = message
        self.operation = operation
        self.httpStatus = httpStatus
        self.attempts = attempts
    }

    /// The PBX's answers carry no error code of their own.
    public var apiCode: String? { nil }
}
