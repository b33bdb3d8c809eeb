import SwitchboardEvents

/// One rule: when `pattern` matches an event, its actions are planned.
public struct Rule: Sendable {
    /// Unique across the rules directory.
    public var name: String
    /// The integrator's explanation of the rule.
    public var description: String
    /// Higher runs first (default 0); equal priorities run in file order, then in order within a file.
    public var priority: Int
    /// When false, a match of this rule stops evaluation: later rules do not run for the event.
    public var continueAfterMatch: Bool
    /// The EventBridge pattern an event must match.
    public var pattern: EventPattern
    /// Where the rule starts.
    public var location: SourceLocation
    let actions: [ActionTemplate]

    /// The action names, in order.
    public var actionNames: [String] { actions.map(\.spec.name) }
}
