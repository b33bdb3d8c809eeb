import Logging
import SwitchboardEvents
import SwitchboardRules

/// Runs the `clicktodial.*` actions that rules plan.
///
/// - `clicktodial.call`: `POST /calls`; the new call is handed to the tracker (the reconciler)
///   so a missed final notification is recovered.
/// - `clicktodial.release`: `DELETE /calls/{callId}`. A 404 counts as done: the call is already
///   over, which is what the rule wanted, and a dead letter for it would only be noise.
public struct ClickToDialActionExecutor: ActionExecutor {
    public let actionNames: Set<String> = ["clicktodial.call", "clicktodial.release"]
    private let client: ClickToDialClient
    private let tracker: (any ClickToDialCallTracker)?
    private let logger: Logger

    public init(client: ClickToDialClient, tracker: (any ClickToDialCallTracker)? = nil, logger: Logger = Logger(label: "switchboard.clicktodial")) {
        self.client = client
        self.tracker = tracker
        self.logger = logger
    }

    public func execute(_ plan: ActionPlan, for event: CallEvent) async throws {
        switch plan.action {
        case .clickToDialCall(let request):
            let call = try await client.createCall(caller: request.caller, callee: request.callee, recordingEnabled: request.recordingEnabled)
            await tracker?.track(call)
        case .clickToDialRelease(let callId):
            do throws(ClickToDialError) {
                try await client.releaseCall(callId)
            } catch {
                guard error.isNotFound else { throw error }
                logger.notice("click-to-dial call already gone", metadata: ["callId": "\(callId)", "rule": "\(plan.rule)"])
            }
        default:
            throw ClickToDialError(.unsupportedAction, "the Click-to-Dial connector does not run \(plan.action.name)")
        }
    }
}
