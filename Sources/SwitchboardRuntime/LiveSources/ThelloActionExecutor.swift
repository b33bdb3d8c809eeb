import SwitchboardConnectors
import SwitchboardEvents
import SwitchboardRules

/// Runs `thello.setVariable` and `thello.blocNotify` on the hub connection of the tenant the
/// event came from (its CloudEvents `source`), so steering always reaches the right tenant.
public struct ThelloActionExecutor: ActionExecutor {
    public let actionNames: Set<String> = ["thello.setVariable", "thello.blocNotify"]
    private let connectorsBySource: [String: ThelloConnector]

    public init(connectorsBySource: [String: ThelloConnector]) {
        self.connectorsBySource = connectorsBySource
    }

    public func execute(_ plan: ActionPlan, for event: CallEvent) async throws {
        let connector = try self.connector(for: event)
        switch plan.action {
        case .thelloSetVariable(let set):
            try await connector.setVariable(callContextId: set.contextId, name: set.name, value: set.value)
        case .thelloBlocNotify(let notify):
            try await connector.blocNotify(
                blocId: notify.blocId, eventName: notify.eventName, sipCallId: notify.sipCallId ?? "",
                fromName: notify.fromName ?? "", fromNumber: notify.fromNumber ?? "", to: notify.to ?? "",
                data: notify.data ?? "", contextId: notify.contextId ?? ""
            )
        default:
            throw ThelloError(.actionFailed, "\(plan.action.name) is not a Thello action")
        }
    }

    /// The tenant of a Thello event; for events of other platforms, the only tenant if there is one.
    func connector(for event: CallEvent) throws(ThelloError) -> ThelloConnector {
        if let connector = connectorsBySource[event.source] { return connector }
        if event.platform != .thello, connectorsBySource.count == 1, let only = connectorsBySource.values.first { return only }
        throw ThelloError(.invalidConfiguration, "no Thello tenant is configured for source \(event.source)")
    }
}
