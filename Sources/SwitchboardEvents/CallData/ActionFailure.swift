/// Why a platform action planned for a call failed for good: the body of a
/// `switchboard.action.failed` event.
public struct ActionFailure: Sendable, Hashable, JSONRepresentable {
    /// The action as written in rule files (`antbuddy.clickToCall`).
    public var action: String
    /// The rule that planned it.
    public var rule: String
    /// The connector's stable error code (`AB_DEVICE_OFFLINE`), or `SB_NO_EXECUTOR` when no connector runs it.
    public var code: String
    /// Human-readable; never carries a credential.
    public var message: String
    /// The action's resolved arguments (secrets are never arguments: they come from configuration).
    public var arguments: [String: JSONValue]
    /// The `id` of the event whose rule planned the action.
    public var cause: String

    public init(action: String, rule: String, code: String, message: String, arguments: [String: JSONValue] = [:], cause: String) {
        self.action = action
        self.rule = rule
        self.code = code
        self.message = message
        self.arguments = arguments
        self.cause = cause
    }

    public func jsonValue() -> JSONValue {
        var object = JSONObjectBuilder()
        object.set("action", action)
        object.set("arguments", json: .object(JSONObject(arguments)))
        object.set("cause", cause)
        object.set("code", code)
        object.set("message", message)
        object.set("rule", rule)
        return object.json
    }

    public init(json: JSONValue, path: String) throws(EventDecodingError) {
        let reader = try JSONObjectReader(json, path: path)
        action = try reader.string("action")
        rule = try reader.string("rule")
        code = try reader.string("code")
        message = try reader.string("message")
        cause = try reader.string("cause")
        arguments = [:]
        if case .object(let members)? = reader.members["arguments"] { arguments = members.dictionary }
    }
}

extension CallEvent {
    /// The `switchboard.action.failed` event reporting `failure` of an action this event
    /// triggered: same call, source and partition key (it sorts with the call's events), the call's
    /// data plus `data.failure`, and an id derived from the cause so a repeat is recognisable.
    public func actionFailed(_ failure: ActionFailure, at time: Timestamp = .now()) -> CallEvent {
        var failed = self
        failed.id = "\(id).failed.\(failure.rule).\(failure.action)"
        failed.type = .actionFailed
        failed.time = time
        failed.data.failure = failure
        return failed
    }
}
