import SwitchboardEvents

/// What became of one action the router ran for an event, for observers such as the status
/// page's recorder. Failures carry the error text that also goes to the dead-letter topic.
public struct ActionOutcome: Sendable, Hashable {
    /// The rule that asked for the action (empty when none is known).
    public var rule: String
    /// The action's name (`kafka`, `thello.setVariable`, ...).
    public var action: String
    /// The event the action ran for.
    public var eventId: String
    /// nil when the action succeeded (delivered, spooled, executed, dropped).
    public var error: String?

    public init(rule: String, action: String, eventId: String, error: String? = nil) {
        self.rule = rule
        self.action = action
        self.eventId = eventId
        self.error = error
    }

    public var succeeded: Bool { error == nil }
}
