/// Why the Thello connector failed. Messages never contain passwords, tokens or API keys.
public struct ThelloError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable, machine-readable reason.
    public enum Code: String, Sendable, Hashable {
        /// The configuration is incomplete or invalid.
        case invalidConfiguration = "thello.invalid_configuration"
        /// `POST /api/Authentication/Authenticate` failed or returned no token.
        case authenticationFailed = "thello.authentication_failed"
        /// The tenant's `SignalRUrl` could not be read from the management API.
        case tenantDiscoveryFailed = "thello.tenant_discovery_failed"
        /// A `BlocEvent` did not have the 8 documented arguments.
        case malformedBlocEvent = "thello.malformed_bloc_event"
        /// The hub connection could not be made or is not connected.
        case hubFailed = "thello.hub_failed"
        /// A hub method (`SetVariable`, `GetVariable`, `BlocNotify`, subscribe) failed.
        case actionFailed = "thello.action_failed"
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
