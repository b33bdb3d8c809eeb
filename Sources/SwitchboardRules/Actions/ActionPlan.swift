import SwitchboardEvents

/// One action a matched rule asks for, with its arguments resolved against the event.
public struct ActionPlan: Sendable, Hashable {
    /// The rule that planned it.
    public var rule: String
    /// What to do, typed, with resolved arguments.
    public var action: Action
    /// The resolved arguments by name, as rule tests and `rules eval` show them (absent optional
    /// arguments are left out).
    public var arguments: [String: JSONValue]

    public init(rule: String, action: Action, arguments: [String: JSONValue]) {
        self.rule = rule
        self.action = action
        self.arguments = arguments
    }
}

/// An action of a matched rule could not be planned because an argument did not resolve.
public struct ActionResolutionError: Error, Sendable, Hashable, CustomStringConvertible {
    public var rule: String
    public var action: String
    public var argument: String
    public var reason: String

    public init(rule: String, action: String, argument: String, reason: String) {
        self.rule = rule
        self.action = action
        self.argument = argument
        self.reason = reason
    }

    public var description: String { "rule '\(rule)', action \(action): argument '\(argument)' \(reason)" }
}
