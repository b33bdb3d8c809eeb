/// Something that follows calls created through the connector (the reconciler).
public protocol ClickToDialCallTracker: Sendable {
    /// Starts following `call` until it reaches a final state.
    func track(_ call: ClickToDialCallResource) async
}
