import SwitchboardEvents

/// A message of the SignalR JSON hub protocol, as this client uses it.
public enum HubMessage: Sendable, Hashable {
    /// Type 1: call `target` with `arguments`; with an `invocationId` a Completion is expected.
    case invocation(HubInvocation)
    /// Type 3: the outcome of an invocation.
    case completion(HubCompletion)
    /// Type 6: keep-alive.
    case ping
    /// Type 7: the server closes the connection.
    case close(error: String?, allowReconnect: Bool)
    /// Types this client does not act on (stream items, stream invocations, cancel, ack, sequence).
    case ignored(type: Int)
}

/// An invocation in either direction.
public struct HubInvocation: Sendable, Hashable {
    /// Set when the caller waits for a Completion.
    public var invocationId: String?
    /// The method name (hub methods are matched case-insensitively).
    public var target: String
    /// The positional arguments.
    public var arguments: [JSONValue]

    /// Creates an invocation.
    public init(invocationId: String? = nil, target: String, arguments: [JSONValue]) {
        self.invocationId = invocationId
        self.target = target
        self.arguments = arguments
    }
}

/// The result of an invocation: a value (possibly absent, for void methods) or an error text.
public struct HubCompletion: Sendable, Hashable {
    /// The invocation this completes.
    public var invocationId: String
    /// `.success(nil)` for a void method, `.success(value)` with a result, `.failure` with the hub's error text.
    public var outcome: Result<JSONValue?, HubInvocationError>

    /// Creates a completion.
    public init(invocationId: String, outcome: Result<JSONValue?, HubInvocationError>) {
        self.invocationId = invocationId
        self.outcome = outcome
    }
}

/// The error text of a failed invocation, as sent by the other side.
public struct HubInvocationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The text.
    public var message: String

    /// Creates an error.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
