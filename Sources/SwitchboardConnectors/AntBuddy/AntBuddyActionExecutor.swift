import Logging
import SwitchboardEvents
import SwitchboardRules

/// Runs `antbuddy.clickToCall` for the accounts it was given.
///
/// The rule names `number` and `sipUser`; the SIP password comes from the account's
/// `sipPasswords`. A rule may pick the account with the event's `source` (`switchboard://antbuddy/<name>`);
/// events of other platforms use the first account. A failure is thrown as an `AntBuddyError`
/// (for example `AB_DEVICE_OFFLINE` after exactly one request) and the router reports it once on
/// the dead-letter topic; only 429 and 5xx are retried, inside the client.
public struct AntBuddyActionExecutor: ActionExecutor {
    public let actionNames: Set<String> = ["antbuddy.clickToCall"]
    private let clients: [AntBuddyClient]
    private let bySource: [String: AntBuddyClient]
    private let logger: Logger

    /// - Parameter clients: one per configured account, in configuration order (not empty).
    public init(clients: [AntBuddyClient], logger: Logger = Logger(label: "switchboard.antbuddy")) {
        self.clients = clients
        bySource = Dictionary(clients.map { ($0.configuration.eventSource, $0) }, uniquingKeysWith: { first, _ in first })
        self.logger = logger
    }

    public func execute(_ plan: ActionPlan, for event: CallEvent) async throws {
        guard case .antbuddyClickToCall(let request) = plan.action else {
            throw AntBuddyError(.unsupportedAction, "the AntBuddy connector does not run \(plan.action.name)")
        }
        guard let client = bySource[event.source] ?? clients.first else {
            throw AntBuddyError(.invalidConfiguration, "no AntBuddy account is configured")
        }
        do throws(AntBuddyError) {
            try await client.clickToCall(number: request.number, sipUser: request.sipUser)
        } catch {
            logger.warning("click-to-call failed", metadata: [
                "account": .string(client.configuration.name), "sipUser": .string(request.sipUser), "rule": .string(plan.rule),
                "code": .string(error.code.rawValue), "status": .string(error.httpStatus.map(String.init) ?? "-"),
            ])
            throw error
        }
    }
}
