/// What the typed errors of the HTTP connectors (`ClickToDialError`, `TelnectError`) share, so
/// they print and classify the same way: a stable code, the request, the HTTP status, the
/// platform's own error code and the number of attempts.
public protocol PlatformRequestError: Error, CustomStringConvertible {
    associatedtype Code: RawRepresentable where Code.RawValue == String
    var code: Code { get }
    /// Human-readable; never carries a credential.
    var message: String { get }
    /// The request, as `METHOD /path-template` (`DELETE /calls/{callId}`), when one was involved.
    var operation: String? { get }
    /// The HTTP status of the last answer, when there was one.
    var httpStatus: Int? { get }
    /// The platform's error code from the answer's body, when it had one.
    var apiCode: String? { get }
    /// How many attempts were made.
    var attempts: Int { get }
}

extension PlatformRequestError {
    /// The platform does not know the resource (the call is over, no recording): HTTP 404.
    public var isNotFound: Bool { httpStatus == 404 }

    /// `CODE OPERATION HTTP status API_CODE: message (after N attempts)`.
    public var description: String {
        var text = code.rawValue
        if let operation { text += " \(operation)" }
        if let httpStatus { text += " HTTP \(httpStatus)" }
        if let apiCode { text += " \(apiCode)" }
        text += ": \(message)"
        if attempts > 1 { text += " (after \(attempts) attempts)" }
        return text
    }
}
