import SwitchboardEvents

/// One action a matched rule asks for, with its arguments resolved against the event.
public struct ActionPlan: Sendable, Hashable {
    /// The rule that planned it.
    public var rule: String
    /// What to do, typed, with resolved arguments.
    public var action: Action
    /// The resolved arguments (name and value) in the action's declared order; absent optional
    /// arguments are left out. Kept as a list: most plans are only executed, and a dictionary
    /// per plan was a measurable share of routing a webhook.
    public var argumentList: [JSONObject.Member]

    /// The resolved arguments by name, as rule tests and `rules eval` show them.
    public var arguments: [String: JSONValue] {
        Dictionary(argumentList.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    public init(rule: String, action: Action, argumentList: [JSONObject.Member]) {
        self.rule = rule
        self.action = action
        self.argumentList = argumentList
    }

    /// A plan with arguments given by name (listed in name order).
    public init(rule: String, action: Action, arguments: [String: JSONValue]) {
        self.init(rule: rule, action: action, argumentList: arguments.sorted { $0.key < $1.key }.map { JSONObject.Member(key: $0.key, value: $0.value) })
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
