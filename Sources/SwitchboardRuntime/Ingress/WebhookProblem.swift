import HTTPTypes
import SwitchboardEvents

/// A rejected webhook request, answered as RFC 9457 `application/problem+json`.
///
/// `code` is stable and machine-readable (it is also the metric label); `detail` explains this
/// occurrence to a person and never contains a token or other secret.
public struct WebhookProblem: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable, CaseIterable {
        case malformed = "malformed"
        case missingAttribute = "missing-attribute"
        case unsupportedSpecVersion = "unsupported-specversion"
        case conflictingData = "conflicting-data"
        case invalidEvent = "invalid-event"
        case unauthenticated = "unauthenticated"
        case forbidden = "forbidden"
        case tokenExpired = "token-expired"
        case bodyTooLarge = "body-too-large"
        case unsupportedMediaType = "unsupported-media-type"
        case saturated = "saturated"
        case unavailable = "unavailable"
        case originNotAllowed = "origin-not-allowed"

        var status: HTTPResponse.Status {
            switch self {
            case .malformed, .missingAttribute, .unsupportedSpecVersion, .conflictingData, .invalidEvent: return .badRequest
            case .unauthenticated, .tokenExpired: return .unauthorized
            case .forbidden, .originNotAllowed: return .forbidden
            case .bodyTooLarge: return .contentTooLarge
            case .unsupportedMediaType: return .unsupportedMediaType
            case .saturated: return .tooManyRequests
            case .unavailable: return .serviceUnavailable
            }
        }

        var title: String {
            switch self {
            case .malformed: return "The request body is not a valid event"
            case .missingAttribute: return "A required CloudEvents attribute is missing"
            case .unsupportedSpecVersion: return "Unsupported CloudEvents specversion"
            case .conflictingData: return "Both data and data_base64 are present"
            case .invalidEvent: return "The event cannot be normalized"
            case .unauthenticated: return "Authentication required"
            case .forbidden: return "The credentials are not valid for this webhook"
            case .tokenExpired: return "The token has expired"
            case .bodyTooLarge: return "The request body is too large"
            case .unsupportedMediaType: return "Unsupported content type"
            case .saturated: return "Switchboard is saturated; retry later"
            case .unavailable: return "The event could not be durably accepted"
            case .originNotAllowed: return "The webhook origin is not allowed"
            }
        }
    }

    public let code: Code
    public let detail: String
    /// Seconds for the `Retry-After` header (429/503).
    public let retryAfterSeconds: Int?

    public init(_ code: Code, _ detail: String, retryAfterSeconds: Int? = nil) {
        self.code = code
        self.detail = detail
        self.retryAfterSeconds = retryAfterSeconds
    }

    public var status: HTTPResponse.Status { code.status }

    public var description: String { "\(code.rawValue): \(detail)" }

    /// The problem+json body.
    public var body: JSONValue {
        [
            "type": .string("urn:switchboard:problem:\(code.rawValue)"),
            "title": .string(code.title),
            "status": .integer(Int64(status.code)),
            "detail": .string(detail),
        ]
    }

    public func response() -> WebhookResponse {
        var headers: HTTPFields = [.contentType: "application/problem+json"]
        if let retryAfterSeconds { headers[.retryAfter] = String(retryAfterSeconds) }
        if code == .unauthenticated || code == .tokenExpired {
            headers[.wwwAuthenticate] = code == .tokenExpired ? #"Bearer error="invalid_token", error_description="expired""# : "Bearer"
        }
        return WebhookResponse(status: status, headers: headers, body: body.jsonBytes())
    }
}
