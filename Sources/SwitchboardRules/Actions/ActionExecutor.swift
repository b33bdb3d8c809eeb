import SwitchboardEvents

/// Executes platform actions planned by rules (Thello `setVariable`, Telnect call actions, …).
///
/// Connectors provide executors; the router runs them per call in order. An executor throws
/// when the action failed for good (after its own retries); the router then reports the
/// failure on the dead-letter topic.
public protocol ActionExecutor: Sendable {
    /// The action names this executor runs (`thello.setVariable`…).
    var actionNames: Set<String> { get }
    func execute(_ plan: ActionPlan, for event: CallEvent) async throws
}
