import Logging
import SwitchboardEvents
import SwitchboardRules

/// Runs the `telnect.*` actions that rules plan, on the account the event came from.
///
/// - `telnect.callAction`: `POST /Calls/{callId}/actions`.
/// - `telnect.hangup`: `DELETE /Calls/{callId}`. A 404 counts as done: the call is already over,
///   which is what the rule wanted, and a dead letter for it would only be noise.
/// - `telnect.call`: `POST /Calls`; its `account` argument picks the account, else the event's.
///
/// The account is the one whose `source` the event carries (`switchboard://telnect/<name>`);
/// any other event uses the only account when exactly one is configured. Failures
/// (after the client's retries) are thrown as `TelnectError`; the router dead-letters them.
public struct TelnectActionExecutor: ActionExecutor {
    public let actionNames: Set<String> = ["telnect.callAction", "telnect.hangup", "telnect.call"]
    private let clientsBySource: [String: TelnectClient]
    private let clientsByName: [String: TelnectClient]
    private let logger: Logger

    public init(clients: [TelnectClient], logger: Logger = Logger(label: "switchboard.telnect")) {
        clientsBySource = Dictionary(clients.map { ($0.configuration.eventSource, $0) }, uniquingKeysWith: { first, _ in first })
        clientsByName = Dictionary(clients.map { ($0.configuration.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.logger = logger
    }

    public func execute(_ plan: ActionPlan, for event: CallEvent) async throws {
        switch plan.action {
        case .telnectCallAction(let action):
            try await client(for: event, named: nil).callAction(callId: action.callId, action: action.action, destination: action.destination)
        case .telnectHangup(let callId):
            do throws(TelnectError) {
                try await client(for: event, named: nil).hangup(callId: callId)
            } catch {
                guard error.isNotFound else { throw error }
                logger.notice("telnect call already over", metadata: ["callId": "\(callId)", "rule": "\(plan.rule)"])
            }
        case .telnectCall(let call):
            _ = try await client(for: event, named: call.account)
                .createCall(source: call.source, destination: call.destination, record: call.record, timeoutSeconds: call.timeoutSeconds)
        default:
            throw TelnectError(.unsupportedAction, "the Telnect connector does not run \(plan.action.name)")
        }
    }

    private func client(for event: CallEvent, named account: String?) throws(TelnectError) -> TelnectClient {
        if let account {
            guard let client = clientsByName[account] else {
                throw TelnectError(.unsupportedAction, "no Telnect account is named \(account)")
            }
            return client
        }
        if let client = clientsBySource[event.source] { return client }
        // One account serves every event (webhook posts carry their route's source, not the account's).
        if clientsByName.count == 1, let only = clientsByName.values.first { return only }
        throw TelnectError(.unsupportedAction, "no Telnect account is configured for source \(event.source)")
    }
}
